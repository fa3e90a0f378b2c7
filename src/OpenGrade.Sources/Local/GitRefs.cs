using System.Globalization;
using System.Collections.Immutable;
using OpenGrade.Core.Inventory;

namespace OpenGrade.Sources.Local;

/// <summary>
/// Branches and tags of a git clone, read from <c>.git</c> itself (loose refs and packed-refs),
/// so that no git binary is needed. Remote-tracking branches count: a clone of a Hub repo shows
/// its checkpoint branches only there.
/// </summary>
public static class GitRefs
{
    private static readonly ImmutableArray<(string Prefix, GitRefKind Kind)> Namespaces =
    [
        ("refs/heads/", GitRefKind.Branch),
        ("refs/remotes/origin/", GitRefKind.Branch),
        ("refs/tags/", GitRefKind.Tag),
    ];

    /// <summary>
    /// The most branches and tags read from a clone or a recorded refs answer; checkpoint-rich
    /// repositories have a few thousand. Past it the repository is refused rather than half-read.
    /// </summary>
    public const int MaxRefs = 100_000;

    /// <summary>Loose refs are plain files; links (which could loop) are not followed.</summary>
    private static readonly EnumerationOptions LooseRefs = new()
    {
        RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint,
    };

    public static ImmutableArray<GitRef> Read(string root)
    {
        var git = Path.Combine(root, ".git");
        if (!Directory.Exists(git) || !SnapshotFiles.IsOwn(root, ".git")) return [];
        var refs = new List<GitRef>();
        // The first source of a name wins: loose refs, then packed-refs (git's own precedence).
        var seen = new HashSet<(string Name, GitRefKind Kind)>();
        void Add(string name, string source)
        {
            var ns = Namespaces.FirstOrDefault(n => name.StartsWith(n.Prefix, StringComparison.Ordinal));
            if (ns.Prefix is null) return;
            var shortName = name[ns.Prefix.Length..];
            if (shortName == "HEAD" || !seen.Add((shortName, ns.Kind))) return;
            if (refs.Count == MaxRefs) throw TooMany(source);
            refs.Add(new GitRef(shortName, ns.Kind, source));
        }

        foreach (var (prefix, _) in Namespaces)
        {
            var dir = Path.Combine(git, prefix.TrimEnd('/'));
            if (!Directory.Exists(dir) || !SnapshotFiles.IsOwn(root, ".git/" + prefix.TrimEnd('/'))) continue;
            foreach (var file in Directory.EnumerateFiles(dir, "*", LooseRefs))
            {
                Add(prefix + Path.GetRelativePath(dir, file).Replace('\\', '/'), ".git/" + prefix.TrimEnd('/'));
            }
        }
        var packed = Path.Combine(git, "packed-refs");
        if (File.Exists(packed) && SnapshotFiles.IsOwn(root, ".git/packed-refs"))
        {
            var text = SnapshotFiles.ReadText(packed, ".git/packed-refs", SnapshotFiles.MaxPackedRefsBytes);
            foreach (var line in text.AsSpan().EnumerateLines())
            {
                if (line.Length <= 41 || line[0] is '#' or '^') continue;
                Add(line[(line.IndexOf(' ') + 1)..].Trim().ToString(), ".git/packed-refs");
            }
        }
        return [.. refs.OrderBy(r => r.Name, StringComparer.Ordinal)];
    }

    /// <summary>The refusal when a repository has more than <see cref="MaxRefs"/> branches and tags.</summary>
    public static SnapshotException TooMany(string source) =>
        new(source, 0, string.Create(CultureInfo.InvariantCulture, $"more than {MaxRefs:N0} branches and tags; refused"));
}

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

    public static ImmutableArray<GitRef> Read(string root)
    {
        var git = Path.Combine(root, ".git");
        if (!Directory.Exists(git)) return [];
        var names = new List<(string Ref, string Source)>();
        foreach (var (prefix, _) in Namespaces)
        {
            var dir = Path.Combine(git, prefix.TrimEnd('/'));
            if (!Directory.Exists(dir)) continue;
            names.AddRange(Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
                .Select(f => (prefix + Path.GetRelativePath(dir, f).Replace('\\', '/'), ".git/" + prefix.TrimEnd('/'))));
        }
        var packed = Path.Combine(git, "packed-refs");
        if (File.Exists(packed))
        {
            names.AddRange(File.ReadLines(packed)
                .Where(l => l.Length > 41 && !l.StartsWith('#') && !l.StartsWith('^'))
                .Select(l => (l[(l.IndexOf(' ') + 1)..].Trim(), ".git/packed-refs")));
        }
        var refs = new List<GitRef>();
        foreach (var (name, source) in names)
        {
            var ns = Namespaces.FirstOrDefault(n => name.StartsWith(n.Prefix, StringComparison.Ordinal));
            if (ns.Prefix is null) continue;
            var shortName = name[ns.Prefix.Length..];
            if (shortName == "HEAD" || refs.Any(r => r.Name == shortName && r.Kind == ns.Kind)) continue;
            refs.Add(new GitRef(shortName, ns.Kind, source));
        }
        return [.. refs.OrderBy(r => r.Name, StringComparer.Ordinal)];
    }
}

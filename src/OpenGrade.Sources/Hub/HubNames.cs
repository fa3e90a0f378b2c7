using System.Text;
using System.Text.RegularExpressions;
using OpenGrade.Core.Text;

namespace OpenGrade.Sources.Hub;

/// <summary>
/// A file path inside a Hub repository as the Hub names it (<c>rfilename</c>), checked before it may
/// become a local path: relative, '/'-separated, no empty, '.' or '..' segment, no backslash, drive
/// prefix or control character, bounded in length and depth. Anything else is refused, never repaired.
/// </summary>
public sealed record HubPath
{
    public const int MaxLength = 1000;
    public const int MaxDepth = 32;

    private HubPath(string value) => Value = value;

    /// <summary>The validated relative path, '/'-separated.</summary>
    public string Value { get; }

    public override string ToString() => Value;

    public static HubPath? TryCreate(string? raw, out string problem)
    {
        problem = Problem(raw) ?? "";
        return problem.Length == 0 ? new HubPath(raw!) : null;
    }

    /// <summary>The local path of this file under <paramref name="root"/>, checked once more to stay beneath it.</summary>
    public string UnderRoot(string root)
    {
        var fullRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)) + Path.DirectorySeparatorChar;
        var local = Path.GetFullPath(Path.Combine(fullRoot, Value.Replace('/', Path.DirectorySeparatorChar)));
        if (!local.StartsWith(fullRoot, StringComparison.Ordinal)) throw new InvalidOperationException($"'{Value}' resolves outside {root}");
        return local;
    }

    private static string? Problem(string? raw)
    {
        if (string.IsNullOrEmpty(raw)) return "an empty file name";
        if (raw.Length > MaxLength) return $"a file name longer than {MaxLength} characters";
        if (raw.Any(TerminalText.IsUnsafe)) return "a file name with control characters";
        if (raw.Contains('\\')) return "a file name with a backslash";
        if (raw.StartsWith('/')) return "an absolute file name";
        if (raw.Length >= 2 && char.IsAsciiLetter(raw[0]) && raw[1] == ':') return "a file name with a drive prefix";
        var segments = raw.Split('/');
        if (segments.Length > MaxDepth) return $"a file name more than {MaxDepth} folders deep";
        foreach (var segment in segments)
        {
            if (segment.Length == 0) return "a file name with an empty segment";
            if (segment is "." or "..") return "a file name with a '.' or '..' segment";
            if (Encoding.UTF8.GetByteCount(segment) > 255) return "a file name segment longer than 255 bytes";
        }
        return null;
    }
}

/// <summary>The Hub's naming rules, applied to every id and commit an answer carries before it touches the disk.</summary>
public static partial class HubNames
{
    /// <summary>
    /// <c>name</c> or <c>namespace/name</c>: letters, digits, '-', '_' and '.', starting and ending with a
    /// letter or digit, no '--' or '..', at most 96 characters a part (the Hub's own rules).
    /// </summary>
    public static bool IsRepoId(string? id) => id is not null && Core.Inventory.LinkTargets.IsHubRepoId(id);

    /// <summary>A git commit id: 40 (SHA-1) or 64 (SHA-256) lowercase hex digits.</summary>
    public static bool IsCommit(string? commit) => commit is not null && Commit().IsMatch(commit);

    [GeneratedRegex(@"^([0-9a-f]{40}|[0-9a-f]{64})\z")]
    private static partial Regex Commit();
}

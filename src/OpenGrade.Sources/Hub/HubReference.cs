using OpenGrade.Core.Text;

namespace OpenGrade.Sources.Hub;

/// <summary>A model on the Hugging Face Hub as a user names it: <c>hf:org/name[@revision]</c>.</summary>
public sealed record HubReference(string RepoId, string Revision)
{
    public const string Prefix = "hf:";

    public static bool IsHubTarget(string target) => target.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>Parses a target; throws <see cref="FormatException"/> with the rule that was broken.</summary>
    public static HubReference Parse(string target)
    {
        if (!IsHubTarget(target)) throw new FormatException($"'{target}' is not a Hub target (expected hf:org/name[@revision])");
        var body = target[Prefix.Length..];
        var at = body.IndexOf('@');
        var repo = at < 0 ? body : body[..at];
        var revision = at < 0 ? "main" : body[(at + 1)..];
        if (!HubNames.IsRepoId(repo))
        {
            throw new FormatException("a Hub repo id is 'name' or 'org/name' of letters, digits, '-', '_' and '.' (starting and ending with a letter or digit, no '--' or '..')");
        }
        if (revision.Length is 0 or > MaxRevisionLength || revision.Contains("..") || revision.Any(char.IsWhiteSpace) || revision.Any(TerminalText.IsUnsafe))
        {
            throw new FormatException("the revision after '@' must be a branch, tag or commit");
        }
        return new HubReference(repo, revision);
    }

    /// <summary>Git allows longer ref names, but no Hub revision worth naming needs more.</summary>
    public const int MaxRevisionLength = 200;

    public override string ToString() => Revision == "main" ? $"{Prefix}{RepoId}" : $"{Prefix}{RepoId}@{Revision}";
}

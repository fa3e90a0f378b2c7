using System.Text.RegularExpressions;

namespace OpenGrade.Sources.Hub;

/// <summary>A model on the Hugging Face Hub as a user names it: <c>hf:org/name[@revision]</c>.</summary>
public sealed partial record HubReference(string RepoId, string Revision)
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
        if (!RepoPattern().IsMatch(repo))
        {
            throw new FormatException("a Hub repo id is 'name' or 'org/name' of letters, digits, '-', '_' and '.'");
        }
        if (revision.Length == 0 || revision.Contains("..") || revision.Any(char.IsWhiteSpace))
        {
            throw new FormatException("the revision after '@' must be a branch, tag or commit");
        }
        return new HubReference(repo, revision);
    }

    public override string ToString() => Revision == "main" ? $"{Prefix}{RepoId}" : $"{Prefix}{RepoId}@{Revision}";

    [GeneratedRegex(@"^([A-Za-z0-9][A-Za-z0-9._-]*/)?[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex RepoPattern();
}

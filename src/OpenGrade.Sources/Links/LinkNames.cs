using System.Text.RegularExpressions;

namespace OpenGrade.Sources.Links;

/// <summary>
/// The naming rules of GitHub and arXiv, applied to every id before it becomes part of a URL or a
/// cache file name. A name that breaks them is refused, never repaired.
/// </summary>
public static partial class LinkNames
{
    /// <summary>
    /// <c>owner/repo</c>: an owner of 1 to 39 letters, digits and hyphens that starts with a letter or digit
    /// (GitHub's account rule; some old accounts kept doubled or trailing hyphens), a repository of 1 to
    /// 100 letters, digits, '.', '-' and '_' that is not '.' or '..'.
    /// </summary>
    public static bool TryGitHub(string? id, out string owner, out string repo, out string problem)
    {
        owner = repo = "";
        problem = "";
        if (string.IsNullOrEmpty(id) || id.Length > 140) problem = "an empty or over-long GitHub repository name";
        else if (!GitHubRepo().IsMatch(id)) problem = "not a GitHub owner/repo name (letters, digits, '-', and '.' or '_' in the repository part)";
        else
        {
            var slash = id.IndexOf('/');
            owner = id[..slash];
            repo = id[(slash + 1)..];
            if (repo is "." or "..") problem = "a repository name of '.' or '..'";
        }
        return problem.Length == 0;
    }

    /// <summary>
    /// An arXiv identifier: new style <c>YYMM.NNNN</c> or <c>YYMM.NNNNN</c>, old style <c>archive[.SC]/YYMMNNN</c>,
    /// each with an optional version <c>vN</c>. The OAI-PMH identifier is the paper without version or
    /// subject class (<c>2310.06825</c>, <c>hep-th/9901001</c>, <c>math/9901016</c>).
    /// </summary>
    public static bool TryArxiv(string? id, out string paper, out string problem)
    {
        paper = "";
        problem = "";
        if (string.IsNullOrEmpty(id) || id.Length > 64) problem = "an empty or over-long arXiv identifier";
        else if (ArxivNew().Match(id) is { Success: true } m) paper = m.Groups["id"].Value;
        else if (ArxivOld().Match(id) is { Success: true } o) paper = $"{o.Groups["archive"].Value}/{o.Groups["number"].Value}";
        else problem = "not an arXiv identifier (YYMM.NNNNN or archive/YYMMNNN, optionally with vN)";
        return problem.Length == 0;
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}\z")]
    private static partial Regex GitHubRepo();

    [GeneratedRegex(@"^(?<id>[0-9]{4}\.[0-9]{4,5})(v[0-9]{1,3})?\z")]
    private static partial Regex ArxivNew();

    [GeneratedRegex(@"^(?<archive>[a-z]+(-[a-z]+)?)(\.[A-Z]{2})?/(?<number>[0-9]{7})(v[0-9]{1,3})?\z")]
    private static partial Regex ArxivOld();
}

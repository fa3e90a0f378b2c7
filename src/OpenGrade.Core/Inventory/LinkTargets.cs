using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace OpenGrade.Core.Inventory;

/// <summary>
/// The places outside a repository its inventory points at and OpenGrade can follow: GitHub code
/// repositories and arXiv papers that components were found at, the Hub datasets the card names,
/// and the base models it derives from. Every id is checked against its host's grammar here, so
/// an adapter never builds a URL or a cache path from an unchecked name. Pure.
/// </summary>
public static partial class LinkTargets
{
    /// <summary>Caps per kind: a card that links hundreds of places costs a bounded number of requests.</summary>
    public const int MaxPerKind = 16;

    public static ImmutableArray<LinkTarget> Of(ModelInventory inventory)
    {
        var paths = inventory.Components
            .SelectMany(f => new[] { f.ComponentPath, f.LicensePath }.Concat(f.Evidence.Select(e => e.Detail)))
            .Where(p => p is not null)
            .Select(p => p!)
            .ToList();
        var github = paths.Select(GitHubRepository).OfType<string>();
        var arxiv = paths.Select(ArxivId).OfType<string>().Concat(ArxivTags(inventory.Snapshot));
        var datasets = DatasetIds(inventory.Snapshot);
        var bases = BaseModels(inventory.Snapshot).Select(b => b.Id);
        return
        [
            .. Capped(LinkKind.GitHubRepository, github),
            .. Capped(LinkKind.ArxivPaper, arxiv),
            .. Capped(LinkKind.HubDataset, datasets),
            .. Capped(LinkKind.HubModel, bases),
        ];
    }

    private static IEnumerable<LinkTarget> Capped(LinkKind kind, IEnumerable<string> ids) =>
        ids.Distinct(StringComparer.OrdinalIgnoreCase).Take(MaxPerKind).Select(id => new LinkTarget(kind, id));

    /// <summary>
    /// The base models a repository declares, with the relation: tags <c>base_model:finetune:X</c>
    /// (and quantized, adapter, merge) name it, card metadata <c>base_model</c> (one or a list)
    /// names it, and <c>base_model_relation</c> says how when no tag does.
    /// </summary>
    public static ImmutableArray<BaseModelLink> BaseModels(RepositorySnapshot s)
    {
        var found = new List<BaseModelLink>();
        foreach (var tag in s.Hub?.Tags ?? [])
        {
            var m = BaseModelTag().Match(tag);
            if (m.Success && IsHubRepoId(m.Groups["id"].Value)) found.Add(new(m.Groups["id"].Value, m.Groups["rel"].Value, $"{s.Hub!.Source} tags"));
        }
        if (s.Metadata is { } meta)
        {
            var relation = meta.Text("base_model_relation") is { } r && Relations.Contains(r) ? r : "unknown";
            foreach (var id in meta.Strings("base_model").Where(IsHubRepoId))
            {
                found.Add(new(id, relation, meta.Where("base_model")));
            }
        }
        // One entry per base: a tag's relation beats metadata without one; the first source seen is cited.
        return [.. found.GroupBy(b => b.Id, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.FirstOrDefault(b => b.Relation != "unknown") ?? g.First())
            .Take(MaxPerKind)];
    }

    /// <summary>The derivation relations the Hub names.</summary>
    public static readonly ImmutableHashSet<string> Relations = ["finetune", "quantized", "adapter", "merge"];

    /// <summary><c>owner/repo</c> of a GitHub repository URL (or a URL inside one), else null.</summary>
    public static string? GitHubRepository(string text)
    {
        var m = GitHubUrl().Match(text);
        if (!m.Success) return null;
        var repo = m.Groups["repo"].Value;
        if (repo.EndsWith(".git", StringComparison.OrdinalIgnoreCase)) repo = repo[..^4];
        var owner = m.Groups["owner"].Value;
        return IsGitHubOwner(owner) && IsGitHubRepo(repo) && !ReservedOwners.Contains(owner) ? $"{owner}/{repo}" : null;
    }

    /// <summary>The arXiv id a URL (abs, pdf, html) names, without its version, else null.</summary>
    public static string? ArxivId(string text)
    {
        var m = ArxivUrl().Match(text);
        return m.Success && IsArxivId(m.Groups["id"].Value) ? m.Groups["id"].Value : null;
    }

    /// <summary>The dataset id a Hub dataset URL names, else null.</summary>
    public static string? HubDatasetId(string text)
    {
        var m = HubDatasetUrl().Match(text);
        return m.Success && IsHubDatasetId(m.Groups["id"].Value) ? m.Groups["id"].Value : null;
    }

    private static IEnumerable<string> ArxivTags(RepositorySnapshot s) =>
        (s.Hub?.Tags ?? []).Where(t => t.StartsWith("arxiv:", StringComparison.Ordinal)).Select(t => t[6..]).Where(IsArxivId);

    /// <summary>The datasets to ask about: those the card names whose facts the snapshot does not already hold (a Hub snapshot fetches them with the model).</summary>
    private static IEnumerable<string> DatasetIds(RepositorySnapshot s)
    {
        var known = s.Datasets.Select(d => d.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return (s.Metadata?.Strings("datasets") ?? [])
            .Concat((s.Hub?.Tags ?? []).Where(t => t.StartsWith("dataset:", StringComparison.Ordinal)).Select(t => t[8..]))
            .Where(id => IsHubDatasetId(id) && !known.Contains(id));
    }

    public static bool IsGitHubOwner(string owner) => owner.Length <= 39 && GitHubOwner().IsMatch(owner);

    public static bool IsGitHubRepo(string repo) => repo.Length <= 100 && repo is not ("." or "..") && GitHubRepo().IsMatch(repo);

    /// <summary>New-style <c>2310.06825</c> (version dropped) or old-style <c>hep-th/9901001</c>.</summary>
    public static bool IsArxivId(string id) => id.Length <= 40 && ArxivIdPattern().IsMatch(id);

    /// <summary>
    /// A Hub repository id, <c>name</c> or <c>namespace/name</c>: letters, digits, '-', '_' and '.',
    /// starting and ending with a letter or digit, no '--' or '..', at most 96 characters a part
    /// (the Hub's own rules; <c>HubNames</c> applies the same check to every id an answer carries).
    /// </summary>
    public static bool IsHubRepoId(string id) =>
        id.Length is > 0 and <= 200 && HubId().IsMatch(id) && !id.Contains("..", StringComparison.Ordinal)
        && !id.Contains("--", StringComparison.Ordinal) && id.Split('/').All(part => part.Length <= 96);

    public static bool IsHubDatasetId(string id) => IsHubRepoId(id);

    /// <summary>GitHub paths that are not repositories (<c>github.com/orgs/x</c>, <c>/sponsors/x</c>…).</summary>
    private static readonly ImmutableHashSet<string> ReservedOwners = ImmutableHashSet.Create(StringComparer.OrdinalIgnoreCase,
        "orgs", "sponsors", "settings", "marketplace", "features", "topics", "collections", "about", "apps", "users", "enterprise");

    [GeneratedRegex(@"https?://(?:www\.)?github\.com/(?<owner>[^/\s#?)\]""'<>]+)/(?<repo>[^/\s#?)\]""'<>]+)", RegexOptions.IgnoreCase)]
    private static partial Regex GitHubUrl();

    [GeneratedRegex(@"^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\z")]
    private static partial Regex GitHubOwner();

    [GeneratedRegex(@"^[A-Za-z0-9._-]+\z")]
    private static partial Regex GitHubRepo();

    [GeneratedRegex(@"https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/(?<id>(?:[0-9]{4}\.[0-9]{4,5})|(?:[a-z-]+(?:\.[A-Z]{2})?/[0-9]{7}))(?:v[0-9]+)?", RegexOptions.IgnoreCase)]
    private static partial Regex ArxivUrl();

    [GeneratedRegex(@"^(?:[0-9]{4}\.[0-9]{4,5}|[a-z-]+(?:\.[A-Z]{2})?/[0-9]{7})\z")]
    private static partial Regex ArxivIdPattern();

    [GeneratedRegex(@"^https?://huggingface\.co/datasets/(?<id>[^/\s#?]+/[^/\s#?]+|[^/\s#?]+)", RegexOptions.IgnoreCase)]
    private static partial Regex HubDatasetUrl();

    [GeneratedRegex(@"^base_model:(?<rel>finetune|quantized|adapter|merge):(?<id>.+)\z")]
    private static partial Regex BaseModelTag();

    [GeneratedRegex(@"^([A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?/)?[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?\z")]
    private static partial Regex HubId();
}

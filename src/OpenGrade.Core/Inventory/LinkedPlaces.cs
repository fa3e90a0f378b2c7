using System.Collections.Immutable;

namespace OpenGrade.Core.Inventory;

/// <summary>The kinds of place outside a repository that a release links to and OpenGrade can follow.</summary>
public enum LinkKind
{
    /// <summary>A code repository on GitHub (<c>owner/repo</c>).</summary>
    GitHubRepository,

    /// <summary>A paper on arXiv (<c>2310.06825</c>, or an old-style <c>hep-th/9901001</c>).</summary>
    ArxivPaper,

    /// <summary>A dataset on the Hub (<c>org/name</c>, or a legacy one-part name).</summary>
    HubDataset,

    /// <summary>A model on the Hub, here a base model the release derives from (<c>org/name</c>).</summary>
    HubModel,
}

/// <summary>A linked place by its canonical id; two links to one place have one target.</summary>
public sealed record LinkTarget(LinkKind Kind, string Id)
{
    /// <summary>A stable text key (<c>github:owner/repo</c>, <c>arxiv:2310.06825</c>, <c>hf-dataset:c4</c>, <c>hf-model:org/name</c>).</summary>
    public string Key => $"{KindKey(Kind)}:{Id}";

    public static string KindKey(LinkKind kind) => kind switch
    {
        LinkKind.GitHubRepository => "github",
        LinkKind.ArxivPaper => "arxiv",
        LinkKind.HubDataset => "hf-dataset",
        _ => "hf-model",
    };
}

/// <summary>What following a link came to.</summary>
public enum LinkOutcome
{
    /// <summary>The place answered; its facts are in the record.</summary>
    Resolved,

    /// <summary>The place says it does not exist (404, an empty OAI-PMH record, a withdrawn id).</summary>
    NotFound,

    /// <summary>It could not be asked (network, time-out, rate limit, a malformed answer, offline without cache).</summary>
    Unavailable,

    /// <summary>Link following was off (<c>--no-follow</c>) or a limit (depth, count) stopped it.</summary>
    NotFollowed,
}

/// <summary>
/// One reading of a linked place's license, as its source gave it: GitHub's own detection, the
/// arXiv record's license URL, a Hub dataset's or model's declared license. <see cref="License"/>
/// is an SPDX id or expression, a <c>LicenseRef-</c>, or the source's own key when no id fits
/// (<c>other</c>, <c>NOASSERTION</c>); null when the source states none.
/// </summary>
/// <param name="Method">Who said it: <c>github-api</c>, <c>opengrade-detector</c>, <c>arxiv-oai-pmh</c>, <c>hub-api</c>.</param>
/// <param name="Source">The URL the reading came from (an API address or a file's address).</param>
/// <param name="Path">The license file it was read from, when one (<c>LICENSE</c>).</param>
public sealed record LinkedLicense(string? License, string? Name, string Method, string Source, double Confidence, string? Path = null);

/// <summary>A base model a Hub model declares, and how it derives from it (finetune, quantized, adapter, merge, or unknown).</summary>
public sealed record BaseModelLink(string Id, string Relation, string Source);

/// <summary>A license, notice or card text fetched from a linked place, for OpenGrade's own detector.</summary>
public sealed record LinkedText(string Path, string Url, string Text);

/// <summary>
/// What following one link learned, still raw: the licenses each source states, the texts to run
/// the detector on, and for a Hub model its own base models. The inventory settles these facts
/// (the core does no I/O); the adapter that fetched them records where from and whether the
/// answer came from the cache.
/// </summary>
/// <param name="Url">The place's human address (the repository page, the abstract page, the Hub page).</param>
/// <param name="CanonicalId">The id after a rename or redirect, when it differs from the target's.</param>
/// <param name="Detail">A one-line summary, or the reason it could not be resolved.</param>
/// <param name="Gated">For Hub datasets and models: whether access is gated.</param>
public sealed record LinkedPlace(
    LinkTarget Target,
    LinkOutcome Outcome,
    string Url,
    string Detail,
    ImmutableArray<LinkedLicense> Licenses,
    ImmutableArray<LinkedText> Texts,
    ImmutableArray<BaseModelLink> BaseModels,
    string? CanonicalId = null,
    bool? Gated = null,
    bool FromCache = false)
{
    public static LinkedPlace Unresolved(LinkTarget target, LinkOutcome outcome, string url, string reason) =>
        new(target, outcome, url, reason, [], [], []);
}

using OpenGrade.Sources.Hub;
using OpenGrade.Sources.Http;

namespace OpenGrade.Sources.Links;

/// <summary>
/// How linked places are followed: where GitHub, arXiv and the Hub are (the Hub's endpoint, token,
/// cache folder, offline switch and request limits come from <see cref="HubOptions"/>), whether to
/// follow at all, and the bounds of one run (base-model depth, places, cache age, parallel requests).
/// </summary>
public sealed record LinkOptions(
    HubOptions Hub,
    Uri? GitHubEndpoint = null,
    string? GitHubToken = null,
    Uri? ArxivEndpoint = null,
    bool Follow = true,
    int DepthLimit = 8,
    int MaxPlaces = 64,
    TimeSpan? CacheTtl = null,
    int PerHostConcurrency = 2,
    int Parallelism = 4)
{
    public static readonly Uri DefaultGitHubEndpoint = new("https://api.github.com/");
    public static readonly Uri DefaultArxivEndpoint = new("https://export.arxiv.org/");

    /// <summary>The GitHub REST API root, ending in '/' so that relative paths extend it (GitHub Enterprise: <c>https://host/api/v3/</c>).</summary>
    public Uri GitHub => WithSlash(GitHubEndpoint ?? DefaultGitHubEndpoint);

    /// <summary>The arXiv export service root; the OAI-PMH base URL is <c>{root}oai2</c>.</summary>
    public Uri Arxiv => WithSlash(ArxivEndpoint ?? DefaultArxivEndpoint);

    public Uri HubEndpoint => WithSlash(Hub.Endpoint);

    public bool Offline => Hub.Offline;

    public string CacheDirectory => Hub.CacheDirectory;

    /// <summary>How long a cached answer is used without asking; an older one is revalidated (If-None-Match).</summary>
    public TimeSpan Ttl => CacheTtl ?? TimeSpan.FromHours(24);

    public HttpLimits Limits => Hub.Limits;

    private static Uri WithSlash(Uri endpoint) =>
        endpoint.AbsoluteUri.EndsWith('/') ? endpoint : new Uri(endpoint.AbsoluteUri + "/");
}

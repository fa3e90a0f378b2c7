using System.Net;
using System.Net.Http.Headers;
using OpenGrade.Sources.Http;

namespace OpenGrade.Sources.Hub;

/// <summary>
/// The few Hub HTTP calls OpenGrade makes: model info, refs, dataset info and small raw files, each
/// bounded in bytes and time by <see cref="BoundedHttp"/>. Redirects of renamed repos are followed
/// by hand so that the token never leaves the configured endpoint. Never downloads weights.
/// </summary>
public sealed class HubClient : IDisposable
{
    private const int MaxRedirects = 5;
    private readonly BoundedHttp _http;
    private readonly HubOptions _options;

    public HubClient(HubOptions options, HttpMessageHandler? transport = null)
    {
        _options = options;
        var limits = options.Limits;
        _http = new BoundedHttp(limits, transport ?? BoundedHttp.DefaultTransport(limits), "opengrade/1.0");
    }

    public void Dispose() => _http.Dispose();

    /// <summary>GET /api/models/{id}[/revision/{rev}]; the body and the final (canonical) path.</summary>
    public Task<HubResponse> GetModelInfoAsync(string repoId, string revision, CancellationToken ct) =>
        GetAsync(revision == "main" ? $"api/models/{repoId}" : $"api/models/{repoId}/revision/{Uri.EscapeDataString(revision)}", $"hf:{repoId}", false, _options.MaxApiBytes, ct);

    public Task<HubResponse> GetRefsAsync(string repoId, CancellationToken ct) =>
        GetAsync($"api/models/{repoId}/refs", $"hf:{repoId} refs", false, _options.MaxApiBytes, ct);

    public Task<HubResponse> GetDatasetInfoAsync(string datasetId, CancellationToken ct) =>
        GetAsync($"api/datasets/{datasetId}", $"dataset {datasetId}", false, _options.MaxApiBytes, ct);

    /// <summary>A raw file at a commit (GET /{id}/resolve/{sha}/{path}); the path must already be a validated <see cref="HubPath"/>.</summary>
    public Task<HubResponse> GetFileAsync(string repoId, string commit, HubPath path, CancellationToken ct) =>
        GetAsync($"{repoId}/resolve/{commit}/{string.Join('/', path.Value.Split('/').Select(Uri.EscapeDataString))}", $"{path.Value} of hf:{repoId}", true, _options.MaxFileBytes, ct);

    /// <summary>
    /// One page of a listing (<c>GET /api/models?…</c>, then each <c>Link: rel="next"</c>): a path and query
    /// relative to the endpoint, or an absolute address the caller checked is on it (the token goes to the
    /// endpoint only, whatever the address). The answer keeps the Link and RateLimit headers that page and pace it.
    /// </summary>
    public Task<HubResponse> GetListingPageAsync(string page, CancellationToken ct) =>
        GetAsync(page, "the Hub listing", false, _options.MaxApiBytes, ct);

    private async Task<HubResponse> GetAsync(string relative, string what, bool isFile, long maxBytes, CancellationToken ct)
    {
        var uri = new Uri(_options.Endpoint, relative);
        for (var hop = 0; ; hop++)
        {
            HttpAnswer answer;
            try
            {
                answer = await _http.GetAsync(uri, maxBytes, ct, Authorize);
            }
            catch (HttpCallException e)
            {
                var limits = _options.Limits;
                throw e.Failure switch
                {
                    HttpCallFailure.TooLarge => new HubException(HubFailure.TooLarge, $"{what}: {e.Message}{(isFile ? "; OpenGrade reads only small text files" : "")}"),
                    HttpCallFailure.Unreachable => new HubException(HubFailure.Unavailable, $"{what}: {e.Message}"),
                    HttpCallFailure.TimedOut => new HubException(HubFailure.TimedOut,
                        $"{what}: the Hub did not answer within {limits.AttemptTimeout.TotalSeconds:0.#} s ({limits.MaxRetries + 1} attempt{(limits.MaxRetries == 0 ? "" : "s")})"),
                    _ => new HubException(HubFailure.TimedOut, $"{what}: the Hub did not answer within the request deadline of {limits.Deadline.TotalSeconds:0.#} s"),
                };
            }
            if (answer.IsRedirect && answer.Location is { } location)
            {
                if (hop >= MaxRedirects) throw new HubException(HubFailure.Unavailable, $"{what}: too many redirects");
                if (location.Scheme is not ("http" or "https")) throw new HubException(HubFailure.Unavailable, $"{what}: redirected to a non-HTTP address");
                uri = location;
                continue;
            }
            if (!answer.IsSuccess) throw Failure(answer, what, isFile);
            return new HubResponse(answer.Body, uri, answer.Header("X-Repo-Commit"), answer.Headers);
        }
    }

    /// <summary>
    /// Adds the token to requests for the configured endpoint only, never to another host a redirect
    /// points at, and never in clear text over the network (plain http only to this machine).
    /// </summary>
    private void Authorize(HttpRequestMessage request)
    {
        if (request.RequestUri is { } uri && TokenScope.MaySend(uri, _options.Endpoint, _options.Token))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.Token);
        }
    }

    /// <summary>
    /// Maps an error answer to a reason a user can act on. The Hub answers 401 alike for a missing,
    /// a private and a gated repo; for a file of a repo whose metadata was readable, 401 means gated.
    /// </summary>
    private HubException Failure(HttpAnswer answer, string what, bool isFile)
    {
        var code = answer.Header("X-Error-Code");
        var hasToken = !string.IsNullOrEmpty(_options.Token);
        var gated = code == "GatedRepo" || answer.Status == HttpStatusCode.Forbidden
            || isFile && answer.Status == HttpStatusCode.Unauthorized;
        if (code == "RevisionNotFound") return new(HubFailure.RevisionNotFound, $"{what}: no such revision");
        if (gated)
        {
            return new(HubFailure.Gated, $"{what}: access is restricted (gated repository); accept its terms on the Hub" + (hasToken ? "" : " and set HF_TOKEN"));
        }
        return answer.Status switch
        {
            HttpStatusCode.Unauthorized => new(HubFailure.AccessDenied, hasToken
                ? $"{what}: the Hub refused the token (invalid, or no access to this private or gated repository)"
                : $"{what}: not found, or private or gated (the Hub answers 401 for all three); set HF_TOKEN if you have access"),
            HttpStatusCode.NotFound => new(HubFailure.NotFound, $"{what}: not found on the Hub"),
            (HttpStatusCode)429 => new(HubFailure.RateLimited, RateLimited(answer, what)),
            _ => new(HubFailure.Unavailable, $"{what}: the Hub answered {(int)answer.Status} {answer.Reason}"),
        };
    }

    private string RateLimited(HttpAnswer answer, string what)
    {
        var limits = _options.Limits;
        if (answer.RetryAfter is { } wait && wait > limits.MaxRetryWait)
        {
            return $"{what}: rate limited by the Hub, which asks to wait {Describe(wait)} (more than --max-wait {limits.MaxRetryWait.TotalSeconds:0} s); try later or set HF_TOKEN";
        }
        return $"{what}: rate limited by the Hub after {limits.MaxRetries + 1} attempts; try later or set HF_TOKEN";
    }

    private static string Describe(TimeSpan wait) =>
        wait.TotalDays >= 2 ? $"{wait.TotalDays:0} days" : wait.TotalHours >= 2 ? $"{wait.TotalHours:0} hours" : $"{wait.TotalSeconds:0} s";
}

/// <summary>A successful Hub answer: the body, the URL that gave it (after redirects) and the commit the Hub reported.</summary>
public sealed record HubResponse(byte[] Body, Uri FinalUri, string? RepoCommit, IReadOnlyDictionary<string, string>? Headers = null);

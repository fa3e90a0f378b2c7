using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;

namespace OpenGrade.Sources.Hub;

/// <summary>
/// The few Hub HTTP calls OpenGrade makes: model info, refs, dataset info and small raw files.
/// Retries with backoff on 5xx, 408, 429 (honouring Retry-After) and network errors, a timeout per
/// attempt, redirects of renamed repos followed by hand so that the token never leaves the
/// configured endpoint. Never downloads weights: every body is capped.
/// </summary>
public sealed class HubClient : IDisposable
{
    private const int MaxRedirects = 5;
    private readonly HttpClient _http;
    private readonly HubOptions _options;

    public HubClient(HubOptions options, HttpMessageHandler? transport = null)
    {
        _options = options;
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                Delay = TimeSpan.FromMilliseconds(300),
                UseJitter = true,
                ShouldRetryAfterHeader = true,
            });
        }
        var pipeline = builder.AddTimeout(new HttpTimeoutStrategyOptions { Timeout = options.Timeout }).Build();
        var auth = new EndpointTokenHandler(options.Endpoint, options.Token)
        {
            InnerHandler = transport ?? new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.All,
                ConnectTimeout = options.Timeout,
            },
        };
        _http = new HttpClient(new ResilienceHandler(pipeline) { InnerHandler = auth })
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan, // the pipeline times each attempt
        };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("opengrade", "1.0"));
    }

    public void Dispose() => _http.Dispose();

    /// <summary>GET /api/models/{id}[/revision/{rev}]; the body and the final (canonical) path.</summary>
    public Task<HubResponse> GetModelInfoAsync(string repoId, string revision, CancellationToken ct) =>
        GetAsync(revision == "main" ? $"api/models/{repoId}" : $"api/models/{repoId}/revision/{Uri.EscapeDataString(revision)}", $"hf:{repoId}", false, ct);

    public Task<HubResponse> GetRefsAsync(string repoId, CancellationToken ct) =>
        GetAsync($"api/models/{repoId}/refs", $"hf:{repoId} refs", false, ct);

    public Task<HubResponse> GetDatasetInfoAsync(string datasetId, CancellationToken ct) =>
        GetAsync($"api/datasets/{datasetId}", $"dataset {datasetId}", false, ct);

    /// <summary>A raw file at a commit (GET /{id}/resolve/{sha}/{path}).</summary>
    public Task<HubResponse> GetFileAsync(string repoId, string commit, string path, CancellationToken ct) =>
        GetAsync($"{repoId}/resolve/{commit}/{string.Join('/', path.Split('/').Select(Uri.EscapeDataString))}", $"{path} of hf:{repoId}", true, ct);

    private async Task<HubResponse> GetAsync(string relative, string what, bool isFile, CancellationToken ct)
    {
        var uri = new Uri(_options.Endpoint, relative);
        for (var hop = 0; ; hop++)
        {
            using var response = await SendAsync(uri, what, ct);
            if (IsRedirect(response.StatusCode) && response.Headers.Location is { } location)
            {
                if (hop >= MaxRedirects) throw new HubException(HubFailure.Unavailable, $"{what}: too many redirects");
                uri = location.IsAbsoluteUri ? location : new Uri(uri, location);
                continue;
            }
            if (!response.IsSuccessStatusCode) throw Failure(response, what, isFile);
            var body = await ReadCappedAsync(response, what, ct);
            var commit = response.Headers.TryGetValues("X-Repo-Commit", out var c) ? c.FirstOrDefault() : null;
            return new HubResponse(body, uri, commit);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(Uri uri, string what, CancellationToken ct)
    {
        try
        {
            return await _http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (TimeoutRejectedException)
        {
            throw new HubException(HubFailure.TimedOut,
                $"{what}: the Hub did not answer within {_options.Timeout.TotalSeconds:0.#} s ({_options.MaxRetries + 1} attempts)");
        }
        catch (HttpRequestException e)
        {
            throw new HubException(HubFailure.Unavailable, $"{what}: cannot reach {_options.Endpoint.GetLeftPart(UriPartial.Authority)} ({e.Message})");
        }
    }

    private static bool IsRedirect(HttpStatusCode code) =>
        code is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    /// <summary>
    /// Maps an error answer to a reason a user can act on. The Hub answers 401 alike for a missing,
    /// a private and a gated repo; for a file of a repo whose metadata was readable, 401 means gated.
    /// </summary>
    private HubException Failure(HttpResponseMessage response, string what, bool isFile)
    {
        var code = response.Headers.TryGetValues("X-Error-Code", out var v) ? v.FirstOrDefault() : null;
        var hasToken = !string.IsNullOrEmpty(_options.Token);
        var gated = code == "GatedRepo" || response.StatusCode == HttpStatusCode.Forbidden
            || isFile && response.StatusCode == HttpStatusCode.Unauthorized;
        if (code == "RevisionNotFound") return new(HubFailure.RevisionNotFound, $"{what}: no such revision");
        if (gated)
        {
            return new(HubFailure.Gated, $"{what}: access is restricted (gated repository); accept its terms on the Hub" + (hasToken ? "" : " and set HF_TOKEN"));
        }
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => new(HubFailure.AccessDenied, hasToken
                ? $"{what}: the Hub refused the token (invalid, or no access to this private or gated repository)"
                : $"{what}: not found, or private or gated (the Hub answers 401 for all three); set HF_TOKEN if you have access"),
            HttpStatusCode.NotFound => new(HubFailure.NotFound, $"{what}: not found on the Hub"),
            (HttpStatusCode)429 => new(HubFailure.RateLimited, $"{what}: rate limited by the Hub after {_options.MaxRetries + 1} attempts; try later or set HF_TOKEN"),
            _ => new(HubFailure.Unavailable, $"{what}: the Hub answered {(int)response.StatusCode} {response.ReasonPhrase}"),
        };
    }

    private async Task<byte[]> ReadCappedAsync(HttpResponseMessage response, string what, CancellationToken ct)
    {
        var cap = _options.MaxFileBytes;
        if (response.Content.Headers.ContentLength > cap) throw TooLarge(what, cap);
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > cap) throw TooLarge(what, cap);
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static HubException TooLarge(string what, long cap) =>
        new(HubFailure.TooLarge, $"{what}: larger than {cap / 1024} KiB; OpenGrade reads only small text files");

    /// <summary>Adds the token to requests for the configured endpoint only, never to another host a redirect points at.</summary>
    private sealed class EndpointTokenHandler(Uri endpoint, string? token) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            if (!string.IsNullOrEmpty(token) && request.RequestUri is { } uri
                && Uri.Compare(uri, endpoint, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }
            return base.SendAsync(request, ct);
        }
    }
}

/// <summary>A successful Hub answer: the body, the URL that gave it (after redirects) and the commit the Hub reported.</summary>
public sealed record HubResponse(byte[] Body, Uri FinalUri, string? RepoCommit);

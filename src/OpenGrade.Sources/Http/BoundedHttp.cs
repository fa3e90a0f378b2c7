using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace OpenGrade.Sources.Http;

/// <summary>
/// Bounds on one logical request: each attempt (headers and the whole body) within
/// <see cref="AttemptTimeout"/>, at most <see cref="MaxRetries"/> retries, a server's
/// Retry-After obeyed only up to <see cref="MaxRetryWait"/>, and everything, waits included,
/// within <see cref="Deadline"/>.
/// </summary>
public sealed record HttpLimits(TimeSpan AttemptTimeout, int MaxRetries, TimeSpan MaxRetryWait, TimeSpan Deadline)
{
    /// <summary>
    /// A deadline that leaves room for every attempt, one capped wait and the backoffs, plus a margin
    /// so that a single slow attempt is reported as the attempt timeout it is.
    /// </summary>
    public static TimeSpan DefaultDeadline(TimeSpan attempt, int retries, TimeSpan maxWait) =>
        attempt * (retries + 1) + (retries == 0 ? TimeSpan.Zero : maxWait + TimeSpan.FromSeconds(30)) + TimeSpan.FromSeconds(5);
}

/// <summary>A complete HTTP answer: the body is read (within its byte budget) for success codes only.</summary>
public sealed record HttpAnswer(HttpStatusCode Status, string? Reason, Uri Uri, byte[] Body, Uri? Location, TimeSpan? RetryAfter, IReadOnlyDictionary<string, string> Headers)
{
    public bool IsSuccess => (int)Status is >= 200 and < 300;

    public bool IsRedirect => Status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
        or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;

    /// <summary>A conditional request's "nothing changed": the cached body stands.</summary>
    public bool IsNotModified => Status == HttpStatusCode.NotModified;

    /// <summary>GitHub's primary rate limit answers 403 (or 429) with no requests left in the window.</summary>
    public bool IsRateLimited => (int)Status == 429
        || Status == HttpStatusCode.Forbidden && Header("X-RateLimit-Remaining") == "0";
}

public enum HttpCallFailure
{
    /// <summary>Every attempt ran out of time (a slow or trickling server).</summary>
    TimedOut,

    /// <summary>The whole request, retries and waits included, ran past its deadline.</summary>
    DeadlineExceeded,

    /// <summary>The server could not be reached (DNS, refused connection, reset).</summary>
    Unreachable,

    /// <summary>The body was larger than its budget.</summary>
    TooLarge,
}

public sealed class HttpCallException(HttpCallFailure failure, string message) : Exception(message)
{
    public HttpCallFailure Failure { get; } = failure;
}

/// <summary>
/// GET requests to outside services with every read and wait bounded. The attempt timeout covers the
/// body as well as the headers (a server that trickles its body is cut off), retries back off
/// exponentially with jitter on network errors, timeouts, 408, 429 and 5xx, and Retry-After (seconds
/// or an HTTP date) is obeyed only when it fits both the cap and what is left of the deadline; a server
/// that asks for more gets an immediate answer instead of a frozen program. Redirects are returned,
/// not followed, so that callers decide where a token may go.
/// </summary>
public sealed class BoundedHttp : IDisposable
{
    // ETag revalidates cached links; RateLimit* and X-RateLimit-* pace GitHub and the Hub; Link pages the Hub listing (batch grading).
    private static readonly string[] KeptHeaders =
        ["X-Error-Code", "X-Repo-Commit", "ETag", "Content-Type", "Link", "RateLimit", "RateLimit-Policy", "RateLimit-Reset", "X-RateLimit-Reset", "X-RateLimit-Remaining"];
    private readonly HttpClient _http;
    private readonly HttpLimits _limits;
    private readonly HostGate? _hosts;

    /// <param name="perHostConcurrency">At most this many attempts in flight to one host (scheme, host, port) at once; 0 for no limit.</param>
    public BoundedHttp(HttpLimits limits, HttpMessageHandler transport, string userAgent, int perHostConcurrency = 0)
    {
        _limits = limits;
        _hosts = perHostConcurrency > 0 ? new HostGate(perHostConcurrency) : null;
        _http = new HttpClient(transport) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
    }

    public HttpLimits Limits => _limits;

    /// <summary>A socket handler with no automatic redirects and a connect timeout within the attempt timeout.</summary>
    public static SocketsHttpHandler DefaultTransport(HttpLimits limits) => new()
    {
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.All,
        ConnectTimeout = limits.AttemptTimeout,
        MaxResponseHeadersLength = 64, // KiB
    };

    public void Dispose() => _http.Dispose();

    public async Task<HttpAnswer> GetAsync(Uri uri, long maxBodyBytes, CancellationToken ct, Action<HttpRequestMessage>? prepare = null)
    {
        var clock = Stopwatch.StartNew();
        var pipeline = Pipeline(clock);
        try
        {
            return await pipeline.ExecuteAsync(async token => await AttemptAsync(uri, maxBodyBytes, prepare, token), ct);
        }
        catch (TimeoutRejectedException) when (clock.Elapsed >= _limits.Deadline)
        {
            throw new HttpCallException(HttpCallFailure.DeadlineExceeded, $"no complete answer within the deadline of {Seconds(_limits.Deadline)}");
        }
        catch (TimeoutRejectedException)
        {
            throw new HttpCallException(HttpCallFailure.TimedOut,
                $"no complete answer within {Seconds(_limits.AttemptTimeout)} ({_limits.MaxRetries + 1} attempt{(_limits.MaxRetries == 0 ? "" : "s")})");
        }
        catch (HttpRequestException e)
        {
            throw new HttpCallException(HttpCallFailure.Unreachable, $"cannot reach {uri.GetLeftPart(UriPartial.Authority)} ({e.Message})");
        }
    }

    private ResiliencePipeline<HttpAnswer> Pipeline(Stopwatch clock)
    {
        var builder = new ResiliencePipelineBuilder<HttpAnswer>().AddTimeout(_limits.Deadline);
        if (_limits.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpAnswer>
            {
                MaxRetryAttempts = _limits.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                Delay = TimeSpan.FromMilliseconds(300),
                MaxDelay = TimeSpan.FromSeconds(30),
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, clock.Elapsed)),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result?.RetryAfter),
            });
        }
        return builder.AddTimeout(_limits.AttemptTimeout).Build();
    }

    private bool ShouldRetry(Outcome<HttpAnswer> outcome, TimeSpan elapsed)
    {
        if (outcome.Exception is not null) return outcome.Exception is HttpRequestException or TimeoutRejectedException;
        var answer = outcome.Result!;
        var code = (int)answer.Status;
        if (code is not (408 or 429) && code < 500 && !answer.IsRateLimited) return false;
        // A wait longer than the cap, or than what is left of the deadline, is not waited for.
        return answer.RetryAfter is not { } wait || wait <= _limits.MaxRetryWait && elapsed + wait < _limits.Deadline;
    }

    private async Task<HttpAnswer> AttemptAsync(Uri uri, long maxBodyBytes, Action<HttpRequestMessage>? prepare, CancellationToken ct)
    {
        using var slot = _hosts is null ? null : await _hosts.EnterAsync(uri, ct);
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        prepare?.Invoke(request);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in KeptHeaders)
        {
            if (response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values))
            {
                headers[name] = values.FirstOrDefault() ?? "";
            }
        }
        var body = response.IsSuccessStatusCode ? await ReadCappedAsync(response.Content, maxBodyBytes, uri, ct) : [];
        var location = response.Headers.Location is { } l ? (l.IsAbsoluteUri ? l : new Uri(uri, l)) : null;
        var wait = RetryAfter(response.Headers.RetryAfter);
        var answer = new HttpAnswer(response.StatusCode, response.ReasonPhrase, uri, body, location, wait, headers);
        // Without Retry-After, a rate-limited answer's RateLimit headers say how long to wait.
        return wait is null && answer.IsRateLimited ? answer with { RetryAfter = RateLimitWait(headers, DateTimeOffset.UtcNow) } : answer;
    }

    /// <summary>
    /// The wait a rate-limit answer asks for in its headers: the IETF draft's <c>RateLimit: "api";r=0;t=42</c>
    /// (the Hub) or <c>RateLimit-Reset: 42</c> (seconds), or <c>X-RateLimit-Reset</c> (GitHub: the Unix time the
    /// window resets). Null when none says; never negative.
    /// </summary>
    public static TimeSpan? RateLimitWait(IReadOnlyDictionary<string, string> headers, DateTimeOffset now)
    {
        static long? Number(string? text) =>
            long.TryParse(text?.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;
        // A wait past a year is as good as forever (and beyond it TimeSpan arithmetic could overflow).
        static TimeSpan? Seconds(string? text) => Number(text) is { } s ? TimeSpan.FromSeconds(Math.Min(s, 365L * 24 * 3600)) : null;
        if (headers.TryGetValue("RateLimit", out var draft))
        {
            var t = draft.Split([';', ','], StringSplitOptions.TrimEntries).FirstOrDefault(p => p.StartsWith("t=", StringComparison.Ordinal));
            if (Seconds(t?[2..]) is { } wait) return wait;
        }
        if (headers.TryGetValue("RateLimit-Reset", out var reset) && Seconds(reset) is { } delta) return delta;
        if (headers.TryGetValue("X-RateLimit-Reset", out var epoch) && Number(epoch) is { } at)
        {
            var wait = TimeSpan.FromSeconds(Math.Clamp(at - now.ToUnixTimeSeconds(), 0, 365L * 24 * 3600));
            return wait;
        }
        return null;
    }

    /// <summary>Retry-After as a wait from now: delta-seconds or an HTTP date; a date in the past means no wait.</summary>
    public static TimeSpan? RetryAfter(RetryConditionHeaderValue? header)
    {
        if (header?.Delta is { } delta) return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header?.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }

    private static async Task<byte[]> ReadCappedAsync(HttpContent content, long cap, Uri uri, CancellationToken ct)
    {
        if (content.Headers.ContentLength > cap) throw TooLarge(uri, cap);
        await using var stream = await content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > cap) throw TooLarge(uri, cap);
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static HttpCallException TooLarge(Uri uri, long cap) =>
        new(HttpCallFailure.TooLarge, $"the answer is larger than {(cap >= 1 << 20 ? $"{cap >> 20} MiB" : $"{cap >> 10} KiB")}");

    private static string Seconds(TimeSpan t) => $"{t.TotalSeconds:0.#} s";

    /// <summary>One semaphore per host: a run that follows many links to one service asks it a few at a time.</summary>
    private sealed class HostGate(int perHost)
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.OrdinalIgnoreCase);

        public async Task<IDisposable> EnterAsync(Uri uri, CancellationToken ct)
        {
            var gate = _gates.GetOrAdd(uri.GetLeftPart(UriPartial.Authority), _ => new SemaphoreSlim(perHost, perHost));
            await gate.WaitAsync(ct);
            return new Release(gate);
        }

        private sealed class Release(SemaphoreSlim gate) : IDisposable
        {
            private int _done;

            public void Dispose()
            {
                if (Interlocked.Exchange(ref _done, 1) == 0) gate.Release();
            }
        }
    }
}

using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using OpenGrade.Core.Inventory;
using OpenGrade.Sources.Http;

namespace OpenGrade.Sources.Links;

/// <summary>How many requests one run sent, and how many answers the cache gave instead.</summary>
public sealed class LinkStats
{
    private int _requests;
    private int _cacheHits;
    private int _revalidated;
    private int _redirects;

    /// <summary>
    /// Requests sent: each revalidation counts; a redirect followed within a request (a renamed repository)
    /// and retries of one request do not (see <see cref="Redirects"/>).
    /// </summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Redirects followed within requests: further exchanges of a request already counted.</summary>
    public int Redirects => Volatile.Read(ref _redirects);

    /// <summary>Answers taken from the cache without any request (fresh, or offline).</summary>
    public int CacheHits => Volatile.Read(ref _cacheHits);

    /// <summary>Stale cache entries confirmed by a 304 Not Modified (each also counted in <see cref="Requests"/>).</summary>
    public int Revalidated => Volatile.Read(ref _revalidated);

    internal void Request() => Interlocked.Increment(ref _requests);

    internal void Redirect() => Interlocked.Increment(ref _redirects);

    internal void CacheHit() => Interlocked.Increment(ref _cacheHits);

    internal void Revalidation() => Interlocked.Increment(ref _revalidated);
}

/// <summary>A place could not be asked: the reason, in words a user can act on.</summary>
public sealed class LinkUnavailableException(string reason) : Exception(reason);

/// <summary>An answer a link source reads: its status, body, the URL that gave it, and whether it came from the cache.</summary>
public sealed record LinkAnswer(HttpStatusCode Status, byte[] Body, Uri FinalUri, bool FromCache);

/// <summary>One request of a link source: the URL, the service's own endpoint and token, and its byte budget.</summary>
public sealed record LinkRequest(LinkKind Kind, string CacheName, Uri Uri, Uri Endpoint, string? Token, long MaxBytes, string Service);

/// <summary>
/// The thin layer between the link sources and <see cref="BoundedHttp"/>: the disk cache (a fresh entry
/// answers with no request, a stale one is revalidated with If-None-Match, offline answers from the
/// cache alone; a stale entry the service cannot be asked about is used rather than nothing), redirects followed by hand with the token re-decided for every hop (<see cref="TokenScope"/>),
/// and counts of what was sent. Success, 404 and 410 are cached; failures never are. Within one
/// instance (one resolver) each URL is sent at most once: concurrent places that reach the same
/// URL share the one exchange.
/// </summary>
public sealed class LinkHttp(BoundedHttp http, LinkCache cache, LinkOptions options, LinkStats stats)
{
    private const int MaxRedirects = 5;
    private readonly ConcurrentDictionary<string, Lazy<Task<HttpAnswer>>> _sent = new(StringComparer.Ordinal);

    public async Task<LinkAnswer> GetAsync(LinkRequest request, CancellationToken ct, Action<HttpRequestMessage>? headers = null)
    {
        var cached = cache.Read(request.Kind, request.CacheName, request.Uri);
        if (cached is not null && (options.Offline || DateTimeOffset.UtcNow - cached.FetchedAt < options.Ttl))
        {
            stats.CacheHit();
            return FromEntry(cached);
        }
        if (options.Offline) throw new LinkUnavailableException("offline and not in the cache");
        try
        {
            return await FetchAsync(request, cached, headers, ct);
        }
        catch (LinkUnavailableException) when (cached is not null)
        {
            // A stale answer beats none: the service could not confirm it, but it was its answer.
            stats.CacheHit();
            return FromEntry(cached);
        }
    }

    private async Task<LinkAnswer> FetchAsync(LinkRequest request, CachedAnswer? cached, Action<HttpRequestMessage>? headers, CancellationToken ct)
    {
        var uri = request.Uri;
        for (var hop = 0; ; hop++)
        {
            var conditional = hop == 0 ? cached?.ETag : null;
            HttpAnswer answer;
            try
            {
                // Two places can lead to one URL (a renamed model and its new id): it is asked once.
                var hopUri = uri;
                var redirected = hop > 0;
                var key = $"{hopUri.AbsoluteUri}\n{conditional}";
                try
                {
                    answer = await _sent.GetOrAdd(key, _ => new Lazy<Task<HttpAnswer>>(() => SendAsync(hopUri, request, conditional, headers, redirected, ct))).Value;
                }
                catch
                {
                    // A failure is shared by those waiting on it, never remembered for a later asking.
                    _sent.TryRemove(key, out _);
                    throw;
                }
            }
            catch (HttpCallException e)
            {
                throw new LinkUnavailableException($"{request.Service}: {e.Message}");
            }
            if (answer.IsNotModified && cached is not null)
            {
                stats.Revalidation();
                var renewed = cached with { FetchedAt = DateTimeOffset.UtcNow };
                cache.Write(request.Kind, request.CacheName, request.Uri, renewed);
                return FromEntry(renewed);
            }
            if (answer.IsRedirect && answer.Location is { } location)
            {
                if (hop >= MaxRedirects) throw new LinkUnavailableException($"{request.Service}: too many redirects");
                if (location.Scheme is not ("http" or "https")) throw new LinkUnavailableException($"{request.Service}: redirected to a non-HTTP address");
                uri = location;
                continue;
            }
            if (answer.IsSuccess || answer.Status is HttpStatusCode.NotFound or HttpStatusCode.Gone)
            {
                var entry = new CachedAnswer(request.Uri.AbsoluteUri, (int)answer.Status, answer.Header("ETag"), DateTimeOffset.UtcNow, uri.AbsoluteUri, answer.Body);
                cache.Write(request.Kind, request.CacheName, request.Uri, entry);
                return new LinkAnswer(answer.Status, answer.Body, uri, false);
            }
            throw new LinkUnavailableException(Failure(answer, request));
        }
    }

    private Task<HttpAnswer> SendAsync(Uri uri, LinkRequest request, string? conditional, Action<HttpRequestMessage>? headers, bool redirected, CancellationToken ct)
    {
        if (redirected) stats.Redirect();
        else stats.Request();
        return http.GetAsync(uri, request.MaxBytes, ct, message =>
        {
            headers?.Invoke(message);
            if (TokenScope.MaySend(message.RequestUri!, request.Endpoint, request.Token))
            {
                message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", request.Token);
            }
            if (conditional is not null && EntityTagHeaderValue.TryParse(conditional, out var tag)) message.Headers.IfNoneMatch.Add(tag);
        });
    }

    private static LinkAnswer FromEntry(CachedAnswer entry) =>
        new((HttpStatusCode)entry.Status, entry.Body, Uri.TryCreate(entry.FinalUrl, UriKind.Absolute, out var final) ? final : new Uri(entry.Url), true);

    private string Failure(HttpAnswer answer, LinkRequest request)
    {
        var limits = options.Limits;
        if (answer.IsRateLimited)
        {
            return answer.RetryAfter is { } wait && wait > limits.MaxRetryWait
                ? $"{request.Service}: rate limited; it asks to wait {wait.TotalSeconds:0} s, more than the {limits.MaxRetryWait.TotalSeconds:0} s obeyed"
                : $"{request.Service}: rate limited after {limits.MaxRetries + 1} attempt{(limits.MaxRetries == 0 ? "" : "s")}";
        }
        return answer.Status switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden when string.IsNullOrEmpty(request.Token) =>
                $"{request.Service}: access refused ({(int)answer.Status}); private, gated or missing, and no token was sent",
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => $"{request.Service}: access refused ({(int)answer.Status}) with the token given",
            _ => $"{request.Service}: answered {(int)answer.Status} {answer.Reason}",
        };
    }
}

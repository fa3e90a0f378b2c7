using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using OpenGrade.Batch.Records;
using OpenGrade.Core.Text;
using OpenGrade.Sources.Hub;

namespace OpenGrade.Batch.Sources;

/// <summary>
/// The live Hub listing, <c>hf:?author=…&amp;filter=…&amp;search=…&amp;sort=downloads</c>: <c>GET /api/models</c>
/// with <c>full=true&amp;cardData=true&amp;limit=500</c>, paged by the <c>Link: &lt;…&gt;; rel="next"</c> cursor,
/// every request through <see cref="HubClient"/> (bounded time and bytes, retries on 429/5xx with a
/// capped Retry-After). When a page says the quota is spent (<c>RateLimit: "api";r=0;t=S</c>) the next
/// request waits S seconds (at most --max-wait). A page that is not a JSON array is fetched once more,
/// then reported and passed over when it names a next page; a page that cannot be had at all stops the
/// run, its cursor checkpointed so that --resume starts there.
/// </summary>
public sealed partial class HubListingSource(string source, HubOptions options, Func<TimeSpan, CancellationToken, Task>? delay = null) : IRecordSource
{
    public const string Prefix = "hf:?";

    /// <summary>Query keys the listing accepts (hf-hub.md, catalog-batch-aibom.md §4.1); others are refused, not passed on.</summary>
    private static readonly HashSet<string> Keys =
        ["author", "filter", "search", "sort", "direction", "limit", "pipeline_tag", "library", "language", "gated", "full", "cardData", "config", "expand", "inference"];

    /// <summary>At most this many pages are followed (500 a page: 50 million models); a cursor that never ends is cut.</summary>
    public const int MaxPages = 100_000;

    private const int PageRounds = 3;

    private readonly Func<TimeSpan, CancellationToken, Task> _delay = delay ?? Task.Delay;

    public string Name => source;

    public double? Fraction => null;

    public static bool Handles(string source) => source.StartsWith(Prefix, StringComparison.Ordinal) || source == "hf:";

    /// <summary>
    /// Whether the listing comes most downloaded first (<c>sort=downloads</c>, not <c>direction=1</c>): then its
    /// first N models are the N most downloaded, which is what <c>--deep N</c> grades in depth.
    /// </summary>
    public static bool MostDownloadedFirst(string source)
    {
        if (!Handles(source)) return false;
        var pairs = (source.Length > Prefix.Length ? source[Prefix.Length..] : "").Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).Where(kv => kv.Length == 2).Select(kv => (Key: Uri.UnescapeDataString(kv[0]), Value: Uri.UnescapeDataString(kv[1]))).ToList();
        return pairs.Any(p => p.Key == "sort" && p.Value == "downloads") && !pairs.Any(p => p.Key == "direction" && p.Value == "1");
    }

    /// <summary>The first page's path and query for the source, relative to the endpoint; one-line <see cref="SourceException"/> for a key or value the listing does not take.</summary>
    public static string FirstPage(string source)
    {
        var query = source.Length > Prefix.Length ? source[Prefix.Length..] : "";
        var pairs = new List<(string Key, string Value)>();
        foreach (var part in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=');
            var key = Uri.UnescapeDataString(eq < 0 ? part : part[..eq]);
            var value = eq < 0 ? "" : Uri.UnescapeDataString(part[(eq + 1)..].Replace('+', ' '));
            if (!Keys.Contains(key)) throw new SourceException($"{TerminalText.Clip(source, 200)}: '{TerminalText.Clip(key, 40)}' is not a listing parameter (one of {string.Join(", ", Keys.Order())})");
            if (value.Length > 200 || value.Any(TerminalText.IsUnsafe)) throw new SourceException($"{TerminalText.Clip(source, 200)}: the value of '{key}' is too long or has control characters");
            pairs.Add((key, value));
        }
        // The grading needs the whole entry: card data, tags and the file list (siblings).
        if (!pairs.Any(p => p.Key is "expand" or "full")) pairs.Add(("full", "true"));
        if (!pairs.Any(p => p.Key is "expand" or "cardData")) pairs.Add(("cardData", "true"));
        if (!pairs.Any(p => p.Key == "limit")) pairs.Add(("limit", "500"));
        // Relative to the endpoint, which may have a path of its own (a mirror under /hub/).
        return "api/models?" + string.Join('&', pairs.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
    }

    public async IAsyncEnumerable<RawRecord> ReadAsync(int index, SourcePosition from, [EnumeratorCancellation] CancellationToken ct)
    {
        var page = from.Page ?? FirstPage(source);
        var first = from.Page is null ? 1 : from.PageFirst;
        using var client = new HubClient(options);
        for (var pages = 1; page is not null; pages++)
        {
            if (pages > MaxPages) throw new SourceException($"{source}: more than {MaxPages} pages; the cursor is cut there");
            var (items, next, problem) = await FetchAsync(client, page, ct);
            if (problem is not null)
            {
                // Nothing of this page can be read; the run goes on at the next page, which a checkpoint then names.
                yield return new RawRecord(index, first - 1, $"listing page {pages}", default,
                    Problem: $"{problem}; the models of this page are missing from the run", Page: next, PageFirst: first);
            }
            for (var i = 0; i < items.Count; i++)
            {
                var ordinal = first + i;
                if (ordinal <= from.Done) continue;
                yield return new RawRecord(index, ordinal, $"listing page {pages} item {i + 1}", items[i], Page: page, PageFirst: first);
            }
            first += items.Count;
            if (next == page) throw new SourceException($"{source}: the listing's next page is the page itself; stopped");
            page = next;
        }
    }

    private async Task<(List<byte[]> Items, string? Next, string? Problem)> FetchAsync(HubClient client, string page, CancellationToken ct)
    {
        string? problem = null;
        string? next = null;
        for (var round = 1; round <= PageRounds; round++)
        {
            HubResponse answer;
            try
            {
                answer = await client.GetListingPageAsync(page, ct);
            }
            catch (HubException e) when (e.Failure == HubFailure.RateLimited && round < PageRounds)
            {
                // Still limited after the client's own retries: wait the longest allowed, then ask again.
                await _delay(options.MaxRetryWait, ct);
                continue;
            }
            catch (HubException e)
            {
                throw new SourceException($"{source}: {e.Message}");
            }
            next = NextPage(answer);
            await PaceAsync(answer, ct);
            try
            {
                return (Items(answer.Body), next, null);
            }
            catch (JsonException e)
            {
                problem = $"not a JSON array of models ({e.Message.Split(" Path:")[0].Split(" LineNumber:")[0]})";
                if (round >= 2) break; // a broken page is asked for twice, not more
            }
        }
        if (next is null) throw new SourceException($"{source}: a listing page is {problem} and names no next page; stopped");
        return ([], next, problem);
    }

    private static List<byte[]> Items(byte[] body)
    {
        using var doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
        if (doc.RootElement.ValueKind != JsonValueKind.Array) throw new JsonException("the page is not an array");
        // Each model is kept as its own bytes: parsed (and checked) by a grading worker like a line of a file.
        return [.. doc.RootElement.EnumerateArray().Select(e => Encoding.UTF8.GetBytes(e.GetRawText()))];
    }

    /// <summary>The next page from the Link header, as an absolute address on the endpoint; a cursor pointing elsewhere stops the run.</summary>
    private string? NextPage(HubResponse answer)
    {
        if (answer.Headers?.TryGetValue("Link", out var link) != true || link is null) return null;
        var match = NextLink().Match(link);
        if (!match.Success) return null;
        if (!Uri.TryCreate(answer.FinalUri, match.Groups[1].Value, out var uri)
            || Uri.Compare(uri, options.Endpoint, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0)
        {
            throw new SourceException($"{source}: the listing's next page is not on {options.Endpoint.GetLeftPart(UriPartial.Authority)}; stopped");
        }
        return uri.AbsoluteUri;
    }

    /// <summary>Waits for the quota window when the page says none is left (<c>RateLimit: "api";r=0;t=S</c>).</summary>
    private async Task PaceAsync(HubResponse answer, CancellationToken ct)
    {
        if (answer.Headers?.TryGetValue("RateLimit", out var limit) != true || limit is null) return;
        var remaining = Remaining().Match(limit);
        var reset = Reset().Match(limit);
        if (!remaining.Success || remaining.Groups[1].Value != "0" || !reset.Success) return;
        var wait = TimeSpan.FromSeconds(Math.Min(long.Parse(reset.Groups[1].Value[..Math.Min(6, reset.Groups[1].Value.Length)]), (long)options.MaxRetryWait.TotalSeconds));
        await _delay(wait, ct);
    }

    [GeneratedRegex("<([^>]{1,4000})>\\s*;[^,]*rel=\"?next\"?", RegexOptions.IgnoreCase)]
    private static partial Regex NextLink();

    [GeneratedRegex(@"(?:^|;)\s*r=(\d{1,12})")]
    private static partial Regex Remaining();

    [GeneratedRegex(@"(?:^|;)\s*t=(\d{1,12})")]
    private static partial Regex Reset();
}

using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using OpenGrade.Batch.Output;
using OpenGrade.Batch.Running;
using OpenGrade.Batch.Sources;
using OpenGrade.Testing;
using OpenGrade.Sources.Hub;

namespace OpenGrade.Batch.Tests;

/// <summary>The live listing against a stand-in Hub on 127.0.0.1: the Link cursor, 429 bursts, quota pacing, broken pages, resume.</summary>
public sealed class ListingServerTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("og-batch-hub-").FullName;
    private HostileHub _hub = null!;

    /// <summary>Requests per page (by cursor; the first page has none), and the query each first page was asked with.</summary>
    private readonly ConcurrentDictionary<string, int> _asked = new();
    private readonly ConcurrentQueue<string> _queries = new();

    public async ValueTask InitializeAsync() => _hub = await HostileHub.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _hub.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private HubOptions Options => new(_hub.Endpoint, null, _dir, AttemptTimeout: TimeSpan.FromSeconds(5), MaxRetries: 3, RetryWaitCap: TimeSpan.FromSeconds(5));

    /// <summary>Serves <paramref name="pages"/> of listing entries under /api/models, each linking to the next by cursor; <paramref name="answer"/> may answer a page otherwise.</summary>
    private List<string> Serve(int[] pages, Func<int, int, HttpContext, Task<bool>>? answer = null, Func<int, string>? nextLink = null, string under = "")
    {
        var lines = Listings.Lines(pages.Sum()).Select(l => JsonNode.Parse(l)!).ToList();
        var ids = lines.Select(l => l["id"]!.GetValue<string>()).ToList();
        _hub.On($"/{under}api/models", async ctx =>
        {
            var cursor = ctx.Request.Query["cursor"].FirstOrDefault() ?? "";
            var page = cursor.Length == 0 ? 0 : int.Parse(cursor[1..]);
            var time = _asked.AddOrUpdate(cursor, 1, (_, n) => n + 1);
            if (page == 0) _queries.Enqueue(ctx.Request.QueryString.Value ?? "");
            if (page + 1 < pages.Length)
            {
                ctx.Response.Headers["Link"] = nextLink?.Invoke(page + 1) ?? $"<{_hub.Endpoint}{under}api/models?full=true&cursor=p{page + 1}>; rel=\"next\"";
            }
            if (answer is not null && await answer(page, time, ctx)) return;
            var first = pages.Take(page).Sum();
            await HostileHub.WriteJson(ctx, new JsonArray([.. lines.Skip(first).Take(pages[page]).Select(l => l.DeepClone())]).ToJsonString());
        });
        return ids;
    }

    [Fact]
    public async Task The_listing_is_followed_page_by_page_along_its_Link_cursor()
    {
        var ids = Serve([5, 5, 3]);

        var (counts, sink, problems) = await Listings.RunAsync([new HubListingSource("hf:?author=org&sort=downloads", Options)]);

        Assert.Empty(problems);
        Assert.Equal(13, counts.Graded);
        Assert.Equal(ids, sink.Models.Select(m => m.Id));
        Assert.Equal(3, _asked.Values.Sum());
        var query = Assert.Single(_queries);
        Assert.Contains("author=org", query);
        Assert.Contains("sort=downloads", query);
        Assert.Contains("full=true", query);
        Assert.Contains("cardData=true", query);
        Assert.Contains("limit=500", query);
    }

    [Fact]
    public async Task A_mirror_under_a_path_is_paged_under_that_path()
    {
        var ids = Serve([3, 3], under: "mirror/");
        var options = Options with { Endpoint = new Uri(_hub.Endpoint, "mirror/") };

        var (counts, sink, _) = await Listings.RunAsync([new HubListingSource("hf:?author=org", options)]);

        Assert.Equal(6, counts.Graded);
        Assert.Equal(ids, sink.Models.Select(m => m.Id));
        Assert.Equal(0, _hub.Count("/api/models"));
    }

    [Fact]
    public async Task A_429_burst_with_Retry_After_is_waited_out_and_nothing_is_lost()
    {
        var ids = Serve([4, 4, 4], answer: (page, time, ctx) =>
        {
            if (page != 1 || time > 2) return Task.FromResult(false);
            ctx.Response.StatusCode = 429;
            ctx.Response.Headers["Retry-After"] = "1";
            ctx.Response.Headers["RateLimit"] = "\"api\";r=0;t=1";
            return Task.FromResult(true);
        });

        var (counts, sink, _) = await Listings.RunAsync([new HubListingSource("hf:?author=org", Options)]);

        Assert.Equal(12, counts.Graded);
        Assert.Equal(ids, sink.Models.Select(m => m.Id));
        Assert.Equal(3, _asked["p1"]);
    }

    [Fact]
    public async Task A_page_saying_the_quota_is_spent_delays_the_next_request_by_its_reset_time()
    {
        Serve([2, 2], answer: (page, _, ctx) =>
        {
            if (page == 0) ctx.Response.Headers["RateLimit"] = "\"api\";r=0;t=3";
            return Task.FromResult(false);
        });
        var waits = new List<TimeSpan>();

        var (counts, _, _) = await Listings.RunAsync([new HubListingSource("hf:?author=org", Options, (wait, _) =>
        {
            waits.Add(wait);
            return Task.CompletedTask;
        })]);

        Assert.Equal(4, counts.Graded);
        Assert.Equal([TimeSpan.FromSeconds(3)], waits);
    }

    [Fact]
    public async Task A_broken_page_is_asked_for_twice_then_counted_and_the_run_goes_on_at_the_next_page()
    {
        var ids = Serve([3, 3, 3], answer: async (page, _, ctx) =>
        {
            if (page != 1) return false;
            await HostileHub.WriteJson(ctx, "[{\"id\": \"org/a\", ");
            return true;
        });

        var (counts, sink, problems) = await Listings.RunAsync([new HubListingSource("hf:?author=org", Options)]);

        Assert.Equal(6, counts.Graded);
        Assert.Equal(1, counts.Malformed);
        Assert.StartsWith("listing page 2: not a JSON array of models", Assert.Single(problems));
        Assert.Equal([.. ids.Take(3), .. ids.Skip(6)], sink.Models.Select(m => m.Id));
        Assert.Equal(2, _asked["p1"]);
    }

    [Fact]
    public async Task A_broken_last_page_stops_the_run_with_one_line()
    {
        Serve([2, 2], answer: async (page, _, ctx) =>
        {
            if (page != 1) return false;
            await HostileHub.WriteJson(ctx, "{\"error\": \"oops\"}");
            return true;
        });

        var e = await Assert.ThrowsAsync<SourceException>(() => Listings.RunAsync([new HubListingSource("hf:?author=org", Options)]));

        Assert.Contains("names no next page", e.Message);
    }

    [Fact]
    public async Task A_next_page_on_another_host_is_refused()
    {
        Serve([2, 2], nextLink: page => $"<http://127.0.0.2:9/api/models?cursor=p{page}>; rel=\"next\"");

        var e = await Assert.ThrowsAsync<SourceException>(() => Listings.RunAsync([new HubListingSource("hf:?author=org", Options)]));

        Assert.Contains("not on", e.Message);
        Assert.Equal(1, _asked.Values.Sum());
    }

    [Fact]
    public void A_query_key_the_listing_does_not_take_is_refused_before_anything_runs()
    {
        var e = Assert.Throws<SourceException>(() => BatchSources.Open("hf:?author=org&token=x", Options));

        Assert.Contains("'token' is not a listing parameter", e.Message);
    }

    [Fact]
    public async Task A_resumed_listing_starts_at_the_checkpointed_page_and_repeats_no_model()
    {
        var ids = Serve([5, 5, 5]);
        var output = Path.Combine(_dir, "out.jsonl");
        var checkpoint = Checkpoint.PathFor(output);
        var ct = TestContext.Current.CancellationToken;
        using (var sink = JsonLinesSink.Open(output))
        {
            await new BatchRunner(Core.Evaluation.Assessor.CreateDefault(), sink).RunAsync([new HubListingSource("hf:?author=org", Options)],
                new BatchOptions(Jobs: 2, Limit: 7, CheckpointPath: checkpoint), ct);
        }
        var firstRun = _asked.ToDictionary();

        using (var sink = JsonLinesSink.Open(output))
        {
            await new BatchRunner(Core.Evaluation.Assessor.CreateDefault(), sink).RunAsync([new HubListingSource("hf:?author=org", Options)],
                new BatchOptions(Jobs: 2, Resume: true, CheckpointPath: checkpoint), ct);
        }

        Assert.Equal(ids, File.ReadAllLines(output).Select(l => JsonNode.Parse(l)!["listing"]!["id"]!.GetValue<string>()));
        Assert.Equal(firstRun[""], _asked[""]); // the first page was not asked for again
        Assert.Equal(2, _asked["p1"]); // the page holding the 8th model, once in each run
    }
}

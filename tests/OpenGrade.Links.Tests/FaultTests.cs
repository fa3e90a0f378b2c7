using OpenGrade.Sources.Links;
using System.Diagnostics;
using System.Text.Json.Nodes;
using OpenGrade.Core.Inventory;
using OpenGrade.Sources.Hub;

namespace OpenGrade.Links.Tests;

/// <summary>
/// Every fault of the link clients ends in one place with its reason, within its time bound: rate limits
/// (Retry-After, the IETF RateLimit header, GitHub's X-RateLimit-Reset), missing and renamed repositories,
/// malformed answers, slow answers, offline runs, revalidation, hostile names and tokens kept to their hosts.
/// </summary>
public sealed class FaultTests : IAsyncLifetime
{
    private LinkStandIns _s = null!;

    public async ValueTask InitializeAsync() => _s = await LinkStandIns.StartAsync();

    public async ValueTask DisposeAsync() => await _s.DisposeAsync();

    private static LinkTarget GitHub(string id) => new(LinkKind.GitHubRepository, id);

    private static readonly byte[] MitLicense = """{"name":"LICENSE","path":"LICENSE","html_url":"https://github.com/o/r/blob/main/LICENSE","encoding":"base64","content":"TUlUIExpY2Vuc2UK\n","license":{"key":"mit","spdx_id":"MIT","name":"MIT License"}}"""u8.ToArray();

    /// <summary>Answers the first request with a rate limit and the headers given, then the MIT license.</summary>
    private void RateLimitedOnce(string path, int status, params (string Name, string Value)[] headers)
    {
        var calls = 0;
        _s.GitHub.On(path, ctx =>
        {
            if (Interlocked.Increment(ref calls) > 1) return LinkStandIns.Answer(ctx, MitLicense, "application/json");
            ctx.Response.StatusCode = status;
            foreach (var (name, value) in headers) ctx.Response.Headers[name] = value;
            return Task.CompletedTask;
        });
    }

    [Theory]
    [InlineData(429, "Retry-After", "2")]
    [InlineData(429, "RateLimit", "\"api\";r=0;t=2")]
    [InlineData(429, "RateLimit-Reset", "2")]
    public async Task A_rate_limit_is_waited_out_as_the_server_asks_then_the_answer_is_read(int status, string header, string value)
    {
        RateLimitedOnce("/repos/o/r/license", status, (header, value));

        var clock = Stopwatch.StartNew();
        var run = await LinkStandIns.ResolveAsync(_s.Options(retries: 2), GitHub("o/r"));

        Assert.Equal("MIT", run.Places.Single().Licenses.Single().License);
        Assert.Equal(2, _s.GitHub.Count("/repos/o/r/license"));
        // The wait the header asked for, not the default backoff of a few hundred milliseconds.
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.9), $"waited only {clock.Elapsed.TotalSeconds:0.00} s");
    }

    [Fact]
    public async Task GitHubs_primary_rate_limit_403_with_no_requests_left_waits_for_the_reset()
    {
        var reset = DateTimeOffset.UtcNow.AddSeconds(3).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        RateLimitedOnce("/repos/o/r/license", 403, ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", reset));

        var clock = Stopwatch.StartNew();
        var run = await LinkStandIns.ResolveAsync(_s.Options(retries: 2), GitHub("o/r"));

        Assert.Equal("MIT", run.Places.Single().Licenses.Single().License);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.9), $"waited only {clock.Elapsed.TotalSeconds:0.00} s");
    }

    [Fact]
    public async Task A_rate_limit_longer_than_the_cap_is_unavailable_at_once_with_the_reason()
    {
        _s.GitHub.Status("/repos/o/r/license", 429, "Retry-After", "3600");

        var clock = Stopwatch.StartNew();
        var place = (await LinkStandIns.ResolveAsync(_s.Options(retries: 3), GitHub("o/r"))).Places.Single();

        Assert.Equal(LinkOutcome.Unavailable, place.Outcome);
        Assert.Contains("rate limited; it asks to wait 3600 s", place.Detail, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5));
        // Nothing failed is cached: the next run asks again.
        await LinkStandIns.ResolveAsync(_s.Options(), GitHub("o/r"));
        Assert.Equal(2, _s.GitHub.Count("/repos/o/r/license"));
    }

    [Fact]
    public async Task A_license_404_costs_one_request_and_leaves_the_license_unknown_whether_or_not_the_repository_exists()
    {
        // One repository exists without a license file, the other does not exist: GitHub's /license says 404 to both.
        _s.GitHub.Json("/repos/some/repo", new JsonObject { ["full_name"] = "some/repo", ["license"] = null });

        var run = await LinkStandIns.ResolveAsync(_s.Options(), GitHub("nobody/nothing"), GitHub("some/repo"));

        Assert.All(run.Places, place =>
        {
            Assert.Equal(LinkOutcome.Resolved, place.Outcome);
            Assert.Equal(GitHubLinks.NoLicenseFile, place.Detail);
            Assert.Null(Assert.Single(place.Licenses).License);
        });
        Assert.Equal(["/repos/nobody/nothing/license", "/repos/some/repo/license"], _s.GitHub.Received.Select(r => r.PathAndQuery).Order(StringComparer.Ordinal));
        Assert.Equal(2, run.Stats.Requests);
    }

    [Fact]
    public async Task A_renamed_repository_is_followed_through_GitHubs_301_and_reports_its_new_name()
    {
        _s.GitHub.Status("/repos/old-owner/old-name/license", 301, "Location", new Uri(_s.GitHub.Endpoint, "/repositories/42/license").AbsoluteUri);
        _s.GitHub.On("/repositories/42/license", ctx => LinkStandIns.Answer(ctx,
            """{"path":"LICENSE","html_url":"https://github.com/new-owner/new-name/blob/main/LICENSE","encoding":"base64","content":"","license":{"key":"apache-2.0","spdx_id":"Apache-2.0","name":"Apache License 2.0"}}"""u8.ToArray(), "application/json"));

        var place = (await LinkStandIns.ResolveAsync(_s.Options(), GitHub("old-owner/old-name"))).Places.Single();

        Assert.Equal(LinkOutcome.Resolved, place.Outcome);
        Assert.Equal("new-owner/new-name", place.CanonicalId);
        Assert.Equal("https://github.com/new-owner/new-name", place.Url);
        Assert.Equal("Apache-2.0", place.Licenses.Single().License);
    }

    [Fact]
    public async Task A_name_from_an_answer_without_a_redirect_is_not_taken_for_a_rename()
    {
        _s.GitHub.On("/repos/o/r/license", ctx => LinkStandIns.Answer(ctx,
            """{"path":"LICENSE","html_url":"https://github.com/someone/else/blob/main/LICENSE","license":{"key":"mit","spdx_id":"MIT","name":"MIT License"}}"""u8.ToArray(), "application/json"));

        var place = (await LinkStandIns.ResolveAsync(_s.Options(), GitHub("o/r"))).Places.Single();

        Assert.Null(place.CanonicalId);
        Assert.Equal("https://github.com/o/r", place.Url);
    }

    [Theory]
    [InlineData("{\"license\": ")]
    [InlineData("[1, 2]")]
    [InlineData("{\"a\": 1, \"a\": 2}")]
    public async Task A_malformed_JSON_answer_is_unavailable_with_the_reason(string body)
    {
        _s.GitHub.On("/repos/o/r/license", ctx => LinkStandIns.Answer(ctx, System.Text.Encoding.UTF8.GetBytes(body), "application/json"));
        _s.Hub.On("/api/datasets/org/data", ctx => LinkStandIns.Answer(ctx, System.Text.Encoding.UTF8.GetBytes(body), "application/json"));

        var run = await LinkStandIns.ResolveAsync(_s.Options(), GitHub("o/r"), new LinkTarget(LinkKind.HubDataset, "org/data"));

        Assert.All(run.Places, p =>
        {
            Assert.Equal(LinkOutcome.Unavailable, p.Outcome);
            Assert.Matches("not valid JSON|not a JSON object", p.Detail);
        });
    }

    [Fact]
    public async Task A_dataset_whose_card_data_states_no_license_costs_one_request_and_its_card_is_not_read()
    {
        // The card data is the card's front matter: the card itself cannot add a license to it.
        _s.Hub.Json("/api/datasets/org/data", new JsonObject { ["id"] = "org/data", ["cardData"] = new JsonObject { ["pretty_name"] = "Data" } });
        _s.Hub.On("/datasets/org/data/resolve/main/README.md", ctx => LinkStandIns.Answer(ctx, "---\nlicense: mit\n---\n"u8.ToArray(), "text/markdown"));

        var run = await LinkStandIns.ResolveAsync(_s.Options(), new LinkTarget(LinkKind.HubDataset, "org/data"));

        var place = run.Places.Single();
        Assert.Equal(LinkOutcome.Resolved, place.Outcome);
        Assert.Null(Assert.Single(place.Licenses).License);
        Assert.Contains("no license in its card data", place.Detail, StringComparison.Ordinal);
        Assert.Equal(["/api/datasets/org/data"], _s.Hub.Received.Select(r => r.PathAndQuery.Split('?')[0]));
        Assert.Equal(1, run.Stats.Requests);
    }

    [Fact]
    public async Task A_slow_answer_is_unavailable_within_the_time_bound_and_the_others_still_resolve()
    {
        _s.GitHub.Trickle("/repos/slow/repo/license");
        _s.GitHub.On("/repos/o/r/license", ctx => LinkStandIns.Answer(ctx, MitLicense, "application/json"));

        var clock = Stopwatch.StartNew();
        var run = await LinkStandIns.ResolveAsync(_s.Options(timeout: 1), GitHub("slow/repo"), GitHub("o/r"));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed.TotalSeconds:0.0} s");
        var slow = run.Of(LinkKind.GitHubRepository, "slow/repo");
        Assert.Equal(LinkOutcome.Unavailable, slow.Outcome);
        Assert.Contains("no complete answer within 1 s", slow.Detail, StringComparison.Ordinal);
        Assert.Equal(LinkOutcome.Resolved, run.Of(LinkKind.GitHubRepository, "o/r").Outcome);
    }

    [Fact]
    public async Task The_whole_run_ends_within_its_budget_and_says_which_places_it_could_not_reach()
    {
        for (var i = 0; i < 3; i++) _s.GitHub.Trickle($"/repos/slow/r{i}/license");

        var clock = Stopwatch.StartNew();
        var run = await LinkStandIns.ResolveAsync(_s.Options(timeout: 30, budget: 1, perHost: 1), [.. Enumerable.Range(0, 3).Select(i => GitHub($"slow/r{i}"))]);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.All(run.Places, p =>
        {
            Assert.Equal(LinkOutcome.Unavailable, p.Outcome);
            Assert.Contains("link-following budget of 1 s", p.Detail, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_stale_entry_the_service_cannot_confirm_is_used_rather_than_nothing()
    {
        var calls = 0;
        _s.GitHub.On("/repos/o/r/license", ctx =>
        {
            if (Interlocked.Increment(ref calls) == 1) return LinkStandIns.Answer(ctx, MitLicense, "application/json");
            ctx.Response.StatusCode = 503;
            return Task.CompletedTask;
        });
        await LinkStandIns.ResolveAsync(_s.Options(), GitHub("o/r"));

        var place = (await LinkStandIns.ResolveAsync(_s.Options(ttl: TimeSpan.Zero), GitHub("o/r"))).Places.Single();

        Assert.Equal(2, calls);
        Assert.Equal(("MIT", true), (place.Licenses.Single().License, place.FromCache));
    }

    [Fact]
    public async Task Offline_answers_from_the_cache_with_no_request_and_a_place_not_cached_is_unavailable()
    {
        _s.GitHub.On("/repos/o/r/license", ctx => LinkStandIns.Answer(ctx, MitLicense, "application/json"));
        await LinkStandIns.ResolveAsync(_s.Options(), GitHub("o/r"));
        var before = _s.AllReceived.Count;

        var run = await LinkStandIns.ResolveAsync(_s.Options(offline: true, ttl: TimeSpan.Zero), GitHub("o/r"), GitHub("never/seen"),
            new LinkTarget(LinkKind.ArxivPaper, "2601.00001"), new LinkTarget(LinkKind.HubModel, "org/model"));

        Assert.Equal(before, _s.AllReceived.Count);
        Assert.Equal(0, run.Stats.Requests);
        var cached = run.Of(LinkKind.GitHubRepository, "o/r");
        Assert.Equal(("MIT", true), (cached.Licenses.Single().License, cached.FromCache));
        Assert.All(run.Places.Skip(1), p =>
        {
            Assert.Equal(LinkOutcome.Unavailable, p.Outcome);
            Assert.Contains("offline and not in the cache", p.Detail, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_stale_entry_is_revalidated_with_its_ETag_and_a_304_reuses_it()
    {
        _s.GitHub.On("/repos/o/r/license", ctx => LinkStandIns.Answer(ctx, MitLicense, "application/json"));
        await LinkStandIns.ResolveAsync(_s.Options(), GitHub("o/r"));

        var run = await LinkStandIns.ResolveAsync(_s.Options(ttl: TimeSpan.Zero), GitHub("o/r"));

        var place = run.Places.Single();
        Assert.Equal(("MIT", true), (place.Licenses.Single().License, place.FromCache));
        Assert.Equal((1, 1, 0), (run.Stats.Requests, run.Stats.Revalidated, run.Stats.CacheHits));
        var received = _s.GitHub.Received.ToArray();
        Assert.Null(received[0].IfNoneMatch);
        Assert.NotNull(received[1].IfNoneMatch);
        // A fresh entry is used with no request at all.
        var warm = await LinkStandIns.ResolveAsync(_s.Options(), GitHub("o/r"));
        Assert.Equal((0, 1), (warm.Stats.Requests, warm.Stats.CacheHits));
        Assert.Equal(2, _s.GitHub.Received.Count);
    }

    [Theory]
    [InlineData("another-url")]
    [InlineData("garbage")]
    [InlineData("huge-body")]
    public async Task A_cache_entry_for_another_URL_or_a_damaged_one_is_not_used(string damage)
    {
        _s.GitHub.On("/repos/o/r/license", ctx => LinkStandIns.Answer(ctx, MitLicense, "application/json"));
        await LinkStandIns.ResolveAsync(_s.Options(), GitHub("o/r"));
        // One entry, named for the repository, under the cache's links folder.
        var entry = Assert.Single(Directory.GetFiles(Path.Combine(_s.Cache, "links"), "*", SearchOption.AllDirectories));
        Assert.Matches(@"links/github/o__r\.license-[0-9a-f]{16}\.json$", entry.Replace('\\', '/'));
        var json = JsonNode.Parse(File.ReadAllText(entry))!.AsObject();
        switch (damage)
        {
            case "another-url":
                json["url"] = "http://127.0.0.1:1/repos/someone/else/license";
                File.WriteAllText(entry, json.ToJsonString());
                break;
            case "garbage":
                File.WriteAllText(entry, "{not json");
                break;
            default:
                json["body_base64"] = Convert.ToBase64String(new byte[5 << 20]);
                File.WriteAllText(entry, json.ToJsonString());
                break;
        }

        var place = (await LinkStandIns.ResolveAsync(_s.Options(), GitHub("o/r"))).Places.Single();

        Assert.Equal(("MIT", false), (place.Licenses.Single().License, place.FromCache));
        Assert.Equal(2, _s.GitHub.Count("/repos/o/r/license"));
    }

    [Fact]
    public async Task Each_token_goes_only_to_its_own_host_and_nothing_to_arXiv()
    {
        _s.GitHub.On("/repos/o/r/license", ctx => LinkStandIns.Answer(ctx, MitLicense, "application/json"));
        // A redirect from GitHub to another host: the GitHub token must not follow it.
        _s.GitHub.Status("/repos/moved/away/license", 301, "Location", new Uri(_s.Hub.Endpoint, "/elsewhere/license").AbsoluteUri);
        _s.Model("org/model", "mit");
        _s.ServeArxiv(new Dictionary<string, string> { ["2601.00001"] = "cc-by-4.0.xml" });

        await LinkStandIns.ResolveAsync(_s.Options(githubToken: "gh-secret", hubToken: "hf-secret"),
            GitHub("o/r"), GitHub("moved/away"), new LinkTarget(LinkKind.HubModel, "org/model"), new LinkTarget(LinkKind.ArxivPaper, "2601.00001"));

        Assert.Equal(["Bearer gh-secret"], _s.GitHub.Received.Select(r => r.Authorization).Distinct());
        Assert.Equal(["Bearer hf-secret"], _s.Hub.Received.Where(r => r.PathAndQuery.StartsWith("/api/", StringComparison.Ordinal)).Select(r => r.Authorization).Distinct());
        Assert.Contains(_s.Hub.Received, r => r.PathAndQuery == "/elsewhere/license");
        Assert.DoesNotContain(_s.Hub.Received, r => r.Authorization == "Bearer gh-secret");
        Assert.DoesNotContain(_s.Hub.Received, r => r.PathAndQuery == "/elsewhere/license" && r.Authorization is not null);
        Assert.NotEmpty(_s.Arxiv.Received);
        Assert.All(_s.Arxiv.Received, r => Assert.Null(r.Authorization));
    }

    [Theory]
    [InlineData(LinkKind.GitHubRepository, "../../etc/passwd")]
    [InlineData(LinkKind.GitHubRepository, "owner/repo\n")]
    [InlineData(LinkKind.GitHubRepository, "owner/\u001b[2Jrepo")]
    [InlineData(LinkKind.GitHubRepository, "owner/..")]
    [InlineData(LinkKind.GitHubRepository, "-owner/repo")]
    [InlineData(LinkKind.GitHubRepository, "owner/repo/extra")]
    [InlineData(LinkKind.GitHubRepository, "owner/repo?x=1")]
    [InlineData(LinkKind.HubDataset, "../c4")]
    [InlineData(LinkKind.HubDataset, "c4\n")]
    [InlineData(LinkKind.HubModel, "org/model%2F..")]
    [InlineData(LinkKind.HubModel, "org/\u202emodel")]
    public async Task Hostile_names_are_refused_before_any_request_or_file(LinkKind kind, string id)
    {
        var place = (await LinkStandIns.ResolveAsync(_s.Options(), new LinkTarget(kind, id))).Places.Single();

        Assert.Equal(LinkOutcome.Unavailable, place.Outcome);
        Assert.StartsWith("refused before any request", place.Detail, StringComparison.Ordinal);
        Assert.Empty(_s.AllReceived);
        Assert.False(Directory.Exists(Path.Combine(_s.Cache, "links")));
    }

    [Fact]
    public async Task Over_long_names_are_refused_before_any_request()
    {
        var run = await LinkStandIns.ResolveAsync(_s.Options(), GitHub("o/" + new string('r', 101)), GitHub(new string('o', 40) + "/r"),
            new LinkTarget(LinkKind.HubModel, "org/" + new string('m', 97)), new LinkTarget(LinkKind.ArxivPaper, new string('1', 70)));

        Assert.All(run.Places, p => Assert.StartsWith("refused before any request", p.Detail, StringComparison.Ordinal));
        Assert.Empty(_s.AllReceived);
    }

    [Fact]
    public void Hub_names_with_a_trailing_newline_are_not_repo_ids()
    {
        // .NET's '$' also matches before a final newline: the Hub's id rule must not.
        Assert.False(HubNames.IsRepoId("org/name\n"));
        Assert.False(HubNames.IsCommit(new string('a', 40) + "\n"));
        Assert.True(HubNames.IsRepoId("org/name"));
    }

    [Fact]
    public async Task With_following_off_nothing_is_asked_and_every_link_says_why()
    {
        var run = await LinkStandIns.ResolveAsync(_s.Options(follow: false), GitHub("o/r"), new LinkTarget(LinkKind.HubModel, "org/m"));

        Assert.All(run.Places, p =>
        {
            Assert.Equal(LinkOutcome.NotFollowed, p.Outcome);
            Assert.Contains("--no-follow", p.Detail, StringComparison.Ordinal);
        });
        Assert.Empty(_s.AllReceived);
    }

    [Fact]
    public async Task Requests_to_one_host_are_limited_to_the_per_host_concurrency()
    {
        var inFlight = 0;
        var most = 0;
        _s.GitHub.OnPrefix("/repos/", async ctx =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref most, now);
            await Task.Delay(150, ctx.RequestAborted);
            Interlocked.Decrement(ref inFlight);
            await LinkStandIns.Answer(ctx, MitLicense, "application/json");
        });

        var run = await LinkStandIns.ResolveAsync(_s.Options(perHost: 1), [.. Enumerable.Range(0, 4).Select(i => GitHub($"o/r{i}"))]);

        Assert.All(run.Places, p => Assert.Equal(LinkOutcome.Resolved, p.Outcome));
        Assert.Equal(1, most);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}

using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using OpenGrade.Sources.Hub;

namespace OpenGrade.Hostile.Tests.Hub;

/// <summary>
/// A hostile or broken Hub mirror (any --endpoint / HF_ENDPOINT, or a man in the middle on http):
/// what it answers may not write or delete outside the cache, hang the program, or poison the cache.
/// Issue 9, defects 1, 2, 4, 6, 7, 12 (Hub side) and 13 (non-string id).
/// </summary>
public sealed class HubMirrorTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly string _root = Directory.CreateTempSubdirectory("og-hostile-hub-").FullName;
    private HostileHub _hub = null!;

    private string Cache => Path.Combine(_root, "cache");

    private string Outside => Path.Combine(_root, "outside");

    public async ValueTask InitializeAsync()
    {
        _hub = await HostileHub.StartAsync();
        Directory.CreateDirectory(Outside);
    }

    public async ValueTask DisposeAsync()
    {
        await _hub.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    private HubOptions Options(double timeout = 5, int retries = 0, bool offline = false, double? maxWait = null, double? deadline = null, Uri? endpoint = null) =>
        new(endpoint ?? _hub.Endpoint, null, Cache, offline, TimeSpan.FromSeconds(timeout), retries,
            RetryWaitCap: maxWait is { } w ? TimeSpan.FromSeconds(w) : null, RequestDeadline: deadline is { } d ? TimeSpan.FromSeconds(d) : null);

    private static async Task<HubSnapshot> Fetch(string target, HubOptions options)
    {
        using var client = new HubClient(options);
        return await new HubSnapshotFetcher(options, client).FetchAsync(HubReference.Parse(target), TestContext.Current.CancellationToken)
            .WaitAsync(Bound, TestContext.Current.CancellationToken);
    }

    private string[] FilesOutsideTheCache() =>
        [.. Directory.GetFiles(_root, "*", SearchOption.AllDirectories).Where(f => !f.StartsWith(Cache + Path.DirectorySeparatorChar, StringComparison.Ordinal))];

    [Fact]
    public async Task Defect1_sibling_names_that_escape_the_snapshot_are_refused_and_nothing_is_written_outside()
    {
        var absolute = Path.Combine(Outside, "abs.py");
        _hub.Model("evil/model", [absolute, "../up.py", "../../up2.py", "a/../../b.py", "C:/drive.py", "a\\..\\back.py", "sub/\u001b[2J.py", "./dot.py", "a//b.py", "README.md"]);

        var snapshot = await Fetch("hf:evil/model", Options());

        Assert.Empty(FilesOutsideTheCache());
        Assert.True(File.Exists(Path.Combine(snapshot.Directory, "README.md")));
        Assert.Contains(snapshot.Skipped, s => s.StartsWith("9 file name(s) in the Hub's listing refused as unsafe", StringComparison.Ordinal));
        var listed = JsonNode.Parse(File.ReadAllText(Path.Combine(snapshot.Directory, "siblings.json")))!["siblings"]!.AsArray();
        Assert.Equal(["README.md"], listed.Select(s => s!["rfilename"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Defect2_a_model_id_that_climbs_out_of_the_cache_is_refused_and_deletes_nothing()
    {
        var victim = Path.Combine(Outside, "x", "snapshots", HostileHub.Sha);
        Directory.CreateDirectory(victim);
        File.WriteAllText(Path.Combine(victim, "keep.txt"), "precious");
        _hub.Model("evil/model", ["README.md"], id: "../../../outside/x");

        var e = await Assert.ThrowsAsync<HubException>(() => Fetch("hf:evil/model", Options()));

        Assert.Equal(HubFailure.Refused, e.Failure);
        Assert.True(File.Exists(Path.Combine(victim, "keep.txt")));
        Assert.Equal([Path.Combine(victim, "keep.txt")], FilesOutsideTheCache());
    }

    [Fact]
    public async Task Defect2_an_answer_for_another_repo_without_a_redirect_is_refused()
    {
        _hub.Model("evil/model", ["README.md"], id: "meta-llama/Llama-3.1-8B");

        var e = await Assert.ThrowsAsync<HubException>(() => Fetch("hf:evil/model", Options()));

        Assert.Equal(HubFailure.Refused, e.Failure);
        Assert.Contains("another repo", e.Message);
        Assert.False(Directory.Exists(Path.Combine(Cache, "hub-mirrors")) && Directory.GetDirectories(Cache, "Llama-3.1-8B", SearchOption.AllDirectories).Length > 0);
    }

    [Fact]
    public async Task A_renamed_repo_reached_by_redirect_keeps_its_new_id()
    {
        _hub.Status("/api/models/old-name", 307, "Location", "/api/models/org/new-name");
        _hub.Model("org/new-name", ["README.md"]);

        var snapshot = await Fetch("hf:old-name", Options());

        Assert.Equal("org/new-name", snapshot.CanonicalId);
    }

    [Theory]
    [InlineData("42")]
    [InlineData("{\"a\":1}")]
    [InlineData("[\"evil/model\"]")]
    public async Task Defect13_a_model_id_that_is_not_a_string_is_one_clear_error(string id)
    {
        _hub.On("/api/models/evil/model", ctx => HostileHub.WriteJson(ctx, $$"""{"id": {{id}}, "sha": "{{HostileHub.Sha}}", "siblings": []}"""));

        var e = await Assert.ThrowsAsync<HubException>(() => Fetch("hf:evil/model", Options()));

        Assert.Equal(HubFailure.Refused, e.Failure);
        Assert.StartsWith("hf:evil/model: ", e.Message);
    }

    [Theory]
    [InlineData("../../../../tmp/x")]
    [InlineData("")]
    [InlineData("0123")]
    public async Task A_commit_that_is_not_a_commit_id_is_refused(string sha)
    {
        _hub.Json("/api/models/evil/model", new JsonObject { ["id"] = "evil/model", ["sha"] = sha, ["siblings"] = new JsonArray() });

        var e = await Assert.ThrowsAsync<HubException>(() => Fetch("hf:evil/model", Options()));

        Assert.Equal(HubFailure.Refused, e.Failure);
    }

    [Fact]
    public async Task Defect6_a_Hub_that_trickles_its_body_is_cut_off_by_the_attempt_timeout()
    {
        _hub.Trickle("/api/models/slow/model");
        var clock = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<HubException>(() => Fetch("hf:slow/model", Options(timeout: 1, retries: 0)));

        Assert.Equal(HubFailure.TimedOut, e.Failure);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Theory]
    [InlineData("999999")]
    [InlineData("Fri, 31 Dec 9999 23:59:59 GMT")]
    [InlineData("Wed, 21 Oct 2099 07:28:00 GMT")]
    public async Task Defect7_a_Retry_After_beyond_the_cap_fails_at_once_with_the_reason(string retryAfter)
    {
        _hub.Status("/api/models/busy/model", 429, "Retry-After", retryAfter);
        var clock = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<HubException>(() => Fetch("hf:busy/model", Options(retries: 3, maxWait: 60)));

        Assert.Equal(HubFailure.RateLimited, e.Failure);
        Assert.Contains("asks to wait", e.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal(1, _hub.Count("/api/models/busy/model"));
    }

    [Fact]
    public async Task Defect7_waits_count_against_the_request_deadline()
    {
        _hub.Status("/api/models/busy/model", 503, "Retry-After", "1");
        var clock = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<HubException>(() => Fetch("hf:busy/model", Options(retries: 10, deadline: 2.5)));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.True(_hub.Count("/api/models/busy/model") is >= 2 and <= 4, $"{_hub.Count("/api/models/busy/model")} attempts");
        Assert.Contains("busy/model", e.Message);
    }

    [Fact]
    public async Task Defect12_model_info_of_a_repo_with_forty_thousand_files_is_fetched_whole()
    {
        var names = Enumerable.Range(0, 40_000).Select(i => $"shards/part-{i:D6}-of-040000.parquet").Append("README.md").ToList();
        _hub.Model("big/model", names);

        var snapshot = await Fetch("hf:big/model", Options());

        Assert.True(new FileInfo(Path.Combine(snapshot.Directory, "api_model.json")).Length > 2 << 20);
        var listed = JsonNode.Parse(File.ReadAllText(Path.Combine(snapshot.Directory, "siblings.json")))!["siblings"]!.AsArray();
        Assert.Equal(40_001, listed.Count);
    }

    [Fact]
    public async Task A_listing_with_thousands_of_code_files_fetches_a_bounded_number()
    {
        _hub.Model("many/model", Enumerable.Range(0, 1000).Select(i => $"m{i:D4}.py"));

        var snapshot = await Fetch("hf:many/model", Options());

        Assert.Equal(HubSnapshotFetcher.MaxFetchedFiles, _hub.Count("/many/model/resolve/"));
        Assert.Contains(snapshot.Skipped, s => s.Contains("more than 200 to fetch", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_redirect_to_a_non_http_address_is_refused()
    {
        _hub.Status("/api/models/evil/model", 302, "Location", "file:///etc/passwd");

        var e = await Assert.ThrowsAsync<HubException>(() => Fetch("hf:evil/model", Options()));

        Assert.Contains("non-HTTP", e.Message);
    }

    [Fact]
    public async Task Defect4_eight_concurrent_fetches_of_one_repo_share_the_cache_without_errors()
    {
        var body = "print('the same for everyone')\n";
        _hub.Model("shared/model", ["README.md", "LICENSE", "modeling.py", "train.py"], fileBody: body, fileDelay: TimeSpan.FromMilliseconds(50));

        var fetches = Enumerable.Range(0, 8).Select(_ => Task.Run(() => Fetch("hf:shared/model", Options()), TestContext.Current.CancellationToken)).ToList();
        var snapshots = await Task.WhenAll(fetches);

        Assert.Single(snapshots.Select(s => s.Directory).Distinct());
        foreach (var name in new[] { "README.md", "LICENSE", "modeling.py", "train.py" })
        {
            Assert.Equal(body, File.ReadAllText(Path.Combine(snapshots[0].Directory, name)));
        }
        // The lock made the others wait and read the cache: each file was fetched once.
        Assert.Equal(4, _hub.Count("/shared/model/resolve/"));
        Assert.Empty(Directory.GetDirectories(Path.GetDirectoryName(snapshots[0].Directory)!, ".*"));
    }

    [Fact]
    public async Task Defect4_a_damaged_snapshot_is_not_trusted_offline_and_is_fetched_again_online()
    {
        _hub.Model("shared/model", ["README.md", "LICENSE"], fileBody: "text\n");
        var first = await Fetch("hf:shared/model", Options());
        File.WriteAllText(Path.Combine(first.Directory, "LICENSE"), "tampered");

        var offline = await Assert.ThrowsAsync<HubException>(() => Fetch("hf:shared/model", Options(offline: true)));
        Assert.Equal(HubFailure.NotCached, offline.Failure);
        Assert.Contains("damaged", offline.Message);

        var again = await Fetch("hf:shared/model", Options());
        Assert.False(again.FromCache);
        Assert.Equal("text\n", File.ReadAllText(Path.Combine(again.Directory, "LICENSE")));
    }

    [Fact]
    public async Task Defect4_a_snapshot_whose_files_went_missing_is_fetched_again()
    {
        _hub.Model("shared/model", ["README.md", "LICENSE"], fileBody: "text\n");
        var first = await Fetch("hf:shared/model", Options());
        File.Delete(Path.Combine(first.Directory, "README.md"));

        var again = await Fetch("hf:shared/model", Options());

        Assert.False(again.FromCache);
        Assert.True(File.Exists(Path.Combine(again.Directory, "README.md")));
    }

    [Fact]
    public async Task Defect4_partial_folders_left_by_dead_processes_are_cleaned()
    {
        _hub.Model("shared/model", ["README.md"]);
        var first = await Fetch("hf:shared/model", Options());
        var snapshots = Path.GetDirectoryName(first.Directory)!;
        var stale = Path.Combine(snapshots, $".partial-{HostileHub.Sha}-999999999-deadbeef0000");
        var live = Path.Combine(snapshots, $".partial-{HostileHub.Sha}-{Environment.ProcessId}-cafe00000000");
        Directory.CreateDirectory(stale);
        Directory.CreateDirectory(live);

        await Fetch("hf:shared/model", Options());

        Assert.False(Directory.Exists(stale));
        Assert.True(Directory.Exists(live), "a partial folder of a running process was removed");
    }

    [Fact]
    public async Task A_mirror_cannot_fill_the_cache_another_endpoint_reads()
    {
        _hub.Model("org/model", ["README.md"], fileBody: "forged by the mirror\n");
        await Fetch("hf:org/model", Options());
        await using var honest = await HostileHub.StartAsync();
        honest.Model("org/model", ["README.md"], fileBody: "the real card\n");

        var real = await Fetch("hf:org/model", Options(endpoint: honest.Endpoint));

        Assert.Equal("the real card\n", File.ReadAllText(Path.Combine(real.Directory, "README.md")));
    }

    [Fact]
    public async Task Datasets_whose_ids_differ_only_by_a_slash_keep_two_files_and_the_snapshot_stays_valid()
    {
        _hub.Json("/api/models/org/model", new JsonObject
        {
            ["id"] = "org/model",
            ["sha"] = HostileHub.Sha,
            ["siblings"] = new JsonArray(new JsonObject { ["rfilename"] = "README.md" }),
            ["cardData"] = new JsonObject { ["datasets"] = new JsonArray("x/y", "x_y") },
        });
        _hub.Json("/api/datasets/x/y", new JsonObject { ["id"] = "x/y" });
        _hub.Json("/api/datasets/x_y", new JsonObject { ["id"] = "x_y" });

        var online = await Fetch("hf:org/model", Options());
        var offline = await Fetch("hf:org/model", Options(offline: true));

        Assert.Equal(2, Directory.GetFiles(Path.Combine(online.Directory, ".hub", "datasets")).Length);
        Assert.Equal(online.Directory, offline.Directory);
    }

    [Fact]
    public async Task A_listing_naming_both_a_file_and_a_folder_of_that_name_skips_one_instead_of_failing()
    {
        _hub.Model("org/model", ["a.py/b.py", "a.py", "README.md"]);

        var snapshot = await Fetch("hf:org/model", Options());

        Assert.Contains(snapshot.Skipped, s => s.Contains("cannot be stored", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_huge_refused_file_name_does_not_swell_the_manifest_past_what_can_be_read_back()
    {
        _hub.Model("org/model", [new string('<', 3 << 20), "README.md"]);

        var online = await Fetch("hf:org/model", Options());
        var offline = await Fetch("hf:org/model", Options(offline: true));

        Assert.True(new FileInfo(Path.Combine(online.Directory, HubCache.ManifestName)).Length < 64 * 1024);
        Assert.True(offline.FromCache);
    }

    [Fact]
    public void Two_mirrors_on_one_host_under_different_paths_keep_separate_caches()
    {
        var a = new HubCache(new HubOptions(new Uri("http://127.0.0.1:8080/a/"), null, Cache));
        var b = new HubCache(new HubOptions(new Uri("http://127.0.0.1:8080/b/"), null, Cache));
        var hub = new HubCache(new HubOptions(HubOptions.DefaultEndpoint, null, Cache));

        Assert.NotEqual(a.Root, b.Root);
        Assert.Equal(Path.Combine(Cache, "hub"), hub.Root);
    }
}

using System.Diagnostics;
using OpenGrade.Sources.Hub;
using OpenGrade.Testing;

namespace OpenGrade.Cli.Tests.Hub;

/// <summary>The Hub adapter against the fake Hub: fetching, caching and every fault case.</summary>
public sealed class HubFetcherTests : IAsyncLifetime
{
    private readonly string _cache = Directory.CreateTempSubdirectory("opengrade-hub-").FullName;
    private FakeHub _hub = null!;

    public async ValueTask InitializeAsync() => _hub = await FakeHub.StartAsync(SharedCorpus.PathTo("corpus", "hf"));

    public async ValueTask DisposeAsync()
    {
        await _hub.DisposeAsync();
        Directory.Delete(_cache, recursive: true);
    }

    private HubOptions Options(string? token = null, bool offline = false, double timeoutSeconds = 5, int retries = 2) =>
        new(_hub.Endpoint, token, _cache, offline, TimeSpan.FromSeconds(timeoutSeconds), retries);

    private async Task<HubSnapshot> Fetch(string target, HubOptions? options = null)
    {
        var o = options ?? Options();
        using var client = new HubClient(o);
        return await new HubSnapshotFetcher(o, client).FetchAsync(HubReference.Parse(target), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Fetches_model_info_listing_and_small_files_into_a_snapshot_folder()
    {
        var s = await Fetch("hf:meta-llama/Llama-3.1-8B-Instruct");

        Assert.Equal("0e9e39f249a16976918f6564b8830bc894c89659", s.Commit);
        foreach (var f in new[] { "api_model.json", "siblings.json", "README.md", "LICENSE", "USE_POLICY.md" })
        {
            Assert.True(File.Exists(Path.Combine(s.Directory, f)), $"{f} was not fetched");
        }
        Assert.DoesNotContain(Directory.GetFiles(s.Directory), f => f.EndsWith(".safetensors"));
        Assert.Equal(0, _hub.Count("/meta-llama/Llama-3.1-8B-Instruct/resolve/0e9e39f249a16976918f6564b8830bc894c89659/model-"));
    }

    [Fact]
    public async Task A_renamed_repo_is_followed_and_reported_under_its_new_id()
    {
        var s = await Fetch("hf:t5-small");

        Assert.Equal("google-t5/t5-small", s.CanonicalId);
        Assert.Equal(1, _hub.CountExact("/api/models/t5-small"));
        Assert.Equal(1, _hub.CountExact("/api/models/google-t5/t5-small"));
    }

    [Fact]
    public async Task Second_fetch_of_the_same_commit_comes_from_the_cache()
    {
        await Fetch("hf:EleutherAI/pythia-12b-deduped");
        var before = _hub.Count("/EleutherAI/pythia-12b-deduped/resolve/");
        var again = await Fetch("hf:EleutherAI/pythia-12b-deduped");

        Assert.True(again.FromCache);
        Assert.Equal(before, _hub.Count("/EleutherAI/pythia-12b-deduped/resolve/"));
    }

    [Fact]
    public async Task Offline_answers_from_the_cache_without_a_request()
    {
        await Fetch("hf:EleutherAI/pythia-12b-deduped");
        var requests = _hub.Requests.Count;
        var offline = await Fetch("hf:EleutherAI/pythia-12b-deduped", Options(offline: true));

        Assert.True(offline.FromCache);
        Assert.Equal(requests, _hub.Requests.Count);
    }

    [Fact]
    public async Task Offline_without_a_cache_is_a_clear_error()
    {
        var e = await Assert.ThrowsAsync<HubException>(() => Fetch("hf:EleutherAI/pythia-12b-deduped", Options(offline: true)));

        Assert.Equal(HubFailure.NotCached, e.Failure);
        Assert.Empty(_hub.Requests);
    }

    [Fact]
    public async Task Server_errors_are_retried_until_success()
    {
        _hub.FailNext("/api/models/google/flan-t5-large", 500, times: 2);

        var s = await Fetch("hf:google/flan-t5-large");

        Assert.Equal("google/flan-t5-large", s.CanonicalId);
        Assert.Equal(3, _hub.CountExact("/api/models/google/flan-t5-large"));
    }

    [Fact]
    public async Task Too_many_requests_waits_for_Retry_After()
    {
        _hub.FailNext("/api/models/google/flan-t5-xxl", 429, times: 1, retryAfter: "1");
        var clock = Stopwatch.StartNew();

        await Fetch("hf:google/flan-t5-xxl");

        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"retried after {clock.Elapsed.TotalSeconds:0.00} s");
    }

    [Fact]
    public async Task A_response_slower_than_the_timeout_fails_after_the_retries()
    {
        _hub.Delay("/api/models/google/flan-t5-xxl", TimeSpan.FromSeconds(5));

        var e = await Assert.ThrowsAsync<HubException>(() => Fetch("hf:google/flan-t5-xxl", Options(timeoutSeconds: 0.3, retries: 1)));

        Assert.Equal(HubFailure.TimedOut, e.Failure);
        Assert.Equal(2, _hub.CountExact("/api/models/google/flan-t5-xxl"));
    }

    [Fact]
    public async Task Missing_repo_is_not_found()
    {
        var e = await Assert.ThrowsAsync<HubException>(() => Fetch("hf:nobody/nothing"));

        Assert.Equal(HubFailure.NotFound, e.Failure);
        Assert.Contains("hf:nobody/nothing", e.Message);
    }

    [Theory]
    [InlineData(401, HubFailure.AccessDenied)]
    [InlineData(403, HubFailure.Gated)]
    public async Task Private_or_gated_model_info_is_explained(int status, HubFailure failure)
    {
        _hub.FailNext("/api/models/google/flan-t5-large", status, times: 1);

        var e = await Assert.ThrowsAsync<HubException>(() => Fetch("hf:google/flan-t5-large"));

        Assert.Equal(failure, e.Failure);
        Assert.Contains("HF_TOKEN", e.Message);
    }

    [Theory]
    [InlineData(null, "401")]
    [InlineData("not-approved", "403")]
    public async Task Gated_files_are_skipped_with_the_reason(string? token, string _)
    {
        _hub.Gate("meta-llama/Llama-3.1-8B-Instruct", approvedToken: "approved");

        var s = await Fetch("hf:meta-llama/Llama-3.1-8B-Instruct", Options(token: token));

        Assert.False(File.Exists(Path.Combine(s.Directory, "LICENSE")));
        Assert.Contains(s.Skipped, m => m.StartsWith("LICENSE:") && m.Contains("restricted"));
    }

    [Fact]
    public async Task An_approved_token_reads_gated_files()
    {
        _hub.Gate("meta-llama/Llama-3.1-8B-Instruct", approvedToken: "approved");

        var s = await Fetch("hf:meta-llama/Llama-3.1-8B-Instruct", Options(token: "approved"));

        Assert.True(File.Exists(Path.Combine(s.Directory, "LICENSE")));
    }

    [Fact]
    public async Task The_token_goes_only_to_the_configured_endpoint()
    {
        await using var other = await FakeHub.StartAsync(SharedCorpus.PathTo("corpus", "hf"));
        _hub.Redirect("/api/models/google/flan-t5-large", new Uri(other.Endpoint, "/api/models/google/flan-t5-large").ToString());

        await Fetch("hf:google/flan-t5-large", Options(token: "secret-token"));

        Assert.Contains(_hub.Requests, r => r.Authorization == "Bearer secret-token");
        Assert.All(other.Requests, r => Assert.Null(r.Authorization));
        Assert.NotEmpty(other.Requests);
    }

    [Theory]
    [InlineData("hf:")]
    [InlineData("hf:a/b/c")]
    [InlineData("hf:org/name@")]
    [InlineData("hf:../etc")]
    public void Bad_references_are_refused(string target) => Assert.Throws<FormatException>(() => HubReference.Parse(target));
}

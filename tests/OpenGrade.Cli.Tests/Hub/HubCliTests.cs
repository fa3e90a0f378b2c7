using System.Text.Json;
using OpenGrade.Testing;

namespace OpenGrade.Cli.Tests.Hub;

/// <summary><c>opengrade assess hf:…</c> end to end against the fake Hub: success, agreement with the folder, and every fault.</summary>
public sealed class HubCliTests : IAsyncLifetime
{
    private readonly string _cache = Directory.CreateTempSubdirectory("opengrade-hubcli-").FullName;
    private FakeHub _hub = null!;

    public async ValueTask InitializeAsync() => _hub = await FakeHub.StartAsync(SharedCorpus.PathTo("corpus", "hf"));

    public async ValueTask DisposeAsync()
    {
        await _hub.DisposeAsync();
        Directory.Delete(_cache, recursive: true);
    }

    private CliResult Assess(string target, params string[] extra) =>
        CliRunner.Run(["assess", target, "--endpoint", _hub.Endpoint.ToString(), "--cache-dir", _cache, "--timeout", "5", .. extra]);

    private static JsonElement Json(CliResult r) => JsonDocument.Parse(r.Stdout).RootElement;

    /// <summary>The report without the target name, which differs between a Hub id and a folder path.</summary>
    private static string Judgement(JsonElement e)
    {
        var o = System.Text.Json.Nodes.JsonNode.Parse(e.GetRawText())!.AsObject();
        o.Remove("target");
        o.Remove("inventory");
        return o.ToJsonString();
    }

    /// <summary>Every judgement: classes, progress, each component's status and license, OSAID, EU AI Act and flag kinds.</summary>
    private static string Verdicts(JsonElement e)
    {
        var parts = new List<string>();
        foreach (var mof in new[] { "mof", "mof_recognised" })
        {
            var m = e.GetProperty(mof);
            parts.Add($"{mof}:{m.GetProperty("class")}:{m.GetProperty("progress").GetRawText()}");
            parts.AddRange(m.GetProperty("components").EnumerateArray()
                .Select(c => $"{c.GetProperty("name")}={c.GetProperty("status")}/{c.GetProperty("license")}"));
        }
        parts.Add($"osaid:{e.GetProperty("osaid").GetProperty("verdict")}");
        parts.Add($"eu:{e.GetProperty("eu_ai_act").GetProperty("verdict")}");
        parts.AddRange(e.GetProperty("flags").EnumerateArray().Select(f => $"flag:{f.GetProperty("kind")}"));
        return string.Join("\n", parts);
    }

    [Fact]
    public void Pythia_from_the_Hub_agrees_with_the_same_snapshot_folder()
    {
        var hub = Assess("hf:EleutherAI/pythia-12b-deduped", "--format", "json");
        Assert.True(hub.ExitCode == 0, hub.Stderr);
        var snapshot = CachedSnapshots.Single(_cache, "EleutherAI/pythia-12b-deduped");
        var folder = CliRunner.Run("assess", snapshot, "--format", "json");

        Assert.Equal(0, folder.ExitCode);
        Assert.Equal(Judgement(Json(folder)), Judgement(Json(hub)));
        // …and with the corpus folder the fake Hub serves, as a user's downloaded snapshot.
        // Evidence links differ only in pinning: the Hub snapshot knows its commit, the folder says "main".
        var corpus = CliRunner.Run("assess", SharedCorpus.PathTo("corpus", "hf", "models", "EleutherAI__pythia-12b-deduped"), "--format", "json");
        Assert.Equal(Verdicts(Json(corpus)), Verdicts(Json(hub)));
        Assert.Equal("hf:EleutherAI/pythia-12b-deduped", Json(hub).GetProperty("target").GetString());
        Assert.Contains("fetching", hub.Stderr);
    }

    [Fact]
    public void Text_report_of_a_Hub_model_names_it()
    {
        var r = Assess("hf:meta-llama/Llama-3.1-8B-Instruct");

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Llama", r.Stdout);
        Assert.Contains("MOF 1.0", r.Stdout);
    }

    [Fact]
    public void A_renamed_repo_is_followed()
    {
        var r = Assess("hf:t5-small", "--format", "json");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(1, _hub.CountExact("/api/models/google-t5/t5-small"));
    }

    [Fact]
    public void Missing_repo_exits_2_with_one_line()
    {
        var r = Assess("hf:nobody/nothing");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("opengrade: hf:nobody/nothing: not found on the Hub", r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);
    }

    [Theory]
    [InlineData(401, "set HF_TOKEN")]
    [InlineData(403, "gated")]
    public void Gated_or_private_model_info_exits_2_with_advice(int status, string advice)
    {
        _hub.FailNext("/api/models/google/flan-t5-large", status);

        var r = Assess("hf:google/flan-t5-large");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains(advice, r.Stderr);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-token")]
    public void Gated_files_are_skipped_with_a_warning_and_the_rest_is_assessed(string? token)
    {
        _hub.Gate("meta-llama/Llama-3.1-8B-Instruct", approvedToken: "approved");

        var r = token is null ? Assess("hf:meta-llama/Llama-3.1-8B-Instruct") : Assess("hf:meta-llama/Llama-3.1-8B-Instruct", "--token", token);

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("warning: skipped LICENSE", r.Stderr);
        Assert.Contains("restricted", r.Stderr);
        if (token is not null) Assert.DoesNotContain(token, r.Stdout + r.Stderr);
    }

    [Fact]
    public void Rate_limit_with_Retry_After_is_waited_out()
    {
        _hub.FailNext("/api/models/google/flan-t5-xxl", 429, retryAfter: "1");

        var r = Assess("hf:google/flan-t5-xxl", "--format", "json");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(2, _hub.CountExact("/api/models/google/flan-t5-xxl"));
    }

    [Fact]
    public void Server_error_then_success()
    {
        _hub.FailNext("/api/models/google/flan-t5-large", 500, times: 2);

        var r = Assess("hf:google/flan-t5-large", "--format", "json");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(3, _hub.CountExact("/api/models/google/flan-t5-large"));
    }

    [Fact]
    public void A_Hub_slower_than_the_timeout_exits_2()
    {
        _hub.Delay("/api/models/google/flan-t5-xxl", TimeSpan.FromSeconds(10));

        var r = CliRunner.Run("assess", "hf:google/flan-t5-xxl", "--endpoint", _hub.Endpoint.ToString(), "--cache-dir", _cache, "--timeout", "0.5", "--retries", "1");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("did not answer within 0.5 s (2 attempts)", r.Stderr);
    }

    [Fact]
    public void Second_run_reads_files_from_the_cache_and_offline_needs_no_Hub()
    {
        Assert.Equal(0, Assess("hf:EleutherAI/pythia-12b-deduped").ExitCode);
        var files = _hub.Count("/EleutherAI/pythia-12b-deduped/resolve/");

        Assert.Equal(0, Assess("hf:EleutherAI/pythia-12b-deduped").ExitCode);
        Assert.Equal(files, _hub.Count("/EleutherAI/pythia-12b-deduped/resolve/"));

        var requests = _hub.Requests.Count;
        // The cache keeps each endpoint's answers apart: offline reads those of the endpoint named.
        var offline = CliRunner.Run("assess", "hf:EleutherAI/pythia-12b-deduped", "--offline", "--cache-dir", _cache, "--endpoint", _hub.Endpoint.ToString());
        Assert.Equal(0, offline.ExitCode);
        Assert.Equal(requests, _hub.Requests.Count);
    }

    [Fact]
    public void Offline_without_a_cache_exits_2()
    {
        var r = CliRunner.Run("assess", "hf:EleutherAI/pythia-12b-deduped", "--offline", "--cache-dir", _cache);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("is not in the cache", r.Stderr);
    }

    [Fact]
    public async Task The_token_goes_to_the_endpoint_only_and_is_never_printed()
    {
        await using var other = await FakeHub.StartAsync(SharedCorpus.PathTo("corpus", "hf"));
        {
            _hub.Redirect("/api/models/google/flan-t5-large", new Uri(other.Endpoint, "/api/models/google/flan-t5-large").ToString());
            // The token and the endpoint configured together, as a user of a private Hub would.
            var r = CliRunner.RunIn(SharedCorpus.RepoRoot, new Dictionary<string, string> { ["HF_TOKEN"] = "hf_secret_value", ["HF_ENDPOINT"] = _hub.Endpoint.ToString() },
                "assess", "hf:google/flan-t5-large", "--cache-dir", _cache, "--format", "json");

            Assert.Equal(0, r.ExitCode);
            Assert.Contains(_hub.Requests, q => q.Authorization == "Bearer hf_secret_value");
            Assert.NotEmpty(other.Requests);
            Assert.All(other.Requests, q => Assert.Null(q.Authorization));
            Assert.DoesNotContain("hf_secret_value", r.Stdout + r.Stderr);
        }
    }

    [Fact]
    public void Check_reads_Hub_targets_too()
    {
        var policy = Path.Combine(SharedCorpus.RepoRoot, "examples", "policies", "permissive-only.yaml");
        var r = CliRunner.Run("check", "hf:meta-llama/Llama-3.1-8B-Instruct", "--policy", policy, "--endpoint", _hub.Endpoint.ToString(), "--cache-dir", _cache);

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("FAIL hf:meta-llama/Llama-3.1-8B-Instruct", r.Stdout);
    }

    [Fact]
    public void A_bad_endpoint_is_a_usage_error()
    {
        var r = CliRunner.Run("assess", "hf:a/b", "--endpoint", "ftp://example");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--endpoint", r.Stderr);
    }
}

using System.Diagnostics;

namespace OpenGrade.Hostile.Tests.Hub;

/// <summary>The CLI against a hostile mirror, as a user runs it: one line, exit 2, bounded time, a clean terminal.</summary>
public sealed class HubCliHostileTests : IAsyncLifetime
{
    private const string Card = "---\nlicense: apache-2.0\n---\n# A model\n\nWeights under Apache-2.0.\n";
    private readonly string _cache = Directory.CreateTempSubdirectory("og-hostile-cli-").FullName;
    private HostileHub _hub = null!;

    public async ValueTask InitializeAsync() => _hub = await HostileHub.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _hub.DisposeAsync();
        Directory.Delete(_cache, recursive: true);
    }

    private CliResult Assess(string target, params string[] more) =>
        CliRunner.Run(["assess", target, "--endpoint", _hub.Endpoint.ToString(), "--cache-dir", _cache, .. more]);

    [Theory]
    [InlineData("--timeout", "NaN")]
    [InlineData("--timeout", "-1")]
    [InlineData("--timeout", "Infinity")]
    [InlineData("--max-wait", "NaN")]
    [InlineData("--max-wait", "-5")]
    [InlineData("--timeout", "0.0000001")]
    [InlineData("--deadline", "0")]
    public void Defect13_absurd_time_options_are_one_line_naming_the_option(string option, string value)
    {
        var r = CliRunner.Run("assess", "hf:org/model", "--cache-dir", _cache, option, value);

        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(option, line);
    }

    [Fact]
    public void The_environment_token_is_not_sent_to_a_one_off_endpoint()
    {
        _hub.Model("org/model", ["README.md"], fileBody: Card);

        var r = CliRunner.RunIn(SharedCorpus.RepoRoot, new Dictionary<string, string> { ["HF_TOKEN"] = "hf_meant_for_the_hub" },
            "assess", "hf:org/model", "--endpoint", _hub.Endpoint.ToString(), "--cache-dir", _cache);

        Assert.Equal(0, r.ExitCode);
        Assert.Empty(_hub.Authorizations);
    }

    [Fact]
    public void An_endpoint_with_credentials_in_it_is_refused_without_echoing_them()
    {
        var r = CliRunner.Run("assess", "hf:org/model", "--cache-dir", _cache, "--endpoint", "http://user:s3cret@127.0.0.1:9/");

        Assert.Equal(2, r.ExitCode);
        Assert.DoesNotContain("s3cret", r.Stderr.Replace("--endpoint 'http://user:s3cret@127.0.0.1:9/'", ""));
    }

    [Fact]
    public void The_whole_fetch_ends_within_its_deadline_however_slow_each_file_is()
    {
        _hub.Model("org/model", Enumerable.Range(0, 200).Select(i => $"m{i:D3}.py"), fileBody: "x = 1\n", fileDelay: TimeSpan.FromMilliseconds(900));
        var clock = Stopwatch.StartNew();

        var r = Assess("hf:org/model", "--timeout", "5", "--retries", "0", "--deadline", "3");

        Assert.Equal(2, r.ExitCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.Contains("did not finish within 3 s", r.Stderr);
    }

    [Fact]
    public void Defect6_a_trickling_Hub_ends_the_run_within_the_timeout()
    {
        _hub.Trickle("/api/models/slow/model");
        var clock = Stopwatch.StartNew();

        var r = Assess("hf:slow/model", "--timeout", "2", "--retries", "0");

        Assert.Equal(2, r.ExitCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.Contains("did not answer within 2 s", r.Stderr);
    }

    [Fact]
    public void Defect11_file_names_from_the_Hub_reach_the_terminal_escaped()
    {
        _hub.Model("org/model", ["README.md", "evil\u001b]0;owned\u0007\n.py", "x\u001b[2J.py"], fileBody: Card);

        var r = Assess("hf:org/model");

        Assert.Equal(0, r.ExitCode);
        Assert.DoesNotContain('\u001b', r.Stderr);
        Assert.DoesNotContain('\u0007', r.Stderr);
        Assert.Contains("\\x1b", r.Stderr);
        Assert.DoesNotContain('\u001b', r.Stdout);
    }

    [Fact]
    public async Task Defect4_six_processes_assessing_the_same_model_at_once_agree()
    {
        _hub.Model("org/model", ["README.md", "LICENSE", "modeling_x.py", "train.py"], fileBody: Card, fileDelay: TimeSpan.FromMilliseconds(100));

        var runs = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            Task.Run(() => Assess("hf:org/model", "--format", "json"), TestContext.Current.CancellationToken)));

        Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.Stderr));
        Assert.Single(runs.Select(r => r.Stdout).Distinct());
        var offline = Assess("hf:org/model", "--format", "json", "--offline");
        Assert.Equal(runs[0].Stdout, offline.Stdout);
    }
}

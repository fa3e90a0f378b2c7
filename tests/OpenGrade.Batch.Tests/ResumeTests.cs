using System.Diagnostics;
using System.Text.Json.Nodes;
using OpenGrade.Batch.Output;
using OpenGrade.Batch.Running;
using OpenGrade.Batch.Sources;
using OpenGrade.Sources.Hub;

namespace OpenGrade.Batch.Tests;

/// <summary>Interrupted, repeated and sharded runs: every model exactly once, every line complete.</summary>
public sealed class ResumeTests : TempFolderTest
{
    [Fact]
    public void A_run_killed_twice_and_resumed_grades_every_model_exactly_once_in_complete_lines()
    {
        const int Records = 1500;
        var listing = Listings.WriteFile(Dir, "models.jsonl", Listings.Lines(Records));
        var output = Path.Combine(Dir, "graded.jsonl");

        KillWhenWritten(["batch", listing, "-o", output, "--jobs", "2"], output, 100);
        KillWhenWritten(["batch", listing, "-o", output, "--jobs", "2", "--resume"], output, Lines(output) + 100);
        var resumed = CliRunner.Run("batch", listing, "-o", output, "--jobs", "2", "--resume");

        Assert.Equal(0, resumed.ExitCode);
        var text = File.ReadAllText(output);
        Assert.EndsWith("\n", text);
        var ids = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!["listing"]!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(Records, ids.Count);
        Assert.Equal(Records, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.Contains("unchanged", resumed.Stderr);
    }

    /// <summary>Starts the CLI, waits until the output holds <paramref name="lines"/> lines, then SIGKILLs it (it must still be running).</summary>
    private static void KillWhenWritten(string[] args, string output, int lines)
    {
        using var process = CliRunner.Start(args);
        var clock = Stopwatch.StartNew();
        while (Lines(output, lines) < lines)
        {
            if (process.HasExited) Assert.Fail($"the run ended before it was killed (exit {process.ExitCode}, {Lines(output)} lines): {process.StandardError.ReadToEnd()}");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), "the run wrote too slowly");
            Thread.Sleep(20);
        }
        process.Kill(); // SIGKILL: no clean-up of any kind
        process.WaitForExit();
    }

    /// <summary>The lines in the file, counted up to <paramref name="enough"/> (the file grows while it is read).</summary>
    private static int Lines(string path, int enough = int.MaxValue)
    {
        if (!File.Exists(path)) return 0;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var buffer = new byte[1 << 20];
        var count = 0;
        int read;
        while (count < enough && (read = stream.Read(buffer)) > 0) count += buffer.AsSpan(0, read).Count((byte)'\n');
        return count;
    }

    [Fact]
    public async Task An_interrupted_last_line_is_cut_off_when_the_output_is_opened_again()
    {
        var listing = Listings.WriteFile(Dir, "models.jsonl", Listings.Lines(6));
        var output = Path.Combine(Dir, "graded.jsonl");
        using (var sink = JsonLinesSink.Open(output))
        {
            await new BatchRunner(Core.Evaluation.Assessor.CreateDefault(), sink).RunAsync([BatchSources.Open(listing, Hub)],
                new BatchOptions(Limit: 3), TestContext.Current.CancellationToken);
        }
        var whole = File.ReadAllText(output);
        File.AppendAllText(output, "{\"target\":\"hf:half/writ");

        using (var sink = JsonLinesSink.Open(output))
        {
            Assert.Contains("incomplete last line", sink.Repaired);
            Assert.Equal(3, sink.Stored.Count);
        }
        Assert.Equal(whole, File.ReadAllText(output));
    }

    [Fact]
    public async Task A_resumed_file_is_read_on_after_its_checkpointed_line()
    {
        var listing = Listings.WriteFile(Dir, "models.jsonl", Listings.Lines(12));
        var output = Path.Combine(Dir, "graded.jsonl");
        var ct = TestContext.Current.CancellationToken;
        async Task<BatchCounts> Run(BatchOptions options)
        {
            using var sink = JsonLinesSink.Open(output);
            return await new BatchRunner(Core.Evaluation.Assessor.CreateDefault(), sink).RunAsync([BatchSources.Open(listing, Hub)],
                options with { CheckpointPath = Checkpoint.PathFor(output) }, ct);
        }

        var first = await Run(new BatchOptions(Jobs: 2, Limit: 5));
        var resumed = await Run(new BatchOptions(Jobs: 2, Resume: true));

        Assert.Equal(5, first.Written);
        Assert.Equal((7, 7, 0), (resumed.Read, resumed.Written, resumed.Unchanged)); // lines 1-5 not even read again
        var ids = File.ReadAllLines(output).Select(l => JsonNode.Parse(l)!["listing"]!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(12, ids.Distinct().Count());
        Assert.Equal(12, ids.Count);
    }

    [Fact]
    public void A_temporary_checkpoint_a_killed_run_left_is_removed()
    {
        var listing = Listings.WriteFile(Dir, "models.jsonl", Listings.Lines(2));
        var output = Path.Combine(Dir, "graded.jsonl");
        var leftover = Checkpoint.PathFor(output) + ".2147483646.tmp"; // no such process
        File.WriteAllText(leftover, "{");

        var r = CliRunner.Run("batch", listing, "-o", output);

        Assert.Equal(0, r.ExitCode);
        Assert.False(File.Exists(leftover));
        Assert.True(File.Exists(Checkpoint.PathFor(output)));
    }

    [Fact]
    public async Task A_second_run_grades_only_the_models_whose_sha_changed()
    {
        var lines = Listings.Lines(8).ToList();
        var listing = Listings.WriteFile(Dir, "models.jsonl", lines);
        var output = Path.Combine(Dir, "graded.jsonl");
        var ct = TestContext.Current.CancellationToken;
        async Task<BatchCounts> Run()
        {
            using var sink = JsonLinesSink.Open(output);
            return await new BatchRunner(Core.Evaluation.Assessor.CreateDefault(), sink).RunAsync([BatchSources.Open(listing, Hub)], new BatchOptions(Jobs: 2), ct);
        }
        var first = await Run();
        var again = await Run();
        var changed = JsonNode.Parse(lines[3])!.AsObject();
        changed["sha"] = new string('a', 40);
        lines[3] = changed.ToJsonString();
        File.WriteAllLines(listing, lines);
        var third = await Run();

        Assert.Equal(8, first.Graded);
        Assert.Equal((0, 8), (again.Written, again.Unchanged));
        Assert.Equal((1, 7), (third.Written, third.Unchanged));
        var written = File.ReadAllLines(output).Select(l => JsonNode.Parse(l)!["listing"]!).ToList();
        Assert.Equal(9, written.Count);
        Assert.Equal(new string('a', 40), written[^1]["sha"]!.GetValue<string>());
    }

    [Fact]
    public async Task Shards_cover_every_model_once_between_them()
    {
        var listing = Listings.WriteFile(Dir, "models.jsonl", Listings.Lines(90));
        var all = (await Listings.RunAsync([BatchSources.Open(listing, Hub)])).Sink.Models.Select(m => m.Id).ToList();

        var shards = new List<List<string>>();
        for (var i = 0; i < 3; i++)
        {
            var run = await Listings.RunAsync([BatchSources.Open(listing, Hub)], new BatchOptions(Jobs: 2, Shard: new Shard(i, 3)));
            Assert.Equal(90 - run.Counts.Written, run.Counts.OtherShard);
            shards.Add([.. run.Sink.Models.Select(m => m.Id)]);
        }

        Assert.All(shards, s => Assert.NotEmpty(s));
        Assert.Equal(all.Order(), shards.SelectMany(s => s).Order());
        Assert.Equal(all.Count, shards.SelectMany(s => s).Distinct().Count());
    }

    [Theory]
    [InlineData("1/1")]
    [InlineData("3/2")]
    [InlineData("-1/2")]
    [InlineData("a/b")]
    [InlineData("1")]
    public void A_shard_that_is_not_I_of_N_is_one_line_and_exit_2(string shard)
    {
        var listing = Listings.WriteFile(Dir, "models.jsonl", Listings.Lines(1));

        var r = CliRunner.Run("batch", listing, "--shard", shard);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--shard", Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public void A_resume_with_other_sources_than_the_checkpoint_is_refused()
    {
        var a = Listings.WriteFile(Dir, "a.jsonl", Listings.Lines(2));
        var b = Listings.WriteFile(Dir, "b.jsonl", Listings.Lines(2));
        var output = Path.Combine(Dir, "graded.jsonl");
        Assert.Equal(0, CliRunner.Run("batch", a, "-o", output).ExitCode);

        var r = CliRunner.Run("batch", b, "-o", output, "--resume");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("the checkpoint is for other sources", r.Stderr);
    }
}

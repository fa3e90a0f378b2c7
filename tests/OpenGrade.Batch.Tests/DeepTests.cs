using System.Text.Json.Nodes;
using OpenGrade.StandIn;

namespace OpenGrade.Batch.Tests;

/// <summary>
/// <c>--deep TOP_N</c> against the stand-in Hub, GitHub and arXiv on 127.0.0.1 (the recorded corpus, as
/// tools/OpenGrade.StandIn serves it): the N most downloaded models of the listing get exactly what
/// <c>assess hf:ORG/NAME</c> gives, links followed; the others are graded from their listing line.
/// </summary>
public sealed class DeepTests : TempFolderTest, IAsyncLifetime
{
    private HostileHub _hub = null!;

    public async ValueTask InitializeAsync()
    {
        _hub = await HostileHub.StartAsync();
        Route on = (path, answer) => _hub.On(path, answer);
        LinkedCorpus.ServeGitHub(on, SharedCorpus.PathTo("corpus", "linked"));
        LinkedCorpus.ServeDatasets(on, SharedCorpus.PathTo("corpus", "linked"));
        LinkedCorpus.ServeArxiv(on, _ => null, unknown: "not-recorded.xml");
    }

    public async ValueTask DisposeAsync() => await _hub.DisposeAsync();

    private string[] Endpoints(string cache) =>
        ["--endpoint", _hub.Endpoint.ToString(), "--github-endpoint", _hub.Endpoint.ToString(), "--arxiv-endpoint", _hub.Endpoint + "oai2", "--cache-dir", cache, "--retries", "0"];

    [Fact]
    public void The_most_downloaded_models_are_graded_as_assess_grades_them_and_the_others_from_their_line()
    {
        Route on = (path, answer) => _hub.On(path, answer);
        var recorded = LinkedCorpus.ServeRecordedModels(on, SharedCorpus.PathTo("corpus", "hf", "api", "recorded"))
            .Where(r => r.Value is not null).Select(r => r.Value!.DeepClone().AsObject()).Take(6).ToList();
        // Most downloaded first, as the Hub answers sort=downloads.
        for (var i = 0; i < recorded.Count; i++) recorded[i]["downloads"] = 1_000_000 - i;
        var body = new JsonArray([.. recorded.Select(r => (JsonNode)r)]).ToJsonString();
        _hub.On("/api/models", ctx => HostileHub.WriteJson(ctx, body));
        var ids = recorded.Select(r => r["id"]!.GetValue<string>()).ToList();
        var deep = Path.Combine(Dir, "deep.jsonl");
        var shallow = Path.Combine(Dir, "shallow.jsonl");

        var run = CliRunner.Run(["batch", "hf:?sort=downloads", "--deep", "2", "-o", deep, "--jobs", "2", .. Endpoints(Path.Combine(Dir, "c1"))]);
        var plain = CliRunner.Run(["batch", "hf:?sort=downloads", "-o", shallow, .. Endpoints(Path.Combine(Dir, "c2"))]);
        var assess = CliRunner.Run(["assess", "hf:" + ids[0], "hf:" + ids[1], "--format", "jsonl", .. Endpoints(Path.Combine(Dir, "c3"))]);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.True(plain.ExitCode == 0, plain.Stderr);
        Assert.Contains("; 2 graded in depth (0 from their listing line", run.Stderr);
        var deepLines = File.ReadAllLines(deep).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        var shallowLines = File.ReadAllLines(shallow).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        var assessed = assess.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        Assert.Equal(ids, deepLines.Select(l => l["listing"]!["id"]!.GetValue<string>()));
        Assert.Equal(2, assessed.Count);
        for (var i = 0; i < ids.Count; i++)
        {
            var line = deepLines[i];
            Assert.True(JsonNode.DeepEquals(shallowLines[i]["listing"], line["listing"]), $"{ids[i]}: the listing facts differ");
            line.Remove("listing");
            if (i < 2)
            {
                // The very object assess hf:ORG/NAME prints: per-model calls, the snapshot, links followed.
                Assert.True(JsonNode.DeepEquals(assessed[i], line), $"{ids[i]}: --deep and assess differ\nassess: {assessed[i].ToJsonString()}\nbatch:  {line.ToJsonString()}");
                Assert.Contains(_hub.Requests, r => r.StartsWith($"/api/models/{ids[i]}/refs", StringComparison.Ordinal));
                var fromLine = shallowLines[i].DeepClone().AsObject();
                fromLine.Remove("listing");
                Assert.False(JsonNode.DeepEquals(fromLine, line), $"{ids[i]}: graded in depth, yet the same as from its line");
            }
            else
            {
                var fromLine = shallowLines[i];
                fromLine.Remove("listing");
                Assert.True(JsonNode.DeepEquals(fromLine, line), $"{ids[i]}: not graded from its listing line");
            }
        }
        // The others were never fetched as snapshots (a base model may still be asked for by link following).
        Assert.DoesNotContain(_hub.Requests, r => ids.Skip(2).Any(id => r.StartsWith($"/api/models/{id}/refs", StringComparison.Ordinal)));
    }

    [Fact]
    public void Deep_grading_needs_a_listing_sorted_by_downloads()
    {
        var listing = Listings.WriteFile(Dir, "models.jsonl", Listings.Lines(2));

        var file = CliRunner.Run("batch", listing, "--deep", "5");
        var unsorted = CliRunner.Run("batch", "hf:?author=org", "--deep", "5");

        Assert.Equal(2, file.ExitCode);
        Assert.Equal($"opengrade: --deep grades the most downloaded models of a listing: '{listing}' is not hf:?…&sort=downloads", file.Stderr.Trim());
        Assert.Equal(2, unsorted.ExitCode);
        Assert.Contains("'hf:?author=org' is not hf:?…&sort=downloads", unsorted.Stderr);
    }
}

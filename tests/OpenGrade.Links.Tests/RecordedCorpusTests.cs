using System.Diagnostics;
using System.Text.RegularExpressions;
using OpenGrade.Core.Inventory;

namespace OpenGrade.Links.Tests;

/// <summary>
/// Every recorded place of ../shared/corpus/linked, served in the shapes of GitHub's REST API and the
/// Hub's API, resolves to what the corpus's INDEX.md records (read independently of the code under test);
/// a second run on the same cache sends nothing.
/// </summary>
public sealed partial class RecordedCorpusTests(ITestOutputHelper output) : IAsyncLifetime
{
    private LinkStandIns _s = null!;

    public async ValueTask InitializeAsync() => _s = await LinkStandIns.StartAsync();

    public async ValueTask DisposeAsync() => await _s.DisposeAsync();

    /// <summary>The rows of one INDEX.md table: first cell (the id, without notes) and the licence cell.</summary>
    private static Dictionary<string, string> IndexRows(string section, int licenceColumn)
    {
        var lines = File.ReadAllLines(SharedCorpus.PathTo("corpus", "linked", "INDEX.md"));
        var start = Array.FindIndex(lines, l => l.StartsWith(section, StringComparison.Ordinal));
        Assert.True(start >= 0, $"INDEX.md has no section {section}");
        var rows = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(start + 1).SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')).Skip(2))
        {
            var cells = line.Split('|', StringSplitOptions.TrimEntries);
            rows[cells[1].Split(' ')[0]] = cells[licenceColumn + 1];
        }
        return rows;
    }

    /// <summary>The values a licence cell records; "none (...)" records none, whatever it quotes.</summary>
    private static string[] Ticked(string cell) =>
        cell.StartsWith("none", StringComparison.Ordinal) ? [] : [.. Backticked().Matches(cell).Select(m => m.Groups[1].Value)];

    [Fact]
    public async Task Every_recorded_GitHub_repository_resolves_to_GitHubs_recorded_verdict_and_a_warm_cache_sends_nothing()
    {
        var ids = _s.ServeGitHubCorpus();
        var expected = IndexRows("## GitHub repositories", 2);
        Assert.Equal(20, ids.Count);
        var targets = ids.Select(id => new LinkTarget(LinkKind.GitHubRepository, id)).ToArray();

        var clock = Stopwatch.StartNew();
        var cold = await LinkStandIns.ResolveAsync(_s.Options(), targets);
        var coldTime = clock.Elapsed;

        foreach (var id in ids)
        {
            var place = cold.Of(LinkKind.GitHubRepository, id);
            Assert.True(place.Outcome == LinkOutcome.Resolved, $"{id}: {place.Detail}");
            var github = Assert.Single(place.Licenses, l => l.Method == "github-api");
            var ticks = Ticked(expected[id]);
            if (!File.Exists(Path.Combine(Folder(id), "api_license.json")))
            {
                // No licence file, or several and none picked (DeepSeek-V3): GitHub's /license answers 404, and
                // that one answer is all that is asked; the license stays unknown.
                Assert.Null(github.License);
                Assert.EndsWith($"/repos/{id}/license", github.Source, StringComparison.Ordinal);
                Assert.Contains("no license file", place.Detail, StringComparison.Ordinal);
                Assert.Empty(place.Texts);
            }
            else
            {
                Assert.Equal(ticks[1], github.License);
                Assert.EndsWith($"/repos/{id}/license", github.Source, StringComparison.Ordinal);
                var text = Assert.Single(place.Texts);
                // The decoded text is the recorded license file.
                Assert.Equal(File.ReadAllText(Path.Combine(Folder(id), github.Path!)), text.Text);
            }
            Assert.Null(place.CanonicalId);
            Assert.False(place.FromCache);
        }
        var noLicense = cold.Of(LinkKind.GitHubRepository, "bigscience-workshop/evaluation-results");
        Assert.Null(Assert.Single(noLicense.Licenses).License);

        // One request per repository: /license only.
        Assert.All(_s.GitHub.Received, r => Assert.EndsWith("/license", r.PathAndQuery.Split('?')[0], StringComparison.Ordinal));
        Assert.Equal(ids.Count, _s.GitHub.Received.Count);
        Assert.Equal(ids.Count, cold.Stats.Requests);

        var before = _s.AllReceived.Count;
        clock.Restart();
        var warm = await LinkStandIns.ResolveAsync(_s.Options(), targets);
        var warmTime = clock.Elapsed;
        Assert.Equal(before, _s.AllReceived.Count);
        Assert.Equal(0, warm.Stats.Requests);
        Assert.All(warm.Places, p => Assert.True(p.FromCache, p.Target.Key));
        Assert.Equal(cold.Places.Select(p => (p.Target, p.Outcome, p.Licenses[0].License)), warm.Places.Select(p => (p.Target, p.Outcome, p.Licenses[0].License)));
        output.WriteLine($"GitHub: {ids.Count} repositories; cold {cold.Stats.Requests} requests in {coldTime.TotalMilliseconds:0} ms; warm {warm.Stats.Requests} requests ({warm.Stats.CacheHits} cache answers) in {warmTime.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task Every_recorded_Hub_dataset_gives_its_recorded_license()
    {
        var ids = _s.ServeDatasetCorpus();
        var expected = IndexRows("## Hugging Face datasets", 2);
        Assert.Equal(16, ids.Count);
        var targets = ids.Select(id => new LinkTarget(LinkKind.HubDataset, id)).ToArray();

        var cold = await LinkStandIns.ResolveAsync(_s.Options(), targets);

        foreach (var id in ids)
        {
            var place = cold.Of(LinkKind.HubDataset, id);
            Assert.True(place.Outcome == LinkOutcome.Resolved, $"{id}: {place.Detail}");
            var stated = place.Licenses.Where(l => l.License is not null).Select(l => l.License!).ToArray();
            Assert.Equal(Ticked(expected[id]), stated);
            Assert.False(place.Gated);
            // The license comes from the API's cardData (the card's front matter); the card is never read.
            Assert.All(place.Licenses, l => Assert.Equal("hub-api", l.Method));
        }
        Assert.All(_s.Hub.Received, r => Assert.StartsWith("/api/datasets/", r.PathAndQuery.Split('?')[0], StringComparison.Ordinal));
        Assert.Equal(ids.Count, cold.Stats.Requests);

        var warm = await LinkStandIns.ResolveAsync(_s.Options(), targets);
        Assert.Equal(0, warm.Stats.Requests);
        output.WriteLine($"Hub datasets: {ids.Count}; cold {cold.Stats.Requests} requests; warm {warm.Stats.Requests} ({warm.Stats.CacheHits} cache answers)");
    }

    private static string Folder(string id) => SharedCorpus.PathTo("corpus", "linked", "github", id.Replace("/", "__", StringComparison.Ordinal));

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Backticked();
}

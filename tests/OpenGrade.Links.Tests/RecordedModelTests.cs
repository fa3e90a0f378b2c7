using System.Diagnostics;
using System.Text.Json.Nodes;
using OpenGrade.Core.Inventory;

namespace OpenGrade.Links.Tests;

/// <summary>
/// Base models against the Hub's real recorded answers (../shared/corpus/hf/api/recorded: verbatim
/// 200s and 307s of <c>GET /api/models/{id}</c>), served at the paths they were recorded for.
/// </summary>
public sealed class RecordedModelTests(ITestOutputHelper output) : IAsyncLifetime
{
    private LinkStandIns _s = null!;

    public async ValueTask InitializeAsync() => _s = await LinkStandIns.StartAsync();

    public async ValueTask DisposeAsync() => await _s.DisposeAsync();

    /// <summary>The cost measure: every recorded place (GitHub, Hub datasets, Hub models and their base models) in one run, cold then warm.</summary>
    [Fact]
    public async Task All_recorded_places_in_one_run_cost_one_request_per_place_cold_and_none_warm()
    {
        var targets = _s.ServeRecordedModels().Keys.Select(id => new LinkTarget(LinkKind.HubModel, id))
            .Concat(_s.ServeGitHubCorpus().Select(id => new LinkTarget(LinkKind.GitHubRepository, id)))
            .Concat(_s.ServeDatasetCorpus().Select(id => new LinkTarget(LinkKind.HubDataset, id)))
            .ToArray();

        // The whole corpus at once is more than one release links to: the per-run cap is raised for the measure.
        var clock = Stopwatch.StartNew();
        var cold = await LinkStandIns.ResolveAsync(_s.Options(maxPlaces: 256), targets);
        var coldTime = clock.Elapsed;
        clock.Restart();
        var warm = await LinkStandIns.ResolveAsync(_s.Options(maxPlaces: 256), targets);
        var warmTime = clock.Elapsed;

        // A redirect followed within a request (a renamed model) is part of that request.
        Assert.Equal(_s.AllReceived.Count, cold.Stats.Requests + cold.Stats.Redirects);
        Assert.All(_s.AllReceived.GroupBy(r => r.PathAndQuery), g => Assert.Single(g));
        // At most one per place: a renamed model and its new id, both linked, share the one exchange.
        Assert.InRange(cold.Stats.Requests, 1, cold.Places.Count(p => p.Outcome != LinkOutcome.NotFollowed));
        Assert.Equal(0, warm.Stats.Requests);
        Assert.Equal(cold.Places.Length, warm.Places.Length);
        Assert.All(warm.Places, p => Assert.True(p.FromCache, p.Target.Key));
        output.WriteLine($"{targets.Length} targets, {cold.Places.Length} places ({cold.Places.Count(p => p.Outcome == LinkOutcome.Resolved)} resolved, "
            + $"{cold.Places.Count(p => p.Outcome == LinkOutcome.NotFound)} not found): cold {cold.Stats.Requests} requests ({cold.Stats.Redirects} redirects within them) in {coldTime.TotalMilliseconds:0} ms; "
            + $"warm {warm.Stats.Requests} requests, {warm.Stats.CacheHits} cache answers in {warmTime.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task Every_recorded_model_gives_its_declared_license_gate_base_models_and_renames()
    {
        var recorded = _s.ServeRecordedModels();
        Assert.True(recorded.Count >= 30, $"only {recorded.Count} recordings");
        var targets = recorded.Keys.Select(id => new LinkTarget(LinkKind.HubModel, id)).ToArray();

        var cold = await LinkStandIns.ResolveAsync(_s.Options(), targets);

        foreach (var (id, body) in recorded.Where(r => r.Value is not null))
        {
            var place = cold.Of(LinkKind.HubModel, id);
            Assert.True(place.Outcome == LinkOutcome.Resolved, $"{id}: {place.Detail}");
            var declared = body!["cardData"]?["license"]?.GetValue<string>();
            Assert.Equal(declared, place.Licenses.First().License);
            Assert.Equal(body["gated"] is JsonValue g && g.TryGetValue<string>(out _), place.Gated);
            var tagged = body["tags"]!.AsArray().Select(t => t!.GetValue<string>()).Where(t => t.StartsWith("base_model:finetune:", StringComparison.Ordinal))
                .Select(t => (t["base_model:finetune:".Length..], "finetune"));
            Assert.All(tagged, b => Assert.Contains(b, place.BaseModels.Select(x => (x.Id, x.Relation))));
        }
        // The Hub's recorded 307s of renamed models lead to the current id.
        Assert.Equal("meta-llama/Llama-3.1-8B-Instruct", cold.Of(LinkKind.HubModel, "meta-llama/Meta-Llama-3.1-8B-Instruct").CanonicalId);
        Assert.Equal("google-t5/t5-small", cold.Of(LinkKind.HubModel, "t5-small").CanonicalId);
        // A base model with no recording is asked, once, and is not found; it is still one place.
        var mistral = cold.Of(LinkKind.HubModel, "mistralai/Mistral-7B-v0.1");
        Assert.Equal(LinkOutcome.NotFound, mistral.Outcome);
        Assert.All(_s.Hub.Received.GroupBy(r => r.PathAndQuery), g => Assert.Single(g));

        var warm = await LinkStandIns.ResolveAsync(_s.Options(), targets);
        Assert.Equal(0, warm.Stats.Requests);
        Assert.Equal(cold.Places.Select(p => (p.Target, p.Outcome, p.CanonicalId)), warm.Places.Select(p => (p.Target, p.Outcome, p.CanonicalId)));
        output.WriteLine($"Hub models: {targets.Length} recorded ids, {cold.Places.Length} places with base models; cold {cold.Stats.Requests} requests; warm {warm.Stats.Requests} ({warm.Stats.CacheHits} cache answers)");
    }
}

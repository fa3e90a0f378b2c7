using System.Text.Json.Nodes;
using OpenGrade.Core.Inventory;

namespace OpenGrade.Links.Tests;

/// <summary>A Hub model's base models, followed to the root: relations, cycles, the depth limit and the place cap.</summary>
public sealed class BaseModelTests : IAsyncLifetime
{
    private LinkStandIns _s = null!;

    public async ValueTask InitializeAsync() => _s = await LinkStandIns.StartAsync();

    public async ValueTask DisposeAsync() => await _s.DisposeAsync();

    private static LinkTarget Model(string id) => new(LinkKind.HubModel, id);

    [Fact]
    public async Task Base_models_are_followed_to_the_root_with_the_relation_each_tag_or_card_states()
    {
        // A quantisation of a fine-tune of a base: relation from tags, from cardData's base_model_relation, and unknown.
        _s.Model("org/quant", "apache-2.0", ["license:apache-2.0", "base_model:quantized:org/chat"]);
        _s.Model("org/chat", "llama3.1", cardData: new JsonObject { ["base_model"] = "org/base", ["base_model_relation"] = "finetune" });
        _s.Model("org/base", "other", cardData: new JsonObject { ["license_name"] = "base-terms", ["license_link"] = "LICENSE", ["base_model"] = new JsonArray("org/root") });
        _s.Model("org/root", "mit");

        var run = await LinkStandIns.ResolveAsync(_s.Options(), Model("org/quant"));

        Assert.Equal(["org/quant", "org/chat", "org/base", "org/root"], run.Places.Select(p => p.Target.Id));
        Assert.All(run.Places, p => Assert.Equal(LinkOutcome.Resolved, p.Outcome));
        Assert.Equal(("org/chat", "quantized"), Only(run.Of(LinkKind.HubModel, "org/quant")));
        Assert.Equal(("org/base", "finetune"), Only(run.Of(LinkKind.HubModel, "org/chat")));
        Assert.Equal(("org/root", "unknown"), Only(run.Of(LinkKind.HubModel, "org/base")));
        Assert.Empty(run.Of(LinkKind.HubModel, "org/root").BaseModels);
        Assert.Equal("llama3.1", run.Of(LinkKind.HubModel, "org/chat").Licenses.Single().License);
        var custom = run.Of(LinkKind.HubModel, "org/base").Licenses.Single();
        Assert.Equal(("other", "base-terms", "LICENSE", "hub-api"), (custom.License, custom.Name, custom.Path, custom.Method));
        Assert.All(_s.Hub.Received.GroupBy(r => r.PathAndQuery), g => Assert.Single(g));
        Assert.Equal(4, run.Stats.Requests);
    }

    private static (string, string) Only(LinkedPlace place)
    {
        var link = Assert.Single(place.BaseModels);
        return (link.Id, link.Relation);
    }

    [Fact]
    public async Task A_tag_relation_wins_over_an_unknown_one_and_a_merge_names_each_parent_once()
    {
        _s.Model("org/merged", "apache-2.0", ["base_model:org/a", "base_model:merge:org/a", "base_model:merge:org/b", "base_model:../../evil", "base_model:weird:org/c"],
            new JsonObject { ["base_model"] = new JsonArray("org/a", "org/b") });
        _s.Model("org/a", "mit", ["base_model:finetune:org/shared"]);
        _s.Model("org/b", "mit", ["base_model:finetune:org/shared"]);
        _s.Model("org/shared", "apache-2.0");

        var run = await LinkStandIns.ResolveAsync(_s.Options(), Model("org/merged"));

        var merged = run.Of(LinkKind.HubModel, "org/merged");
        Assert.Equal([("org/a", "merge"), ("org/b", "merge")], merged.BaseModels.Select(b => (b.Id, b.Relation)));
        Assert.Contains("2 base model name(s) refused", merged.Detail, StringComparison.Ordinal);
        // The shared ancestor is one place, asked once.
        Assert.Single(run.Places, p => p.Target.Id == "org/shared");
        Assert.Equal(1, _s.Hub.Count("/api/models/org/shared"));
    }

    [Fact]
    public async Task A_cycle_is_not_followed_again_and_says_why()
    {
        _s.Model("org/a", "mit", ["base_model:finetune:org/b"]);
        _s.Model("org/b", "mit", ["base_model:finetune:org/c"]);
        _s.Model("org/c", "mit", ["base_model:finetune:org/A"]);

        var run = await LinkStandIns.ResolveAsync(_s.Options(), Model("org/a"));

        Assert.Equal(["org/a", "org/b", "org/c"], run.Places.Select(p => p.Target.Id));
        Assert.Contains("not followed again: a cycle (org/a → org/b → org/c → org/A)", run.Of(LinkKind.HubModel, "org/c").Detail, StringComparison.Ordinal);
        Assert.Equal(1, _s.Hub.Count("/api/models/org/a"));
        Assert.Equal(3, run.Stats.Requests);
    }

    [Fact]
    public async Task A_model_naming_itself_as_its_base_is_not_a_loop()
    {
        _s.Model("org/self", "mit", ["base_model:finetune:org/self"]);

        var run = await LinkStandIns.ResolveAsync(_s.Options(), Model("org/self"));

        var place = Assert.Single(run.Places);
        Assert.Empty(place.BaseModels);
        Assert.Contains("names itself", place.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_depth_limit_stops_a_long_chain_with_a_not_followed_place_naming_the_chain()
    {
        for (var i = 0; i < 6; i++) _s.Model($"org/m{i}", "mit", [$"base_model:finetune:org/m{i + 1}"]);

        var run = await LinkStandIns.ResolveAsync(_s.Options(depth: 3), Model("org/m0"));

        Assert.Equal(["org/m0", "org/m1", "org/m2", "org/m3", "org/m4"], run.Places.Select(p => p.Target.Id));
        var stopped = run.Of(LinkKind.HubModel, "org/m4");
        Assert.Equal(LinkOutcome.NotFollowed, stopped.Outcome);
        Assert.Contains("deeper than the limit of 3", stopped.Detail, StringComparison.Ordinal);
        Assert.Contains("org/m0 → org/m1 → org/m2 → org/m3 → org/m4", stopped.Detail, StringComparison.Ordinal);
        Assert.Equal(0, _s.Hub.Count("/api/models/org/m4"));
    }

    [Fact]
    public async Task The_place_cap_leaves_the_rest_not_followed()
    {
        var targets = Enumerable.Range(0, 5).Select(i => Model($"org/p{i}")).ToArray();
        for (var i = 0; i < 5; i++) _s.Model($"org/p{i}", "mit");

        var run = await LinkStandIns.ResolveAsync(_s.Options(maxPlaces: 3), targets);

        Assert.Equal(5, run.Places.Length);
        Assert.Equal(3, run.Places.Count(p => p.Outcome == LinkOutcome.Resolved));
        Assert.All(run.Places.Skip(3), p => Assert.Contains("more than 3 linked places", p.Detail, StringComparison.Ordinal));
        Assert.Equal(3, run.Stats.Requests);
    }

    [Fact]
    public async Task A_renamed_model_is_followed_through_the_Hubs_relative_307_and_reports_its_canonical_id()
    {
        _s.Hub.On("/api/models/old/name", ctx =>
        {
            ctx.Response.StatusCode = 307;
            ctx.Response.Headers.Location = "/api/models/new/name" + ctx.Request.QueryString.Value;
            return Task.CompletedTask;
        });
        _s.Model("new/name", "apache-2.0");

        var run = await LinkStandIns.ResolveAsync(_s.Options(), Model("old/name"));

        var place = Assert.Single(run.Places);
        Assert.Equal(LinkOutcome.Resolved, place.Outcome);
        Assert.Equal("new/name", place.CanonicalId);
        Assert.Equal((1, 1), (run.Stats.Requests, run.Stats.Redirects));
        Assert.Equal("apache-2.0", place.Licenses.Single().License);
    }

    [Fact]
    public async Task An_answer_for_another_model_without_a_redirect_is_refused()
    {
        _s.Model("org/asked", "mit", answeredId: "org/other");

        var place = (await LinkStandIns.ResolveAsync(_s.Options(), Model("org/asked"))).Places.Single();

        Assert.Equal(LinkOutcome.Unavailable, place.Outcome);
        Assert.Contains("another repository", place.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gated_models_and_datasets_say_so()
    {
        _s.Hub.Json("/api/models/org/gated", new JsonObject { ["id"] = "org/gated", ["gated"] = "manual", ["cardData"] = new JsonObject { ["license"] = "llama3.1" } });
        _s.Hub.Json("/api/datasets/org/data", new JsonObject { ["id"] = "org/data", ["gated"] = "auto", ["tags"] = new JsonArray("license:odc-by") });

        var run = await LinkStandIns.ResolveAsync(_s.Options(), Model("org/gated"), new LinkTarget(LinkKind.HubDataset, "org/data"));

        Assert.True(run.Of(LinkKind.HubModel, "org/gated").Gated);
        var data = run.Of(LinkKind.HubDataset, "org/data");
        Assert.True(data.Gated);
        Assert.Equal(("odc-by", "hub-api"), (data.Licenses.Single().License, data.Licenses.Single().Method));
        Assert.Equal(0, _s.Hub.Count("/datasets/org/data/resolve/"));
    }
}

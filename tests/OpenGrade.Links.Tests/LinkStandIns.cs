using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using OpenGrade.Core.Inventory;
using OpenGrade.Sources.Hub;
using OpenGrade.Sources.Links;
using OpenGrade.StandIn;

namespace OpenGrade.Links.Tests;

/// <summary>
/// Three stand-in services on 127.0.0.1 (GitHub's REST API, the Hub's API, arXiv's OAI-PMH), each a
/// <see cref="HostileHub"/> that logs what it received, and a cache folder of the test's own.
/// Answers carry an ETag and honour If-None-Match, as the real services do.
/// </summary>
public sealed class LinkStandIns : IAsyncDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("og-links-").FullName;

    private LinkStandIns(HostileHub github, HostileHub hub, HostileHub arxiv)
    {
        GitHub = github;
        Hub = hub;
        Arxiv = arxiv;
    }

    public HostileHub GitHub { get; }

    public HostileHub Hub { get; }

    public HostileHub Arxiv { get; }

    public string Cache => Path.Combine(_root, "cache");

    public static async Task<LinkStandIns> StartAsync() =>
        new(await HostileHub.StartAsync(), await HostileHub.StartAsync(), await HostileHub.StartAsync());

    public async ValueTask DisposeAsync()
    {
        await GitHub.DisposeAsync();
        await Hub.DisposeAsync();
        await Arxiv.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    public LinkOptions Options(bool offline = false, string? githubToken = null, string? hubToken = null, int retries = 0,
        double timeout = 5, double? budget = null, TimeSpan? ttl = null, int depth = 8, int maxPlaces = 64, bool follow = true, int perHost = 2) =>
        new(new HubOptions(Hub.Endpoint, hubToken, Cache, offline, TimeSpan.FromSeconds(timeout), retries,
                RetryWaitCap: TimeSpan.FromSeconds(10), FetchDeadline: budget is { } b ? TimeSpan.FromSeconds(b) : null),
            GitHub.Endpoint, githubToken, Arxiv.Endpoint, follow, depth, maxPlaces, ttl, perHost);

    /// <summary>Every request any of the three received.</summary>
    public IReadOnlyList<ReceivedRequest> AllReceived => [.. GitHub.Received, .. Hub.Received, .. Arxiv.Received];

    public static async Task<LinkRun> ResolveAsync(LinkOptions options, params LinkTarget[] targets)
    {
        using var resolver = new LinkResolver(options);
        var places = await resolver.ResolveAsync(targets, TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        return new LinkRun(places, resolver.Stats);
    }

    // --- The recorded corpus, served by the stand-in's own code (tools/OpenGrade.StandIn) ----------

    /// <summary>Serves every recorded repository: <c>/repos/o/r</c> from repo.json, <c>/repos/o/r/license</c> from api_license.json (404 without one).</summary>
    public IReadOnlyList<string> ServeGitHubCorpus() => LinkedCorpus.ServeGitHub(GitHub.On, SharedCorpus.PathTo("corpus", "linked"));

    public static Task NotFoundJson(HttpContext ctx) => LinkedCorpus.NotFoundJson(ctx);

    /// <summary>Serves every recorded dataset (a real card at its resolve address, a transcribed one as the API's cardData).</summary>
    public IReadOnlyList<string> ServeDatasetCorpus() => LinkedCorpus.ServeDatasets(Hub.On, SharedCorpus.PathTo("corpus", "linked"));

    /// <summary>Serves the Hub's recorded model answers; returns each recorded id with its 200 body (null for a 307).</summary>
    public IReadOnlyDictionary<string, JsonObject?> ServeRecordedModels() =>
        LinkedCorpus.ServeRecordedModels(Hub.On, SharedCorpus.PathTo("corpus", "hf", "api", "recorded"));

    /// <summary>A model answer: its license and base models as tags and card data say.</summary>
    public void Model(string id, string? license = null, IEnumerable<string>? tags = null, JsonObject? cardData = null, string? answeredId = null)
    {
        var card = cardData ?? new JsonObject();
        if (license is not null) card["license"] = license;
        var info = new JsonObject
        {
            ["id"] = answeredId ?? id,
            ["gated"] = false,
            ["cardData"] = card,
            ["tags"] = new JsonArray([.. (tags ?? []).Select(t => (JsonNode)t)]),
        };
        Hub.On($"/api/models/{id}", ctx => Answer(ctx, Encoding.UTF8.GetBytes(info.ToJsonString()), "application/json"));
    }

    /// <summary>Answers GetRecord for each paper with one of our OAI-PMH answers; any other identifier gets idDoesNotExist.</summary>
    public void ServeArxiv(IReadOnlyDictionary<string, string> answerByPaper) =>
        LinkedCorpus.ServeArxiv(Arxiv.On, paper => answerByPaper.TryGetValue(paper, out var name) ? ArxivAnswers.Read(name) : null);

    /// <summary>A 200 answer with a strong ETag; a request naming that ETag gets 304 Not Modified.</summary>
    public static Task Answer(HttpContext ctx, byte[] body, string contentType) => LinkedCorpus.Answer(ctx, body, contentType);
}

/// <summary>A run's places and what it cost.</summary>
public sealed record LinkRun(System.Collections.Immutable.ImmutableArray<LinkedPlace> Places, LinkStats Stats)
{
    public LinkedPlace Of(LinkKind kind, string id) => Places.Single(p => p.Target.Kind == kind && p.Target.Id == id);
}

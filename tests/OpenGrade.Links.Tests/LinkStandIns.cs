using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using OpenGrade.Core.Inventory;
using OpenGrade.Sources.Hub;
using OpenGrade.Sources.Links;

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

    // --- GitHub -----------------------------------------------------------------------------------

    /// <summary>Serves every recorded repository: <c>/repos/o/r</c> from repo.json, <c>/repos/o/r/license</c> from api_license.json (404 without one).</summary>
    public IReadOnlyList<string> ServeGitHubCorpus()
    {
        var ids = new List<string>();
        foreach (var dir in Directory.GetDirectories(SharedCorpus.PathTo("corpus", "linked", "github")).Order(StringComparer.Ordinal))
        {
            var id = Path.GetFileName(dir).Replace("__", "/", StringComparison.Ordinal);
            ids.Add(id);
            var repo = File.ReadAllBytes(Path.Combine(dir, "repo.json"));
            GitHub.On($"/repos/{id}", ctx => Answer(ctx, repo, "application/json"));
            var license = Path.Combine(dir, "api_license.json");
            if (File.Exists(license))
            {
                var bytes = File.ReadAllBytes(license);
                GitHub.On($"/repos/{id}/license", ctx => Answer(ctx, bytes, "application/json"));
            }
            else
            {
                GitHub.On($"/repos/{id}/license", ctx => NotFoundJson(ctx));
            }
        }
        return ids;
    }

    public static Task NotFoundJson(HttpContext ctx)
    {
        ctx.Response.StatusCode = 404;
        return HostileHub.WriteJson(ctx, """{"message":"Not Found","documentation_url":"https://docs.github.com/rest"}""");
    }

    // --- Hub datasets and models ------------------------------------------------------------------

    /// <summary>
    /// Serves every recorded dataset. A real card (README.md) is served at its resolve address and the API
    /// answer carries no cardData, so the card is what is read; a transcribed one (metadata.json) becomes the
    /// API answer's cardData, as the Hub's parse of the front matter.
    /// </summary>
    public IReadOnlyList<string> ServeDatasetCorpus()
    {
        var ids = new List<string>();
        foreach (var dir in Directory.GetDirectories(SharedCorpus.PathTo("corpus", "linked", "hf-datasets")).Order(StringComparer.Ordinal))
        {
            var readme = Path.Combine(dir, "README.md");
            var metadata = Path.Combine(dir, "metadata.json");
            var info = new JsonObject { ["gated"] = false, ["tags"] = new JsonArray() };
            string id;
            if (File.Exists(readme))
            {
                id = Path.GetFileName(dir);
                var card = File.ReadAllBytes(readme);
                Hub.On($"/datasets/{id}/resolve/main/README.md", ctx => Answer(ctx, card, "text/markdown"));
            }
            else
            {
                var recorded = JsonNode.Parse(File.ReadAllText(metadata))!.AsObject();
                id = recorded["id"]!.GetValue<string>();
                var shown = recorded["front_matter_as_displayed"]!.AsObject();
                info["cardData"] = new JsonObject(shown.Where(kv => kv.Key is not ("keys_present" or "first_heading"))
                    .Select(kv => KeyValuePair.Create(kv.Key, kv.Value?.DeepClone())));
            }
            info["id"] = id;
            Hub.On($"/api/datasets/{id}", ctx => Answer(ctx, Encoding.UTF8.GetBytes(info.ToJsonString()), "application/json"));
            ids.Add(id);
        }
        return ids;
    }

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

    // --- arXiv --------------------------------------------------------------------------------------

    /// <summary>Answers GetRecord for each paper with one of our OAI-PMH fixtures; any other identifier gets idDoesNotExist.</summary>
    public void ServeArxiv(IReadOnlyDictionary<string, string> fixtureByPaper) => Arxiv.On("/oai2", ctx =>
    {
        var identifier = ctx.Request.Query["identifier"].ToString();
        var paper = identifier.StartsWith("oai:arXiv.org:", StringComparison.Ordinal) ? identifier["oai:arXiv.org:".Length..] : "";
        var file = ctx.Request.Query["verb"] == "GetRecord" && ctx.Request.Query["metadataPrefix"] == "arXiv"
            ? fixtureByPaper.GetValueOrDefault(paper, "id-does-not-exist.xml") : "bad-argument.xml";
        return Answer(ctx, File.ReadAllBytes(Fixture(file)), "text/xml");
    });

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "arxiv", name);

    /// <summary>A 200 answer with a strong ETag; a request naming that ETag gets 304 Not Modified.</summary>
    public static async Task Answer(HttpContext ctx, byte[] body, string contentType)
    {
        var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(body))[..16]}\"";
        ctx.Response.Headers.ETag = etag;
        if (ctx.Request.Headers.IfNoneMatch.ToString() == etag)
        {
            ctx.Response.StatusCode = 304;
            return;
        }
        ctx.Response.ContentType = contentType;
        await ctx.Response.Body.WriteAsync(body, ctx.RequestAborted);
    }
}

/// <summary>A run's places and what it cost.</summary>
public sealed record LinkRun(System.Collections.Immutable.ImmutableArray<LinkedPlace> Places, LinkStats Stats)
{
    public LinkedPlace Of(LinkKind kind, string id) => Places.Single(p => p.Target.Kind == kind && p.Target.Id == id);
}

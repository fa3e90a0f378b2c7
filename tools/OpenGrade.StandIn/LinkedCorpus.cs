using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace OpenGrade.StandIn;

/// <summary>Registers an answer for one exact request path (a test's scripted server, or the tool's router).</summary>
public delegate void Route(string path, Func<HttpContext, Task> answer);

/// <summary>
/// The recorded places a release links to, served in the shapes of the services that hold them:
/// GitHub's REST API (<c>/repos/o/r</c>, <c>/repos/o/r/license</c>) from <c>corpus/linked/github</c>, the Hub's
/// dataset API and cards from <c>corpus/linked/hf-datasets</c>, the Hub's model API from its verbatim
/// recordings (<c>corpus/hf/api/recorded</c>: 200s and the 307s of renamed models), and arXiv's OAI-PMH
/// <c>GetRecord</c> from our own answers. One copy, used by the link tests and by the runnable stand-in.
/// Every answer carries a strong ETag and a matching If-None-Match gets 304, as the real services do.
/// </summary>
public static class LinkedCorpus
{
    /// <summary>Serves every recorded GitHub repository; returns their ids ("owner/name").</summary>
    public static IReadOnlyList<string> ServeGitHub(Route on, string linkedFolder)
    {
        var ids = new List<string>();
        foreach (var dir in Directory.GetDirectories(Path.Combine(linkedFolder, "github")).Order(StringComparer.Ordinal))
        {
            var id = Path.GetFileName(dir).Replace("__", "/", StringComparison.Ordinal);
            ids.Add(id);
            var repo = File.ReadAllBytes(Path.Combine(dir, "repo.json"));
            on($"/repos/{id}", ctx => Answer(ctx, repo, "application/json"));
            // GitHub answers 404 for a repository without a single license file.
            var license = Path.Combine(dir, "api_license.json");
            var bytes = File.Exists(license) ? File.ReadAllBytes(license) : null;
            on($"/repos/{id}/license", ctx => bytes is null ? NotFoundJson(ctx) : Answer(ctx, bytes, "application/json"));
        }
        return ids;
    }

    /// <summary>GitHub's 404 body.</summary>
    public static Task NotFoundJson(HttpContext ctx)
    {
        ctx.Response.StatusCode = 404;
        ctx.Response.ContentType = "application/json";
        return ctx.Response.WriteAsync("""{"message":"Not Found","documentation_url":"https://docs.github.com/rest"}""", ctx.RequestAborted);
    }

    /// <summary>
    /// Serves every recorded dataset; returns their ids. As on the Hub, the API answer's cardData is the
    /// card's front matter: a real card (README.md) is parsed for it (and the card is still served at its
    /// resolve address), a transcribed one (metadata.json) gives its recorded front matter.
    /// </summary>
    public static IReadOnlyList<string> ServeDatasets(Route on, string linkedFolder)
    {
        var ids = new List<string>();
        foreach (var dir in Directory.GetDirectories(Path.Combine(linkedFolder, "hf-datasets")).Order(StringComparer.Ordinal))
        {
            var readme = Path.Combine(dir, "README.md");
            var info = new JsonObject { ["gated"] = false, ["tags"] = new JsonArray() };
            string id;
            if (File.Exists(readme))
            {
                id = Path.GetFileName(dir);
                var card = File.ReadAllBytes(readme);
                if (FrontMatter.ToJson(card) is { } front) info["cardData"] = front;
                on($"/datasets/{id}/resolve/main/README.md", ctx => Answer(ctx, card, "text/markdown"));
            }
            else
            {
                var recorded = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "metadata.json")))!.AsObject();
                id = recorded["id"]!.GetValue<string>();
                var shown = recorded["front_matter_as_displayed"]!.AsObject();
                info["cardData"] = new JsonObject(shown.Where(kv => kv.Key is not ("keys_present" or "first_heading"))
                    .Select(kv => KeyValuePair.Create(kv.Key, kv.Value?.DeepClone())));
            }
            info["id"] = id;
            var body = Encoding.UTF8.GetBytes(info.ToJsonString());
            on($"/api/datasets/{id}", ctx => Answer(ctx, body, "application/json"));
            ids.Add(id);
        }
        return ids;
    }

    /// <summary>
    /// Serves the Hub's recorded <c>GET /api/models/{id}</c> exchanges at the paths they were recorded for
    /// (the <c>?expand=</c> variants are left out); returns each recorded id with its 200 body, or null for a 307.
    /// </summary>
    public static IReadOnlyDictionary<string, JsonObject?> ServeRecordedModels(Route on, string recordedFolder)
    {
        var recorded = new Dictionary<string, JsonObject?>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(recordedFolder, "*.json").Where(f => !f.Contains("__expand", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var exchange = JsonNode.Parse(File.ReadAllText(file))!;
            var path = new Uri(exchange["request"]!["uri"]!.GetValue<string>()).AbsolutePath;
            var id = path["/api/models/".Length..];
            var response = exchange["response"]!;
            var status = response["status"]!["code"]!.GetValue<int>();
            var body = Encoding.UTF8.GetBytes(response["body"]!.GetValue<string>());
            if (status == 200)
            {
                recorded[id] = JsonNode.Parse(body)!.AsObject();
                on(path, ctx => Answer(ctx, body, "application/json"));
                continue;
            }
            recorded[id] = null;
            var location = response["headers"]!.AsObject().First(h => h.Key.Equals("location", StringComparison.OrdinalIgnoreCase)).Value![0]!.GetValue<string>();
            on(path, ctx =>
            {
                ctx.Response.StatusCode = status;
                ctx.Response.Headers.Location = location + ctx.Request.QueryString.Value;
                return Task.CompletedTask;
            });
        }
        return recorded;
    }

    /// <summary>
    /// Answers OAI-PMH <c>GetRecord</c> (metadataPrefix=arXiv) at <c>/oai2</c>: a paper <paramref name="answerFor"/>
    /// knows gets that document; any other identifier gets <c>idDoesNotExist</c> (the answer named <paramref name="unknown"/>),
    /// any other request <c>badArgument</c>.
    /// </summary>
    public static void ServeArxiv(Route on, Func<string, byte[]?> answerFor, string unknown = "id-does-not-exist.xml") => on("/oai2", ctx =>
    {
        var identifier = ctx.Request.Query["identifier"].ToString();
        var paper = identifier.StartsWith("oai:arXiv.org:", StringComparison.Ordinal) ? identifier["oai:arXiv.org:".Length..] : "";
        var body = ctx.Request.Query["verb"] == "GetRecord" && ctx.Request.Query["metadataPrefix"] == "arXiv"
            ? answerFor(paper) ?? ArxivAnswers.Read(unknown)
            : ArxivAnswers.Read("bad-argument.xml");
        return Answer(ctx, body, "text/xml");
    });

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

/// <summary>
/// Our own OAI-PMH answers (arxiv/*.xml, embedded), written in the documented shape of arXiv's GetRecord:
/// no arXiv license record could be recorded offline, so these are made up, and say so.
/// </summary>
public static class ArxivAnswers
{
    public static byte[] Read(string name)
    {
        using var stream = typeof(ArxivAnswers).Assembly.GetManifestResourceStream($"arxiv/{name}")
            ?? throw new FileNotFoundException($"no OAI-PMH answer named {name}");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}

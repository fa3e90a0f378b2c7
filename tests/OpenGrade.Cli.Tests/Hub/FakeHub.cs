using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OpenGrade.Cli.Tests.Hub;

/// <summary>One request the fake Hub saw.</summary>
public sealed record SeenRequest(string Path, string? Authorization);

/// <summary>
/// A fake Hugging Face Hub on 127.0.0.1 that replays the real recorded API responses and model
/// files of ../shared/corpus/hf, with scripted faults (status codes, Retry-After, slowness,
/// gating) for the resilience tests. Models without a recording get model info built from their
/// corpus folder.
/// </summary>
public sealed class FakeHub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _corpus;
    private readonly Dictionary<string, JsonElement> _recordings;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Func<HttpContext, Task>>> _scripted = new();
    private readonly ConcurrentDictionary<string, TimeSpan> _delays = new();
    private readonly ConcurrentDictionary<string, string> _gatedRepos = new();

    public ConcurrentQueue<SeenRequest> Requests { get; } = new();

    public Uri Endpoint { get; private set; } = null!;

    private FakeHub(WebApplication app, string corpus)
    {
        _app = app;
        _corpus = corpus;
        _recordings = LoadRecordings(corpus);
        app.Run(Handle);
    }

    public static async Task<FakeHub> StartAsync(string hfCorpus)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var hub = new FakeHub(builder.Build(), hfCorpus);
        await hub._app.StartAsync();
        hub.Endpoint = new Uri(hub._app.Urls.First());
        return hub;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    /// <summary>The next <paramref name="times"/> requests for the path get this answer instead of the real one.</summary>
    public void FailNext(string path, int status, int times = 1, string? retryAfter = null)
    {
        var queue = _scripted.GetOrAdd(path, _ => new());
        for (var i = 0; i < times; i++)
        {
            queue.Enqueue(ctx =>
            {
                ctx.Response.StatusCode = status;
                if (retryAfter is not null) ctx.Response.Headers.RetryAfter = retryAfter;
                return ctx.Response.WriteAsync($"{{\"error\":\"scripted {status}\"}}");
            });
        }
    }

    /// <summary>Answers the path with a redirect to another URL.</summary>
    public void Redirect(string path, string location, int times = 1)
    {
        var queue = _scripted.GetOrAdd(path, _ => new());
        for (var i = 0; i < times; i++)
        {
            queue.Enqueue(ctx =>
            {
                ctx.Response.StatusCode = 307;
                ctx.Response.Headers.Location = location;
                return Task.CompletedTask;
            });
        }
    }

    /// <summary>Every answer for the path waits this long first.</summary>
    public void Delay(string path, TimeSpan delay) => _delays[path] = delay;

    /// <summary>The repo's files need a token (401 without one) that is approved (403 with any other).</summary>
    public void Gate(string repoId, string approvedToken) => _gatedRepos[repoId] = approvedToken;

    public int Count(string pathPrefix) => Requests.Count(r => r.Path.StartsWith(pathPrefix, StringComparison.Ordinal));

    public int CountExact(string path) => Requests.Count(r => r.Path == path);

    private async Task Handle(HttpContext ctx)
    {
        var path = ctx.Request.Path.Value ?? "/";
        Requests.Enqueue(new SeenRequest(path, ctx.Request.Headers.Authorization.FirstOrDefault()));
        if (_delays.TryGetValue(path, out var delay)) await Task.Delay(delay, ctx.RequestAborted);
        if (_scripted.TryGetValue(path, out var queue) && queue.TryDequeue(out var scripted))
        {
            await scripted(ctx);
            return;
        }
        if (path.StartsWith("/api/models/", StringComparison.Ordinal)) await ModelApi(ctx, path["/api/models/".Length..]);
        else if (path.StartsWith("/api/datasets/", StringComparison.Ordinal)) await DatasetApi(ctx, path["/api/datasets/".Length..]);
        else await Resolve(ctx, path.TrimStart('/'));
    }

    private async Task ModelApi(HttpContext ctx, string rest)
    {
        if (rest.EndsWith("/refs", StringComparison.Ordinal))
        {
            var refs = Path.Combine(FolderOf(rest[..^"/refs".Length]), "refs.json");
            await (File.Exists(refs) ? Json(ctx, File.ReadAllText(refs)) : NotFound(ctx, "RepoNotFound"));
            return;
        }
        var repo = rest.Contains("/revision/") ? rest[..rest.IndexOf("/revision/", StringComparison.Ordinal)] : rest;
        if (_recordings.TryGetValue(repo, out var recording))
        {
            var response = recording.GetProperty("response");
            ctx.Response.StatusCode = response.GetProperty("status").GetProperty("code").GetInt32();
            if (response.GetProperty("headers").TryGetProperty("Location", out var location))
            {
                ctx.Response.Headers.Location = location[0].GetString();
            }
            ctx.Response.ContentType = "application/json; charset=utf-8";
            await ctx.Response.WriteAsync(response.GetProperty("body").GetString() ?? "");
            return;
        }
        var folder = FolderOf(repo);
        if (!Directory.Exists(folder))
        {
            await NotFound(ctx, "RepoNotFound");
            return;
        }
        await Json(ctx, SynthesiseModelInfo(repo, folder).ToJsonString());
    }

    private async Task DatasetApi(HttpContext ctx, string id)
    {
        var file = Path.Combine(_corpus, "datasets", id.Replace("/", "__"), "metadata.json");
        if (!File.Exists(file))
        {
            await NotFound(ctx, "RepoNotFound");
            return;
        }
        var meta = JsonNode.Parse(File.ReadAllText(file))!;
        await Json(ctx, new JsonObject { ["id"] = id, ["cardData"] = meta["card_metadata_as_displayed"]?.DeepClone() }.ToJsonString());
    }

    private async Task Resolve(HttpContext ctx, string path)
    {
        var parts = path.Split('/');
        var at = Array.IndexOf(parts, "resolve");
        if (at < 1 || parts.Length < at + 3)
        {
            await NotFound(ctx, "EntryNotFound");
            return;
        }
        var repo = string.Join('/', parts[..at]);
        if (_gatedRepos.TryGetValue(repo, out var approved))
        {
            var auth = ctx.Request.Headers.Authorization.FirstOrDefault();
            if (auth is null) { ctx.Response.StatusCode = 401; await ctx.Response.WriteAsync("Access to model is restricted. Please log in."); return; }
            if (auth != $"Bearer {approved}") { ctx.Response.StatusCode = 403; await ctx.Response.WriteAsync("You are not in the authorized list."); return; }
        }
        var file = Path.Combine(FolderOf(repo), Path.Combine(parts[(at + 2)..].Select(Uri.UnescapeDataString).ToArray()));
        if (!File.Exists(file))
        {
            await NotFound(ctx, "EntryNotFound");
            return;
        }
        ctx.Response.Headers["X-Repo-Commit"] = parts[at + 1];
        await ctx.Response.SendFileAsync(file);
    }

    private string FolderOf(string repo) => Path.Combine(_corpus, "models", repo.Replace("/", "__"));

    /// <summary>Model info for a corpus folder without a recording: its files as siblings, a stable fake commit.</summary>
    private static JsonObject SynthesiseModelInfo(string repo, string folder)
    {
        var files = Directory.GetFiles(folder).Select(Path.GetFileName).OfType<string>()
            .Where(f => f is not "PROVENANCE.txt" and not "refs.json" and not "siblings.json" and not "api_model.json").ToList();
        var siblingsFile = Path.Combine(folder, "siblings.json");
        if (File.Exists(siblingsFile))
        {
            files.AddRange(JsonNode.Parse(File.ReadAllText(siblingsFile))!["siblings"]!.AsArray()
                .Select(s => s!["rfilename"]!.GetValue<string>()));
        }
        var sha = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(repo)));
        return new JsonObject
        {
            ["id"] = repo,
            ["sha"] = sha,
            ["siblings"] = new JsonArray([.. files.Distinct().Order(StringComparer.Ordinal).Select(f => (JsonNode)new JsonObject { ["rfilename"] = f })]),
        };
    }

    private static Dictionary<string, JsonElement> LoadRecordings(string corpus)
    {
        var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var files = Directory.GetFiles(Path.Combine(corpus, "api", "recorded"), "*.json")
            .Concat(Directory.GetFiles(Path.Combine(corpus, "models"), "api_model.json", SearchOption.AllDirectories));
        foreach (var file in files)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            var uri = new Uri(doc.RootElement.GetProperty("request").GetProperty("uri").GetString()!);
            if (uri.Query.Length > 0) continue; // expand=… variants answer other questions
            result[uri.AbsolutePath["/api/models/".Length..]] = doc.RootElement.Clone();
        }
        return result;
    }

    private static Task Json(HttpContext ctx, string body)
    {
        ctx.Response.ContentType = "application/json; charset=utf-8";
        return ctx.Response.WriteAsync(body);
    }

    private static Task NotFound(HttpContext ctx, string code)
    {
        ctx.Response.StatusCode = 404;
        ctx.Response.Headers["X-Error-Code"] = code;
        return ctx.Response.WriteAsync($"{{\"error\":\"{code}\"}}");
    }
}

using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OpenGrade.Testing;

/// <summary>
/// A Hub mirror on 127.0.0.1 that answers whatever a test scripts: forged ids and file names,
/// trickled bodies, absurd Retry-After values. Unscripted refs answer empty; unscripted files 404.
/// It also stands in for other services (GitHub, arXiv) in the link tests: every request is logged
/// with its query and the headers a test asserts on. Shared by the Hostile and Links test projects
/// (tests/Shared/Hub, compiled into each; needs the ASP.NET Core framework reference).
/// </summary>
public sealed class HostileHub : IAsyncDisposable
{
    public const string Sha = "0123456789abcdef0123456789abcdef01234567";
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Func<HttpContext, Task>> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Func<HttpContext, Task>> _prefixes = new(StringComparer.Ordinal);

    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Every Authorization header a request carried.</summary>
    public ConcurrentQueue<string> Authorizations { get; } = new();

    /// <summary>Every request: path with query, and the Authorization and If-None-Match headers it carried.</summary>
    public ConcurrentQueue<ReceivedRequest> Received { get; } = new();

    public Uri Endpoint { get; private set; } = null!;

    private HostileHub(WebApplication app)
    {
        _app = app;
        app.Run(Handle);
    }

    public static async Task<HostileHub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var hub = new HostileHub(builder.Build());
        await hub._app.StartAsync();
        hub.Endpoint = new Uri(hub._app.Urls.First());
        return hub;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    public void On(string path, Func<HttpContext, Task> answer) => _routes[path] = answer;

    public void OnPrefix(string prefix, Func<HttpContext, Task> answer) => _prefixes[prefix] = answer;

    /// <summary>Answers the path with a bare status and one header (a redirect, a rate limit).</summary>
    public void Status(string path, int status, string header, string value) => On(path, ctx =>
    {
        ctx.Response.StatusCode = status;
        ctx.Response.Headers[header] = value;
        return Task.CompletedTask;
    });

    /// <summary>Answers at once, then sends one byte every 100 ms for two minutes: headers fast, body never done.</summary>
    public void Trickle(string path) => On(path, async ctx =>
    {
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync("{", ctx.RequestAborted);
        for (var i = 0; i < 1200; i++)
        {
            await Task.Delay(100, ctx.RequestAborted);
            await ctx.Response.WriteAsync(" ", ctx.RequestAborted);
            await ctx.Response.Body.FlushAsync(ctx.RequestAborted);
        }
    });

    public void Json(string path, JsonNode body) => On(path, ctx => WriteJson(ctx, body.ToJsonString()));

    /// <summary>A model whose info lists these file names; every file under it answers with <paramref name="fileBody"/>.</summary>
    public void Model(string repo, IEnumerable<string> siblings, string? id = null, string fileBody = "print('hello')\n", TimeSpan? fileDelay = null)
    {
        Json($"/api/models/{repo}", new JsonObject
        {
            ["id"] = id ?? repo,
            ["sha"] = Sha,
            ["siblings"] = new JsonArray([.. siblings.Select(s => (JsonNode)new JsonObject { ["rfilename"] = s })]),
        });
        OnPrefix($"/{repo}/resolve/", async ctx =>
        {
            if (fileDelay is { } d) await Task.Delay(d, ctx.RequestAborted);
            await ctx.Response.WriteAsync(fileBody, ctx.RequestAborted);
        });
    }

    public int Count(string prefix) => Requests.Count(r => r.StartsWith(prefix, StringComparison.Ordinal));

    private async Task Handle(HttpContext ctx)
    {
        var path = ctx.Request.Path.Value ?? "/";
        Requests.Enqueue(path);
        if (ctx.Request.Headers.Authorization.FirstOrDefault() is { } auth) Authorizations.Enqueue(auth);
        Received.Enqueue(new ReceivedRequest(path + ctx.Request.QueryString.Value, ctx.Request.Headers.Authorization.FirstOrDefault(), ctx.Request.Headers.IfNoneMatch.FirstOrDefault()));
        if (_routes.TryGetValue(path, out var answer))
        {
            await answer(ctx);
            return;
        }
        foreach (var (prefix, prefixed) in _prefixes)
        {
            if (!path.StartsWith(prefix, StringComparison.Ordinal)) continue;
            await prefixed(ctx);
            return;
        }
        if (path.EndsWith("/refs", StringComparison.Ordinal))
        {
            await WriteJson(ctx, """{"branches":[],"tags":[]}""");
            return;
        }
        ctx.Response.StatusCode = 404;
        ctx.Response.Headers["X-Error-Code"] = "EntryNotFound";
    }

    public static Task WriteJson(HttpContext ctx, string body)
    {
        ctx.Response.ContentType = "application/json";
        return ctx.Response.WriteAsync(body, ctx.RequestAborted);
    }
}

/// <summary>One request a stand-in server received.</summary>
public sealed record ReceivedRequest(string PathAndQuery, string? Authorization, string? IfNoneMatch);

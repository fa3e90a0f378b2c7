using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenGrade.StandIn;

// opengrade-standin [--shared DIR] [--port N] [--arxiv-dir DIR]
// Serves the recorded linked places on 127.0.0.1 in GitHub-REST, Hub-API and OAI-PMH shapes, all on one
// port (their paths do not overlap), until killed. Prints the URL on standard output, one line.
const string Usage = "usage: opengrade-standin [--shared DIR] [--port N] [--arxiv-dir DIR]";
string? shared = Environment.GetEnvironmentVariable("OPENGRADE_SHARED");
var port = 0;
string? arxivDir = null;
for (var i = 0; i < args.Length; i++)
{
    var value = i + 1 < args.Length ? args[i + 1] : null;
    switch (args[i])
    {
        case "--shared" when value is not null: shared = value; i++; break;
        case "--port":
            if (!int.TryParse(value, out port) || port is < 0 or > 65535)
            {
                Console.Error.WriteLine($"opengrade-standin: --port needs a number from 0 to 65535; {Usage}");
                return 2;
            }
            i++;
            break;
        case "--arxiv-dir" when value is not null: arxivDir = value; i++; break;
        case "-h" or "--help": Console.WriteLine(Usage); return 0;
        default: Console.Error.WriteLine($"opengrade-standin: unexpected argument '{args[i]}'; {Usage}"); return 2;
    }
}
shared ??= Path.Combine("..", "shared");
var linked = Path.Combine(shared, "corpus", "linked");
var recorded = Path.Combine(shared, "corpus", "hf", "api", "recorded");
foreach (var folder in new[] { linked, recorded, arxivDir }.OfType<string>())
{
    if (!Directory.Exists(folder))
    {
        Console.Error.WriteLine($"opengrade-standin: {folder}: no such folder (give --shared DIR or set OPENGRADE_SHARED)");
        return 2;
    }
}

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
var app = builder.Build();
// What was asked, so that a measurement can tell requests from distinct addresses.
var served = 0;
var addresses = new System.Collections.Concurrent.ConcurrentDictionary<string, int>(StringComparer.Ordinal);
app.Use(async (ctx, next) =>
{
    Interlocked.Increment(ref served);
    addresses.AddOrUpdate(ctx.Request.Path + ctx.Request.QueryString, 1, (_, n) => n + 1);
    await next(ctx);
});
Route on = (path, answer) => app.MapGet(path, new RequestDelegate(answer));
var repositories = LinkedCorpus.ServeGitHub(on, linked).Count;
var datasets = LinkedCorpus.ServeDatasets(on, linked).Count;
var models = LinkedCorpus.ServeRecordedModels(on, recorded).Count;
// No arXiv license could be recorded: without --arxiv-dir every paper answers idDoesNotExist (not found).
LinkedCorpus.ServeArxiv(on, paper =>
{
    if (arxivDir is null || paper.Length == 0 || paper.Contains("..", StringComparison.Ordinal)) return null;
    var file = Path.Combine(arxivDir, paper.Replace('/', '_') + ".xml");
    return File.Exists(file) ? File.ReadAllBytes(file) : null;
}, unknown: "not-recorded.xml");

await app.StartAsync();
var url = app.Urls.First().TrimEnd('/') + "/";
Console.WriteLine(url);
Console.Out.Flush();
Console.Error.WriteLine($"opengrade-standin: GitHub ({repositories} repositories), Hub ({datasets} datasets, {models} models) and arXiv OAI-PMH at {url}; stop with Ctrl-C or SIGTERM");
await app.WaitForShutdownAsync();
Console.Error.WriteLine($"opengrade-standin: served {Volatile.Read(ref served)} requests for {addresses.Count} distinct addresses"
    + $" ({addresses.Count(a => a.Value > 1)} asked more than once)");
return 0;

using System.CommandLine;
using OpenGrade.Core.Evaluation;
using OpenGrade.Server;

namespace OpenGrade.Cli.Commands;

/// <summary><c>opengrade serve [--db DB] [--urls URLS]</c>: the catalog's REST API (docs/api.md).</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var db = CatalogDb.Create();
        var urls = new Option<string>("--urls")
        {
            Description = "Where to listen, ';'-separated (default: http://127.0.0.1:8080, this machine only)",
            DefaultValueFactory = _ => "http://127.0.0.1:8080",
        };
        var rate = new Option<int>("--rate-limit")
        {
            Description = "Requests per minute per client address (429 + Retry-After beyond)",
            DefaultValueFactory = _ => 1200,
        };
        var hub = new HubCommandOptions();
        var command = new Command("serve", "Serve the catalog: MOT-compatible /api/v1, /api/v2 with filters, history and diffs, /openapi/v1.json. Writes need a token (opengrade catalog token create).")
        {
            db, urls, rate,
        };
        hub.AddTo(command);
        hub.AddLinkOptionsTo(command);
        command.SetAction(parse =>
        {
            var list = parse.GetValue(urls)!.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (list.Length == 0 || list.Any(u => !Uri.TryCreate(u, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
            {
                Messages.Error("--urls takes http:// or https:// addresses, ';'-separated");
                return ExitCodes.Error;
            }
            if (parse.GetValue(rate) < 1)
            {
                Messages.Error("--rate-limit must be at least 1");
                return ExitCodes.Error;
            }
            using var catalog = CatalogDb.Open(parse.GetValue(db));
            if (catalog is null) return ExitCodes.Error;
            var hubOptions = hub.Read(parse);
            using var targets = new Targets(Assessor.CreateDefault(), hubOptions, links: hub.ReadLinks(parse, hubOptions));
            var app = CatalogServer.Build(new CatalogServerOptions
            {
                Catalog = catalog,
                Assess = targets.Assess,
                Urls = list,
                RequestsPerWindow = parse.GetValue(rate),
            });
            Messages.Note($"serving {catalog.Display} ({catalog.ModelCount()} models){(catalog.HasTokens() ? "" : "; no token exists, so writes are closed")}");
            try
            {
                app.Run();
            }
            catch (IOException e)
            {
                Messages.Error($"cannot listen on {string.Join(", ", list)}: {e.Message}");
                return ExitCodes.Error;
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}

using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using OpenGrade.Core.Evaluation;
using OpenGrade.Core.Text;
using OpenGrade.Reports;
using OpenGrade.Storage;

namespace OpenGrade.Cli.Commands;

/// <summary><c>opengrade catalog import|list|export|token|check</c>: the database of assessments (docs/catalog.md).</summary>
public static class CatalogCommand
{
    public static Command Create()
    {
        var catalog = new Command("catalog", "Store assessments as versions in a catalog (SQLite or PostgreSQL), list and export them; `opengrade serve` publishes it.");
        catalog.Subcommands.Add(CreateImport());
        catalog.Subcommands.Add(CreateList("list", "List the catalog's models (latest versions), filtered and sorted.", defaultFormat: "text"));
        catalog.Subcommands.Add(CreateList("export", "Export every matching model: jsonl (one stored record with its full assessment per line) or csv.", defaultFormat: "jsonl"));
        catalog.Subcommands.Add(CatalogTokenCommand.Create());
        catalog.Subcommands.Add(CreateCheck());
        return catalog;
    }

    private static Command CreateImport()
    {
        var targets = new Argument<string[]>("TARGET")
        {
            Description = "What assess takes: MOT model files (.yml/.yaml), model repository folders, hf:org/name[@revision], AI-BOMs",
            Arity = ArgumentArity.OneOrMore,
        };
        var db = CatalogDb.Create();
        var batch = new Option<int>("--batch")
        {
            Description = "Assessments stored per transaction (1 to 10000)",
            DefaultValueFactory = _ => 200,
        };
        var hub = new HubCommandOptions();
        var command = new Command("import", "Assess each target and store it as a new version of its model (nothing new when unchanged). A target that fails is reported on one line; the others go on; the exit code is 2 if any failed.")
        {
            targets, db, batch,
        };
        hub.AddTo(command);
        hub.AddLinkOptionsTo(command);
        command.SetAction(parse =>
        {
            var size = parse.GetValue(batch);
            if (size is < 1 or > 10000)
            {
                Messages.Error("--batch must be from 1 to 10000");
                return ExitCodes.Error;
            }
            var hubOptions = hub.Read(parse);
            using var resolver = new Targets(Assessor.CreateDefault(), hubOptions, new StderrProgress(), hub.ReadLinks(parse, hubOptions));
            return Import(parse.GetValue(targets)!, parse.GetValue(db), size, resolver);
        });
        return command;
    }

    private static int Import(string[] targets, string? db, int batchSize, Targets resolver)
    {
        using var catalog = CatalogDb.Open(db);
        if (catalog is null) return ExitCodes.Error;
        var progress = new ImportProgress(targets.Length);
        var failed = 0;
        IEnumerable<CatalogRecord> Records()
        {
            for (var i = 0; i < targets.Length; i++)
            {
                progress.Show(i, targets[i]);
                var assessed = resolver.Assess(targets[i]);
                CatalogRecord? record = null;
                try
                {
                    if (assessed.Error is { } error) throw new CatalogException(error);
                    record = CatalogEntries.From(assessed, DateTimeOffset.UtcNow);
                }
                catch (CatalogException e)
                {
                    failed++;
                    progress.Clear();
                    Messages.Error(e.Message);
                }
                if (record is not null) yield return record;
            }
        }
        try
        {
            var results = catalog.StoreMany(Records(), batchSize);
            progress.Clear();
            var added = results.Count(r => r.Outcome == StoreOutcome.Added);
            var versions = results.Count(r => r.Outcome == StoreOutcome.NewVersion);
            var unchanged = results.Count(r => r.Outcome == StoreOutcome.Unchanged);
            foreach (var change in results.Select(r => r.LicenseChange).OfType<LicenseChange>())
            {
                Messages.Note($"{change.ModelId}: license change v{change.FromVersion} → v{change.ToVersion}: {Ids(change.Before)} → {Ids(change.After)}");
            }
            Messages.Note($"{catalog.Display}: {added} added, {versions} new version(s), {unchanged} unchanged, {failed} failed");
        }
        catch (CatalogException e)
        {
            progress.Clear();
            Messages.Error(e.Message + " (batches committed before this one are kept)");
            return ExitCodes.Error;
        }
        return failed > 0 ? ExitCodes.Error : ExitCodes.Ok;
    }

    private static string Ids(IReadOnlyList<string> ids) => ids.Count == 0 ? "(none)" : string.Join(", ", ids);

    private static Command CreateList(string name, string description, string defaultFormat)
    {
        var db = CatalogDb.Create();
        var filters = new CatalogFilterOptions();
        var format = new Option<string>("--format", "-f")
        {
            Description = name == "list" ? "text (a table), jsonl or csv" : "jsonl or csv",
            DefaultValueFactory = _ => defaultFormat,
        };
        if (name == "list") format.AcceptOnlyFromAmong("text", "jsonl", "csv");
        else format.AcceptOnlyFromAmong("jsonl", "csv");
        var limit = new Option<int>("--limit")
        {
            Description = name == "list" ? "How many models to show (1 to 10000)" : "Most models to export (0: all)",
            DefaultValueFactory = _ => name == "list" ? 50 : 0,
        };
        var command = new Command(name, description) { db, format, limit };
        filters.AddTo(command);
        command.SetAction(parse =>
        {
            var max = parse.GetValue(limit);
            if (max < 0 || (name == "list" && max is < 1 or > 10000))
            {
                Messages.Error(name == "list" ? "--limit must be from 1 to 10000" : "--limit must be 0 (all) or more");
                return ExitCodes.Error;
            }
            var fmt = parse.GetValue(format)!;
            using var catalog = CatalogDb.Open(parse.GetValue(db));
            if (catalog is null) return ExitCodes.Error;
            try
            {
                Write(catalog, filters.Read(parse, 200, withDocuments: fmt == "jsonl"), fmt, max == 0 ? long.MaxValue : max);
                return ExitCodes.Ok;
            }
            catch (Exception e) when (e is QueryException or CatalogException)
            {
                Messages.Error(e.Message);
                return ExitCodes.Error;
            }
        });
        return command;
    }

    /// <summary>Streams every page of the query: memory stays one page whatever the catalog's size.</summary>
    private static void Write(ICatalog catalog, ModelQuery query, string format, long max)
    {
        var output = Console.Out;
        var written = 0L;
        if (format == "csv") output.WriteLine(CsvRow(CsvColumns));
        if (format == "text") output.WriteLine($"{"id",-48} {"class",5} {"progress",8} {"osaid",-26} {"eu-ai-act",-26} producer");
        while (written < max)
        {
            var page = catalog.List(query with { Limit = (int)Math.Min(query.Limit, max - written) });
            foreach (var m in page.Items)
            {
                switch (format)
                {
                    case "jsonl":
                        output.WriteLine(ExportLine(m).ToJsonString(Server.Http.Json));
                        break;
                    case "csv":
                        output.WriteLine(CsvRow(CsvValues(m)));
                        break;
                    default:
                        output.WriteLine(TerminalText.Escape($"{m.Id,-48} {m.MofClass,5} {m.MofTotal,8:0.0} {m.Osaid,-26} {m.Eu,-26} {m.Producer}"));
                        break;
                }
                written++;
            }
            if (page.NextCursor is null) break;
            query = query with { Cursor = page.NextCursor };
        }
    }

    private static JsonObject ExportLine(ModelSummary m) => (JsonObject)Server.ModelsApi.Summary(m);

    private static string[] CsvValues(ModelSummary m) => Server.CatalogCsv.Values(m);

    private static readonly IReadOnlyList<string> CsvColumns = Server.CatalogCsv.Columns;

    public static string CsvRow(IEnumerable<string> cells) => Server.CatalogCsv.Row(cells);

    private static Command CreateCheck()
    {
        var db = CatalogDb.Create();
        var build = new Option<bool>("--build-indexes")
        {
            Description = "First build the indexes a batch load deferred and did not finish (batch --db on an empty catalog builds them at its end).",
        };
        var command = new Command("check", "Check the catalog's integrity: counters, every model's latest version, every stored document readable and matching its hash.") { db, build };
        command.SetAction(parse =>
        {
            using var catalog = CatalogDb.Open(parse.GetValue(db));
            if (catalog is null) return ExitCodes.Error;
            if (parse.GetValue(build) && catalog.RestoreIndexes() is var made and > 0) Messages.Line($"built {made} deferred indexes and triggers");
            var report = catalog.CheckIntegrity();
            foreach (var problem in report.Problems) Messages.Error(problem);
            Messages.Line($"{report.Models} models, {report.Versions} versions: {(report.Ok ? "ok" : $"{report.Problems.Count} problem(s)")}; text search {report.TextSearch}");
            return report.Ok ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }

    /// <summary>Import progress on standard error: one line kept up to date on a terminal, nothing when redirected (the summary says it all).</summary>
    private sealed class ImportProgress(int total)
    {
        private readonly bool _terminal = !Console.IsErrorRedirected;

        public void Show(int index, string target)
        {
            if (!_terminal) return;
            var width = 30;
            var done = total == 0 ? width : index * width / total;
            var bar = new StringBuilder().Append('#', done).Append('.', width - done);
            Console.Error.Write($"\r\u001b[K[{bar}] {index}/{total} {TerminalText.Clip(TerminalText.Escape(target), 60)}");
        }

        public void Clear()
        {
            if (_terminal) Console.Error.Write("\r\u001b[K");
        }
    }
}

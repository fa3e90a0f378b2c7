using System.CommandLine;
using OpenGrade.Batch.Census;
using OpenGrade.Core.Licensing;
using OpenGrade.Sources.Files;

namespace OpenGrade.Cli.Commands;

/// <summary><c>opengrade report census --from FILE.jsonl -o census.html|.md</c>: the state of openness over a batch output.</summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var report = new Command("report", "Reports over many graded models.");
        var from = new Option<string?>("--from") { HelpName = "FILE.jsonl", Description = "A batch output (the last line of each model counts)" };
        var db = new Option<string?>("--db")
        {
            HelpName = "DB",
            Arity = ArgumentArity.ZeroOrOne,
            Description = "A catalog instead (the latest version of each model): a SQLite file, or PostgreSQL as postgres://… or Host=…; --db alone: $"
                + Storage.CatalogLocation.Variable + ", else ./" + Storage.CatalogLocation.DefaultFile,
        };
        var output = new Option<string>("--output", "-o")
        {
            HelpName = "FILE",
            Description = "census.html (one self-contained page with SVG charts) or census.md; written whole or not at all",
            Required = true,
        };
        var census = new Command("census", "The state of openness: MOF classes, OSAID and EU AI Act verdicts, flags (openwashing by downloads), licenses, derivatives in conflict with their base, trends by creation month.")
        {
            from, db, output,
        };
        census.SetAction(parse => Run(parse.GetValue(from), parse.GetResult(db) is not null, parse.GetValue(db), parse.GetValue(output)!));
        report.Subcommands.Add(census);
        return report;
    }

    private static int Run(string? from, bool fromCatalog, string? db, string output)
    {
        var html = output.EndsWith(".html", StringComparison.OrdinalIgnoreCase) || output.EndsWith(".htm", StringComparison.OrdinalIgnoreCase);
        if (!html && !output.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
        {
            Messages.Error($"{output}: the census is written as .html or .md");
            return ExitCodes.Error;
        }
        if ((from is null) == !fromCatalog)
        {
            Messages.Error("give one of --from FILE.jsonl (a batch output) or --db DB (a catalog)");
            return ExitCodes.Error;
        }
        try
        {
            var sink = new OutputSink(output, from is null ? [] : [from]);
            CensusResult result;
            string shown;
            if (from is null)
            {
                using var catalog = Storage.SqlCatalog.Open(db);
                result = CensusReader.Read(catalog, LicenseCatalog.Default);
                // The catalog's name as messages show it (no password); a file by its name only, as --from is.
                shown = catalog.Provider == Storage.CatalogProvider.Sqlite ? Path.GetFileName(catalog.Display) : catalog.Display;
            }
            else
            {
                result = CensusReader.Read(from, LicenseCatalog.Default);
                shown = Path.GetFileName(from);
            }
            sink.Write(html ? CensusReport.Html(result, shown) : CensusReport.Markdown(result, shown));
            sink.Commit();
            Messages.Note($"census of {result.Models:N0} models ({result.Errors:N0} errors, {result.Unreadable:N0} unreadable lines) → {output}");
            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is OutputException or Storage.CatalogException)
        {
            Messages.Error(e.Message);
            return ExitCodes.Error;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FileRefusedException)
        {
            Messages.Error($"{from}: {(e is FileNotFoundException ? "no such file" : e.Message)}");
            return ExitCodes.Error;
        }
    }
}

using System.CommandLine;
using OpenGrade.Batch.Output;
using OpenGrade.Batch.Records;
using OpenGrade.Batch.Running;
using OpenGrade.Batch.Sources;
using OpenGrade.Core.Evaluation;
using OpenGrade.Sources.Local;
using OpenGrade.Sources.Pipeline;

namespace OpenGrade.Cli.Commands;

/// <summary><c>opengrade batch SOURCE...</c>: grade Hub listings at scale, resumable (docs/batch.md).</summary>
public static class BatchCommand
{
    /// <summary>Malformed records shown one by one; the rest are counted.</summary>
    private const int ShownProblems = 100;

    public static Command Create()
    {
        var sources = new Argument<string[]>("SOURCE")
        {
            Description = "FILE.jsonl (.jsonl.gz, .jsonl.zst): one Hub model object per line, optionally with the README in 'card'; "
                + "FILE.parquet: the hub-stats models.parquet or model_cards_with_metadata dump; hf:?author=…&filter=…&search=…&sort=downloads: the live Hub listing",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string?>("--output", "-o")
        {
            HelpName = "FILE.jsonl",
            Description = "Append one line per graded model (the object 'assess --format jsonl' prints, plus 'listing'); models already in FILE at the same sha/lastModified are skipped. Default: standard output",
        };
        var db = new Option<string?>("--db")
        {
            HelpName = "DB",
            Arity = ArgumentArity.ZeroOrOne,
            Description = "Store into a catalog instead: a SQLite file, or PostgreSQL as postgres://… or Host=…; --db alone: $"
                + Storage.CatalogLocation.Variable + ", else ./" + Storage.CatalogLocation.DefaultFile
                + ". One transaction per batch of models, the checkpoint in the same transaction; models held at the same sha/lastModified are skipped",
        };
        var resume = new Option<bool>("--resume") { Description = "Continue after an interruption: from the checkpoint beside --output (FILE.jsonl.checkpoint.json), or the one stored in the --db catalog for these sources and shard" };
        var jobs = new Option<int>("--jobs", "-j")
        {
            Description = "Records graded in parallel (output order stays the input order)",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        var shard = new Option<string?>("--shard") { HelpName = "I/N", Description = "Grade only shard I of N (0-based), by a stable hash of the model id: N processes cover every model once" };
        var limit = new Option<long?>("--limit") { HelpName = "N", Description = "Read at most N records (before the shard filter)" };
        var progress = new Option<bool>("--progress") { Description = "Show progress on standard error even when it is not a terminal" };
        var deep = new Option<long?>("--deep")
        {
            HelpName = "TOP_N",
            Description = "Grade the N most downloaded models of each hf:?…&sort=downloads listing as 'assess hf:ORG/NAME' does (per-model Hub calls and link following; "
                + "--github-endpoint, --arxiv-endpoint, --no-follow apply); the others from their listing line. A model the Hub cannot give is graded from its line",
        };
        var hub = new HubCommandOptions();
        var command = new Command("batch", "Grade many Hub models from listing records (JSONL, Parquet dumps, or the live listing) with the same inventory and judgements as assess.")
        {
            sources, output, db, resume, jobs, shard, limit, progress, deep,
        };
        hub.AddTo(command);
        hub.AddLinkOptionsTo(command);
        command.SetAction((parse, ct) => RunAsync(new Request(parse.GetValue(sources)!, parse.GetValue(output), parse.GetResult(db) is not null, parse.GetValue(db),
            parse.GetValue(resume), parse.GetValue(jobs), parse.GetValue(shard), parse.GetValue(limit), parse.GetValue(progress), parse.GetValue(deep)), hub, parse, ct));
        return command;
    }

    private sealed record Request(string[] Sources, string? Output, bool ToCatalog, string? Db, bool Resume, int Jobs, string? Shard, long? Limit, bool Progress, long? Deep);

    private static async Task<int> RunAsync(Request request, HubCommandOptions hubOptions, ParseResult parse, CancellationToken ct)
    {
        IBatchSink? sink = null;
        Storage.SqlCatalog? catalog = null;
        Targets? targets = null;
        try
        {
            if (request.Jobs is < 1 or > 256) throw new FormatException("--jobs must be between 1 and 256");
            if (request.Limit is < 0) throw new FormatException("--limit must be 0 or more");
            if (request.ToCatalog && request.Output is not null) throw new FormatException("--db and --output are mutually exclusive: grade into a catalog (--db DB) or into a JSONL file (-o FILE.jsonl)");
            var shard = request.Shard is null ? null : Shard.Parse(request.Shard);
            var toFile = request.Output is not null and not OutputSink.StandardOutput;
            if (request.Resume && !toFile && !request.ToCatalog) throw new FormatException("--resume needs --output FILE.jsonl (the checkpoint is kept beside it) or --db DB");
            if (request.Deep is < 0) throw new FormatException("--deep must be 0 or more");
            if (request.Deep > 0 && request.Sources.FirstOrDefault(s => !HubListingSource.MostDownloadedFirst(s)) is { } shallow)
            {
                throw new FormatException($"--deep grades the most downloaded models of a listing: '{Core.Text.TerminalText.Clip(shallow, 80)}' is not hf:?…&sort=downloads");
            }
            var hub = hubOptions.Read(parse);
            var opened = request.Sources.Select(s => BatchSources.Open(s, hub)).ToList();
            DeepGrading? deepGrading = null;
            if (request.Deep > 0)
            {
                // assess hf:ORG/NAME itself: the same Targets, one link resolver for the run (a place linked twice is asked once).
                targets = new Targets(Assessor.CreateDefault(), hub, null, hubOptions.ReadLinks(parse, hub));
                var one = new Lock();
                var assessing = targets;
                deepGrading = new DeepGrading(request.Deep.Value, target =>
                {
                    // One model at a time: the Hub's rate limit, not the cores, bounds these.
                    lock (one) return assessing.Assess(target);
                });
            }
            if (request.ToCatalog)
            {
                try
                {
                    catalog = Storage.SqlCatalog.Open(request.Db);
                }
                catch (Storage.CatalogException e)
                {
                    // Nothing was graded yet: no word of resuming.
                    Messages.Error(e.Message);
                    return ExitCodes.Error;
                }
                sink = CatalogSink.Open(catalog, shard);
            }
            else if (toFile)
            {
                var destination = OutputFile.Resolve(request.Output!);
                if (destination.Way != WriteWay.Replace) throw new OutputException(request.Output!, "batch output must be a regular file (it is read back and appended to)");
                OutputFile.RefuseInputs(request.Output!, request.Sources.Where(s => !s.StartsWith("hf:", StringComparison.Ordinal)));
                sink = JsonLinesSink.Open(destination.File);
            }
            else
            {
                sink = new StandardOutputSink(Console.Out);
            }
            if (sink.Repaired is { } repaired) Messages.Note(repaired);
            var shown = 0;
            var display = new BatchProgressDisplay(request.Progress);
            var options = new BatchOptions(
                Jobs: request.Jobs, Shard: shard, Limit: request.Limit, Resume: request.Resume,
                CheckpointPath: toFile ? Checkpoint.PathFor(request.Output!) : null,
                Malformed: problem =>
                {
                    if (++shown > ShownProblems) return;
                    display.Clear();
                    Messages.Error($"warning: {problem.Where}: {problem.Problem}{(shown == ShownProblems ? " (further malformed records are counted, not shown)" : "")}");
                },
                Progress: display.Enabled ? display.Show : null,
                ProgressEvery: display.Every,
                KnownDatasets: KnownDatasets(),
                Deep: deepGrading);
            var counts = await new BatchRunner(Assessor.CreateDefault(), sink).RunAsync(opened, options, ct);
            display.Clear();
            if (sink is CatalogSink { Loading: true } loaded)
            {
                Messages.Note("building the catalog's indexes (a first load adds models without them)…");
                loaded.Finish();
            }
            Messages.Note(Summary(counts, sink is CatalogSink stored ? $"{stored.Display} ({stored.Added:N0} added, {stored.NewVersions:N0} new versions, {stored.Same:N0} unchanged assessments)" : request.Output, sink is not CatalogSink));
            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is SourceException or FormatException or OutputException or Storage.CatalogException)
        {
            var resumable = request.Output is not null || request.ToCatalog;
            Messages.Error(e.Message + (resumable && e is SourceException or Storage.CatalogException ? $"; what was graded is kept, --resume continues" : ""));
            return ExitCodes.Error;
        }
        catch (OperationCanceledException)
        {
            Messages.Error("interrupted; what was graded is kept" + (request.Output is not null || request.ToCatalog ? ", --resume continues" : ""));
            return ExitCodes.Error;
        }
        catch (IOException e)
        {
            Messages.Error($"{request.Output ?? "standard output"}: cannot write: {e.Message}");
            return ExitCodes.Error;
        }
        finally
        {
            sink?.Dispose();
            catalog?.Dispose();
            targets?.Dispose();
        }
    }

    /// <summary>The known-datasets folder of <c>assess</c> ($OPENGRADE_DATASETS), so both look datasets up alike.</summary>
    private static Func<IEnumerable<string>, System.Collections.Immutable.ImmutableArray<Core.Inventory.DatasetFacts>>? KnownDatasets() =>
        Environment.GetEnvironmentVariable(Inventories.DatasetsVariable) is { Length: > 0 } folder && Directory.Exists(folder)
            ? names => DatasetCatalog.Read(folder, names)
            : null;

    /// <param name="errorLines">Whether failed models were written as error lines (a JSONL file) or not stored (a catalog).</param>
    public static string Summary(BatchCounts c, string? output, bool errorLines = true)
    {
        var rate = c.Elapsed.TotalSeconds > 0 ? c.Read / c.Elapsed.TotalSeconds : 0;
        return $"batch: {c.Read:N0} records in {c.Elapsed.TotalSeconds:0.0} s ({rate:N0}/s): {c.Graded:N0} graded, {c.Failed:N0} failed ({(errorLines ? "error lines" : "not stored")}), "
            + $"{c.Unchanged:N0} unchanged, {c.Duplicates:N0} duplicates, {c.Malformed:N0} malformed, {c.OtherShard:N0} in other shards"
            + (c.Deep > 0 ? $"; {c.Deep:N0} graded in depth ({c.DeepFellBack:N0} from their listing line: the Hub could not give them)" : "")
            + (output is null or OutputSink.StandardOutput ? "" : $" → {output}");
    }
}

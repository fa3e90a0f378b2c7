using System.CommandLine;
using System.Diagnostics;
using System.Runtime;
using OpenGrade.Batch.Bench;
using OpenGrade.Batch.Output;
using OpenGrade.Batch.Running;
using OpenGrade.Batch.Sources;
using OpenGrade.Core.Evaluation;

namespace OpenGrade.Cli.Commands;

/// <summary>
/// <c>opengrade bench batch --records N</c>: generated listing lines (distributions of the recorded Hub
/// answers) graded end to end from a JSONL file into a JSONL file; prints records/s, peak memory and
/// where the time of a record goes.
/// </summary>
public static class BenchBatchCommand
{
    public static Command Create()
    {
        var records = new Option<long>("--records") { Description = "How many listing lines to generate and grade", DefaultValueFactory = _ => 20_000 };
        var jobs = new Option<int>("--jobs", "-j") { Description = "Records graded in parallel", DefaultValueFactory = _ => Environment.ProcessorCount };
        var corpus = new Option<string>("--corpus")
        {
            Description = "The Hub corpus whose recorded answers give the distributions (default: ../shared/corpus/hf)",
            DefaultValueFactory = _ => Path.Combine("..", "shared", "corpus", "hf"),
        };
        var seed = new Option<int>("--seed") { Description = "Seed of the generator (same seed, same lines)", DefaultValueFactory = _ => 13 };
        var keep = new Option<string?>("--keep") { HelpName = "DIR", Description = "Keep the generated listing and the graded output in DIR (default: a temporary folder, removed)" };
        var db = new Option<string?>("--db")
        {
            HelpName = "DB",
            Description = "Grade into this catalog instead (a SQLite file, or PostgreSQL as postgres://… or Host=…), as 'batch --db' does; "
                + "the generated lines are fed straight from memory (no listing file). A catalog that holds models already skips those at the same version",
        };
        var command = new Command("batch", "Batch grading throughput: generate listing lines, grade them end to end, print records/s, peak memory and the cost of each stage.")
        {
            records, jobs, corpus, seed, keep, db,
        };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(records), parse.GetValue(jobs), parse.GetValue(corpus)!, parse.GetValue(seed), parse.GetValue(keep), parse.GetValue(db), ct));
        return command;
    }

    private static async Task<int> RunAsync(long records, int jobs, string corpus, int seed, string? keep, string? db, CancellationToken ct)
    {
        if (records is < 1 or > 100_000_000 || jobs is < 1 or > 256)
        {
            Messages.Error("--records must be from 1 to 100,000,000 and --jobs from 1 to 256");
            return ExitCodes.Error;
        }
        if (!Directory.Exists(Path.Combine(corpus, "api", "recorded")))
        {
            Messages.Error($"{corpus}: no api/recorded folder (the recorded Hub answers)");
            return ExitCodes.Error;
        }
        if (db is not null) return await IntoCatalogAsync(records, jobs, corpus, seed, db, ct);
        var dir = keep ?? Directory.CreateTempSubdirectory("opengrade-bench-batch-").FullName;
        Directory.CreateDirectory(dir);
        var listing = Path.Combine(dir, "listing.jsonl");
        var output = Path.Combine(dir, "graded.jsonl");
        try
        {
            var generator = ListingGenerator.FromCorpus(corpus);
            Console.WriteLine($"generator: {generator.Describe()}; seed {seed}");
            var clock = Stopwatch.StartNew();
            await using (var file = new FileStream(listing, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
            {
                foreach (var line in generator.Lines(records, seed))
                {
                    await file.WriteAsync(line, ct);
                    file.WriteByte((byte)'\n');
                }
            }
            Console.WriteLine($"generated {records:N0} lines ({new FileInfo(listing).Length / 1e6:N0} MB) in {clock.Elapsed.TotalSeconds:0.0} s");
            File.Delete(output);
            File.Delete(Checkpoint.PathFor(output));

            using var sink = JsonLinesSink.Open(output);
            await TimedRunAsync(sink, new JsonLinesSource(listing), jobs, Checkpoint.PathFor(output), () => $"output {new FileInfo(output).Length / 1e6:N0} MB", ct);
            return ExitCodes.Ok;
        }
        finally
        {
            if (keep is null) Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>The generated lines graded from memory into a catalog, as <c>batch --db</c> stores them.</summary>
    private static async Task<int> IntoCatalogAsync(long records, int jobs, string corpus, int seed, string db, CancellationToken ct)
    {
        try
        {
            var generator = ListingGenerator.FromCorpus(corpus);
            Console.WriteLine($"generator: {generator.Describe()}; seed {seed}; lines fed from memory");
            using var catalog = Storage.SqlCatalog.Open(db);
            using var sink = CatalogSink.Open(catalog, null);
            await TimedRunAsync(sink, new GeneratedSource(generator, records, seed), jobs, null,
                () => $"catalog {catalog.Display}: {sink.Added:N0} added, {sink.NewVersions:N0} new versions"
                    + (catalog.Provider == Storage.CatalogProvider.Sqlite ? $", {CatalogBytes(catalog.Display) / 1e6:N0} MB" : ""), ct);
            return ExitCodes.Ok;
        }
        catch (Storage.CatalogException e)
        {
            Messages.Error(e.Message);
            return ExitCodes.Error;
        }
    }

    /// <summary>A SQLite catalog's size on disk, its write-ahead log included.</summary>
    private static long CatalogBytes(string file) =>
        new[] { file, file + "-wal" }.Where(File.Exists).Sum(f => new FileInfo(f).Length);

    /// <summary>Grades the source into the sink and prints rate, CPU time, peak memory and the cost of each stage per record.</summary>
    private static async Task TimedRunAsync(IBatchSink sink, IRecordSource source, int jobs, string? checkpoint, Func<string> output, CancellationToken ct)
    {
        var display = new BatchProgressDisplay(false);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var gcBefore = GcFigures.Now();
        var start = Stopwatch.StartNew();
        var counts = await new BatchRunner(Assessor.CreateDefault(), sink).RunAsync([source],
            new BatchOptions(Jobs: jobs, CheckpointPath: checkpoint, Progress: display.Enabled ? display.Show : null), ct);
        display.Clear();
        // A first load into a catalog builds its indexes at the end: part of the run's time.
        var graded = start.Elapsed.TotalSeconds;
        if (sink is CatalogSink { Loading: true } loaded)
        {
            loaded.Finish();
            Console.WriteLine($"first load: indexes deferred, built at the end in {start.Elapsed.TotalSeconds - graded:0.0} s (counted below)");
        }
        var seconds = start.Elapsed.TotalSeconds;
        Console.WriteLine($"graded {counts.Read:N0} records with {jobs} job(s) in {seconds:0.0} s: {counts.Read / seconds:N0} records/s "
            + $"({counts.Graded:N0} graded, {counts.Failed:N0} failed, {counts.Unchanged:N0} unchanged, {counts.Malformed:N0} malformed); {output()}");
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        // CPU time does not depend on what else the machine runs: records per CPU-second times the cores is the ceiling.
        Console.WriteLine($"CPU time: {cpu:0.0} s ({counts.Read / cpu:N0} records per CPU-second; {Environment.ProcessorCount} cores)");
        Console.WriteLine($"peak memory: {PeakMemory() / (1024.0 * 1024):N0} MiB (VmHWM)");
        Console.WriteLine(GcFigures.Now().Since(gcBefore).Describe(counts.Read, cpu));
        var clock = ThreadCpuTime.IsThreadClock ? "µs of CPU" : "µs of wall time";
        Console.WriteLine($"per record ({clock} and KiB allocated; grading stages summed over {jobs} worker(s); write: the writer thread's wall time, its CPU in brackets):");
        var t = counts.Times;
        var perRecord = (long ticks) => ticks * 1e6 / Stopwatch.Frequency / Math.Max(1, counts.Read);
        var kib = (long bytes) => bytes / 1024.0 / Math.Max(1, counts.Read);
        foreach (var (stage, ticks, bytes) in new[]
        {
            ("parse", t.Parse, t.ParseBytes), ("snapshot", t.Snapshot, t.SnapshotBytes), ("inventory", t.Inventory, t.InventoryBytes),
            ("judgements", t.Judgements, t.JudgementsBytes), ("serialise", t.Serialise, t.SerialiseBytes), ("write", counts.WriteTicks, -1L),
        })
        {
            Console.WriteLine($"  {stage,-11}{perRecord(ticks),8:N0} µs" + (bytes < 0
                ? $" ({perRecord(counts.WriteCpuTicks):N0} µs CPU; {counts.Writes:N0} writes of {counts.Written / (double)Math.Max(1, counts.Writes):N1} models on average)"
                : $"{kib(bytes),8:N0} KiB"));
        }
    }

    /// <summary>The process's peak resident memory: VmHWM on Linux, else the peak working set.</summary>
    private static long PeakMemory()
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            if (line is not null) return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
        }
        return Process.GetCurrentProcess().PeakWorkingSet64;
    }
}

/// <summary>The garbage collector's share of a run: allocation per record, collections and the time it paused the workers.</summary>
internal sealed record GcFigures(long Allocated, int Gen0, int Gen1, int Gen2, TimeSpan Paused)
{
    public static GcFigures Now() => new(GC.GetTotalAllocatedBytes(), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());

    public GcFigures Since(GcFigures before) =>
        new(Allocated - before.Allocated, Gen0 - before.Gen0, Gen1 - before.Gen1, Gen2 - before.Gen2, Paused - before.Paused);

    public string Describe(long records, double cpuSeconds) =>
        $"garbage collection: {Allocated / (double)Math.Max(1, records) / 1024:N0} KiB allocated per record; {Gen0:N0} gen0, {Gen1:N0} gen1, {Gen2:N0} gen2 collections; "
        + $"paused {Paused.TotalSeconds:0.0} s ({100 * Paused.TotalSeconds / Math.Max(0.001, cpuSeconds):0} % of CPU time; {GCSettings.LatencyMode})";
}

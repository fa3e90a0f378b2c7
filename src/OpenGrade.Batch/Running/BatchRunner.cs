using System.Collections.Immutable;
using System.Diagnostics;
using System.Threading.Channels;
using OpenGrade.Batch.Grading;
using OpenGrade.Batch.Output;
using OpenGrade.Batch.Records;
using OpenGrade.Batch.Sources;
using OpenGrade.Core.Evaluation;
using OpenGrade.Core.Inventory;

namespace OpenGrade.Batch.Running;

/// <summary>How a run goes: parallel graders, a shard, a record limit, and whom to tell.</summary>
public sealed record BatchOptions(
    int Jobs = 1,
    Shard? Shard = null,
    long? Limit = null,
    bool Resume = false,
    string? CheckpointPath = null,
    Action<MalformedRecord>? Malformed = null,
    Action<BatchCounts, double?>? Progress = null,
    TimeSpan? ProgressEvery = null,
    TimeSpan? CheckpointEvery = null,
    Func<IEnumerable<string>, ImmutableArray<DatasetFacts>>? KnownDatasets = null,
    DeepGrading? Deep = null);

/// <summary>
/// <c>--deep TOP_N</c>: the first <paramref name="Top"/> records of each source (listings sorted by downloads,
/// so the most downloaded) are graded by <paramref name="Assess"/>, which is <c>assess hf:ORG/NAME</c>:
/// the per-model Hub calls and link following. The rest are graded from their listing line.
/// </summary>
public sealed record DeepGrading(long Top, Func<string, Reports.AssessedTarget> Assess);

/// <summary>What a run did, counted as records are written (the summary line and the bench read these).</summary>
public sealed class BatchCounts
{
    public long Read, Graded, Failed, Unchanged, Duplicates, OtherShard, Malformed, Deep, DeepFellBack;
    public long WriteTicks;

    /// <summary>The writer thread's CPU time in those writes (a server's work is in <see cref="WriteTicks"/> only).</summary>
    public long WriteCpuTicks;

    /// <summary>How many writes (a catalog: transactions) carried models.</summary>
    public long Writes;

    public StageTimes Times { get; } = new();
    public TimeSpan Elapsed;

    public long Written => Graded + Failed;
}

/// <summary>
/// The batch pipeline: one reader walks the sources in order and numbers each record; N workers parse
/// and grade (a bounded channel between them, and a window on records in flight, keep memory flat);
/// one writer puts the results back in source order, so the output is ordered like the input and the
/// same for any --jobs, stores them through the sink, and checkpoints the position of the last record
/// written. A malformed record is counted and reported, never written; a source that cannot be read
/// on stops the run with its checkpoint saved.
/// </summary>
public sealed class BatchRunner(Assessor assessor, IBatchSink sink)
{
    private sealed record Work(long Seq, RawRecord? Raw, int FinishedSource = -1);

    private enum Outcome { Graded, Failed, Unchanged, OtherShard, Malformed, SourceFinished }

    private sealed record Result(long Seq, Outcome Outcome, RawRecord? Raw, GradedModel? Model, MalformedRecord? Problem, int FinishedSource, StageTimes? Times,
        bool Deep = false, bool FellBack = false);

    public async Task<BatchCounts> RunAsync(IReadOnlyList<IRecordSource> sources, BatchOptions options, CancellationToken ct = default)
    {
        var names = sources.Select(s => s.Name).ToList();
        var positions = names.Select(_ => SourcePosition.Start).ToArray();
        var keeper = sink as ICheckpointingSink;
        if (options.Resume && keeper?.Load(names) is { } stored)
        {
            positions = [.. stored.Positions];
        }
        else if (options.Resume && options.CheckpointPath is { } saved && Checkpoint.Load(saved) is { } checkpoint)
        {
            if (!checkpoint.Sources.SequenceEqual(names))
            {
                throw new SourceException($"{saved}: the checkpoint is for other sources ({string.Join(", ", checkpoint.Sources.Select(s => Core.Text.TerminalText.Clip(s, 80)))}); give the same sources, or remove it");
            }
            positions = [.. checkpoint.Positions];
        }
        var jobs = Math.Max(1, options.Jobs);
        var work = Channel.CreateBounded<Work>(new BoundedChannelOptions(jobs * 16) { SingleWriter = true });
        var results = Channel.CreateUnbounded<Result>(new UnboundedChannelOptions { SingleReader = true });
        // Records between the reader and the writer: bounds the reorder buffer when one record is slow.
        var window = new SemaphoreSlim(jobs * 64 + 64);
        var counts = new BatchCounts();
        var clock = Stopwatch.StartNew();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);

        var reader = Task.Run(() => ReadAsync(sources, positions, options.Limit, work.Writer, window, stop.Token), stop.Token);
        var workers = Enumerable.Range(0, jobs).Select(_ => Task.Run(() => GradeAsync(work.Reader, results.Writer, options, stop.Token), stop.Token)).ToArray();
        _ = Task.WhenAll(workers).ContinueWith(t => results.Writer.TryComplete(t.Exception?.GetBaseException()), TaskScheduler.Default);

        Exception? failure = null;
        // What the checkpoint may say: positions whose records the sink has stored.
        var durable = positions.ToArray();
        var completed = false;
        try
        {
            await WriteAsync(results.Reader, sources, positions, durable, options, counts, window, clock, stop.Token);
            completed = true;
        }
        catch (Exception e) when (e is OperationCanceledException)
        {
            failure = e;
        }
        finally
        {
            await stop.CancelAsync();
            counts.Elapsed = clock.Elapsed;
            if (options.CheckpointPath is { } path) new Checkpoint(names, durable).Save(path);
            // The records counted since the last write (unchanged, malformed, other shards) are kept too.
            if (keeper is not null)
            {
                try
                {
                    keeper.Write([], new Checkpoint(names, durable));
                }
                catch (Exception) when (!completed)
                {
                    // The run is already failing (the catalog itself, often): the checkpoint stored with the last models stands.
                }
            }
        }
        try
        {
            await reader;
        }
        catch (OperationCanceledException) when (failure is not null || ct.IsCancellationRequested)
        {
        }
        if (failure is not null) throw failure;
        return counts;
    }

    private static async Task ReadAsync(IReadOnlyList<IRecordSource> sources, SourcePosition[] positions, long? limit,
        ChannelWriter<Work> work, SemaphoreSlim window, CancellationToken ct)
    {
        long seq = 0, taken = 0;
        try
        {
            for (var i = 0; i < sources.Count; i++)
            {
                if (positions[i].Finished) continue;
                await foreach (var raw in sources[i].ReadAsync(i, positions[i], ct))
                {
                    if (taken >= limit) return;
                    taken++;
                    await window.WaitAsync(ct);
                    await work.WriteAsync(new Work(seq++, raw), ct);
                }
                await window.WaitAsync(ct);
                await work.WriteAsync(new Work(seq++, null, i), ct);
            }
        }
        finally
        {
            work.TryComplete();
        }
    }

    private async Task GradeAsync(ChannelReader<Work> work, ChannelWriter<Result> results, BatchOptions options, CancellationToken ct)
    {
        var grader = new RecordGrader(assessor, options.KnownDatasets);
        await foreach (var item in work.ReadAllAsync(ct))
        {
            await results.WriteAsync(Grade(grader, item, options), ct);
        }
    }

    private Result Grade(RecordGrader grader, Work item, BatchOptions options)
    {
        if (item.Raw is not { } raw) return new Result(item.Seq, Outcome.SourceFinished, null, null, null, item.FinishedSource, null);
        if (raw.Problem is { } problem) return new Result(item.Seq, Outcome.Malformed, raw, null, new MalformedRecord(raw.Where, problem), -1, null);
        var times = new StageTimes();
        var start = Stopwatch.GetTimestamp();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        if (!ListingRecords.TryParse(raw, out var record, out var why))
        {
            return new Result(item.Seq, Outcome.Malformed, raw, null, new MalformedRecord(raw.Where, why!), -1, null);
        }
        times.Parse = Stopwatch.GetTimestamp() - start;
        times.ParseBytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
        if (options.Shard is { } shard && !shard.Owns(record!.Id)) return new Result(item.Seq, Outcome.OtherShard, raw, null, null, -1, times);
        if (sink.Stored.Holds(record!.Id, record.Version)) return new Result(item.Seq, Outcome.Unchanged, raw, null, null, -1, times);
        if (options.Deep is { } deep && raw.Ordinal <= deep.Top)
        {
            var graded = Prepared(grader.GradeDeep(record, deep.Assess, out var fellBack, times, sink.TakesLines), times);
            return new Result(item.Seq, graded.Failed ? Outcome.Failed : Outcome.Graded, raw, graded, null, -1, times, Deep: true, FellBack: fellBack);
        }
        var model = Prepared(grader.Grade(record, times, sink.TakesLines), times);
        return new Result(item.Seq, model.Failed ? Outcome.Failed : Outcome.Graded, raw, model, null, -1, times);
    }

    /// <summary>The sink's own preparation (a catalog packs the model), on this grading thread; its time counts as serialising.</summary>
    private GradedModel Prepared(GradedModel model, StageTimes times)
    {
        var clock = StageClock.Start();
        var prepared = sink.Prepare(model);
        var (ticks, bytes) = clock.Lap();
        times.Serialise += ticks;
        times.SerialiseBytes += bytes;
        return prepared;
    }

    /// <summary>How long gathered models may wait for more before they are written.</summary>
    private static readonly TimeSpan GatherFor = TimeSpan.FromMilliseconds(100);

    private async Task WriteAsync(ChannelReader<Result> results, IReadOnlyList<IRecordSource> sources, SourcePosition[] positions, SourcePosition[] durable,
        BatchOptions options, BatchCounts counts, SemaphoreSlim window, Stopwatch clock, CancellationToken ct)
    {
        var names = sources.Select(s => s.Name).ToList();
        var pending = new Dictionary<long, Result>();
        var batch = new List<GradedModel>();
        var writtenNow = new StoredVersions();
        long next = 0;
        var progressEvery = options.ProgressEvery ?? TimeSpan.FromMilliseconds(500);
        var checkpointEvery = options.CheckpointEvery ?? TimeSpan.FromSeconds(2);
        var lastProgress = TimeSpan.Zero;
        var lastCheckpoint = TimeSpan.Zero;
        var saved = durable.ToArray();

        var keeper = sink as ICheckpointingSink;

        void Flush()
        {
            if (batch.Count > 0)
            {
                var (start, cpu) = (Stopwatch.GetTimestamp(), ThreadCpuTime.Now());
                // A sink that keeps the checkpoint stores it with the models: positions cover exactly what was emitted.
                if (keeper is not null) keeper.Write(batch, new Checkpoint(names, positions));
                else sink.Write(batch);
                counts.WriteTicks += Stopwatch.GetTimestamp() - start;
                counts.WriteCpuTicks += ThreadCpuTime.Now() - cpu;
                counts.Writes++;
                batch.Clear();
            }
            positions.CopyTo(durable, 0);
        }

        // A write costs a transaction's overhead however few models it carries, and written as soon as
        // nothing was ready, writes carried four models on average: what was gathered now waits for more,
        // up to GatherFor, before it is written (never longer, even while the results pause).
        var batchSince = TimeSpan.Zero;

        async Task<bool> NextAsync()
        {
            if (batch.Count == 0) return await results.WaitToReadAsync(ct);
            var wait = results.WaitToReadAsync(ct).AsTask();
            var left = GatherFor - (clock.Elapsed - batchSince);
            if (left > TimeSpan.Zero)
            {
                using var timer = CancellationTokenSource.CreateLinkedTokenSource(ct);
                if (await Task.WhenAny(wait, Task.Delay(left, timer.Token)) == wait)
                {
                    await timer.CancelAsync();
                    return await wait;
                }
            }
            Flush();
            return await wait;
        }

        while (await NextAsync())
        {
            while (results.TryRead(out var result))
            {
                pending[result.Seq] = result;
                while (pending.Remove(next, out var ready))
                {
                    next++;
                    var held = batch.Count;
                    Emit(ready, positions, options, counts, batch, writtenNow);
                    if (held == 0 && batch.Count > 0) batchSince = clock.Elapsed;
                    window.Release();
                    if (batch.Count >= 256) Flush();
                }
            }
            // Nothing more is ready right now: an empty batch moves the durable positions; a gathered one is written when due.
            if (batch.Count == 0 || clock.Elapsed - batchSince >= GatherFor) Flush();
            var now = clock.Elapsed;
            if (now - lastCheckpoint >= checkpointEvery)
            {
                if (options.CheckpointPath is { } path) new Checkpoint(names, durable).Save(path);
                // Records that were only counted (unchanged, other shards) move a catalog's checkpoint too, now and then.
                if (keeper is not null && !durable.SequenceEqual(saved)) keeper.Write([], new Checkpoint(names, durable));
                durable.CopyTo(saved, 0);
                lastCheckpoint = now;
            }
            if (options.Progress is { } progress && now - lastProgress >= progressEvery)
            {
                counts.Elapsed = now;
                progress(counts, Fraction());
                lastProgress = now;
            }
        }
        Flush();
        counts.Elapsed = clock.Elapsed;
        options.Progress?.Invoke(counts, 1);

        // Finished sources count whole; the others by what they read of their size (unknown for a live listing).
        double? Fraction()
        {
            double sum = 0;
            for (var i = 0; i < sources.Count; i++)
            {
                if (positions[i].Finished) sum += 1;
                else if (sources[i].Fraction is { } f) sum += f;
                else return null;
            }
            return sum / sources.Count;
        }
    }

    private void Emit(Result result, SourcePosition[] positions, BatchOptions options, BatchCounts counts, List<GradedModel> batch, StoredVersions writtenNow)
    {
        if (result.Outcome == Outcome.SourceFinished)
        {
            positions[result.FinishedSource] = positions[result.FinishedSource] with { Finished = true };
            return;
        }
        var raw = result.Raw!;
        counts.Read++;
        if (result.Times is { } times) counts.Times.Add(times);
        switch (result.Outcome)
        {
            case Outcome.Malformed:
                counts.Malformed++;
                options.Malformed?.Invoke(result.Problem!);
                break;
            case Outcome.OtherShard:
                counts.OtherShard++;
                break;
            case Outcome.Unchanged:
                counts.Unchanged++;
                break;
            default:
                var model = result.Model!;
                if (writtenNow.Holds(model.Id, model.Version))
                {
                    counts.Duplicates++;
                    break;
                }
                writtenNow.Set(model.Id, model.Version);
                batch.Add(model);
                if (result.Deep) counts.Deep++;
                if (result.FellBack) counts.DeepFellBack++;
                if (model.Failed) counts.Failed++;
                else counts.Graded++;
                break;
        }
        var at = positions[raw.Source];
        positions[raw.Source] = new SourcePosition(Math.Max(at.Done, raw.Ordinal), raw.Page ?? at.Page, raw.Page is null ? at.PageFirst : raw.PageFirst);
    }
}

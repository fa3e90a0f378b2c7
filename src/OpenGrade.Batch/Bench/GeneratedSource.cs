using System.Runtime.CompilerServices;
using OpenGrade.Batch.Records;
using OpenGrade.Batch.Sources;

namespace OpenGrade.Batch.Bench;

/// <summary>
/// Generated listing lines fed straight to the pipeline, never written to disk: a 2,000,000-record bench
/// needs no 40 GB listing file, and memory stays one line per record in flight.
/// </summary>
public sealed class GeneratedSource(ListingGenerator generator, long count, int seed) : IRecordSource
{
    private long _read;

    public string Name => $"generated:{count}:{seed}";

    public double? Fraction => count == 0 ? 1 : (double)Interlocked.Read(ref _read) / count;

    public async IAsyncEnumerable<RawRecord> ReadAsync(int index, SourcePosition from, [EnumeratorCancellation] CancellationToken ct)
    {
        long ordinal = 0;
        foreach (var line in generator.Lines(count, seed))
        {
            ct.ThrowIfCancellationRequested();
            ordinal++;
            Interlocked.Exchange(ref _read, ordinal);
            if (ordinal <= from.Done) continue;
            yield return new RawRecord(index, ordinal, $"generated line {ordinal}", line);
        }
        await Task.CompletedTask;
    }
}

using OpenGrade.Batch.Records;

namespace OpenGrade.Batch.Sources;

/// <summary>
/// Where a source stands in a checkpoint: every record up to <see cref="Done"/> (its ordinal) has been
/// written or counted. A listing also keeps the page that holds the next record.
/// </summary>
public sealed record SourcePosition(long Done, string? Page = null, long PageFirst = 0, bool Finished = false)
{
    public static readonly SourcePosition Start = new(0);
}

/// <summary>A stream of records from one SOURCE argument, resumable from a checkpointed position.</summary>
public interface IRecordSource
{
    /// <summary>The SOURCE as the user gave it (checkpoints are matched on it).</summary>
    string Name { get; }

    /// <summary>How much of the source was read, from 0 to 1, when its size is known (for the ETA).</summary>
    double? Fraction { get; }

    /// <summary>The records after <paramref name="from"/>, in order, numbered by <see cref="RawRecord.Ordinal"/>.</summary>
    /// <exception cref="SourceException">The source cannot be read on (missing, not gzip, not Parquet, the Hub refused): the run stops.</exception>
    IAsyncEnumerable<RawRecord> ReadAsync(int index, SourcePosition from, CancellationToken ct);
}

/// <summary>A source that cannot be read on; the message is one line naming it.</summary>
public sealed class SourceException(string message) : Exception(Core.Text.TerminalText.OneLine(message));

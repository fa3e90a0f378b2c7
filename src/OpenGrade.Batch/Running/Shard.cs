using OpenGrade.Batch.Output;

namespace OpenGrade.Batch.Running;

/// <summary>
/// Shard <see cref="Index"/> of <see cref="Count"/> (0-based): a model belongs to the shard its id's
/// stable hash falls in, the same on every machine, so N processes given the same sources and
/// <c>--shard 0/N</c> … <c>--shard N-1/N</c> grade every model exactly once between them.
/// </summary>
public sealed record Shard(int Index, int Count)
{
    public bool Owns(string id) => Count <= 1 || (int)(StableHash.Of(id) % (ulong)Count) == Index;

    /// <summary>Reads <c>I/N</c>; one-line <see cref="FormatException"/> otherwise.</summary>
    public static Shard Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], out var index) || !int.TryParse(parts[1], out var count)
            || count is < 1 or > 100_000 || index < 0 || index >= count)
        {
            throw new FormatException($"--shard '{Core.Text.TerminalText.Clip(text, 40)}' is not I/N with 0 <= I < N (e.g. 0/4 … 3/4)");
        }
        return new Shard(index, count);
    }
}

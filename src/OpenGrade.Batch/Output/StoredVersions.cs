using System.Text;

namespace OpenGrade.Batch.Output;

/// <summary>
/// A stable 64-bit hash (FNV-1a over UTF-8): the same on every machine and run, unlike
/// <see cref="string.GetHashCode()"/>. Shards and stored versions are keyed by it.
/// </summary>
public static class StableHash
{
    public static ulong Of(string text)
    {
        var hash = 14695981039346656037UL;
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetByteCount(text) <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(text, buffer)] : Encoding.UTF8.GetBytes(text);
        foreach (var b in bytes)
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }
        return hash;
    }
}

/// <summary>
/// The version of every model a sink already holds, by id: what makes a re-run idempotent (an unchanged
/// model is not graded again) and a resumed run free of duplicates. Kept as two 64-bit hashes a model
/// (about 40 bytes each: 2 million models in under 100 MB); a collision of two ids' hashes (odds about
/// one in 10^7 at 2 million) would only make one model be re-graded or skipped once.
/// </summary>
public sealed class StoredVersions
{
    private readonly Dictionary<ulong, ulong> _versions = [];

    public int Count => _versions.Count;

    public void Set(string id, string version) => _versions[StableHash.Of(id)] = StableHash.Of(version);

    /// <summary>True when the model is held at exactly this version.</summary>
    public bool Holds(string id, string version) =>
        _versions.TryGetValue(StableHash.Of(id), out var held) && held == StableHash.Of(version);
}

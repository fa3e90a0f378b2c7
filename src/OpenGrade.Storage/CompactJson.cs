using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenGrade.Storage;

/// <summary>
/// A JSON node written once as compact UTF-8: exactly the bytes of <c>node.ToJsonString()</c>
/// (default writer options and encoder, so the text is ASCII), in a buffer rented from the shared
/// array pool. The facts, both hashes and the packed document all read these bytes: an assessment
/// of tens of kilobytes is serialised once per record, never turned into a string, and the
/// evidence hash reads the <c>inventory</c> member's bytes in place instead of serialising it again.
/// Dispose returns the buffer; the bytes must not be used after that.
/// </summary>
public sealed class CompactJson : IDisposable
{
    private readonly PooledBytes _bytes;
    private readonly Range? _member;

    private CompactJson(PooledBytes bytes, Range? member)
    {
        _bytes = bytes;
        _member = member;
    }

    /// <summary>The whole node's bytes.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes.Written;

    /// <summary>The bytes of the value of the top-level member named when written (null when the object has no such member or it is null).</summary>
    public ReadOnlySpan<byte> Member => _member is { } range ? _bytes.Written[range] : default;

    public bool HasMember => _member is not null;

    /// <param name="member">A top-level member of an object whose value's bytes are located as they are written.</param>
    public static CompactJson Of(JsonNode node, string? member = null)
    {
        // An assessment is ~35 kB: one rental, no growth.
        var bytes = new PooledBytes(64 * 1024);
        try
        {
            Range? found = null;
            using (var writer = new Utf8JsonWriter(bytes))
            {
                if (member is not null && node is JsonObject obj)
                {
                    // JsonObject.WriteTo's own order and form, member by member, so the member's bytes can be marked.
                    writer.WriteStartObject();
                    foreach (var (name, value) in obj)
                    {
                        writer.WritePropertyName(name);
                        if (value is null)
                        {
                            writer.WriteNullValue();
                            continue;
                        }
                        var marked = name == member;
                        if (marked) writer.Flush();
                        var start = bytes.Count;
                        value.WriteTo(writer);
                        if (!marked) continue;
                        writer.Flush();
                        found = start..bytes.Count;
                    }
                    writer.WriteEndObject();
                }
                else
                {
                    node.WriteTo(writer);
                }
            }
            return new CompactJson(bytes, found);
        }
        catch
        {
            bytes.Dispose();
            throw;
        }
    }

    public void Dispose() => _bytes.Dispose();

    /// <summary>A growing buffer of pooled arrays (a record's JSON is written into one, read, and given back).</summary>
    private sealed class PooledBytes(int initial) : IBufferWriter<byte>, IDisposable
    {
        private byte[] _array = ArrayPool<byte>.Shared.Rent(initial);

        public int Count { get; private set; }

        public ReadOnlySpan<byte> Written => _array.AsSpan(0, Count);

        public void Advance(int count) => Count += count;

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return _array.AsMemory(Count);
        }

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return _array.AsSpan(Count);
        }

        private void Ensure(int sizeHint)
        {
            var needed = Math.Max(sizeHint, 1);
            if (_array.Length - Count >= needed) return;
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_array.Length * 2, Count + needed));
            Written.CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_array);
            _array = bigger;
        }

        public void Dispose()
        {
            if (_array.Length > 0) ArrayPool<byte>.Shared.Return(_array);
            _array = [];
            Count = 0;
        }
    }
}

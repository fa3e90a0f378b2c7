using System.IO.Compression;
using System.Runtime.CompilerServices;
using OpenGrade.Batch.Records;
using OpenGrade.Sources.Files;
using ZstdSharp;

namespace OpenGrade.Batch.Sources;

/// <summary>
/// One Hub model object per line, plain, gzip (<c>.gz</c>) or Zstandard (<c>.zst</c>). Lines are cut
/// from the bytes, never read whole into memory past <see cref="ListingRecords.MaxRecordBytes"/>: a
/// longer line is skipped to its end and reported. Blank lines are skipped; numbering counts them.
/// </summary>
public sealed class JsonLinesSource(string path) : IRecordSource
{
    private long _length;
    private FileStream? _file;

    public string Name => path;

    public double? Fraction => _file is { } f && _length > 0 ? Math.Min(1, (double)f.Position / _length) : null;

    public static bool Handles(string path) =>
        path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".jsonl.gz", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".jsonl.zst", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".zst", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase);

    public async IAsyncEnumerable<RawRecord> ReadAsync(int index, SourcePosition from, [EnumeratorCancellation] CancellationToken ct)
    {
        Stream stream;
        try
        {
            _file = RegularFile.Open(path);
            _length = _file.Length;
            stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(_file, CompressionMode.Decompress)
                : path.EndsWith(".zst", StringComparison.OrdinalIgnoreCase) ? new DecompressionStream(_file)
                : _file;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FileRefusedException)
        {
            throw new SourceException($"{path}: {(e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e.Message)}");
        }
        await using var _ = stream;
        var name = Path.GetFileName(path);
        var buffer = new byte[1 << 20];
        int start = 0, end = 0;
        long line = 0;
        var overlong = false;
        while (true)
        {
            int read;
            try
            {
                if (end == buffer.Length)
                {
                    if (start > 0)
                    {
                        Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                        end -= start;
                        start = 0;
                    }
                    else if (buffer.Length < ListingRecords.MaxRecordBytes + 1)
                    {
                        Array.Resize(ref buffer, Math.Min(buffer.Length * 2, ListingRecords.MaxRecordBytes + 1));
                    }
                    else
                    {
                        // A line past the cap: forget what was gathered and skip to its end.
                        overlong = true;
                        start = end = 0;
                    }
                }
                read = await stream.ReadAsync(buffer.AsMemory(end), ct);
            }
            catch (Exception e) when (e is InvalidDataException or ZstdException or IOException)
            {
                throw new SourceException($"{path}: cannot be read past line {line} ({e.Message})");
            }
            if (read == 0) break;
            var scanFrom = end;
            end += read;
            int newline;
            while ((newline = Array.IndexOf(buffer, (byte)'\n', scanFrom, end - scanFrom)) >= 0)
            {
                line++;
                var record = Cut(index, name, line, buffer, start, newline, overlong, from.Done);
                overlong = false;
                start = scanFrom = newline + 1;
                if (record is not null) yield return record;
            }
        }
        if (end > start || overlong)
        {
            line++;
            if (Cut(index, name, line, buffer, start, end, overlong, from.Done) is { } last) yield return last;
        }
    }

    private static RawRecord? Cut(int index, string name, long line, byte[] buffer, int start, int end, bool overlong, long done)
    {
        if (line <= done) return null;
        var where = $"{name}:{line}";
        if (overlong) return new RawRecord(index, line, where, default, Problem: $"a line longer than {ListingRecords.MaxRecordBytes >> 20} MiB");
        if (end > start && buffer[end - 1] == '\r') end--;
        var span = buffer.AsSpan(start, end - start);
        if (span.Trim((byte)' ').IsEmpty) return null;
        return new RawRecord(index, line, where, span.ToArray());
    }
}

using System.Text;

namespace OpenGrade.Sources.Files;

/// <summary>A file that cannot be read as asked; the message names the problem, never the path (callers add it their way).</summary>
public sealed class FileRefusedException(string problem) : IOException(problem);

/// <summary>What to do with a file larger than the budget.</summary>
public enum OverBudget
{
    /// <summary>Refuse it: a cut-off JSON or YAML document would only fail later, less clearly.</summary>
    Refuse,

    /// <summary>Keep its start: a license title or a card's head is at the top.</summary>
    KeepStart,
}

/// <summary>
/// Reads files named by outside input (a repository, a cache, the command line) the only safe way:
/// regular files only (a FIFO would block, <c>/dev/zero</c> would never end), the file type taken
/// from the open descriptor so that swapping the file after a check changes nothing, and the bytes
/// counted from the stream, never from a size the file system reports.
/// </summary>
public static class RegularFile
{
    public static byte[] ReadBytes(string path, long maxBytes, OverBudget over = OverBudget.Refuse)
    {
        using var stream = Open(path);
        var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                if (over == OverBudget.Refuse) throw new FileRefusedException($"larger than {Size(maxBytes)}; refused");
                buffer.Write(chunk, 0, (int)(maxBytes - buffer.Length));
                break;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>The file as text: UTF-8, or UTF-16/32 when a byte-order mark says so.</summary>
    public static string ReadText(string path, long maxBytes, OverBudget over = OverBudget.Refuse) =>
        TextDecoding.Decode(ReadBytes(path, maxBytes, over));

    /// <summary>Opens a regular file for reading, following symbolic links; anything else is refused without blocking.</summary>
    public static FileStream Open(string path)
    {
        if (Directory.Exists(path)) throw new FileRefusedException("is a folder, not a file");
        if (!OperatingSystem.IsLinux()) return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var handle = UnixFile.OpenForReading(path);
        try
        {
            // The type of what was opened, not of what the path names by now.
            var kind = UnixFile.Stat(handle).Kind;
            if (kind == FileKind.Folder) throw new FileRefusedException("is a folder, not a file");
            if (kind != FileKind.Regular) throw new FileRefusedException($"is not a regular file (a {UnixFile.Describe(kind)}); refused");
            return new FileStream(handle, FileAccess.Read, bufferSize: 0);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static string Size(long bytes) => bytes >= 1 << 20 ? $"{bytes / (1 << 20)} MiB" : $"{bytes / 1024} KiB";
}

/// <summary>Bytes to text: a byte-order mark picks UTF-8, UTF-16 or UTF-32; without one, UTF-8 with replacement characters.</summary>
public static class TextDecoding
{
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0, 0])) return new UTF32Encoding(false, false).GetString(bytes[4..]);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0, 0, 0xFE, 0xFF])) return new UTF32Encoding(true, false).GetString(bytes[4..]);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) return new UTF8Encoding(false, false).GetString(bytes[3..]);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])) return new UnicodeEncoding(false, false).GetString(bytes[2..]);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) return new UnicodeEncoding(true, false).GetString(bytes[2..]);
        return new UTF8Encoding(false, false).GetString(bytes);
    }

    /// <summary>True when the bytes carry a UTF-16 or UTF-32 byte-order mark (their NUL bytes are text, not a sign of a binary file).</summary>
    public static bool HasWideByteOrderMark(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) || bytes.StartsWith((ReadOnlySpan<byte>)[0, 0, 0xFE, 0xFF]);
}

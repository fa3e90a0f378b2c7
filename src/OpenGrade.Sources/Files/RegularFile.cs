using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

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
        var fd = Native.open(path, Native.O_RDONLY | Native.O_NONBLOCK | Native.O_CLOEXEC);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw errno switch
            {
                Native.ENOENT or Native.ENOTDIR => new FileNotFoundException("no such file"),
                Native.EACCES or Native.EPERM => new UnauthorizedAccessException("permission denied"),
                _ => new IOException(Marshal.GetPInvokeErrorMessage(errno)),
            };
        }
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            var kind = Native.FileType(handle);
            if (kind == Native.S_IFDIR) throw new FileRefusedException("is a folder, not a file");
            if (kind != Native.S_IFREG) throw new FileRefusedException($"is not a regular file (a {Native.Describe(kind)}); refused");
            return new FileStream(handle, FileAccess.Read, bufferSize: 0);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static string Size(long bytes) => bytes >= 1 << 20 ? $"{bytes / (1 << 20)} MiB" : $"{bytes / 1024} KiB";

    /// <summary>
    /// open(2) with O_NONBLOCK (a FIFO without a writer opens at once instead of hanging) and
    /// statx(2) on the descriptor, whose layout, unlike struct stat, is the same on every Linux architecture.
    /// </summary>
    private static class Native
    {
        public const int O_RDONLY = 0, O_NONBLOCK = 0x800, O_CLOEXEC = 0x80000;
        public const int ENOENT = 2, EPERM = 1, EACCES = 13, ENOTDIR = 20;
        public const int S_IFMT = 0xF000, S_IFREG = 0x8000, S_IFDIR = 0x4000, S_IFCHR = 0x2000, S_IFBLK = 0x6000, S_IFIFO = 0x1000, S_IFSOCK = 0xC000;
        private const int AT_EMPTY_PATH = 0x1000, STATX_TYPE = 0x1, StatxSize = 256, StatxModeOffset = 28;

        [DllImport("libc", SetLastError = true)]
        public static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", SetLastError = true)]
        private static extern int statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);

        public static int FileType(SafeFileHandle handle)
        {
            var buffer = new byte[StatxSize];
            var fd = (int)handle.DangerousGetHandle();
            if (statx(fd, "", AT_EMPTY_PATH, STATX_TYPE, buffer) != 0)
            {
                throw new IOException(Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError()));
            }
            return BitConverter.ToUInt16(buffer, StatxModeOffset) & S_IFMT;
        }

        public static string Describe(int kind) => kind switch
        {
            S_IFCHR => "character device",
            S_IFBLK => "block device",
            S_IFIFO => "FIFO",
            S_IFSOCK => "socket",
            _ => "special file",
        };
    }
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

using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

// Every native call of this assembly is a LibraryImport (UnixFile.Native): with no run-time
// marshalling, ReadyToRun precompiles their stubs too.
[assembly: System.Runtime.CompilerServices.DisableRuntimeMarshalling]

namespace OpenGrade.Sources.Files;

/// <summary>What a path is on disk, as far as writing to it matters.</summary>
public enum FileKind
{
    Missing,
    Regular,
    Folder,
    CharacterDevice,
    Fifo,
    BlockDevice,
    Socket,
}

/// <summary>A file's type, identity (device and inode: the same file under any name) and owner and permissions.</summary>
public sealed record FileFacts(FileKind Kind, ulong Device, ulong Inode, uint Owner, uint Group, UnixFileMode Mode);

/// <summary>
/// The few POSIX calls .NET does not offer for reading and writing outside files safely: the file
/// type of a path or a descriptor (character device, FIFO), opens that never block on a FIFO and
/// never create a file, and the owner of a replaced file. Linux only; elsewhere callers see every
/// existing file as regular.
/// </summary>
public static partial class UnixFile
{
    /// <summary>The facts of the file a path names, following symbolic links; <see cref="FileKind.Missing"/> when there is none.</summary>
    public static FileFacts Stat(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return new FileFacts(Directory.Exists(path) ? FileKind.Folder : File.Exists(path) ? FileKind.Regular : FileKind.Missing, 0, 0, 0, 0, 0);
        }
        var buffer = new byte[Native.StatxSize];
        if (Native.statx(Native.AT_FDCWD, path, 0, Native.STATX_BASIC_STATS, buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno is Native.ENOENT) return new FileFacts(FileKind.Missing, 0, 0, 0, 0, 0);
            throw new IOException(Marshal.GetPInvokeErrorMessage(errno), errno);
        }
        return Facts(buffer);
    }

    /// <summary>The facts of an open descriptor: what was opened, whatever the path names by now.</summary>
    public static FileFacts Stat(SafeFileHandle handle)
    {
        var buffer = new byte[Native.StatxSize];
        if (Native.statx((int)handle.DangerousGetHandle(), "", Native.AT_EMPTY_PATH, Native.STATX_BASIC_STATS, buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException(Marshal.GetPInvokeErrorMessage(errno), errno);
        }
        return Facts(buffer);
    }

    /// <summary>
    /// Opens an existing file for writing without creating or truncating it (appending when asked).
    /// A FIFO is opened without blocking: while it has no reader the open fails with ENXIO, and is
    /// tried again until <paramref name="readerWait"/> has passed, so a FIFO nobody reads cannot
    /// hang the command. The descriptor blocks normally once open.
    /// </summary>
    public static SafeFileHandle OpenForWriting(string path, bool append, TimeSpan readerWait)
    {
        var flags = Native.O_WRONLY | Native.O_NONBLOCK | Native.O_CLOEXEC | Native.O_NOCTTY | (append ? Native.O_APPEND : 0);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var fd = Native.open(path, flags);
            if (fd >= 0)
            {
                var handle = new SafeFileHandle(fd, ownsHandle: true);
                var current = Native.fcntl(fd, Native.F_GETFL, 0);
                if (current < 0 || Native.fcntl(fd, Native.F_SETFL, current & ~Native.O_NONBLOCK) < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    handle.Dispose();
                    throw new IOException(Marshal.GetPInvokeErrorMessage(errno), errno);
                }
                return handle;
            }
            var error = Marshal.GetLastPInvokeError();
            // ENXIO is also a device without its driver: only a FIFO is worth waiting for.
            if (error != Native.ENXIO || Stat(path).Kind != FileKind.Fifo) throw new IOException(Marshal.GetPInvokeErrorMessage(error), error);
            if (clock.Elapsed >= readerWait) throw new NoReaderException(readerWait);
            Thread.Sleep(50);
        }
    }

    /// <summary>Opens a file for reading without blocking on a FIFO that has no writer, following symbolic links.</summary>
    public static SafeFileHandle OpenForReading(string path)
    {
        var fd = Native.open(path, Native.O_RDONLY | Native.O_NONBLOCK | Native.O_CLOEXEC | Native.O_NOCTTY);
        if (fd >= 0) return new SafeFileHandle(fd, ownsHandle: true);
        var errno = Marshal.GetLastPInvokeError();
        throw errno switch
        {
            Native.ENOENT or Native.ENOTDIR => new FileNotFoundException("no such file"),
            Native.EACCES or Native.EPERM => new UnauthorizedAccessException("permission denied"),
            _ => new IOException(Marshal.GetPInvokeErrorMessage(errno), errno),
        };
    }

    /// <summary>Whether this process may write to the file (access(2) with W_OK; root may write anything).</summary>
    public static bool CanWrite(string path) => !OperatingSystem.IsLinux() || Native.access(path, Native.W_OK) == 0;

    /// <summary>Gives a new file the owner of the file it replaces (possible only for root; otherwise the new file stays the writer's).</summary>
    public static void TryChown(SafeFileHandle handle, uint owner, uint group)
    {
        if (OperatingSystem.IsLinux()) _ = Native.fchown((int)handle.DangerousGetHandle(), owner, group);
    }

    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.CharacterDevice => "character device",
        FileKind.Fifo => "FIFO",
        FileKind.BlockDevice => "block device",
        FileKind.Socket => "socket",
        FileKind.Folder => "folder",
        FileKind.Regular => "regular file",
        _ => "missing file",
    };

    private static FileFacts Facts(byte[] statx)
    {
        var mode = BitConverter.ToUInt16(statx, Native.ModeOffset);
        var kind = (mode & Native.S_IFMT) switch
        {
            Native.S_IFREG => FileKind.Regular,
            Native.S_IFDIR => FileKind.Folder,
            Native.S_IFCHR => FileKind.CharacterDevice,
            Native.S_IFIFO => FileKind.Fifo,
            Native.S_IFBLK => FileKind.BlockDevice,
            _ => FileKind.Socket,
        };
        var device = ((ulong)BitConverter.ToUInt32(statx, Native.DevMajorOffset) << 32) | BitConverter.ToUInt32(statx, Native.DevMinorOffset);
        return new FileFacts(kind, device, BitConverter.ToUInt64(statx, Native.InodeOffset),
            BitConverter.ToUInt32(statx, Native.UidOffset), BitConverter.ToUInt32(statx, Native.GidOffset), (UnixFileMode)(mode & 0xFFF));
    }

    /// <summary>statx(2), whose layout, unlike struct stat, is the same on every Linux architecture; open(2), fcntl(2), fchown(2).</summary>
    private static partial class Native
    {
        public const int AT_FDCWD = -100, AT_EMPTY_PATH = 0x1000;
        public const uint STATX_BASIC_STATS = 0x7FF;
        public const int StatxSize = 256, UidOffset = 20, GidOffset = 24, ModeOffset = 28, InodeOffset = 32, DevMajorOffset = 136, DevMinorOffset = 140;
        public const int S_IFMT = 0xF000, S_IFREG = 0x8000, S_IFDIR = 0x4000, S_IFCHR = 0x2000, S_IFBLK = 0x6000, S_IFIFO = 0x1000;
        public const int O_RDONLY = 0x0, O_WRONLY = 0x1, O_NOCTTY = 0x100, O_APPEND = 0x400, O_NONBLOCK = 0x800, O_CLOEXEC = 0x80000;
        public const int F_GETFL = 3, F_SETFL = 4, W_OK = 2;
        public const int EPERM = 1, ENOENT = 2, ENXIO = 6, EACCES = 13, ENOTDIR = 20;

        // LibraryImport: the marshalling is generated at compile time and precompiled with the rest
        // (a DllImport's stub is generated and JIT-compiled at run time, at every start).
        [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        public static partial int statx(int dirfd, string path, int flags, uint mask, byte[] buffer);

        [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        public static partial int open(string path, int flags);

        [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        public static partial int access(string path, int mode);

        [LibraryImport("libc", SetLastError = true)]
        public static partial int fcntl(int fd, int command, int argument);

        [LibraryImport("libc", SetLastError = true)]
        public static partial int fchown(int fd, uint owner, uint group);
    }
}

/// <summary>A FIFO that no process opened for reading within the wait.</summary>
public sealed class NoReaderException(TimeSpan waited)
    : IOException($"is a FIFO with no reader (waited {waited.TotalSeconds:0} s); nothing written");

using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using OpenGrade.Sources.Files;

namespace OpenGrade.Cli;

/// <summary>Output that cannot be written; the message names the path the user gave, never a temporary file.</summary>
public sealed class OutputException(string path, string problem) : IOException($"{path}: {problem}");

/// <summary>How an output path is written.</summary>
public enum WriteWay
{
    /// <summary>A regular file, or none yet: a temporary file beside it, renamed over it (whole or not at all).</summary>
    Replace,

    /// <summary>A character device, a FIFO or an open descriptor (<c>/dev/stdout</c>): written straight through, never replaced.</summary>
    Stream,
}

/// <summary>Where an output path leads: how it is written, and the file that is actually written (a symbolic link's target).</summary>
public sealed record OutputDestination(WriteWay Way, string File, bool Append);

/// <summary>
/// Writes a report to the path given with <c>-o</c> without harming what is there: a regular file
/// is replaced atomically and keeps its permissions and owner; a symbolic link keeps pointing at
/// the file it names, which is the one replaced; a device or FIFO is written to, not replaced by a
/// regular file; a file the command reads is refused; and temporary files left by a killed run are
/// cleared on the next write.
/// </summary>
public static partial class OutputFile
{
    /// <summary>How long a FIFO may go without a reader before the write is given up.</summary>
    public static readonly TimeSpan ReaderWait = TimeSpan.FromSeconds(5);

    /// <summary>How reports are encoded on disk: UTF-8 without a byte-order mark.</summary>
    public static readonly UTF8Encoding Encoding = new(false);

    private const int MaxNameBytes = 255;

    [GeneratedRegex(@"^(/proc/(self|thread-self|\d+)|/dev)/fd/\d+$")]
    private static partial Regex DescriptorPath();

    /// <summary>What writing to <paramref name="path"/> will do; refuses folders, block devices and sockets.</summary>
    public static OutputDestination Resolve(string path)
    {
        if (path.Length == 0) throw new OutputException("-o", "is empty; give a file name, or - for standard output");
        if (path.Contains('\0', StringComparison.Ordinal)) throw new OutputException(path, "is not a valid path (it holds a NUL character)");
        var full = Path.GetFullPath(path);
        var (target, descriptor) = FollowLinks(path, full);
        if (descriptor) return new OutputDestination(WriteWay.Stream, target, Append: true);
        var facts = Facts(path, full);
        switch (facts.Kind)
        {
            case FileKind.Regular:
                // Replacing is a rename in the folder, which the file's own permissions would not stop: ask them as a write would.
                if (!UnixFile.CanWrite(target)) throw new OutputException(path, "cannot write: permission denied");
                return new OutputDestination(WriteWay.Replace, target, false);
            case FileKind.Missing:
                var dir = Path.GetDirectoryName(target)!;
                if (!Directory.Exists(dir)) throw new OutputException(path, $"the folder {dir} does not exist");
                return new OutputDestination(WriteWay.Replace, target, false);
            case FileKind.CharacterDevice or FileKind.Fifo:
                return new OutputDestination(WriteWay.Stream, full, false);
            case FileKind.Folder:
                throw new OutputException(path, "is a folder; give a file name");
            default:
                throw new OutputException(path, $"is a {UnixFile.Describe(facts.Kind)}; refused");
        }
    }

    /// <summary>Refuses an output that is one of the command's input files: replacing it would destroy what was read.</summary>
    public static void RefuseInputs(string path, IEnumerable<string> inputs)
    {
        var output = Identity(path);
        if (output is null) return;
        foreach (var input in inputs)
        {
            if (string.Equals(Identity(input), output, StringComparison.Ordinal))
            {
                throw new OutputException(path, $"is also an input ({input}); write the report to another file");
            }
        }
    }

    /// <summary>Writes the text (UTF-8, no byte-order mark) to the path as <see cref="Resolve"/> decided.</summary>
    public static void Write(string path, string text) => Write(path, Encoding.GetBytes(text));

    /// <summary>Writes bytes (a PNG) the same way as text: whole or not at all.</summary>
    public static void Write(string path, byte[] bytes)
    {
        var destination = Resolve(path);
        if (destination.Way == WriteWay.Stream) Stream(path, destination, bytes);
        else Replace(path, destination.File, bytes);
    }

    private static void Stream(string shown, OutputDestination destination, byte[] bytes)
    {
        try
        {
            using var handle = UnixFile.OpenForWriting(destination.File, destination.Append, ReaderWait);
            var kind = UnixFile.Stat(handle).Kind;
            // Decided from the path, checked on the descriptor: a file swapped in meanwhile is not written through.
            if (kind is not (FileKind.CharacterDevice or FileKind.Fifo) && !destination.Append)
            {
                throw new OutputException(shown, $"changed into a {UnixFile.Describe(kind)} while being opened; nothing written");
            }
            using var stream = new FileStream(handle, FileAccess.Write, bufferSize: 0);
            stream.Write(bytes);
        }
        catch (NoReaderException e)
        {
            throw new OutputException(shown, e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && e is not OutputException)
        {
            throw new OutputException(shown, $"cannot write: {Problem(e, destination.File, shown)}");
        }
    }

    private static void Replace(string shown, string file, byte[] bytes)
    {
        var dir = Path.GetDirectoryName(file)!;
        var prefix = TempPrefix(Path.GetFileName(file));
        RemoveStale(dir, prefix);
        var temp = Path.Combine(dir, $"{prefix}{Environment.ProcessId}.tmp");
        try
        {
            var existing = UnixFile.Stat(file);
            // Ours only if a process with our id was killed before: a dead run's leftover.
            File.Delete(temp);
            using (var stream = CreateTemp(shown, temp, dir))
            {
                if (existing.Kind == FileKind.Regular && OperatingSystem.IsLinux())
                {
                    File.SetUnixFileMode(stream.SafeFileHandle, existing.Mode);
                    UnixFile.TryChown(stream.SafeFileHandle, existing.Owner, existing.Group);
                }
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, file, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && e is not OutputException)
        {
            throw new OutputException(shown, $"cannot write: {Problem(e, temp, shown)}");
        }
        finally
        {
            TryDelete(temp);
        }
    }

    /// <summary>The temporary file, new (a link planted under its name is not followed); failing here means the folder is not writable.</summary>
    private static FileStream CreateTemp(string shown, string temp, string dir)
    {
        try
        {
            return new FileStream(temp, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputException(shown, $"cannot write: cannot create a file in its folder {dir} ({Problem(e, temp, shown)}); the report is written beside the file, then renamed over it");
        }
    }

    /// <summary>
    /// Follows the symbolic links of the path to the file they name, which is the one replaced, so
    /// the link itself stays. A link into <c>/proc/…/fd/</c> (<c>/dev/stdout</c>) stands for an open
    /// descriptor: it is written through, appending, whatever it is.
    /// </summary>
    private static (string Target, bool Descriptor) FollowLinks(string shown, string full)
    {
        var current = full;
        for (var hop = 0; hop < 40; hop++)
        {
            if (DescriptorPath().IsMatch(current)) return (current, true);
            string? link;
            try
            {
                link = new FileInfo(current).LinkTarget;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new OutputException(shown, $"cannot follow the link: {Problem(e, current, shown)}");
            }
            if (link is null) return (current, false);
            current = Path.GetFullPath(link, Path.GetDirectoryName(current)!);
        }
        throw new OutputException(shown, "too many levels of symbolic links");
    }

    private static FileFacts Facts(string shown, string full)
    {
        try
        {
            return UnixFile.Stat(full);
        }
        catch (IOException e)
        {
            throw new OutputException(shown, $"cannot write: {Problem(e, full, shown)}");
        }
    }

    /// <summary>The same file as another path: device and inode (hard links too), or the real path where those are unknown.</summary>
    private static string? Identity(string path)
    {
        try
        {
            var full = Path.GetFullPath(path);
            var facts = UnixFile.Stat(full);
            if (facts.Kind == FileKind.Missing) return null;
            return OperatingSystem.IsLinux() ? $"{facts.Device}:{facts.Inode}" : FollowLinks(path, full).Target;
        }
        catch (Exception e) when (e is IOException or ArgumentException)
        {
            // Not a path that names a file: nothing the output could replace.
            return null;
        }
    }

    /// <summary>
    /// The name of the temporary file without its process id: <c>.NAME.</c>, with NAME shortened
    /// when the whole <c>.NAME.PID.tmp</c> would pass the file system's 255-byte limit.
    /// </summary>
    private static string TempPrefix(string name)
    {
        const int reserved = 13; // "." + "." + up to 7 digits of process id + ".tmp"
        var end = name.Length;
        while (System.Text.Encoding.UTF8.GetByteCount(name.AsSpan(0, end)) > MaxNameBytes - reserved) end--;
        if (end > 0 && char.IsHighSurrogate(name[end - 1])) end--;
        return $".{name[..end]}.";
    }

    /// <summary>Clears <c>.NAME.PID.tmp</c> files whose process is gone: a run killed before its rename.</summary>
    private static void RemoveStale(string dir, string prefix)
    {
        IEnumerable<string> names;
        try
        {
            names = Directory.EnumerateFiles(dir, ".*.tmp").Select(Path.GetFileName).OfType<string>()
                .Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }
        foreach (var name in names)
        {
            var digits = name[prefix.Length..^".tmp".Length];
            if (digits.Length == 0 || !digits.All(char.IsAsciiDigit) || !int.TryParse(digits, out var pid)) continue;
            if (!RunningProcesses.IsRunning(pid)) TryDelete(Path.Combine(dir, name));
        }
    }

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover is cleared by a later run.
        }
    }

    /// <summary>
    /// The cause in words, without the file .NET put in its message (which may be the hidden
    /// temporary file): the system's text for the error number when there is one.
    /// </summary>
    private static string Problem(Exception e, string file, string shown) => e switch
    {
        UnauthorizedAccessException => "permission denied",
        PathTooLongException => "file name too long",
        DirectoryNotFoundException or FileNotFoundException => "no such file or folder",
        IOException { HResult: > 0 and < 4096 } io => Marshal.GetPInvokeErrorMessage(io.HResult),
        _ => e.Message.Replace(file, shown, StringComparison.Ordinal),
    };
}

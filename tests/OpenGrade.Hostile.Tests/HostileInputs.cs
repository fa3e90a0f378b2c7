using System.Diagnostics;

namespace OpenGrade.Hostile.Tests;

/// <summary>A temporary folder for hostile inputs (special files are made here, never under /dev), removed afterwards.</summary>
public sealed class HostileInputs : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("og-hostile-").FullName;

    public void Dispose() => Directory.Delete(Root, recursive: true);

    public string Write(string relative, string text)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>A named pipe with no writer: opening it for reading the ordinary way blocks forever.</summary>
    public string Fifo(string relative)
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "FIFOs are made with mkfifo on Linux");
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var mkfifo = Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        return path;
    }

    /// <summary>A symbolic link to /dev/zero: endless bytes that a length check never sees.</summary>
    public string EndlessLink(string relative)
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "needs /dev/zero");
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.CreateSymbolicLink(path, "/dev/zero");
        return path;
    }

    /// <summary>Runs a read that must end quickly: a read that blocks or runs away fails the test instead of hanging it.</summary>
    public static async Task<T> Within<T>(TimeSpan limit, Func<T> read) =>
        await Task.Run(read, TestContext.Current.CancellationToken).WaitAsync(limit, TestContext.Current.CancellationToken);
}

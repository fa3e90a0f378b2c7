using System.Diagnostics;

namespace OpenGrade.Cli.Commands;

/// <summary>
/// Cold-start timing for <c>bench licenses</c>: whole processes, start-up included, as a user
/// meets them — this very executable's <c>license detect</c> and the peers' command-line tools.
/// </summary>
internal static class LicenseColdStart
{
    /// <summary>How this executable is started again: the apphost, or <c>dotnet opengrade.dll</c>.</summary>
    public static (string File, string[] Prefix)? Self()
    {
        var exe = Environment.ProcessPath;
        if (exe is null) return null;
        if (!Path.GetFileNameWithoutExtension(exe).Equals("dotnet", StringComparison.OrdinalIgnoreCase)) return (exe, []);
        var dll = typeof(LicenseColdStart).Assembly.Location;
        return dll.Length == 0 ? null : (exe, [dll]);
    }

    /// <summary>The median wall time of <paramref name="runs"/> runs of a command, or null when it cannot run.</summary>
    public static double? MedianSeconds(string file, IReadOnlyList<string> args, int runs, TimeSpan limit)
    {
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            if (Seconds(file, args, limit) is not { } s) return null;
            times.Add(s);
        }
        times.Sort();
        return times[times.Count / 2];
    }

    /// <summary>One run's wall time (output discarded), or null when the command is missing, fails or overruns.</summary>
    public static double? Seconds(string file, IReadOnlyList<string> args, TimeSpan limit)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        var clock = Stopwatch.StartNew();
        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
        if (process is null) return null;
        using (process)
        {
            // Drained so that a large answer never blocks the child on a full pipe.
            var stdout = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
            var stderr = process.StandardError.BaseStream.CopyToAsync(Stream.Null);
            if (!process.WaitForExit(limit))
            {
                process.Kill(entireProcessTree: true);
                return null;
            }
            Task.WaitAll(stdout, stderr);
            var seconds = clock.Elapsed.TotalSeconds;
            return process.ExitCode is 0 or 1 ? seconds : null;
        }
    }

    /// <summary>A program on PATH, or null.</summary>
    public static string? OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name))
            .FirstOrDefault(File.Exists);
}

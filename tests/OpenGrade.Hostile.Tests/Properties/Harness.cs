using System.Diagnostics;

namespace OpenGrade.Hostile.Tests.Properties;

/// <summary>
/// Runs readers in a child process (the fuzzing harness, fuzz/OpenGrade.Fuzz, in triage mode), for
/// inputs that may end the process itself (a stack overflow cannot be caught) or exhaust its
/// memory: the child runs with a 1 GiB heap limit and a time limit, and a death is a finding
/// instead of the end of the test run.
/// </summary>
internal static class Harness
{
    private static readonly Lazy<string> Dll = new(FindOrBuild);

    /// <summary>What each input did: "ok" (a result or a clean one-line error), an exception signature, or how the process died.</summary>
    public static IReadOnlyList<(string File, string Outcome)> Triage(string target, IReadOnlyList<string> files, int timeoutSeconds = 60)
    {
        var outcomes = new List<(string, string)>();
        var pending = files.ToList();
        while (pending.Count > 0)
        {
            var (lines, death) = Run(target, pending, timeoutSeconds);
            outcomes.AddRange(lines);
            pending = pending.Skip(lines.Count).ToList();
            if (death is null || pending.Count == 0) break;
            // The first input without an answer is the one that ended the process.
            outcomes.Add((pending[0], death));
            pending.RemoveAt(0);
        }
        return outcomes;
    }

    private static (List<(string, string)> Lines, string? Death) Run(string target, List<string> files, int timeoutSeconds)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Dll.Value);
        start.ArgumentList.Add(target);
        start.ArgumentList.Add("--triage");
        foreach (var f in files) start.ArgumentList.Add(f);
        start.Environment["DOTNET_GCHeapHardLimit"] = "0x40000000";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        string? death = null;
        if (!process.WaitForExit(TimeSpan.FromSeconds(timeoutSeconds)))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            death = $"did not finish in {timeoutSeconds} s";
        }
        var lines = stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('\t', 2)).Where(p => p.Length == 2).Select(p => (p[0], p[1])).ToList();
        if (death is null && process.ExitCode != 0)
        {
            var first = stderr.Result.Split('\n').FirstOrDefault(l => l.Length > 0) ?? "";
            death = $"process died (exit {process.ExitCode}): {first.Trim()}";
        }
        return (lines, death);
    }

    /// <summary>The harness from its own build output (same configuration as the tests), built on first use when absent.</summary>
    private static string FindOrBuild()
    {
        var baseDir = AppContext.BaseDirectory;
        var tests = baseDir.LastIndexOf(Path.DirectorySeparatorChar + "tests" + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        var rest = baseDir[(tests + 7)..];
        var output = rest[(rest.IndexOf(Path.DirectorySeparatorChar) + 1)..]; // bin/<configuration>/<tfm>/
        var project = Path.Combine(SharedCorpus.RepoRoot, "fuzz", "OpenGrade.Fuzz");
        var dll = Path.Combine(project, output, "OpenGrade.Fuzz.dll");
        if (File.Exists(dll)) return dll;
        var configuration = output.Split(Path.DirectorySeparatorChar)[1];
        using var build = Process.Start(new ProcessStartInfo("dotnet", ["build", project, "-c", configuration, "-v", "q", "--nologo"]) { RedirectStandardOutput = true, UseShellExecute = false })!;
        var log = build.StandardOutput.ReadToEndAsync();
        if (!build.WaitForExit(TimeSpan.FromMinutes(3)) || build.ExitCode != 0 || !File.Exists(dll))
        {
            throw new InvalidOperationException($"could not build the fuzzing harness {project}: {log.Result}");
        }
        return dll;
    }
}

using System.Diagnostics;

namespace OpenGrade.Hostile.Tests;

/// <summary>A small model file, and devices, FIFOs and process ids for the hostile tests, made with the system's own tools.</summary>
internal static class HostileFiles
{
    /// <summary>A MOT model file small enough to judge in no time.</summary>
    public const string TinyModel = """
        framework: {name: 'Model Openness Framework', version: '1.0', date: '2024-12-15'}
        release:
          name: Tiny
          producer: Example Lab
          license: {distribution: {name: Apache 2.0}}
          components: [{name: Model architecture}, {name: Model parameters (Final)}]
        """;

    public static void SkipUnlessRoot() =>
        Assert.SkipUnless(OperatingSystem.IsLinux() && Run("id", "-u") == "0", "needs root (devices, owners, immutable folders)");

    /// <summary>A character device node of the test's own (1,3 is null, 1,7 is full), so no test writes to the machine's /dev.</summary>
    public static string Device(string dir, string name, int major, int minor)
    {
        SkipUnlessRoot();
        var path = Path.Combine(dir, name);
        Require("mknod", path, "c", major.ToString(System.Globalization.CultureInfo.InvariantCulture), minor.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return path;
    }

    public static string Fifo(string dir, string name)
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "FIFOs are made with mkfifo on Linux");
        var path = Path.Combine(dir, name);
        Run("mkfifo", path);
        return path;
    }

    /// <summary>What <c>stat</c> calls the file: "regular file", "fifo", "character special file", …</summary>
    public static string Type(string path) => Run("stat", "-L", "-c", "%F", path);

    /// <summary>The id of a process that has just ended (an id nobody uses, for a while).</summary>
    public static int DeadProcessId()
    {
        using var process = Start("true");
        process.WaitForExit();
        return process.Id;
    }

    public static Process Start(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        return Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
    }

    /// <summary>Runs a tool to completion (10 s at most) and returns its trimmed output; fails the test when it fails.</summary>
    public static string Run(string program, params string[] args) => Execute(program, args, skipOnFailure: false);

    /// <summary>Like <see cref="Run"/> for what the machine may not allow (mknod, chattr, chown): the test is skipped, saying why.</summary>
    public static string Require(string program, params string[] args) => Execute(program, args, skipOnFailure: true);

    private static string Execute(string program, string[] args, bool skipOnFailure)
    {
        using var process = Start(program, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
        {
            process.Kill();
            Assert.Fail($"{program} did not finish in 10 s");
        }
        var failure = $"{program} {string.Join(' ', args)} failed here: {stderr.Result.Trim()}";
        if (process.ExitCode != 0 && skipOnFailure) Assert.Skip(failure);
        if (process.ExitCode != 0) Assert.Fail(failure);
        return stdout.Result.Trim();
    }
}

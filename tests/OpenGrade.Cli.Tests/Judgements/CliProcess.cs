using System.Diagnostics;

namespace OpenGrade.Cli.Tests.Judgements;

/// <summary>What one run of the CLI did.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr);

/// <summary>
/// Runs the built CLI (opengrade.dll, copied beside the tests by the project reference) as a
/// separate process, so exit codes and output are tested exactly as a CI job sees them.
/// </summary>
public static class CliProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static CliResult Run(string workingDirectory, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "opengrade.dll");
        Assert.True(File.Exists(dll), $"the CLI is not built beside the tests: {dll}");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        // No colours or terminal width games: the output must be the same on every machine.
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the CLI");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"opengrade {string.Join(' ', args)} did not finish within {Timeout}");
        }
        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}

/// <summary>A scratch folder for model and policy files, removed after the test class.</summary>
public sealed class ScratchFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("opengrade-cli-").FullName;

    public string Write(string name, string text)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, text);
        return file;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

using System.Diagnostics;

namespace OpenGrade.Testing;

/// <summary>What one run of the CLI did, as a user would see it.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr);

/// <summary>
/// Runs the real CLI (the built opengrade.dll beside the tests) as a separate process, with
/// the repository root as working directory so relative paths behave as in the README.
/// </summary>
public static class CliRunner
{
    /// <summary>
    /// The CLI from its own build output (same configuration as the tests), not a copy beside the
    /// tests: a test project that also references ASP.NET Core changes what is copied there.
    /// </summary>
    private static readonly string CliDll = FindCli();

    /// <summary>The CLI's dll, for a test that must control the process itself (kill it, say).</summary>
    public static string CliPath => CliDll;

    private static string FindCli()
    {
        // .../tests/<project>/bin/<configuration>/<tfm>/ → .../src/OpenGrade.Cli/bin/<configuration>/<tfm>/
        var baseDir = AppContext.BaseDirectory;
        var tests = baseDir.LastIndexOf(Path.DirectorySeparatorChar + "tests" + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        if (tests >= 0)
        {
            var rest = baseDir[(tests + 7)..];
            var output = rest[(rest.IndexOf(Path.DirectorySeparatorChar) + 1)..];
            var candidate = Path.Combine(baseDir[..tests], "src", "OpenGrade.Cli", output, "opengrade.dll");
            if (File.Exists(candidate)) return candidate;
        }
        return Path.Combine(baseDir, "opengrade.dll");
    }

    /// <summary>A loopback address where nothing listens (port 9, discard, is never served in the test machines).</summary>
    public const string ClosedEndpoint = "http://127.0.0.1:9/";

    public static CliResult Run(params string[] args) => RunIn(SharedCorpus.RepoRoot, null, args);

    /// <summary>Starts the CLI and returns at once (standard output and error are redirected): for tests that stop it midway.</summary>
    public static Process Start(params string[] args) =>
        Process.Start(StartInfo(SharedCorpus.RepoRoot, null, args)) ?? throw new InvalidOperationException("could not start the CLI");

    public static CliResult RunIn(string workingDirectory, IDictionary<string, string>? environment, params string[] args)
    {
        var start = StartInfo(workingDirectory, environment, args);
        start.RedirectStandardInput = true;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the CLI");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"opengrade {string.Join(' ', args)} did not finish in 2 minutes");
        }
        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    private static ProcessStartInfo StartInfo(string workingDirectory, IDictionary<string, string>? environment, string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(CliDll);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["NO_COLOR"] = "1";
        // Tests never reach outside services: links are followed against closed loopback ports
        // (refused at once) unless a test points them at its own stand-in.
        start.Environment["GITHUB_API_URL"] = ClosedEndpoint;
        start.Environment["OPENGRADE_ARXIV_ENDPOINT"] = ClosedEndpoint;
        start.Environment["HF_ENDPOINT"] = ClosedEndpoint;
        start.Environment.Remove("GITHUB_TOKEN");
        start.Environment.Remove("HF_TOKEN");
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) start.Environment[k] = v;
        return start;
    }
}

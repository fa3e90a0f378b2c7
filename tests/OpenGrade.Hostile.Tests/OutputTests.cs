using System.Security.Cryptography;
using System.Text.Json;

namespace OpenGrade.Hostile.Tests;

/// <summary>
/// <c>-o</c> as a hostile or careless user gives it (issue 9, defects 3, 8, 15, 16): devices, FIFOs,
/// links, inputs, failed runs and leftovers of killed runs. Devices are the test's own nodes in a
/// scratch folder (made with mknod as root), so no test can harm the machine's /dev.
/// </summary>
public sealed class OutputTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("og-output-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private string Model(string name = "tiny.yml") => Write(name, HostileFiles.TinyModel);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_temp, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private CliResult Run(params string[] args) => CliRunner.RunIn(_temp, null, args);

    [Fact]
    public void A_character_device_as_output_is_written_through_not_replaced()
    {
        var device = HostileFiles.Device(_temp, "null", 1, 3);

        var r = Run("assess", Model(), "-o", device);

        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal("character special file", HostileFiles.Type(device));
    }

    [Fact]
    public void A_full_device_fails_with_one_line_naming_it_and_stays_a_device()
    {
        var device = HostileFiles.Device(_temp, "full", 1, 7);

        var r = Run("assess", Model(), "-o", device);

        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"opengrade: {device}: cannot write: No space left on device", r.Stderr.Trim());
        Assert.Equal("character special file", HostileFiles.Type(device));
    }

    [Fact]
    public void A_link_to_dev_null_keeps_both_the_link_and_the_device()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "needs /dev/null");
        var link = Path.Combine(_temp, "report.txt");
        File.CreateSymbolicLink(link, "/dev/null");

        var r = Run("assess", Model(), "-o", link);

        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal("/dev/null", new FileInfo(link).LinkTarget);
        Assert.Equal("character special file", HostileFiles.Type("/dev/null"));
    }

    [Fact]
    public async Task A_fifo_with_a_reader_receives_the_report_and_stays_a_fifo()
    {
        var fifo = HostileFiles.Fifo(_temp, "report.fifo");
        var model = Model();
        using var reader = HostileFiles.Start("cat", fifo);
        try
        {
            var received = reader.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);

            var r = await Task.Run(() => Run("assess", model, "--format", "json", "-o", fifo), TestContext.Current.CancellationToken);

            Assert.True(r.ExitCode == 0, r.Stderr);
            var report = await received.WaitAsync(TimeSpan.FromSeconds(15), TestContext.Current.CancellationToken);
            Assert.Contains("\"target\"", report);
            Assert.Equal("fifo", HostileFiles.Type(fifo));
        }
        finally
        {
            if (!reader.HasExited) reader.Kill();
        }
    }

    [Fact]
    public async Task A_fifo_without_a_reader_fails_within_seconds_instead_of_hanging()
    {
        var fifo = HostileFiles.Fifo(_temp, "nobody-reads");
        var model = Model();

        var r = await Task.Run(() => Run("assess", model, "-o", fifo), TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"opengrade: {fifo}: is a FIFO with no reader (waited 5 s); nothing written", r.Stderr.Trim());
        Assert.Equal("fifo", HostileFiles.Type(fifo));
    }

    [Fact]
    public void A_dash_writes_to_standard_output_not_to_a_file_named_dash()
    {
        var r = Run("assess", Model(), "--format", "json", "-o", "-");

        Assert.True(r.ExitCode == 0, r.Stderr);
        JsonDocument.Parse(r.Stdout).Dispose();
        Assert.False(File.Exists(Path.Combine(_temp, "-")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_output_that_is_one_of_the_inputs_is_refused_and_the_input_kept(bool throughLink)
    {
        var model = Model();
        var output = model;
        if (throughLink)
        {
            output = Path.Combine(_temp, "alias.yml");
            File.CreateSymbolicLink(output, model);
        }

        var r = Run("assess", model, "-o", output);

        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"opengrade: {output}: is also an input ({model}); write the report to another file", r.Stderr.Trim());
        Assert.Equal(HostileFiles.TinyModel, File.ReadAllText(model));
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void Replacing_a_file_keeps_its_permissions()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "Unix permissions");
        var output = Write("report.txt", "previous\n");
        const UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        File.SetUnixFileMode(output, mode);

        var r = Run("assess", Model(), "-o", output);

        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("Tiny", File.ReadAllText(output));
        Assert.Equal(mode, File.GetUnixFileMode(output));
    }

    [Fact]
    public void Replacing_a_file_as_root_keeps_its_owner()
    {
        HostileFiles.SkipUnlessRoot();
        var output = Write("report.txt", "previous\n");
        HostileFiles.Require("chown", "65534:65534", output);

        var r = Run("assess", Model(), "-o", output);

        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal("65534:65534", HostileFiles.Run("stat", "-c", "%u:%g", output));
    }

    [Fact]
    public void A_symlinked_output_replaces_its_target_and_keeps_the_link()
    {
        var target = Write("reports/latest.txt", "previous\n");
        var link = Path.Combine(_temp, "report.txt");
        File.CreateSymbolicLink(link, Path.Combine("reports", "latest.txt"));

        var r = Run("assess", Model(), "-o", link);

        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(Path.Combine("reports", "latest.txt"), new FileInfo(link).LinkTarget);
        Assert.Contains("Tiny", File.ReadAllText(target));
    }

    [Fact]
    public void Errors_about_the_output_name_the_path_given_not_the_temporary_file()
    {
        HostileFiles.SkipUnlessRoot();
        var folder = Directory.CreateDirectory(Path.Combine(_temp, "locked")).FullName;
        var output = Write("locked/report.txt", "previous\n");
        // Immutable: not even root may create the temporary file beside the report.
        HostileFiles.Require("chattr", "+i", folder);
        try
        {
            var r = Run("assess", Model(), "-o", output);

            Assert.Equal(2, r.ExitCode);
            var line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith($"opengrade: {output}: cannot write", line);
            Assert.DoesNotContain(".tmp", line);
            Assert.Equal("previous\n", File.ReadAllText(output));
        }
        finally
        {
            HostileFiles.Run("chattr", "-i", folder);
        }
    }

    [Fact]
    public void A_failed_target_leaves_an_existing_output_untouched()
    {
        var output = Write("report.json", "previous\n");

        var r = Run("assess", Model(), "missing.yml", "--format", "json", "-o", output);

        Assert.Equal(2, r.ExitCode);
        Assert.Equal("previous\n", File.ReadAllText(output));
        Assert.Contains("opengrade: missing.yml: no such file", r.Stderr);
        Assert.Contains("--keep-going", r.Stderr);
    }

    [Fact]
    public void Keep_going_writes_the_successes_and_still_reports_the_failures()
    {
        var output = Write("report.jsonl", "previous\n");

        var r = Run("assess", Model(), "missing.yml", "--format", "jsonl", "-o", output, "--keep-going");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("opengrade: missing.yml: no such file", r.Stderr);
        var records = File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(2, records.Count);
        Assert.True(records[0].TryGetProperty("mof", out _));
        Assert.Equal("missing.yml", records[1].GetProperty("target").GetString());
        Assert.True(records[1].TryGetProperty("error", out _));
    }

    [Fact]
    public void Stale_temporary_files_of_dead_runs_are_cleared_on_the_next_write()
    {
        var output = Path.Combine(_temp, "report.txt");
        var dead = Path.Combine(_temp, $".report.txt.{HostileFiles.DeadProcessId()}.tmp");
        var live = Path.Combine(_temp, $".report.txt.{Environment.ProcessId}.tmp");
        var other = Path.Combine(_temp, $".other.txt.{HostileFiles.DeadProcessId()}.tmp");
        foreach (var f in new[] { dead, live, other }) File.WriteAllText(f, "half a report");

        var r = Run("assess", Model(), "-o", output);

        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.False(File.Exists(dead), "a dead run's temporary file is left");
        Assert.True(File.Exists(live), "a running process's temporary file was removed");
        Assert.True(File.Exists(other), "another output's temporary file was removed");
    }

    [Fact]
    public void A_killed_inventory_run_leaves_a_pair_whose_mismatch_shows()
    {
        var first = Repo("example__first", "apache-2.0");
        var second = Repo("example__second", "mit");
        var model = Path.Combine(_temp, "model.yml");
        var evidence = Path.Combine(_temp, "model.evidence.json");

        Assert.Equal(0, Run("inventory", first, "-o", model).ExitCode);
        Assert.Equal(Sha256(model), RecordedHash(evidence));

        // The state kill -9 leaves between the two renames of a second run: its evidence, the first run's model file.
        var other = Path.Combine(_temp, "other.yml");
        Assert.Equal(0, Run("inventory", second, "-o", other).ExitCode);
        File.Copy(Path.Combine(_temp, "other.evidence.json"), evidence, overwrite: true);
        Assert.NotEqual(Sha256(model), RecordedHash(evidence));

        // The next run leaves a matching pair again.
        Assert.Equal(0, Run("inventory", second, "-o", model).ExitCode);
        Assert.Equal(Sha256(model), RecordedHash(evidence));
        Assert.Contains("MIT", File.ReadAllText(model));
    }

    [Fact]
    public void Inventory_to_a_device_writes_no_evidence_beside_it()
    {
        var device = HostileFiles.Device(_temp, "null", 1, 3);

        var r = Run("inventory", Repo("example__tiny", "apache-2.0"), "-o", device);

        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal("character special file", HostileFiles.Type(device));
        Assert.False(File.Exists(device + ".evidence.json"));
    }

    [Fact]
    public void Errors_about_targets_show_control_characters_escaped()
    {
        var r = Run("assess", "evil\u001b]0;owned\u0007\nPASS.yml");

        Assert.Equal(2, r.ExitCode);
        Assert.Equal("opengrade: evil\\x1b]0;owned\\x07\\nPASS.yml: no such file", r.Stderr.Trim());
    }

    private string Repo(string name, string license)
    {
        Write($"{name}/README.md", $"---\nlicense: {license}\n---\n# Model\n");
        Write($"{name}/config.json", "{\"model_type\": \"gpt2\"}");
        Write($"{name}/model.safetensors", "placeholder");
        return Path.Combine(_temp, name);
    }

    private static string Sha256(string file) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));

    private static string? RecordedHash(string evidence)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(evidence));
        return json.RootElement.TryGetProperty("mot_model_sha256", out var hash) ? hash.GetString() : null;
    }
}

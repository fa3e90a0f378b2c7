using System.Text;
using System.Text.Json;

namespace OpenGrade.Hostile.Tests;

/// <summary>
/// Hostile paths for <c>opengrade license detect</c> (issue 9, defects 10, 18 and 11): FIFOs and
/// devices are refused at once with one line, UTF-16/32 text is text, and file names reach the
/// terminal escaped.
/// </summary>
public sealed class LicenseDetectInputTests : IDisposable
{
    // The MIT text from the registry package the build installs: license texts are never committed.
    private static string MitText => "MIT License\n\nCopyright (c) 2024 Example\n\n" + SpdxTexts.Text("MIT");

    private readonly string _temp = Directory.CreateTempSubdirectory("og-license-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private CliResult Detect(params string[] args) => CliRunner.RunIn(_temp, null, ["license", "detect", .. args]);

    private static async Task<CliResult> Bounded(Func<CliResult> run) =>
        await Task.Run(run, TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

    [Fact]
    public async Task A_fifo_named_directly_is_refused_at_once()
    {
        var fifo = HostileFiles.Fifo(_temp, "LICENSE");

        var r = await Bounded(() => Detect(fifo));

        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"opengrade: {fifo}: is not a regular file (a FIFO); refused", r.Stderr.Trim());
    }

    [Fact]
    public async Task A_fifo_inside_a_folder_is_refused_with_one_line()
    {
        var repo = Directory.CreateDirectory(Path.Combine(_temp, "repo")).FullName;
        var fifo = HostileFiles.Fifo(repo, "LICENSE");

        var r = await Bounded(() => Detect(repo));

        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"opengrade: {fifo}: is not a regular file (a FIFO); refused", r.Stderr.Trim());
    }

    [Fact]
    public void A_link_to_dev_zero_is_refused()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "needs /dev/zero");
        var link = Path.Combine(_temp, "LICENSE");
        File.CreateSymbolicLink(link, "/dev/zero");

        var r = Detect(link);

        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"opengrade: {link}: is not a regular file (a character device); refused", r.Stderr.Trim());
    }

    [Fact]
    public void A_large_license_file_keeps_its_start()
    {
        var file = Path.Combine(_temp, "LICENSE");
        File.WriteAllText(file, MitText + "\n" + new string('x', 5 << 20));

        var r = Detect(file, "--format", "json");

        Assert.True(r.ExitCode == 0, r.Stderr);
        using var json = JsonDocument.Parse(r.Stdout);
        Assert.Equal("MIT", json.RootElement[0].GetProperty("license").GetString());
    }

    [Theory]
    [InlineData("utf-16")]
    [InlineData("utf-16BE")]
    [InlineData("utf-32")]
    public void Text_with_a_wide_byte_order_mark_is_read_as_text(string encoding)
    {
        var file = Path.Combine(_temp, "LICENSE");
        File.WriteAllText(file, MitText, Encoding.GetEncoding(encoding));

        var r = Detect(file, "--format", "json");

        Assert.True(r.ExitCode == 0, r.Stderr);
        using var json = JsonDocument.Parse(r.Stdout);
        Assert.Equal("MIT", json.RootElement[0].GetProperty("license").GetString());
    }

    [Fact]
    public void A_file_without_a_byte_order_mark_and_with_nul_bytes_is_still_binary()
    {
        var file = Path.Combine(_temp, "LICENSE");
        File.WriteAllBytes(file, [.. Encoding.ASCII.GetBytes("MIT License"), 0, 1, 2]);

        var r = Detect(file);

        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"opengrade: {file}: binary file, not a license text", r.Stderr.Trim());
    }

    [Fact]
    public void File_names_reach_the_terminal_escaped()
    {
        var repo = Directory.CreateDirectory(Path.Combine(_temp, "repo")).FullName;
        File.WriteAllText(Path.Combine(repo, "LICENSE\u001b[2J\nMIT"), MitText);

        var r = Detect(repo);

        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.DoesNotContain('\u001b', r.Stdout);
        Assert.Contains("LICENSE\\x1b[2J\\nMIT: MIT", r.Stdout);
    }
}

using System.Text.Json;

namespace OpenGrade.Cli.Tests;

/// <summary><c>assess --format spdx3|cyclonedx|…</c> and AI-BOMs as targets, end to end (issue 14).</summary>
public sealed class ExportCommandTests : IDisposable
{
    private const string Example = "examples/models/aurora-7b.yml";
    private readonly string _temp = Directory.CreateTempSubdirectory("opengrade-export-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static JsonElement Judgement(string json) => JsonDocument.Parse(json).RootElement;

    [Theory]
    [InlineData("cyclonedx", "bom.cdx.json", "1.6")]
    [InlineData("cyclonedx-1.7", "bom.cdx.json", "1.7")]
    [InlineData("spdx3", "bom.spdx3.json", "3.0.1")]
    public void An_exported_ai_bom_read_back_gives_the_same_judgements(string format, string name, string version)
    {
        var file = Path.Combine(_temp, name);
        var export = CliRunner.Run("assess", Example, "--format", format, "-o", file);
        Assert.True(export.ExitCode == 0, export.Stderr);
        Assert.Contains(version, File.ReadAllText(file));
        if (format != "spdx3") Assert.Contains("AI-BOM completeness", export.Stderr);

        var direct = Judgement(CliRunner.Run("assess", Example, "--format", "json").Stdout);
        var back = CliRunner.Run("assess", file, "--format", "json");
        Assert.True(back.ExitCode == 0, back.Stderr);
        var read = Judgement(back.Stdout);

        foreach (var key in new[] { "mof", "mof_recognised" })
        {
            Assert.Equal(direct.GetProperty(key).GetProperty("class").GetInt32(), read.GetProperty(key).GetProperty("class").GetInt32());
            Assert.Equal(direct.GetProperty(key).GetProperty("progress").GetRawText(), read.GetProperty(key).GetProperty("progress").GetRawText());
        }
        Assert.Equal(direct.GetProperty("osaid").GetProperty("verdict").GetString(), read.GetProperty("osaid").GetProperty("verdict").GetString());
        Assert.Equal(direct.GetProperty("eu_ai_act").GetProperty("verdict").GetString(), read.GetProperty("eu_ai_act").GetProperty("verdict").GetString());
    }

    [Fact]
    public void A_badge_is_an_svg_with_the_class()
    {
        var r = CliRunner.Run("assess", Example, "--format", "badge");

        Assert.Equal(0, r.ExitCode);
        Assert.StartsWith("<svg", r.Stdout.TrimStart());
        Assert.Contains("MOF", r.Stdout);
    }

    [Fact]
    public void A_PNG_badge_is_written_whole_to_a_file()
    {
        var file = Path.Combine(_temp, "badge.png");
        var r = CliRunner.Run("assess", Example, "--format", "badge-osaid-png", "-o", file);

        Assert.True(r.ExitCode == 0, r.Stderr);
        var bytes = File.ReadAllBytes(file);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        Assert.Empty(r.Stdout);
    }

    [Fact]
    public void One_document_format_with_several_targets_is_refused()
    {
        var r = CliRunner.Run("assess", Example, Example, "--format", "spdx3");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("one target", r.Stderr);
        Assert.Empty(r.Stdout);
    }

    [Fact]
    public void A_broken_ai_bom_is_one_line_naming_it()
    {
        var file = Path.Combine(_temp, "broken.cdx.json");
        File.WriteAllText(file, "{\"bomFormat\": \"CycloneDX\", \"specVersion\": ");

        var r = CliRunner.Run("assess", file);

        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(file, line);
    }
}

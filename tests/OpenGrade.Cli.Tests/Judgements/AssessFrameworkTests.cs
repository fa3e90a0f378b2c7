using System.Text.Json;

namespace OpenGrade.Cli.Tests.Judgements;

/// <summary><c>opengrade assess --framework</c>: the judgements side by side, and only those asked for.</summary>
public sealed class AssessFrameworkTests : IClassFixture<ScratchFolder>
{
    private readonly ScratchFolder _dir;

    public AssessFrameworkTests(ScratchFolder dir)
    {
        _dir = dir;
        _dir.Write("model.yml", """
            framework:
              name: 'Model Openness Framework'
              version: '1.0'
              date: '2024-12-15'
            release:
              name: OpenFixture
              version: 7B
              producer: Fixture Lab
              license:
                distribution:
                  name: 'Llama 2 Community License'
                  path: ''
              components:
                - name: 'Model architecture'
                - name: 'Model parameters (Final)'
            """);
    }

    private CliResult Assess(params string[] args) => CliRunner.RunIn(_dir.Path, null, ["assess", "model.yml", .. args]);

    [Fact]
    public void Json_has_every_judgement_and_the_flags_by_default()
    {
        var r = Assess("-f", "json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        var root = doc.RootElement;
        Assert.True(root.TryGetProperty("mof", out _));
        Assert.Equal("not-conformant", root.GetProperty("osaid").GetProperty("verdict").GetString());
        Assert.True(root.GetProperty("osaid").GetProperty("requirements").GetArrayLength() > 0);
        var eu = root.GetProperty("eu_ai_act");
        Assert.Contains(eu.GetProperty("verdict").GetString(), new[] { "likely-exempt", "not-exempt", "unknown" });
        Assert.True(eu.GetProperty("reasons").GetArrayLength() > 0);
        Assert.Contains("not legal advice", eu.GetProperty("disclaimer").GetString());
        var flag = root.GetProperty("flags").EnumerateArray().Single();
        Assert.Equal("openwashing", flag.GetProperty("kind").GetString());
        Assert.True(flag.GetProperty("evidence").GetArrayLength() > 0);
    }

    [Fact]
    public void Json_shows_only_the_frameworks_asked_for()
    {
        using var doc = JsonDocument.Parse(Assess("-f", "json", "--framework", "osaid").Stdout);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("mof").ValueKind);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("mof_recognised").ValueKind);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("eu_ai_act").ValueKind);
        Assert.Equal(JsonValueKind.Object, doc.RootElement.GetProperty("osaid").ValueKind);
        Assert.True(doc.RootElement.TryGetProperty("flags", out _));
    }

    [Fact]
    public void Text_and_markdown_show_the_judgements_side_by_side()
    {
        var text = Assess("--framework", "mof,osaid,eu-ai-act").Stdout;
        Assert.Contains("OSAID 1.0", text);
        Assert.Contains("EU AI Act open-source exemption", text);
        Assert.Contains("not legal advice", text);
        Assert.Contains("openwashing", text);
        var md = Assess("-f", "markdown").Stdout;
        Assert.Contains("| OSAID 1.0 | **not-conformant** |", md);
        Assert.Contains("### EU AI Act open-source exemption", md);
        Assert.Contains("- `openwashing`:", md);
    }

    [Fact]
    public void An_unknown_framework_is_a_usage_error()
    {
        var r = Assess("--framework", "mof,osai");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("unknown framework 'osai'", r.Stderr);
    }
}

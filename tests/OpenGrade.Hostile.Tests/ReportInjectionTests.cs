using System.Collections.Immutable;
using System.Text.Json;
using OpenGrade.Core.Domain;
using OpenGrade.Core.Evaluation;
using OpenGrade.Reports;
using Spectre.Console;

namespace OpenGrade.Hostile.Tests;

/// <summary>
/// Issue 9, defects 11 and 14 (report side): names from outside cannot drive the terminal or forge
/// report lines in any human format, and one absurd value cannot swell a report.
/// </summary>
public sealed class ReportInjectionTests
{
    private const string Forged = "evil\u001b[2J\u001b]0;pwned\u0007\nMOF 1.0 (MOT) Class I\r\u202etxt.py";
    private static readonly Assessor Assessor = Assessor.CreateDefault();

    private static AssessedTarget Hostile(string text, string target = "models/evil.yml")
    {
        var release = new ModelRelease(text, text, text, null, "language", text, null, null,
            new GlobalLicenses(new LicenseDeclaration(text, text), null, null, null),
            [new ComponentEntry("Model parameters (Final)", text, text, text, text, new SourceLocation(target, 3, 1))]);
        return AssessedTarget.Ok(target + text, Assessor.Assess(release));
    }

    private static string Text(AssessedTarget target)
    {
        var writer = new StringWriter();
        var console = PlainConsole.Create(writer);
        TextReport.Render(console, target);
        return writer.ToString();
    }

    /// <summary>Human formats also show bidirectional overrides; JSON keeps them as data (a parser, not a terminal, reads it).</summary>
    private static void AssertNoRawControls(string output, bool human = true)
    {
        var bad = output.Where(c => c != '\n' && (c < 0x20 || c == 0x7f || c is >= '\u0080' and <= '\u009f'
            || human && (c is >= '\u202a' and <= '\u202e' || c is >= '\u2066' and <= '\u2069'))).ToList();
        Assert.True(bad.Count == 0, $"raw control characters in the report: {string.Join(" ", bad.Select(c => $"U+{(int)c:X4}"))}");
        Assert.DoesNotContain(output.Split('\n'), line => line.Trim() == "MOF 1.0 (MOT) Class I");
    }

    [Fact]
    public void Defect11_the_text_report_shows_escape_sequences_instead_of_obeying_them()
    {
        var output = Text(Hostile(Forged));

        AssertNoRawControls(output);
        Assert.Contains("\\x1b[2J", output);
    }

    [Fact]
    public void Defect11_the_markdown_report_cannot_be_forged_either()
    {
        var output = MarkdownReport.Render(Hostile(Forged));

        AssertNoRawControls(output);
        Assert.DoesNotContain("<script>", MarkdownReport.Render(Hostile("<script>alert(1)</script>")));
    }

    [Fact]
    public void Defect11_an_error_record_in_markdown_and_text_is_escaped()
    {
        var failed = AssessedTarget.Failed("x\u001b[31m.yml", "x\u001b[31m.yml:1:1: invalid\nforged line");

        AssertNoRawControls(MarkdownReport.Render(failed));
        AssertNoRawControls(Text(failed));
    }

    [Fact]
    public void The_json_report_keeps_the_value_exactly_and_stays_valid_json()
    {
        var json = JsonReport.Render(Hostile(Forged));

        using var doc = JsonDocument.Parse(json);
        Assert.Equal(Forged, doc.RootElement.GetProperty("release").GetProperty("name").GetString());
        AssertNoRawControls(json, human: false);
    }

    [Fact]
    public void Defect14_a_megabyte_license_name_does_not_swell_the_human_reports()
    {
        var huge = new string('x', 1 << 20);
        var small = Hostile("Apache-2.0");
        var big = Hostile(huge);

        var text = Text(big);
        var markdown = MarkdownReport.Render(big);

        Assert.True(text.Length < Text(small).Length + 40_000, $"text report of {text.Length:N0} characters");
        Assert.True(markdown.Length < MarkdownReport.Render(small).Length + 40_000, $"markdown report of {markdown.Length:N0} characters");
        Assert.Contains("more characters", markdown);
    }
}

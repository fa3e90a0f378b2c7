using System.Text.Json.Nodes;
using CsCheck;
using OpenGrade.Core.Domain;
using OpenGrade.Core.Evaluation;
using OpenGrade.Reports;
using Spectre.Console;

namespace OpenGrade.Hostile.Tests.Properties;

/// <summary>
/// The printers, on releases whose every name is hostile (escape sequences, line breaks, C1
/// controls, bidi overrides, markup, lone surrogates), judged by the real assessor: JSON always
/// parses back to the same names; the text and Markdown reports never pass a control character
/// from a name through to the reader's terminal or page.
/// </summary>
public sealed class ReportProperties
{
    private static readonly Assessor Assessor = Assessor.CreateDefault();

    private static readonly Gen<string> Names = Property.Any(Releases.HostileText,
        Gen.OneOf("x\u001b]8;;http://evil\u001b\\link\u001b]8;;\u001b\\", "a\nMOF 1.0 (MOT) Class I", "a\rforged", "\u009b31mred", "evil\u202etxt.py",
            "\u2066isolate\u2069", "[red]markup[/]", "[/]", "| pipe |", "**bold**", "<script>", "\u007fdel", "\ud800lone", "tail\udfff", "a\u0085b"));

    private static readonly Gen<AssessedTarget> Targets = Property.Any(
        Gen.Select(Releases.Valid, Names, Names, Names, Names, Gen.Bool, (r, name, producer, license, target, spdx) =>
        {
            // Hostile license names on the components, or exact ids so that the recognised and exact readings differ.
            var components = r.Components.Select((c, i) => c with { License = i % 2 == 0 ? license : spdx ? "MIT" : c.License }).ToArray();
            var release = r with { Name = name, Producer = producer, Components = [.. components] };
            return AssessedTarget.Ok(target, Assessor.Assess(release));
        }),
        Gen.Select(Names, Names, AssessedTarget.Failed));

    /// <summary>The characters that must never reach a terminal or page raw: C0 but the line feed, DEL, C1, bidi embeddings, overrides and isolates.</summary>
    private static int RawControl(string output) => output.AsSpan().IndexOfAnyInRange('\u0000', '\u0009') is var a and >= 0 ? a
        : output.AsSpan().IndexOfAnyInRange('\u000b', '\u001f') is var b and >= 0 ? b
        : output.AsSpan().IndexOfAnyInRange('\u007f', '\u009f') is var c and >= 0 ? c
        : output.AsSpan().IndexOfAnyInRange('\u202a', '\u202e') is var d and >= 0 ? d
        : output.AsSpan().IndexOfAnyInRange('\u2066', '\u2069');

    private static void AssertNoRawControl(string output)
    {
        var at = RawControl(output);
        if (at < 0) return;
        var from = Math.Max(0, at - 60);
        Assert.Fail($"raw U+{(int)output[at]:X4} at {at}: …{Property.Quote(output[from..Math.Min(output.Length, at + 60)])}…");
    }

    /// <summary>The text as UTF-8 can carry it: a lone surrogate (possible only from a JSON escape) becomes U+FFFD.</summary>
    private static string? WellFormed(string? text) => text is null ? null : System.Text.Encoding.UTF8.GetString(System.Text.Encoding.UTF8.GetBytes(text));

    private static string Print(AssessedTarget t) => t.Assessment is null
        ? $"failed target {Property.Quote(t.Target)}, error {Property.Quote(t.Error ?? "")}"
        : $"target {Property.Quote(t.Target)}, name {Property.Quote(t.Assessment.Release.Name)}, producer {Property.Quote(t.Assessment.Release.Producer ?? "")}, "
          + $"licenses [{string.Join(", ", t.Assessment.Release.Components.Select(c => Property.Quote(c.License ?? "(none)")))}]";

    [Fact(Timeout = Property.Timeout)]
    public Task Json_reports_parse_back_to_the_same_names() =>
        Property.Check(Targets, target =>
        {
            var json = JsonNode.Parse(JsonReport.Render(target))!;
            Assert.Equal(WellFormed(target.Target), (string?)json["target"]);
            if (target.Assessment is { } a)
            {
                Assert.Equal(WellFormed(a.Release.Name), (string?)json["release"]!["name"]);
                Assert.Equal(WellFormed(a.Release.Producer), (string?)json["release"]!["producer"]);
            }
            else
            {
                Assert.Equal(WellFormed(target.Error), (string?)json["error"]);
            }
            JsonNode.Parse(JsonReport.Render(target, indented: false));
            JsonNode.Parse(JsonReport.RenderAll([target, target]));
        }, iter: 400, print: Print);

    [Fact(Timeout = Property.Timeout)]
    public Task Text_reports_pass_no_control_character_through() =>
        Property.Check(Targets, target =>
        {
            var writer = new StringWriter();
            var console = PlainConsole.Create(writer);
            TextReport.Render(console, target);
            AssertNoRawControl(writer.ToString());
        }, iter: 400, print: Print);

    [Fact(Timeout = Property.Timeout)]
    public Task Markdown_reports_pass_no_control_character_through() =>
        Property.Check(Targets, target => AssertNoRawControl(MarkdownReport.Render(target)), iter: 400, print: Print);
}

using System.Globalization;
using System.Net;
using System.Text;

namespace OpenGrade.Batch.Census;

/// <summary>
/// The census as a single self-contained HTML file (inline CSS and SVG charts, no script, no outside
/// resource; every string that came from the data is HTML-escaped) or as Markdown.
/// </summary>
public static class CensusReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private static readonly Dictionary<int, string> ClassNames = new()
    {
        [0] = "Unclassified", [1] = "Class I (open science)", [2] = "Class II (open tooling)", [3] = "Class III (open model)",
    };

    private sealed record Section(string Title, string Note, IReadOnlyList<(string Label, long Count, long Downloads)> Rows);

    private static IEnumerable<Section> Sections(CensusResult c) =>
    [
        new("MOF class (MOT's exact reading)", "Class I is the most open.", [.. c.MofClass.Select(kv => (ClassNames.GetValueOrDefault(kv.Key, $"class {kv.Key}"), kv.Value.Count, kv.Value.Downloads))]),
        new("MOF class (OpenGrade's reading of license names)", "License names read as the ids they mean.", [.. c.MofRecognisedClass.Select(kv => (ClassNames.GetValueOrDefault(kv.Key, $"class {kv.Key}"), kv.Value.Count, kv.Value.Downloads))]),
        new("OSAID 1.0 verdicts", "", Ranked(c.Osaid, int.MaxValue)),
        new("EU AI Act open-source exemption", "", Ranked(c.EuAiAct, int.MaxValue)),
        new("Flags", "A model counts once per kind of flag; openwashing weighted by downloads is in the last column.", Ranked(c.Flags, int.MaxValue)),
        new("Top licenses (of the weights' distribution)", "", Ranked(c.Licenses, 20)),
        new("Top AI-specific licenses", "Licenses outside the open-source lists (RAIL, Llama, Gemma…).", Ranked(c.AiLicenses, 20)),
    ];

    private static List<(string, long, long)> Ranked(Dictionary<string, Tally> tallies, int top) =>
        [.. tallies.OrderByDescending(kv => kv.Value.Count).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(top).Select(kv => (kv.Key, kv.Value.Count, kv.Value.Downloads))];

    private static string Share(long part, long whole) => whole == 0 ? "–" : (100.0 * part / whole).ToString("0.0", Invariant) + " %";

    private static string N(long n) => n.ToString("N0", Invariant);

    private static string H(string? text) => WebUtility.HtmlEncode(text ?? "");

    public static string Html(CensusResult c, string source)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>OpenGrade census</title>\n<style>")
            .Append("body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}")
            .Append("table{border-collapse:collapse;margin:.5rem 0 1rem}td,th{padding:.2rem .6rem;border-bottom:1px solid #ddd;text-align:left}")
            .Append("td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}svg text{font-size:12px;font-family:system-ui,sans-serif}")
            .Append(".note{color:#555}</style></head><body>\n");
        html.Append("<h1>The state of openness</h1>\n<p class=\"note\">")
            .Append($"{N(c.Models)} models graded ({N(c.Errors)} could not be graded) from {H(source)}; {N(c.Downloads)} downloads in all. ")
            .Append($"Openwashing: {N(c.Openwashing.Count)} models ({Share(c.Openwashing.Count, c.Models)}), carrying {Share(c.Openwashing.Downloads, c.Downloads)} of the downloads.</p>\n");
        foreach (var section in Sections(c))
        {
            html.Append($"<h2>{H(section.Title)}</h2>\n");
            if (section.Note.Length > 0) html.Append($"<p class=\"note\">{H(section.Note)}</p>\n");
            html.Append(Bars([.. section.Rows.Select(r => (r.Label, (double)r.Count))]));
            html.Append("<table><tr><th></th><th class=\"n\">models</th><th class=\"n\">share</th><th class=\"n\">downloads</th><th class=\"n\">share of downloads</th></tr>\n");
            foreach (var (label, count, downloads) in section.Rows)
            {
                html.Append($"<tr><td>{H(label)}</td><td class=\"n\">{N(count)}</td><td class=\"n\">{Share(count, c.Models)}</td><td class=\"n\">{N(downloads)}</td><td class=\"n\">{Share(downloads, c.Downloads)}</td></tr>\n");
            }
            html.Append("</table>\n");
        }
        html.Append("<h2>Derivatives whose license conflicts with their base's</h2>\n<p class=\"note\">")
            .Append($"{N(c.Derivatives)} models name a base model; for {N(c.DerivativesWithKnownBase)} the base is in this census. ")
            .Append($"{N(c.ConflictCount)} declare other terms than their base's license, which is not an open license (its terms bind derivatives). The most downloaded:</p>\n");
        html.Append("<table><tr><th>model</th><th>declares</th><th>base</th><th>base license</th><th>relation</th><th class=\"n\">downloads</th></tr>\n");
        foreach (var x in c.Conflicts)
        {
            html.Append($"<tr><td>{H(x.Id)}</td><td>{H(x.License)}</td><td>{H(x.BaseId)}</td><td>{H(x.BaseLicense)}</td><td>{H(x.Relation ?? "")}</td><td class=\"n\">{N(x.Downloads)}</td></tr>\n");
        }
        html.Append("</table>\n<h2>Trends by creation month</h2>\n<p class=\"note\">Models created each month, and the share that reach a MOF class (OpenGrade's reading), are OSAID-conformant, or are flagged openwashing.</p>\n");
        html.Append(Columns([.. c.Months.Select(kv => (kv.Key, (double)kv.Value.Models))]));
        html.Append("<table><tr><th>month</th><th class=\"n\">models</th><th class=\"n\">MOF class</th><th class=\"n\">OSAID-conformant</th><th class=\"n\">openwashing</th></tr>\n");
        foreach (var (month, m) in c.Months)
        {
            html.Append($"<tr><td>{H(month)}</td><td class=\"n\">{N(m.Models)}</td><td class=\"n\">{Share(m.Classified, m.Models)}</td><td class=\"n\">{Share(m.OsaidConformant, m.Models)}</td><td class=\"n\">{Share(m.Openwashing, m.Models)}</td></tr>\n");
        }
        html.Append("</table>\n");
        if (c.Superseded + c.Unreadable > 0)
        {
            html.Append($"<p class=\"note\">{N(c.Superseded)} older lines of re-graded models and {N(c.Unreadable)} unreadable lines were left out.</p>\n");
        }
        html.Append("<p class=\"note\">Made by OpenGrade (docs/batch.md).</p>\n</body></html>\n");
        return html.ToString();
    }

    /// <summary>A horizontal bar chart; labels are escaped.</summary>
    private static string Bars(IReadOnlyList<(string Label, double Value)> rows)
    {
        if (rows.Count == 0) return "";
        const int label = 260, width = 400, row = 20;
        var max = Math.Max(1, rows.Max(r => r.Value));
        var svg = new StringBuilder($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{label + width + 80}\" height=\"{rows.Count * row + 4}\" role=\"img\">");
        for (var i = 0; i < rows.Count; i++)
        {
            var (text, value) = rows[i];
            var w = (value / max * width).ToString("0.#", Invariant);
            var y = i * row;
            var shown = text.Length > 40 ? text[..39] + "…" : text;
            svg.Append($"<text x=\"{label - 6}\" y=\"{y + 14}\" text-anchor=\"end\">{H(shown)}</text>")
                .Append($"<rect x=\"{label}\" y=\"{y + 3}\" width=\"{w}\" height=\"{row - 6}\" fill=\"#0066ff\"/>")
                .Append($"<text x=\"{label + (value / max * width) + 4:0.#}\" y=\"{y + 14}\">{N((long)value)}</text>");
        }
        return svg.Append("</svg>\n").ToString();
    }

    /// <summary>A column chart over time; labels are escaped.</summary>
    private static string Columns(IReadOnlyList<(string Label, double Value)> columns)
    {
        if (columns.Count == 0) return "";
        const int height = 160, bottom = 40;
        var step = Math.Max(6, Math.Min(30, 720 / columns.Count));
        var max = Math.Max(1, columns.Max(c => c.Value));
        var svg = new StringBuilder($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{columns.Count * step + 60}\" height=\"{height + bottom}\" role=\"img\">");
        for (var i = 0; i < columns.Count; i++)
        {
            var (text, value) = columns[i];
            var h = value / max * height;
            var x = 40 + i * step;
            svg.Append($"<rect x=\"{x}\" y=\"{(height - h).ToString("0.#", Invariant)}\" width=\"{step - 2}\" height=\"{h.ToString("0.#", Invariant)}\" fill=\"#0066ff\"><title>{H(text)}: {N((long)value)}</title></rect>");
            if (i % Math.Max(1, columns.Count / 12) == 0) svg.Append($"<text x=\"{x}\" y=\"{height + 14}\" transform=\"rotate(45 {x} {height + 14})\">{H(text)}</text>");
        }
        svg.Append($"<text x=\"0\" y=\"12\">{N((long)max)}</text>");
        return svg.Append("</svg>\n").ToString();
    }

    public static string Markdown(CensusResult c, string source)
    {
        var md = new StringBuilder();
        md.Append("# The state of openness\n\n")
            .Append($"{N(c.Models)} models graded ({N(c.Errors)} could not be graded) from `{Cell(source)}`; {N(c.Downloads)} downloads in all. ")
            .Append($"Openwashing: {N(c.Openwashing.Count)} models ({Share(c.Openwashing.Count, c.Models)}), carrying {Share(c.Openwashing.Downloads, c.Downloads)} of the downloads.\n");
        foreach (var section in Sections(c))
        {
            md.Append($"\n## {section.Title}\n\n");
            if (section.Note.Length > 0) md.Append(section.Note).Append("\n\n");
            md.Append("| | models | share | downloads | share of downloads |\n|---|---:|---:|---:|---:|\n");
            foreach (var (label, count, downloads) in section.Rows)
            {
                md.Append($"| {Cell(label)} | {N(count)} | {Share(count, c.Models)} | {N(downloads)} | {Share(downloads, c.Downloads)} |\n");
            }
        }
        md.Append("\n## Derivatives whose license conflicts with their base's\n\n")
            .Append($"{N(c.Derivatives)} models name a base model; for {N(c.DerivativesWithKnownBase)} the base is in this census; {N(c.ConflictCount)} declare other terms than a base license that is not open.\n\n")
            .Append("| model | declares | base | base license | relation | downloads |\n|---|---|---|---|---|---:|\n");
        foreach (var x in c.Conflicts) md.Append($"| {Cell(x.Id)} | {Cell(x.License)} | {Cell(x.BaseId)} | {Cell(x.BaseLicense)} | {Cell(x.Relation ?? "")} | {N(x.Downloads)} |\n");
        md.Append("\n## Trends by creation month\n\n| month | models | MOF class | OSAID-conformant | openwashing |\n|---|---:|---:|---:|---:|\n");
        foreach (var (month, m) in c.Months) md.Append($"| {Cell(month)} | {N(m.Models)} | {Share(m.Classified, m.Models)} | {Share(m.OsaidConformant, m.Models)} | {Share(m.Openwashing, m.Models)} |\n");
        return md.ToString();
    }

    /// <summary>Outside text in a Markdown table cell: no line breaks, pipes, or HTML.</summary>
    private static string Cell(string text) =>
        Core.Text.TerminalText.Escape(text).Replace("|", "\\|").Replace("<", "&lt;").Replace(">", "&gt;").Replace("`", "'");
}

using System.Globalization;
using System.Text;
using OpenGrade.Core.Domain;
using OpenGrade.Core.Licensing;
using OpenGrade.Core.Licensing.Detection;
using OpenGrade.Reports;
using Spectre.Console;
using OpenGrade.Core.Text;

namespace OpenGrade.Cli.Commands;

/// <summary>Terminal output of the license commands.</summary>
public static class LicenseText
{
    /// <summary>
    /// One line per file (the answer, bold on a colour terminal) and one per match. Plain writes,
    /// not Spectre: its console set-up (terminal capabilities, terminfo) is framework generic code
    /// that the JIT compiles at every start, a tenth of a one-file `license detect`.
    /// </summary>
    public static void RenderDetections(OutputSink sink, IEnumerable<LicenseResult> results)
    {
        var colour = sink.IsTerminal && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        string Bold(string s) => colour ? $"\u001b[1m{s}\u001b[22m" : s;
        string Grey(string s) => colour ? $"\u001b[90m{s}\u001b[39m" : s;
        var text = new StringBuilder();
        foreach (var r in results)
        {
            var d = r.Detection;
            var answer = d.License is null ? Grey("no license recognised") : $"{Bold(TerminalText.Escape(d.License))} ({Percent(d.Confidence)})";
            text.Append(TerminalText.Escape(r.Path)).Append(": ").Append(answer).Append('\n');
            foreach (var m in d.Matches)
            {
                text.Append(CultureInfo.InvariantCulture, $"  {TerminalText.Escape(m.Id)}  {LicenseJson.KindName(m.Kind)} {Percent(m.Confidence)}  lines {m.StartLine}-{m.EndLine}\n");
            }
        }
        sink.Write(text.ToString());
    }

    public static void RenderShow(IAnsiConsole console, LicenseCatalog catalog, string id)
    {
        catalog.AiLicenses.TryGetValue(id, out var ai);
        catalog.Spdx.TryGetValue(id, out var spdx);
        catalog.UsePolicies.TryGetValue(id, out var policy);
        var table = new Table().HideHeaders().AddColumn("fact").AddColumn("value");
        table.Border = TableBorder.Simple;
        void Row(string k, string v) => table.AddRow(Shown(k), Shown(v));

        Row("id", id);
        var spdxName = LicenseIdentifier.Default.Index.Licenses.FirstOrDefault(l => l.Id == id)?.Name;
        Row("name", ai?.Name ?? policy?.Name ?? spdxName ?? id);
        if (policy is not null)
        {
            Row("kind", "acceptable-use policy (a document a license incorporates, not a license)");
            Row("policy of", string.Join(", ", policy.PolicyOf));
            Row("can change", policy.CanChange ? "yes: the licensor may update it after release" : "no");
            console.Write(table);
            return;
        }
        Row("kind", spdx is not null ? "SPDX license" : "AI model license (LicenseRef)");
        var osi = spdx?.IsOsiApproved ?? ai?.Terms?.OsiApproved ?? false;
        Row("OSI-approved", osi ? "yes" : "not OSI-approved");
        Row("FSF libre", spdx?.IsFsfLibre == true ? "yes" : "no");
        Row("open for MOF", catalog.IsOpenId(id) ? "yes" : "no");
        var suits = Enum.GetValues<ContentType>().Where(t => catalog.IsTypeAppropriateId(id, t)).Select(t => t.ToKey()).ToList();
        Row("MOF content types", suits.Count == 0 ? "none (MOT tags it for no content type)" : string.Join(", ", suits));
        if (ai is not null && ai.HuggingFaceIds.Length > 0) Row("Hugging Face ids", string.Join(", ", ai.HuggingFaceIds));
        if (ai?.Terms is { } t)
        {
            if (t.MonthlyActiveUserThreshold is { } mau) Row("user threshold", $"{FormatCount(mau)} monthly active users: above it a separate license is needed");
            if (t.RevenueThresholdUsd is { } rev) Row("revenue threshold", $"US${rev.ToString("N0", CultureInfo.InvariantCulture)}");
            Row("use restrictions", t.UseRestrictions ? "yes" : "no");
            if (t.AcceptableUsePolicy is { } aup)
            {
                var aupName = catalog.UsePolicies.TryGetValue(aup, out var p) ? $"{p.Name} ({aup})" : aup;
                Row("acceptable-use policy", aupName + (t.AcceptableUsePolicyCanChange ? "; the licensor may change it" : ""));
            }
            Row("restrictions flow to derivatives", t.RestrictionsFlowToDerivatives ? "yes" : "no");
            Row("remote restriction", t.RemoteRestriction ? "yes: the licensor may restrict use remotely" : "no");
            Row("no improving other models", t.NoImprovingOtherModels ? "yes: outputs may not improve other models" : "no");
            if (t.NamingRule is { } naming) Row("naming rule", naming);
            if (t.AttributionDisplay is { } attribution) Row("attribution", attribution);
            Row("non-commercial", t.NonCommercial ? "yes" : "no");
            Row("research only", t.ResearchOnly ? "yes" : "no");
            if (!t.TerritorialExclusions.IsDefaultOrEmpty) Row("territorial exclusions", string.Join("; ", t.TerritorialExclusions));
            if (t.GoverningLaw is { } law) Row("governing law", law);
            if (t.Notes is { } notes) Row("notes", notes);
            var kinds = t.Restrictions.ToList();
            Row("restriction kinds", kinds.Count == 0 ? "none" : string.Join(", ", kinds));
        }
        console.Write(table);
    }

    /// <summary>Outside text (paths, ids read from a file) as safe markup: no control characters, no Spectre tags.</summary>
    private static string Shown(string text) => Markup.Escape(TerminalText.Escape(text));

    private static string Percent(double confidence) => confidence.ToString("0.000", CultureInfo.InvariantCulture);

    private static string FormatCount(long n) => n >= 1_000_000 && n % 1_000_000 == 0 ? $"{n / 1_000_000}M" : n.ToString("N0", CultureInfo.InvariantCulture);
}

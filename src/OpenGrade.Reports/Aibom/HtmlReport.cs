using System.Globalization;
using System.Net;
using System.Text;
using OpenGrade.Core.Domain;
using OpenGrade.Core.Evaluation;
using OpenGrade.Core.Evaluation.Mof;
using OpenGrade.Core.Licensing;

namespace OpenGrade.Reports.Aibom;

/// <summary>
/// One self-contained, printable, accessible HTML page with every judgement, component, piece of
/// evidence and the path to the next class. Nothing is fetched when it opens: styles and badges
/// are inline; outside text is HTML-encoded; only http(s) locations become links.
/// </summary>
public static class HtmlReport
{
    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.45;color:#1b1b1b;background:#fff;margin:0}
        main{max-width:72rem;margin:0 auto;padding:1.5rem}
        h1{font-size:1.6rem;margin:0 0 .25rem}h2{font-size:1.25rem;border-bottom:2px solid #ccc;padding-bottom:.2rem;margin-top:2rem}h3{font-size:1.05rem}
        table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}th,td{border:1px solid #bbb;padding:.3rem .5rem;text-align:left;vertical-align:top}
        th{background:#eef1f4}caption{text-align:left;font-weight:600;padding:.3rem 0}
        .badges svg{margin-right:.5rem;vertical-align:middle}.muted{color:#4a4f55}
        .included,.met,.conformant,.likely-exempt{font-weight:600}.invalid,.not-met,.not-conformant,.not-exempt{font-weight:600;text-decoration:underline}
        a{color:#0b4f9c}a:focus{outline:3px solid #f0b400}
        ul.evidence{margin:0;padding-left:1.1rem;font-size:.9em}
        @media print{main{max-width:none;padding:0}a[href^="http"]::after{content:" (" attr(href) ")";font-size:.8em;word-break:break-all}tr,li{break-inside:avoid}h2{break-after:avoid}}
        """;

    public static string Render(AssessedTarget target, ExportContext ctx)
    {
        var a = ctx.Select(target.Assessment ?? throw new ArgumentException($"{target.Target} was not assessed: {target.Error}", nameof(target)));
        var r = a.Release;
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        h.Append(CultureInfo.InvariantCulture, $"<title>{E(r.Name)}: openness assessment</title>\n<style>\n{Style}\n</style>\n</head>\n<body>\n<main>\n");
        h.Append(CultureInfo.InvariantCulture, $"<h1>{E(r.Name)}: openness assessment</h1>\n<p class=\"muted\">Assessed {E(ctx.Timestamp)} by {ExportContext.ToolName} {E(ctx.ToolVersion)} from <code>{E(target.Target)}</code>.</p>\n");

        h.Append("<section aria-labelledby=\"summary\">\n<h2 id=\"summary\">Summary</h2>\n<p class=\"badges\">");
        foreach (var framework in Badge.Frameworks)
        {
            if (Badge.Face(a, framework) is { } face) h.Append(Badge.Svg(face).Trim());
        }
        h.Append("</p>\n<ul>\n");
        h.Append(CultureInfo.InvariantCulture, $"<li>MOF {E(a.Mof.Framework.Version)}: <strong>{E(a.Mof.ClassLabel)}</strong>{(a.MofRecognised.Class != a.Mof.Class ? $" ({E(a.MofRecognised.ClassLabel)} once license names are read)" : "")}</li>\n");
        if (a.Osaid is { } os) h.Append(CultureInfo.InvariantCulture, $"<li>OSAID {E(os.Framework.Version)}: <strong>{E(os.Verdict.Key())}</strong>: {E(os.Reason)}</li>\n");
        if (a.EuAiAct is { } eu0) h.Append(CultureInfo.InvariantCulture, $"<li>EU AI Act open-source exemption: <strong>{E(eu0.Verdict.Key())}</strong>: {E(eu0.Reason)}</li>\n");
        h.Append(CultureInfo.InvariantCulture, $"<li>Flags: {(a.Flags.IsEmpty ? "none" : E(string.Join(", ", a.Flags.Select(f => f.Kind))))}</li>\n");
        var completeness = AibomFormats.Completeness(target, ctx);
        h.Append(CultureInfo.InvariantCulture, $"<li>AI-BOM completeness (comparable to OWASP's AIBOM generator): {completeness.Score:0.0} of 100</li>\n</ul>\n</section>\n");

        h.Append("<section aria-labelledby=\"release\">\n<h2 id=\"release\">Release</h2>\n<table>\n<caption>The release as stated</caption>\n<tbody>\n");
        foreach (var (field, value) in new[] { ("Name", r.Name), ("Version", r.Version), ("Producer", r.Producer), ("Date", r.Date), ("Type", r.Type), ("Architecture", r.Architecture), ("Repository", r.Repository), ("Hugging Face", r.HuggingFace) })
        {
            h.Append(CultureInfo.InvariantCulture, $"<tr><th scope=\"row\">{field}</th><td>{Link(value)}</td></tr>\n");
        }
        h.Append("</tbody>\n</table>\n</section>\n");

        Mof(h, a);
        Osaid(h, a);
        EuAiAct(h, a);
        Flags(h, a);
        Lineage(h, a);
        Inventory(h, target);
        h.Append("</main>\n</body>\n</html>\n");
        return h.ToString();
    }

    private static void Mof(StringBuilder h, Assessment a)
    {
        var m = a.Mof;
        h.Append(CultureInfo.InvariantCulture, $"<section aria-labelledby=\"mof\">\n<h2 id=\"mof\">Model Openness Framework {E(m.Framework.Version)}: {E(m.ClassLabel)}</h2>\n");
        h.Append("<table>\n<caption>Progress towards each class (a class scores 0 until every less open class is complete)</caption>\n<thead><tr><th scope=\"col\">Class</th><th scope=\"col\">Progress</th></tr></thead>\n<tbody>\n");
        foreach (var c in new[] { 3, 2, 1 })
        {
            var p = m.Progress.For(c);
            h.Append(CultureInfo.InvariantCulture, $"<tr><th scope=\"row\">{E(m.Framework.LabelOf(c))}</th><td><meter min=\"0\" max=\"100\" value=\"{p:0.##}\">{p:0.#}%</meter> {p:0.#}%</td></tr>\n");
        }
        h.Append("</tbody>\n</table>\n");
        var recognised = a.MofRecognised.Components.ToDictionary(v => v.Component.Id);
        h.Append("<table>\n<caption>Components (Class III first)</caption>\n<thead><tr><th scope=\"col\">Component</th><th scope=\"col\">Class</th><th scope=\"col\">Content</th><th scope=\"col\">Status</th><th scope=\"col\">License as written</th><th scope=\"col\">License as read</th><th scope=\"col\">License from</th><th scope=\"col\">Suits the content</th><th scope=\"col\">Where</th></tr></thead>\n<tbody>\n");
        foreach (var v in m.InReadingOrder())
        {
            var rec = recognised[v.Component.Id];
            var suits = rec.TypeAppropriate switch { true => "yes", false => "no", _ => "" };
            var where = string.Join(" ", new[] { v.Entry?.ComponentPath, v.Entry?.LicensePath }.Where(p => p is { Length: > 0 }).Select(Link));
            h.Append(CultureInfo.InvariantCulture, $"<tr><th scope=\"row\">{E(v.Component.Name)}{(v.Component.Required ? "" : " (optional)")}</th><td>{Vocabulary.Roman(v.Component.Class)}</td><td>{v.Component.ContentType.Key()}</td><td class=\"{v.Shown()}\">{v.Shown()}</td><td>{E(v.License ?? "")}</td><td>{E(rec.Reading?.Effective ?? rec.License ?? "")}</td><td>{v.LicenseSource.Key()}</td><td>{suits}</td><td>{where}</td></tr>\n");
        }
        h.Append("</tbody>\n</table>\n");
        if (!m.NextClass.IsEmpty)
        {
            h.Append("<h3>Path to the next class</h3>\n<ol>\n");
            foreach (var g in m.NextClass) h.Append(CultureInfo.InvariantCulture, $"<li>Class {Vocabulary.Roman(g.Class)}: {E(g.Message)}</li>\n");
            h.Append("</ol>\n");
        }
        if (!a.MofRecognised.Recognitions.IsEmpty)
        {
            h.Append(CultureInfo.InvariantCulture, $"<h3>License names read ({E(a.MofRecognised.ClassLabel)} once read)</h3>\n<ul>\n");
            foreach (var rr in a.MofRecognised.Recognitions) h.Append(CultureInfo.InvariantCulture, $"<li>{E(rr.Describe())}</li>\n");
            h.Append("</ul>\n");
        }
        h.Append("</section>\n");
    }

    private static void Osaid(StringBuilder h, Assessment a)
    {
        if (a.Osaid is not { } o) return;
        h.Append(CultureInfo.InvariantCulture, $"<section aria-labelledby=\"osaid\">\n<h2 id=\"osaid\">Open Source AI Definition {E(o.Framework.Version)}: {E(o.Verdict.Key())}</h2>\n<p>{E(o.Reason)}</p>\n");
        Requirements(h, "Requirements", o.Requirements.Select(q => (q.Name, q.Status, q.Reason, q.Evidence.AsEnumerable())));
        h.Append("</section>\n");
    }

    private static void EuAiAct(StringBuilder h, Assessment a)
    {
        if (a.EuAiAct is not { } eu) return;
        h.Append(CultureInfo.InvariantCulture, $"<section aria-labelledby=\"eu\">\n<h2 id=\"eu\">EU AI Act open-source exemption: {E(eu.Verdict.Key())}</h2>\n<p>{E(eu.Reason)}</p>\n");
        Requirements(h, "Conditions", eu.Conditions.Select(c => (c.Name, c.Status, c.Reason, c.Evidence.AsEnumerable())));
        if (eu.EstimatedTrainingFlops is { } flops) h.Append(CultureInfo.InvariantCulture, $"<p>Estimated training compute: {flops:0.##E+00} FLOP.</p>\n");
        if (!eu.Notes.IsEmpty) h.Append("<ul>\n").Append(string.Concat(eu.Notes.Select(n => $"<li>{E(n)}</li>\n"))).Append("</ul>\n");
        h.Append(CultureInfo.InvariantCulture, $"<p><strong>{E(eu.Disclaimer)}</strong></p>\n</section>\n");
    }

    private static void Requirements(StringBuilder h, string caption, IEnumerable<(string Name, RequirementStatus Status, string Reason, IEnumerable<Evidence> Evidence)> rows)
    {
        h.Append(CultureInfo.InvariantCulture, $"<table>\n<caption>{caption}</caption>\n<thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Status</th><th scope=\"col\">Why</th><th scope=\"col\">Evidence</th></tr></thead>\n<tbody>\n");
        foreach (var (name, status, reason, evidence) in rows)
        {
            h.Append(CultureInfo.InvariantCulture, $"<tr><th scope=\"row\">{E(name)}</th><td class=\"{status.Key()}\">{status.Key()}</td><td>{E(reason)}</td><td>{EvidenceList(evidence)}</td></tr>\n");
        }
        h.Append("</tbody>\n</table>\n");
    }

    private static void Flags(StringBuilder h, Assessment a)
    {
        h.Append("<section aria-labelledby=\"flags\">\n<h2 id=\"flags\">Flags</h2>\n");
        if (a.Flags.IsEmpty) h.Append("<p>Nothing flagged.</p>\n");
        else
        {
            h.Append("<ul>\n");
            foreach (var f in a.Flags) h.Append(CultureInfo.InvariantCulture, $"<li><strong>{E(f.Kind)}</strong>: {E(f.Message)}{EvidenceList(f.Evidence)}</li>\n");
            h.Append("</ul>\n");
        }
        h.Append("</section>\n");
    }

    private static void Lineage(StringBuilder h, Assessment a)
    {
        h.Append("<section aria-labelledby=\"lineage\">\n<h2 id=\"lineage\">Lineage</h2>\n");
        if (a.Lineage.IsEmpty)
        {
            h.Append("<p>The release names no base model (or its links were not followed).</p>\n</section>\n");
            return;
        }
        h.Append("<table>\n<caption>Models the release derives from, nearest first, and what their licenses impose on it</caption>\n<thead><tr><th scope=\"col\">Model</th><th scope=\"col\">Relation</th><th scope=\"col\">Depth</th><th scope=\"col\">Base of</th><th scope=\"col\">License</th><th scope=\"col\">Restrictions</th><th scope=\"col\">Binds the weights</th><th scope=\"col\">Evidence</th></tr></thead>\n<tbody>\n");
        foreach (var t in a.Lineage)
        {
            var anc = t.Ancestor;
            var restrictions = t.Restrictions is { } r ? (r.IsEmpty ? "none" : string.Join(", ", r.Select(k => k.Key()))) : "unknown";
            h.Append(CultureInfo.InvariantCulture, $"<tr><th scope=\"row\">{E(anc.Id)}</th><td>{E(anc.Relation)}</td><td>{anc.Depth}</td><td>{E(anc.Child)}</td><td>{E(anc.License ?? "unknown")} <span class=\"muted\">{E(anc.LicenseBasis)}</span></td><td>{E(restrictions)}</td><td>{(t.Binds ? "yes" : "no")}</td><td>{EvidenceList(anc.Evidence)}</td></tr>\n");
        }
        h.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void Inventory(StringBuilder h, AssessedTarget target)
    {
        if (target.Inventory is not { } inv) return;
        h.Append(CultureInfo.InvariantCulture, $"<section aria-labelledby=\"inventory\">\n<h2 id=\"inventory\">What the inventory found in {E(inv.Snapshot.Id)}</h2>\n");
        h.Append("<table>\n<caption>Evidence per component</caption>\n<thead><tr><th scope=\"col\">Component</th><th scope=\"col\">Presence</th><th scope=\"col\">Confidence</th><th scope=\"col\">License</th><th scope=\"col\">Evidence</th></tr></thead>\n<tbody>\n");
        foreach (var c in inv.Components)
        {
            h.Append(CultureInfo.InvariantCulture, $"<tr><th scope=\"row\">{E(c.Component.Name)}</th><td>{c.Presence.ToString().ToLowerInvariant()}</td><td>{c.Confidence:0.##}</td><td>{E(c.License ?? "")} <span class=\"muted\">{E(c.LicenseBasis)}</span></td><td>{EvidenceList(c.Evidence)}</td></tr>\n");
        }
        h.Append("</tbody>\n</table>\n</section>\n");
    }

    private static string EvidenceList(IEnumerable<Evidence> evidence)
    {
        var items = evidence.Select(e => $"<li>{E(e.Kind)} at {Link(e.Location)}: {E(e.Detail)}{(e.Confidence < 1 ? $" (confidence {e.Confidence.ToString("0.##", CultureInfo.InvariantCulture)})" : "")}</li>").ToList();
        return items.Count == 0 ? "" : $"<ul class=\"evidence\">{string.Concat(items)}</ul>";
    }

    /// <summary>An http(s) location as a link, anything else as text.</summary>
    private static string Link(string? text)
    {
        if (text is not { Length: > 0 }) return "";
        return BomFacts.Url(text) is { } url ? $"<a href=\"{E(url)}\">{E(text)}</a>" : E(text);
    }

    /// <summary>Outside text in HTML: control characters shown, clipped like every human format, then HTML-encoded.</summary>
    private static string E(string? s) => WebUtility.HtmlEncode(SafeText.Plain(s));
}

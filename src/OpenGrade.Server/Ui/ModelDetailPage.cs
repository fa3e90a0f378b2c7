using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using OpenGrade.Reports;
using OpenGrade.Reports.Aibom;
using OpenGrade.Storage;
using static OpenGrade.Server.Ui.Html;

namespace OpenGrade.Server.Ui;

/// <summary>
/// <c>/models/{org}/{name}</c>: every judgement with its reasons, every component with its status,
/// license and evidence, the path to the next class, flags, lineage, history and badges.
/// </summary>
public static class ModelDetailPage
{
    public static IResult Render(HttpContext http, ICatalog catalog, string id)
    {
        if (!ModelIds.IsValid(id)) return Error(http, 400, "Bad model id", "a model id is org/name or one name, printable, at most 200 characters");
        if (catalog.Get(id) is not { } stored) return Error(http, 404, "No such model", $"the catalog has no model {id}");
        var a = stored.Assessment;
        var release = a["release"];
        var name = S(release, "name") is { Length: > 0 } n ? n : id;
        var b = new StringBuilder();
        b.Append($"<h1 id=\"model-name\">{E(name)} {E(S(release, "version"))}</h1>");
        b.Append("<dl class=\"facts\">")
         .Append($"<dt>Id</dt><dd><code>{E(id)}</code></dd><dt>Producer</dt><dd>{E(S(release, "producer"))}</dd>")
         .Append($"<dt>Type</dt><dd>{E(S(release, "type"))}</dd><dt>Released</dt><dd>{E(S(release, "date"))}</dd>");
        if (S(release, "repository") is { Length: > 0 } repo) b.Append($"<dt>Repository</dt><dd>{LinkOrText(repo)}</dd>");
        if (S(release, "huggingface") is { Length: > 0 } hf) b.Append($"<dt>Hugging Face</dt><dd>{LinkOrText(hf)}</dd>");
        b.Append($"<dt>Assessed</dt><dd>{E(stored.Info.AssessedAt)} (version {stored.Info.Version}, OpenGrade {E(stored.Info.ToolVersion)})</dd></dl>");
        b.Append($"<p><a href=\"/compare?ids={E(Uri.EscapeDataString(id))}\">Compare with…</a> · <a href=\"/api/v2/models/{E(string.Join('/', id.Split('/').Select(Uri.EscapeDataString)))}\">JSON</a></p>");

        Mof(b, a["mof"] as JsonObject);
        Osaid(b, a["osaid"] as JsonObject);
        Eu(b, a["eu_ai_act"] as JsonObject);
        Components(b, A(a["mof"], "components"));
        NextClass(b, A(a["mof"], "next_class"));
        Flags(b, A(a, "flags"));
        Lineage(b, A(a, "lineage"));
        History(b, catalog.History(id), catalog.LicenseChanges(id));
        Badges(b, http, id, a);
        return Page(http, name, b.ToString());
    }

    private static void Mof(StringBuilder b, JsonObject? mof)
    {
        b.Append("<h2 id=\"mof\">Model Openness Framework</h2>");
        if (mof is null) { b.Append("<p>Not judged.</p>"); return; }
        var cls = (int?)mof["class"] ?? 0;
        b.Append($"<p>{ListPage.ClassBadge(cls)} <strong>{E(S(mof, "class_label"))}</strong> (MOF {E(S(mof, "framework_version"))}); total openness {E(S(mof, "total_progress"))}%.</p>");
        b.Append("<table><caption>Progress towards each class</caption><thead><tr><th scope=\"col\">Class</th><th scope=\"col\" class=\"num\">Progress</th><th scope=\"col\">Bar</th></tr></thead><tbody>");
        foreach (var (k, label) in new[] { ("class3", "Class III (Open Model)"), ("class2", "Class II (Open Tooling)"), ("class1", "Class I (Open Science)") })
        {
            var p = (double?)mof["progress"]?[k] ?? 0;
            b.Append($"<tr><th scope=\"row\">{label}</th><td class=\"num\">{Num(p)}%</td><td><progress max=\"100\" value=\"{Num(p)}\" aria-label=\"{label} progress\">{Num(p)}%</progress></td></tr>");
        }
        b.Append("</tbody></table>");
        if (A(mof, "not_type_appropriate") is { Count: > 0 } nta)
        {
            b.Append("<p>Components whose license is not appropriate for their content type: ").Append(E(string.Join(", ", nta.Select(x => x?.ToString())))).Append(".</p>");
        }
    }

    private static void Osaid(StringBuilder b, JsonObject? o)
    {
        b.Append("<h2 id=\"osaid\">Open Source AI Definition</h2>");
        if (o is null) { b.Append("<p>Not judged.</p>"); return; }
        b.Append($"<p>{ListPage.Status(S(o, "verdict"))} {E(S(o, "reason"))} (OSAID {E(S(o, "framework_version"))})</p>");
        Requirements(b, A(o, "requirements"), "Requirement", "OSAID requirements");
    }

    private static void Eu(StringBuilder b, JsonObject? eu)
    {
        b.Append("<h2 id=\"eu\">EU AI Act open-source exemption</h2>");
        if (eu is null) { b.Append("<p>Not judged.</p>"); return; }
        b.Append($"<p>{ListPage.Status(S(eu, "verdict"))} {E(S(eu, "reason"))}</p>");
        Requirements(b, A(eu, "reasons"), "Condition", "EU AI Act exemption conditions");
        foreach (var note in A(eu, "notes")) b.Append($"<p class=\"muted\">{E(note?.ToString())}</p>");
        b.Append($"<p class=\"muted\"><em>{E(S(eu, "disclaimer"))}</em></p>");
    }

    private static void Requirements(StringBuilder b, JsonArray rows, string what, string caption)
    {
        b.Append($"<table><caption>{E(caption)}</caption><thead><tr><th scope=\"col\">{what}</th><th scope=\"col\">Status</th><th scope=\"col\">Reason</th><th scope=\"col\">Evidence</th></tr></thead><tbody>");
        foreach (var r in rows)
        {
            b.Append($"<tr><th scope=\"row\">{E(S(r, "name"))}</th><td>{ListPage.Status(S(r, "status"))}</td><td>{E(S(r, "reason"))}</td><td>{Evidence(A(r, "evidence"))}</td></tr>");
        }
        b.Append("</tbody></table>");
    }

    private static void Components(StringBuilder b, JsonArray comps)
    {
        b.Append("<h2 id=\"components\">Components</h2><table id=\"components-table\"><thead><tr><th scope=\"col\">Component</th><th scope=\"col\">Class</th><th scope=\"col\">Content</th><th scope=\"col\">Status</th><th scope=\"col\">Presence</th><th scope=\"col\">License</th><th scope=\"col\">Evidence</th></tr></thead><tbody>");
        foreach (var c in comps)
        {
            var shown = Vocabulary.Shown(S(c, "status"), S(c, "presence"));
            var license = S(c, "license");
            var licenseCell = license.Length == 0 ? "<span class=\"muted\">none</span>" : $"<a href=\"/licenses#{E(Uri.EscapeDataString(license))}\">{E(license)}</a> <span class=\"muted\">({E(S(c, "license_source"))})</span>";
            if (S(c, "declared_license") is { Length: > 0 } declared && declared != license) licenseCell += $"<br><span class=\"muted\">declared: {E(declared)}</span>";
            var ev = new StringBuilder();
            if (S(c, "component_path") is { Length: > 0 } cp) ev.Append("Component: ").Append(LinkOrText(cp)).Append("<br>");
            if (S(c, "license_path") is { Length: > 0 } lp) ev.Append("License: ").Append(LinkOrText(lp)).Append("<br>");
            if (S(c, "presence_reason") is { Length: > 0 } why) ev.Append(E(why));
            b.Append($"<tr><th scope=\"row\">{E(S(c, "name"))}</th><td>{E(S(c, "class"))}</td><td>{E(S(c, "content_type"))}</td><td>{ListPage.Status(shown)}</td><td>{ListPage.Status(S(c, "presence"))}</td><td>{licenseCell}</td><td>{ev}</td></tr>");
        }
        b.Append("</tbody></table>");
    }

    private static void NextClass(StringBuilder b, JsonArray gaps)
    {
        b.Append("<h2 id=\"next\">Path to the next class</h2>");
        if (gaps.Count == 0) { b.Append("<p>Nothing to do: no gap towards the next class.</p>"); return; }
        b.Append("<ol>");
        foreach (var g in gaps)
        {
            var suggest = A(g, "suggested_licenses").Select(s => s?.ToString()).ToList();
            b.Append($"<li>Class {E(S(g, "class"))}: <strong>{E(S(g, "component"))}</strong> — {E(S(g, "message"))}");
            if (suggest.Count > 0) b.Append($" <span class=\"muted\">(e.g. {E(string.Join(", ", suggest))})</span>");
            b.Append("</li>");
        }
        b.Append("</ol>");
    }

    private static void Flags(StringBuilder b, JsonArray flags)
    {
        b.Append("<h2 id=\"flags\">Flags</h2>");
        if (flags.Count == 0) { b.Append("<p>No flags.</p>"); return; }
        b.Append("<ul>");
        foreach (var f in flags) b.Append($"<li><span class=\"flag\">{E(S(f, "kind"))}</span> {E(S(f, "message"))}{Evidence(A(f, "evidence"))}</li>");
        b.Append("</ul>");
    }

    private static void Lineage(StringBuilder b, JsonArray lineage)
    {
        b.Append("<h2 id=\"lineage\">Lineage</h2>");
        if (lineage.Count == 0) { b.Append("<p>No base model recorded.</p>"); return; }
        b.Append("<table id=\"lineage-table\"><thead><tr><th scope=\"col\">Ancestor</th><th scope=\"col\">Relation</th><th scope=\"col\">Depth</th><th scope=\"col\">License</th><th scope=\"col\">Restrictions</th><th scope=\"col\">Evidence</th></tr></thead><tbody>");
        foreach (var l in lineage)
        {
            var aid = S(l, "id");
            var link = ModelIds.IsValid(aid) ? $"<a href=\"{E(ModelPath(aid))}\">{E(aid)}</a>" : E(aid);
            var restrictions = string.Join(", ", A(l, "restrictions").Select(r => r?.ToString()));
            b.Append($"<tr><th scope=\"row\">{link}</th><td>{E(S(l, "relation"))}</td><td>{E(S(l, "depth"))}</td><td>{E(S(l, "license"))} <span class=\"muted\">{E(S(l, "license_basis"))}</span></td><td>{E(restrictions)}</td><td>{Evidence(A(l, "evidence"))}</td></tr>");
        }
        b.Append("</tbody></table>");
    }

    private static void History(StringBuilder b, IReadOnlyList<VersionInfo> versions, IReadOnlyList<LicenseChange> changes)
    {
        b.Append("<h2 id=\"history\">History</h2><table id=\"history-table\"><thead><tr><th scope=\"col\">Version</th><th scope=\"col\">Assessed</th><th scope=\"col\">Source revision</th><th scope=\"col\">Licenses</th><th scope=\"col\">MOF</th><th scope=\"col\">OSAID</th><th scope=\"col\">EU AI Act</th></tr></thead><tbody>");
        foreach (var v in versions.Reverse())
        {
            var change = changes.FirstOrDefault(c => c.ToVersion == v.Version);
            var licenses = E(string.Join(", ", v.Licenses));
            if (change is not null) licenses = $"<strong>License changed</strong>: {E(string.Join(", ", change.Before))} → {E(string.Join(", ", change.After))}";
            b.Append($"<tr{(change is null ? "" : " class=\"license-change\"")}><th scope=\"row\">{v.Version}</th><td>{E(v.AssessedAt)}</td><td><code>{E(v.SourceRevision)}</code></td><td>{licenses}</td><td>{ListPage.ClassBadge(v.MofClass)}</td><td>{ListPage.Status(v.Osaid)}</td><td>{ListPage.Status(v.Eu)}</td></tr>");
        }
        b.Append("</tbody></table>");
    }

    private static void Snippet(StringBuilder b, string field, string label, string snippet) =>
        b.Append($"<br><label for=\"{field}\">{E(label)}</label><br><textarea id=\"{field}\" class=\"snippet\" rows=\"2\" readonly>{E(snippet)}</textarea>")
         .Append($"<br><button type=\"button\" data-copy=\"{field}\" hidden>Copy</button> <span id=\"{field}-status\" role=\"status\"></span>");

    private static void Badges(StringBuilder b, HttpContext http, string id, JsonObject a)
    {
        b.Append("<h2 id=\"badges\">Badges</h2><ul class=\"badges\">");
        var origin = $"{http.Request.Scheme}://{http.Request.Host.ToUriComponent()}";
        foreach (var framework in Badge.Frameworks)
        {
            if (StoredBadges.Face(a, framework) is not { } face) continue;
            // The alt text is the short label without brackets, so no outside text can end the Markdown link early.
            var alt = new string([.. face.Label.Where(c => c is not ('[' or ']' or '(' or ')'))]);
            var svg = BadgePath(id, framework, "svg");
            b.Append($"<li><img src=\"{E(svg)}\" alt=\"{E(face.Description)}\" height=\"20\">");
            Snippet(b, "snippet-" + framework, $"Markdown for {face.Label} (SVG)", $"[![{alt}]({origin}{svg})]({origin}{ModelPath(id)})");
            if (StoredBadges.HasPng)
            {
                var png = BadgePath(id, framework, "png");
                Snippet(b, $"snippet-{framework}-png", $"Markdown for {face.Label} (PNG, for sites that do not show SVG)", $"[![{alt}]({origin}{png})]({origin}{ModelPath(id)})");
            }
            b.Append("</li>");
        }
        b.Append("</ul>");
    }
}

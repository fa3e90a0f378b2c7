using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using OpenGrade.Reports;
using OpenGrade.Storage;
using static OpenGrade.Server.Ui.Html;

namespace OpenGrade.Server.Ui;

/// <summary><c>/compare?ids=a,b,c</c>: 2 to 6 models side by side (also <c>ids=a&amp;ids=b</c>, as the list's checkboxes send them).</summary>
public static class ComparePage
{
    public const int Max = 6;

    public static IResult Render(HttpContext http, ICatalog catalog)
    {
        var ids = http.Request.Query["ids"].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal).ToList();
        var form = $"<form method=\"get\" action=\"/compare\"><label for=\"ids\">Model ids, comma-separated (2 to {Max})</label> <input id=\"ids\" name=\"ids\" size=\"60\" value=\"{E(string.Join(",", ids))}\"> <button type=\"submit\">Compare</button></form>";
        if (ids.Count < 2) return Page(http, "Compare", $"<h1>Compare models</h1>{form}<p>Pick 2 to {Max} models here or tick them on <a href=\"/\">the list</a>.</p>");
        if (ids.Count > Max) return Page(http, "Compare", $"<h1>Compare models</h1>{form}<p class=\"error\" role=\"alert\">At most {Max} models side by side ({ids.Count} given).</p>", 400);
        if (ids.FirstOrDefault(id => !ModelIds.IsValid(id)) is { } bad) return Page(http, "Compare", $"<h1>Compare models</h1>{form}<p class=\"error\" role=\"alert\">Not a model id: {E(bad)}</p>", 400);
        var models = ids.Select(id => (Id: id, Stored: catalog.Get(id))).ToList();
        if (models.FirstOrDefault(m => m.Stored is null) is { Id: { } missing } && models.Any(m => m.Stored is null))
        {
            return Page(http, "Compare", $"<h1>Compare models</h1>{form}<p class=\"error\" role=\"alert\">The catalog has no model {E(missing)}.</p>", 404);
        }
        var found = models.Select(m => (m.Id, A: m.Stored!.Assessment)).ToList();
        var b = new StringBuilder($"<h1>Compare {found.Count} models</h1>{form}<table id=\"compare\"><thead><tr><th scope=\"col\">Aspect</th>");
        foreach (var (id, a) in found) b.Append($"<th scope=\"col\"><a href=\"{E(ModelPath(id))}\">{E(S(a["release"], "name") is { Length: > 0 } n ? n : id)}</a></th>");
        b.Append("</tr></thead><tbody>");
        void Row(string label, Func<JsonObject, string> cell)
        {
            b.Append($"<tr><th scope=\"row\">{E(label)}</th>");
            foreach (var (_, a) in found) b.Append("<td>").Append(cell(a)).Append("</td>");
            b.Append("</tr>");
        }
        Row("Producer", a => E(S(a["release"], "producer")));
        Row("Type", a => E(S(a["release"], "type")));
        Row("Released", a => E(S(a["release"], "date")));
        Row("MOF class", a => ListPage.ClassBadge((int?)a["mof"]?["class"] ?? 0));
        foreach (var (k, label) in new[] { ("class3", "III"), ("class2", "II"), ("class1", "I") }) Row($"Progress to Class {label}", a => E(S(a["mof"]?["progress"], k)) + "%");
        Row("OSAID", a => ListPage.Status(S(a["osaid"], "verdict")));
        Row("EU AI Act", a => ListPage.Status(S(a["eu_ai_act"], "verdict")));
        Row("Flags", a => E(string.Join(", ", A(a, "flags").Select(f => S(f, "kind")))));
        Row("Lineage", a => E(string.Join(", ", A(a, "lineage").Select(l => S(l, "id")))));
        var names = found.SelectMany(f => A(f.A["mof"], "components").Select(c => S(c, "name"))).Distinct().ToList();
        foreach (var name in names)
        {
            Row(name, a => A(a["mof"], "components").FirstOrDefault(c => S(c, "name") == name) is { } c
                ? ListPage.Status(Vocabulary.Shown(S(c, "status"), S(c, "presence"))) + " " + E(S(c, "license"))
                : "<span class=\"muted\">–</span>");
        }
        b.Append("</tbody></table>");
        return Page(http, "Compare", b.ToString());
    }
}

using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using OpenGrade.Reports;
using OpenGrade.Storage;
using static OpenGrade.Server.Ui.Html;

namespace OpenGrade.Server.Ui;

/// <summary>
/// <c>/</c>: the model list with its filters, sort and paging in the URL, as a table or as a
/// grid of components × models in the spirit of the OSAI Index. One catalog query per page.
/// </summary>
public static class ListPage
{
    private static readonly (string Value, string Label)[] Sorts =
    [
        ("-progress", "Openness (most open first)"), ("progress", "Openness (least open first)"), ("name", "Name"), ("-date", "Release date (newest)"),
        ("date", "Release date (oldest)"), ("-assessed", "Assessed (newest)"), ("-downloads", "Downloads"), ("class", "MOF class (I first)"),
    ];

    private static readonly (string Value, string Label)[] Classes = [("", "any"), ("1", "Class I"), ("2", "Class II"), ("3", "Class III"), ("0", "unclassified")];
    private static readonly (string Value, string Label)[] OsaidVerdicts = [("", "any"), ("conformant", "conformant"), ("not-conformant", "not conformant"), ("insufficient-information", "insufficient information")];
    private static readonly (string Value, string Label)[] EuVerdicts = [("", "any"), ("likely-exempt", "likely exempt"), ("not-exempt", "not exempt"), ("unknown", "unknown")];

    public static IResult Render(HttpContext http, ICatalog catalog)
    {
        var (query, error) = ListQuery.Parse(http.Request.Query);
        if (query is null) return Error(http, 400, "Bad filter", error!);
        ModelPage page;
        try
        {
            page = catalog.List(query.ToModelQuery());
        }
        catch (QueryException e)
        {
            return Error(http, 400, "Bad filter", e.Message);
        }
        var body = new StringBuilder();
        body.Append("<h1>Models</h1>");
        body.Append(Form(query));
        body.Append("<p class=\"views\">View: ")
            .Append(query.Grid ? $"<a href=\"{E(query.Link("/", "view", null))}\">table</a> · <strong aria-current=\"page\">grid</strong>" : $"<strong aria-current=\"page\">table</strong> · <a href=\"{E(query.Link("/", "view", "grid"))}\">grid</a>")
            .Append(" — Export this list: ")
            .Append($"<a href=\"{E(query.Link("/export.csv", "view", null))}\">CSV</a> · <a href=\"{E(query.Link("/export.json", "view", null))}\">JSON</a></p>");
        if (page.Items.Count == 0) body.Append("<p id=\"empty\">No model matches these filters.</p>");
        else body.Append(query.Grid ? Grid(page.Items) : Table(page.Items));
        body.Append("<nav class=\"pager\" aria-label=\"Pages\">");
        if (query["cursor"] is not null) body.Append($"<a href=\"{E(query.Link("/", "cursor", null))}\">First page</a>");
        if (page.NextCursor is { } next) body.Append($"<a rel=\"next\" href=\"{E(query.Link("/", "cursor", next))}\">Next page</a>");
        body.Append("</nav>");
        return Page(http, "Models", body.ToString());
    }

    private static string Form(ListQuery q)
    {
        var sb = new StringBuilder("<form class=\"filters\" method=\"get\" action=\"/\" role=\"search\" aria-label=\"Filter models\">");
        string Input(string key, string label, string type = "text") =>
            $"<label for=\"f-{key}\">{E(label)}<input id=\"f-{key}\" name=\"{key}\" type=\"{type}\" value=\"{E(q[key])}\"></label>";
        string Select(string key, string label, (string Value, string Label)[] options) =>
            $"<label for=\"f-{key}\">{E(label)}<select id=\"f-{key}\" name=\"{key}\">" +
            string.Concat(options.Select(o => $"<option value=\"{E(o.Value)}\"{((q[key] ?? "") == o.Value ? " selected" : "")}>{E(o.Label)}</option>")) + "</select></label>";
        sb.Append(Input("q", "Search", "search"))
          .Append(Select("class", "MOF class", Classes))
          .Append(Select("osaid", "OSAID verdict", OsaidVerdicts))
          .Append(Select("eu_ai_act", "EU AI Act verdict", EuVerdicts))
          .Append(Input("license", "License id"))
          .Append(Input("flag", "Flag kind"))
          .Append(Input("producer", "Producer"))
          .Append(Input("type", "Type"))
          .Append(Select("sort", "Sort", Sorts));
        if (q.Grid) sb.Append("<input type=\"hidden\" name=\"view\" value=\"grid\">");
        return sb.Append("<button id=\"apply\" type=\"submit\">Apply</button> <a href=\"/\">Clear</a></form>").ToString();
    }

    private static string Table(IReadOnlyList<ModelSummary> items)
    {
        var sb = new StringBuilder("<form method=\"get\" action=\"/compare\"><table id=\"models\"><caption class=\"muted\">Tick 2 to 6 models to compare them.</caption><thead><tr>");
        sb.Append("<th scope=\"col\">Compare</th><th scope=\"col\">Model</th><th scope=\"col\">Producer</th><th scope=\"col\">Type</th><th scope=\"col\">Released</th><th scope=\"col\">MOF class</th><th scope=\"col\" class=\"num\">Openness</th><th scope=\"col\">OSAID</th><th scope=\"col\">EU AI Act</th></tr></thead><tbody>");
        foreach (var m in items)
        {
            sb.Append("<tr>")
              .Append($"<td><input type=\"checkbox\" name=\"ids\" value=\"{E(m.Id)}\" aria-label=\"Compare {E(m.Name)}\"></td>")
              .Append($"<th scope=\"row\"><a href=\"{E(ModelPath(m.Id))}\">{E(m.Name)}</a><br><span class=\"muted\">{E(m.Id)}</span></th>")
              .Append($"<td>{E(m.Producer)}</td><td>{E(m.Type)}</td><td>{E(m.ReleaseDate)}</td>")
              .Append($"<td>{ClassBadge(m.MofClass)}</td><td class=\"num\">{Num(m.MofTotal)}%</td>")
              .Append($"<td>{Status(m.Osaid)}</td><td>{Status(m.Eu)}</td></tr>");
        }
        return sb.Append("</tbody></table><button type=\"submit\">Compare selected</button></form>").ToString();
    }

    public static string ClassBadge(int mofClass) =>
        $"<span class=\"st st-class{mofClass}\">{(mofClass == 0 ? "unclassified" : "Class " + new[] { "", "I", "II", "III" }[mofClass])}</span>";

    public static string Status(string status) => $"<span class=\"st st-{Css(status)}\">{E(status)}</span>";

    /// <summary>The letter a grid cell shows beside its colour (colour is never the only signal).</summary>
    public static string Letter(string shown) => shown switch
    {
        "included" => "✓",
        "missing" => "✗",
        "invalid" => "!",
        "unlicensed" => "L",
        _ => "?",
    };

    /// <summary>Models as rows, MOF components as columns; each cell's license and evidence on hover and on keyboard focus.</summary>
    private static string Grid(IReadOnlyList<ModelSummary> items)
    {
        var rows = items.Select(m => (m, Components: A(m.Assessment?["mof"], "components").OfType<JsonObject>().ToList())).ToList();
        var names = rows.SelectMany(r => r.Components.Select(c => S(c, "name"))).Distinct().ToList();
        var sb = new StringBuilder("<p class=\"legend\">");
        foreach (var s in new[] { "included", "invalid", "unlicensed", "missing", "unknown" }) sb.Append($"<span><span class=\"st st-{s}\">{Letter(s)}</span> {s}</span>");
        sb.Append("</p><p class=\"muted\">Hover over a cell, or move to it with Tab, to see its license and evidence.</p>");
        sb.Append("<table class=\"grid\" id=\"grid\"><thead><tr><th scope=\"col\">Model</th><th scope=\"col\">Class</th>");
        foreach (var n in names) sb.Append($"<th scope=\"col\" class=\"comp\">{E(n)}</th>");
        sb.Append("</tr></thead><tbody>");
        var cell = 0;
        foreach (var (m, comps) in rows)
        {
            sb.Append($"<tr><th scope=\"row\"><a href=\"{E(ModelPath(m.Id))}\">{E(m.Name)}</a></th><td>{ClassBadge(m.MofClass)}</td>");
            var byName = comps.GroupBy(c => S(c, "name")).ToDictionary(g => g.Key, g => g.First());
            foreach (var n in names)
            {
                if (!byName.TryGetValue(n, out var c))
                {
                    sb.Append("<td class=\"cell\"><span class=\"muted\" title=\"not assessed\">–</span></td>");
                    continue;
                }
                var shown = Vocabulary.Shown(S(c, "status"), S(c, "presence"));
                var tip = $"{n}: {shown}; license {(S(c, "license") is { Length: > 0 } l ? l : "none")}";
                var id = $"g{cell++}";
                sb.Append($"<td class=\"cell\" tabindex=\"0\" title=\"{E(tip)}\" aria-describedby=\"{id}\"><span class=\"st st-{Css(shown)}\">{Letter(shown)}</span>")
                  .Append($"<span class=\"pop\" role=\"tooltip\" id=\"{id}\"><strong>{E(n)}</strong>: {E(shown)} ({E(S(c, "presence"))})<br>License: {E(S(c, "license") is { Length: > 0 } li ? li : "none")} ({E(S(c, "license_source"))})");
                foreach (var key in new[] { "component_path", "license_path" })
                {
                    if (S(c, key) is { Length: > 0 } p) sb.Append("<br>").Append(key == "license_path" ? "License file: " : "Evidence: ").Append(LinkOrText(p));
                }
                if (S(c, "presence_reason") is { Length: > 0 } why) sb.Append("<br>").Append(E(why));
                sb.Append("</span></td>");
            }
            sb.Append("</tr>");
        }
        return sb.Append("</tbody></table>").ToString();
    }
}

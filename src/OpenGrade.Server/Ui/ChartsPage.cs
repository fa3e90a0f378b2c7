using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using OpenGrade.Storage;
using static OpenGrade.Server.Ui.Html;

namespace OpenGrade.Server.Ui;

/// <summary>
/// <c>/charts</c>: class distribution, OSAID verdicts and openness against release date, drawn as
/// inline SVG on the server (each chart also as a table for screen readers and copying).
/// </summary>
public static class ChartsPage
{
    /// <summary>At most this many models are read for the charts (summaries only, in pages).</summary>
    public const int MaxModels = 20_000;

    public static IResult Render(HttpContext http, ICatalog catalog)
    {
        var models = new List<ModelSummary>();
        var query = new ModelQuery(Sort: "name", Limit: 1000, WithDocuments: false);
        while (models.Count < MaxModels)
        {
            var page = catalog.List(query);
            models.AddRange(page.Items);
            if (page.NextCursor is null) break;
            query = query with { Cursor = page.NextCursor };
        }
        var b = new StringBuilder($"<h1>Charts</h1><p>{models.Count} models{(models.Count >= MaxModels ? $" (the first {MaxModels} by name)" : "")}.</p><div class=\"cols\">");
        var classes = new[] { 1, 2, 3, 0 }.Select(c => (Label: c == 0 ? "unclassified" : "Class " + new[] { "", "I", "II", "III" }[c], Count: models.Count(m => m.MofClass == c), Colour: c switch { 1 => "#2e7d32", 2 => "#558b2f", 3 => "#8d6e00", _ => "#8a9399" }, Link: $"/?class={c}")).ToList();
        b.Append(Bars("chart-class", "MOF class distribution", classes));
        var verdicts = new[] { ("conformant", "#2e7d32"), ("not-conformant", "#b3261e"), ("insufficient-information", "#8a9399") }
            .Select(v => (Label: v.Item1, Count: models.Count(m => m.Osaid == v.Item1), Colour: v.Item2, Link: $"/?osaid={v.Item1}")).ToList();
        b.Append(Bars("chart-osaid", "OSAID verdicts", verdicts));
        b.Append("</div>").Append(Scatter(models));
        return Page(http, "Charts", b.ToString());
    }

    private static string Bars(string id, string title, IReadOnlyList<(string Label, int Count, string Colour, string Link)> bars)
    {
        const int width = 420, barHeight = 28, left = 170;
        var max = Math.Max(1, bars.Max(x => x.Count));
        var height = bars.Count * (barHeight + 8) + 40;
        var sb = new StringBuilder($"<figure><svg class=\"chart\" id=\"{id}\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-labelledby=\"{id}-t\"><title id=\"{id}-t\">{E(title)}</title>");
        for (var i = 0; i < bars.Count; i++)
        {
            var (label, count, colour, link) = bars[i];
            var y = 30 + i * (barHeight + 8);
            var w = (int)Math.Round((width - left - 50) * (double)count / max);
            sb.Append($"<a href=\"{E(link)}\"><text x=\"{left - 8}\" y=\"{y + 19}\" text-anchor=\"end\" font-size=\"13\">{E(label)}</text>")
              .Append($"<rect x=\"{left}\" y=\"{y}\" width=\"{Math.Max(w, 1)}\" height=\"{barHeight}\" fill=\"{colour}\"><title>{E(label)}: {count}</title></rect>")
              .Append($"<text x=\"{left + w + 6}\" y=\"{y + 19}\" font-size=\"13\">{count}</text></a>");
        }
        sb.Append($"<text x=\"10\" y=\"18\" font-size=\"14\" font-weight=\"bold\">{E(title)}</text></svg>");
        sb.Append($"<figcaption><details><summary>{E(title)} as a table</summary><table><thead><tr><th scope=\"col\">Group</th><th scope=\"col\" class=\"num\">Models</th></tr></thead><tbody>");
        foreach (var (label, count, _, _) in bars) sb.Append($"<tr><th scope=\"row\">{E(label)}</th><td class=\"num\">{count}</td></tr>");
        return sb.Append("</tbody></table></details></figcaption></figure>").ToString();
    }

    /// <summary>Total MOF openness (%) against release date; models without a parseable date are counted, not drawn.</summary>
    private static string Scatter(IReadOnlyList<ModelSummary> models)
    {
        const int width = 760, height = 360, left = 50, right = 20, top = 30, bottom = 40;
        var dated = models.Select(m => (m, Date: DateOnly.TryParse(m.ReleaseDate.Length >= 10 ? m.ReleaseDate[..10] : m.ReleaseDate, CultureInfo.InvariantCulture, out var d) ? d : (DateOnly?)null))
            .Where(x => x.Date is not null).Select(x => (x.m, Date: x.Date!.Value)).ToList();
        var sb = new StringBuilder("<figure><svg class=\"chart\" id=\"chart-openness\" width=\"760\" height=\"360\" viewBox=\"0 0 760 360\" role=\"img\" aria-labelledby=\"chart-openness-t\"><title id=\"chart-openness-t\">Openness (total MOF progress) against release date</title>");
        sb.Append("<text x=\"10\" y=\"18\" font-size=\"14\" font-weight=\"bold\">Openness against release date</text>");
        if (dated.Count > 0)
        {
            var min = dated.Min(x => x.Date.DayNumber);
            var max = Math.Max(min + 1, dated.Max(x => x.Date.DayNumber));
            double X(DateOnly d) => left + (width - left - right) * (double)(d.DayNumber - min) / (max - min);
            double Y(double p) => top + (height - top - bottom) * (1 - p / 100.0);
            foreach (var p in new[] { 0, 25, 50, 75, 100 })
            {
                sb.Append($"<line x1=\"{left}\" x2=\"{width - right}\" y1=\"{Num(Y(p))}\" y2=\"{Num(Y(p))}\" stroke=\"#e1e4e8\"/><text x=\"{left - 6}\" y=\"{Num(Y(p) + 4)}\" font-size=\"11\" text-anchor=\"end\">{p}%</text>");
            }
            for (var year = DateOnly.FromDayNumber(min).Year; year <= DateOnly.FromDayNumber(max).Year; year++)
            {
                var d = new DateOnly(year, 1, 1);
                if (d.DayNumber < min) continue;
                sb.Append($"<text x=\"{Num(X(d))}\" y=\"{height - bottom + 16}\" font-size=\"11\" text-anchor=\"middle\">{year}</text>");
            }
            foreach (var (m, date) in dated)
            {
                var colour = m.MofClass switch { 1 => "#2e7d32", 2 => "#558b2f", 3 => "#8d6e00", _ => "#8a9399" };
                sb.Append($"<a href=\"{E(ModelPath(m.Id))}\"><circle cx=\"{Num(X(date))}\" cy=\"{Num(Y(m.MofTotal))}\" r=\"4\" fill=\"{colour}\" fill-opacity=\"0.75\"><title>{E(m.Name)} ({E(m.ReleaseDate)}): {Num(m.MofTotal)}%</title></circle></a>");
            }
        }
        sb.Append($"</svg><figcaption>{dated.Count} models with a release date are drawn ({models.Count - dated.Count} without one); colour is the MOF class; each point links to its model page.</figcaption></figure>");
        return sb.ToString();
    }
}

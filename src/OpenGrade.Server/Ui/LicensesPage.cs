using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using OpenGrade.Core.Licensing;
using OpenGrade.Reports;
using OpenGrade.Storage;
using static OpenGrade.Server.Ui.Html;

namespace OpenGrade.Server.Ui;

/// <summary><c>/licenses</c>: the AI licenses' facts (MAU caps, AUP, naming rules, field-of-use limits) and the licenses the catalog's models use.</summary>
public static class LicensesPage
{
    public static IResult Render(HttpContext http, ICatalog catalog)
    {
        var lc = LicenseCatalog.Default;
        var usage = catalog.Licenses().ToDictionary(u => u.LicenseId, u => u.Models, StringComparer.Ordinal);
        var b = new StringBuilder("<h1>Licenses</h1><p>The terms OpenGrade knows for AI licenses (the facts <code>opengrade license show</code> prints), and how many catalog models use each.</p>");
        b.Append("<h2>AI licenses</h2><table id=\"ai-licenses\"><thead><tr><th scope=\"col\">License</th><th scope=\"col\" class=\"num\">Models</th><th scope=\"col\">MAU cap</th><th scope=\"col\">Acceptable use policy</th><th scope=\"col\">Naming rule</th><th scope=\"col\">Field-of-use limits</th><th scope=\"col\">Other terms</th></tr></thead><tbody>");
        foreach (var id in lc.AiLicenses.Keys.Order(StringComparer.Ordinal))
        {
            var f = LicenseFactsJson.For(lc, id);
            var t = f["terms"] as JsonObject;
            string Yes(string key) => t?[key] is JsonValue v && v.TryGetValue<bool>(out var yes) && yes ? key.Replace('_', ' ') : "";
            string Count(string key) => t?[key] is JsonValue v && v.TryGetValue<long>(out var n) ? n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : "";
            var mau = Count("monthly_active_user_threshold") is { Length: > 0 } users ? users + " monthly active users" : "none";
            if (Count("revenue_threshold_usd") is { Length: > 0 } revenue) mau += $"; revenue over USD {revenue}";
            var aup = S(t, "acceptable_use_policy") is { Length: > 0 } aupText ? E(aupText) + (Yes("acceptable_use_policy_can_change").Length > 0 ? " <em>(can change)</em>" : "") : "none";
            var fieldOfUse = string.Join("; ", new[] { Yes("use_restrictions"), Yes("non_commercial"), Yes("research_only"), Yes("no_improving_other_models"), Yes("remote_restriction") }.Where(x => x.Length > 0));
            var other = string.Join("; ", new[] { Yes("restrictions_flow_to_derivatives"), S(t, "attribution"), S(t, "governing_law") is { Length: > 0 } law ? "governing law: " + law : "",
                string.Join(", ", A(t, "territorial_exclusions").Select(x => x?.ToString())) is { Length: > 0 } te ? "excluded: " + te : "" }.Where(x => x.Length > 0));
            b.Append($"<tr id=\"ai-{E(Uri.EscapeDataString(id))}\"><th scope=\"row\">{E(S(f, "name"))}<br><code>{E(id)}</code></th><td class=\"num\">{(usage.TryGetValue(id, out var n) ? n : 0)}</td>")
             .Append($"<td>{E(mau)}</td><td>{aup}</td><td>{E(S(t, "naming_rule"))}</td><td>{E(fieldOfUse)}</td><td>{E(other)}</td></tr>");
        }
        b.Append("</tbody></table><h2>Licenses in the catalog</h2><table id=\"used-licenses\"><thead><tr><th scope=\"col\">License id</th><th scope=\"col\">Kind</th><th scope=\"col\">OSI approved</th><th scope=\"col\">Open for MOF</th><th scope=\"col\" class=\"num\">Models</th></tr></thead><tbody>");
        foreach (var (id, count) in usage.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var f = LicenseFactsJson.Resolve(lc, id) is { } known && known == id ? LicenseFactsJson.For(lc, id) : null;
            b.Append($"<tr id=\"{E(Uri.EscapeDataString(id))}\"><th scope=\"row\"><a href=\"/?license={E(Uri.EscapeDataString(id))}\">{E(id)}</a></th><td>{E(f is null ? "unknown" : S(f, "kind"))}</td><td>{E(S(f, "osi_approved"))}</td><td>{E(S(f, "open_for_mof"))}</td><td class=\"num\">{count}</td></tr>");
        }
        b.Append("</tbody></table>");
        return Page(http, "Licenses", b.ToString());
    }
}

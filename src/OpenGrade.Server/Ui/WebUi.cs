using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OpenGrade.Reports.Aibom;
using OpenGrade.Storage;

namespace OpenGrade.Server.Ui;

/// <summary>The web UI's routes (docs/ui.md): pages, exports, badges and the two static assets.</summary>
public static class WebUi
{
    /// <summary>Most rows one export answers (an export reads the catalog page by page).</summary>
    public const int MaxExportRows = 50_000;

    public static void Map(IEndpointRouteBuilder app, CatalogServerOptions options)
    {
        var catalog = options.Catalog;
        var ui = app.MapGroup("").ExcludeFromDescription();
        ui.MapGet("/", (HttpContext http) => ListPage.Render(http, catalog));
        ui.MapGet("/models/{name}", (HttpContext http, string name) => ModelDetailPage.Render(http, catalog, name));
        ui.MapGet("/models/{org}/{name}", (HttpContext http, string org, string name) => ModelDetailPage.Render(http, catalog, $"{org}/{name}"));
        ui.MapGet("/compare", (HttpContext http) => ComparePage.Render(http, catalog));
        ui.MapGet("/licenses", (HttpContext http) => LicensesPage.Render(http, catalog));
        ui.MapGet("/charts", (HttpContext http) => ChartsPage.Render(http, catalog));
        ui.MapGet("/badge/{name}/{file}", (HttpContext http, string name, string file) => BadgeImage(http, options, name, file));
        ui.MapGet("/badge/{org}/{name}/{file}", (HttpContext http, string org, string name, string file) => BadgeImage(http, options, $"{org}/{name}", file));
        ui.MapGet("/export.csv", (HttpContext http) => Export(http, catalog, csv: true));
        ui.MapGet("/export.json", (HttpContext http) => Export(http, catalog, csv: false));
        ui.MapGet("/ui/site.css", (HttpContext http) => Http.Cached(http, Encoding.UTF8.GetBytes(Assets.Css), TimeSpan.FromHours(1), "text/css; charset=utf-8"));
        ui.MapGet("/ui/site.js", (HttpContext http) => Http.Cached(http, Encoding.UTF8.GetBytes(Assets.Js), TimeSpan.FromHours(1), "text/javascript; charset=utf-8"));
    }

    /// <summary><c>/badge/{id}/{framework}.svg</c> (and <c>.png</c> once the PNG renderer is in): the same faces as <c>assess --format badge</c>.</summary>
    private static IResult BadgeImage(HttpContext http, CatalogServerOptions options, string id, string file)
    {
        var dot = file.LastIndexOf('.');
        var (framework, ext) = dot > 0 ? (file[..dot], file[(dot + 1)..]) : (file, "");
        if (!Badge.Frameworks.Contains(framework) || ext is not ("svg" or "png")) return Http.Problem(404, "No such badge", $"badges are {string.Join(", ", Badge.Frameworks)} as .svg{(StoredBadges.HasPng ? " or .png" : "")}");
        if (!ModelIds.IsValid(id)) return Http.Problem(400, "Bad model id", "a model id is org/name or one name, printable, at most 200 characters");
        if (options.Catalog.Get(id) is not { } stored) return Http.Problem(404, "No such model", $"the catalog has no model {id}");
        if (StoredBadges.Face(stored.Assessment, framework) is not { } face) return Http.Problem(404, "Not judged", $"{id} has no {framework} judgement");
        if (ext == "png")
        {
            return StoredBadges.Png(face) is { } png ? Http.Cached(http, png, options.CacheMaxAge, "image/png") : Http.Problem(404, "No PNG badges yet", "this build serves SVG badges only");
        }
        return Http.Cached(http, Encoding.UTF8.GetBytes(Badge.Svg(face)), options.CacheMaxAge, "image/svg+xml; charset=utf-8");
    }

    /// <summary>The current filtered list (the list page's URL parameters) as CSV or JSON, read page by page.</summary>
    private static IResult Export(HttpContext http, ICatalog catalog, bool csv)
    {
        var (query, error) = ListQuery.Parse(http.Request.Query);
        if (query is null) return Http.Problem(400, "Bad filter", error);
        var rows = new List<ModelSummary>();
        var q = query.ToModelQuery(limit: 1000, withDocuments: false) with { Cursor = null };
        var truncated = false;
        try
        {
            while (true)
            {
                var page = catalog.List(q);
                rows.AddRange(page.Items);
                if (page.NextCursor is null) break;
                if (rows.Count >= MaxExportRows) { truncated = true; break; }
                q = q with { Cursor = page.NextCursor };
            }
        }
        catch (QueryException e)
        {
            return Http.Problem(400, "Bad filter", e.Message);
        }
        http.Response.Headers.CacheControl = "no-cache";
        if (csv)
        {
            var sb = new StringBuilder().Append(CatalogCsv.Row(CatalogCsv.Columns)).Append("\r\n");
            foreach (var m in rows.Take(MaxExportRows)) sb.Append(CatalogCsv.Row(CatalogCsv.Values(m))).Append("\r\n");
            http.Response.Headers.ContentDisposition = "attachment; filename=\"opengrade-models.csv\"";
            return Results.Text(sb.ToString(), "text/csv; charset=utf-8");
        }
        var json = new System.Text.Json.Nodes.JsonObject
        {
            ["items"] = new System.Text.Json.Nodes.JsonArray([.. rows.Take(MaxExportRows).Select(ModelsApi.Summary)]),
            ["truncated"] = truncated,
        };
        http.Response.Headers.ContentDisposition = "attachment; filename=\"opengrade-models.json\"";
        return Results.Text(json.ToJsonString(Http.Json), "application/json; charset=utf-8");
    }
}

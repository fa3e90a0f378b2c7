using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OpenGrade.Storage;

namespace OpenGrade.Server;

/// <summary>
/// MOT's API, same routes and shapes (../shared/reference/mot.md §1.1), so MOT's clients work
/// unchanged: <c>GET /api/v1/models?page=&amp;limit=</c> (sorted by id) and <c>GET /api/v1/model/{id}</c>.
/// The numeric id is the catalog's dense serial; the v2 API uses stable ids.
/// </summary>
public static class MotApi
{
    public static void Map(IEndpointRouteBuilder app, CatalogServerOptions options)
    {
        var v1 = app.MapGroup("/api/v1").WithTags("MOT-compatible (v1)");
        v1.MapGet("/models", (HttpContext http, string? page, string? limit) => List(http, options, page, limit))
            .WithSummary("MOT's model list: {pager:{total_items,total_pages,current_page}, models:[…]}, by id, limit capped");
        v1.MapGet("/model/{id}", (HttpContext http, string id) => One(http, options, id))
            .WithSummary("One model in MOT's shape: {id, framework, release, classification}");
    }

    private static IResult List(HttpContext http, CatalogServerOptions options, string? pageText, string? limitText)
    {
        // MOT: page is 1-based (default 1), limit defaults to 100 and is max(1, limit); we also cap it.
        if (!TryNumber(pageText, 1, out var page) || !TryNumber(limitText, 100, out var limit))
        {
            return Http.Problem(400, "Bad query", "page and limit are whole numbers");
        }
        page = Math.Max(1, page);
        limit = Math.Clamp(limit, 1, options.MaxV1Limit);
        var total = options.Catalog.ModelCount();
        var pages = (total + limit - 1) / limit;
        var first = (page - 1) * limit + 1;
        var models = first > total ? [] : options.Catalog.MotPage(first, (int)limit);
        var body = new JsonObject
        {
            ["pager"] = new JsonObject { ["total_items"] = total, ["total_pages"] = pages, ["current_page"] = page },
            ["models"] = new JsonArray([.. models.Select(m => (JsonNode)MotView.WithId(m.Seq, m.Mot))]),
        };
        return Http.Cached(http, body, options.CacheMaxAge);
    }

    private static IResult One(HttpContext http, CatalogServerOptions options, string id)
    {
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var seq) || seq < 1)
        {
            return Http.Problem(404, "No such model", "MOT model ids are positive whole numbers (use /api/v2/models/{org}/{name} for stable ids)");
        }
        return options.Catalog.MotModel(seq) is { } model
            ? Http.Cached(http, MotView.WithId(model.Seq, model.Mot), options.CacheMaxAge)
            : Http.Problem(404, "No such model", $"no model has id {seq}");
    }

    private static bool TryNumber(string? text, long fallback, out long value)
    {
        if (string.IsNullOrEmpty(text))
        {
            value = fallback;
            return true;
        }
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value) && value < 1_000_000_000;
    }
}

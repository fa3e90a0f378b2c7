using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OpenGrade.Core.Licensing;
using OpenGrade.Reports;

namespace OpenGrade.Server;

/// <summary><c>/api/v2/licenses</c>: the licenses the catalog's models use, and the facts <c>license show</c> prints.</summary>
public static class LicensesApi
{
    public static void Map(IEndpointRouteBuilder app, CatalogServerOptions options)
    {
        var group = app.MapGroup("/api/v2/licenses").WithTags("Licenses (v2)");
        group.MapGet("", (HttpContext http) => List(http, options)).WithSummary("License ids in use, with model counts and their facts");
        group.MapGet("/{id}", (HttpContext http, string id) => One(http, options, id)).WithSummary("One license's facts (MAU caps, AUP, naming rules, field-of-use limits…) and its model count");
    }

    private static IResult List(HttpContext http, CatalogServerOptions options)
    {
        var catalog = LicenseCatalog.Default;
        var items = new JsonArray();
        foreach (var usage in options.Catalog.Licenses())
        {
            var facts = LicenseFactsJson.Resolve(catalog, usage.LicenseId) is { } known && known == usage.LicenseId
                ? LicenseFactsJson.For(catalog, known)
                : new JsonObject { ["id"] = usage.LicenseId, ["name"] = usage.LicenseId, ["kind"] = "unknown" };
            facts["models"] = usage.Models;
            items.Add(facts);
        }
        return Http.Cached(http, new JsonObject { ["items"] = items }, options.CacheMaxAge);
    }

    private static IResult One(HttpContext http, CatalogServerOptions options, string id)
    {
        if (id.Length > 200) return Http.Problem(400, "Bad license id", "a license id is at most 200 characters");
        var catalog = LicenseCatalog.Default;
        if (LicenseFactsJson.Resolve(catalog, id) is not { } known)
        {
            return Http.Problem(404, "Unknown license", "not a license OpenGrade knows (try an SPDX id, a LicenseRef- id or a Hugging Face license id)");
        }
        var facts = LicenseFactsJson.For(catalog, known);
        facts["models"] = options.Catalog.Licenses().FirstOrDefault(u => u.LicenseId == known)?.Models ?? 0;
        return Http.Cached(http, facts, options.CacheMaxAge);
    }
}

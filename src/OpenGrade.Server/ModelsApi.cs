using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OpenGrade.Core.Text;
using OpenGrade.Storage;

namespace OpenGrade.Server;

/// <summary>
/// OpenGrade's own model API (<c>/api/v2/models</c>): filters, sort, cursor paging, the full
/// judgements of <c>assess --format json</c>, stable ids, history and diffs.
/// </summary>
public static class ModelsApi
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    public static void Map(IEndpointRouteBuilder app, CatalogServerOptions options)
    {
        var v2 = app.MapGroup("/api/v2/models").WithTags("Models (v2)");
        v2.MapGet("", (HttpContext http) => List(http, options))
            .WithSummary("Models: filters class, osaid, eu_ai_act, license, flag, producer, type, q; sort; cursor; limit; fields=summary|full");
        v2.MapGet("/{name}", (HttpContext http, string name) => One(http, options, name, http.Request.Query["version"]));
        v2.MapGet("/{org}/{name}", (HttpContext http, string org, string name) => One(http, options, $"{org}/{name}", http.Request.Query["version"]))
            .WithSummary("A model's latest version (or ?version=N): its assessment and provenance");
        v2.MapGet("/{name}/history", (HttpContext http, string name) => History(http, options, name));
        v2.MapGet("/{org}/{name}/history", (HttpContext http, string org, string name) => History(http, options, $"{org}/{name}"))
            .WithSummary("Every stored version of a model, with its license changes");
        v2.MapGet("/{name}/diff", (HttpContext http, string name, string? from, string? to) => Diff(http, options, name, from, to));
        v2.MapGet("/{org}/{name}/diff", (HttpContext http, string org, string name, string? from, string? to) => Diff(http, options, $"{org}/{name}", from, to))
            .WithSummary("What changed between two versions (?from=&to=; default: the two latest)");
    }

    private static IResult List(HttpContext http, CatalogServerOptions options)
    {
        var q = http.Request.Query;
        string? Text(string key)
        {
            var v = q[key].ToString();
            return v.Length == 0 ? null : v;
        }
        foreach (var (key, value) in q)
        {
            if (!Known.Contains(key)) return Http.Problem(400, "Unknown query parameter", $"'{TerminalText.Clip(TerminalText.Escape(key), 60)}' is not a filter (known: {string.Join(", ", Known.Order())})");
            if (value.Count > 1) return Http.Problem(400, "Repeated query parameter", $"'{key}' is given more than once");
            if (value.ToString() is { } s && (s.Length > 200 || s.Any(TerminalText.IsUnsafe))) return Http.Problem(400, "Bad query parameter", $"'{key}' is longer than 200 characters or holds control characters");
        }
        int? mofClass = null;
        if (Text("class") is { } c)
        {
            if (!int.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > 3) return Http.Problem(400, "Bad class", "class is 0 (unclassified), 1, 2 or 3");
            mofClass = n;
        }
        var limit = DefaultLimit;
        if (Text("limit") is { } l && (!int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            return Http.Problem(400, "Bad limit", $"limit is a whole number from 1 to {MaxLimit}");
        }
        var fields = Text("fields") ?? "full";
        if (fields is not ("full" or "summary")) return Http.Problem(400, "Bad fields", "fields is full (with the assessment) or summary");
        var query = new ModelQuery(mofClass, Text("osaid"), Text("eu_ai_act"), Text("license"), Text("flag"), Text("producer"), Text("type"), Text("q"),
            Text("sort") ?? "-progress", Text("cursor"), limit, fields == "full");
        ModelPage page;
        try
        {
            page = options.Catalog.List(query);
        }
        catch (QueryException e)
        {
            return Http.Problem(400, "Bad query", e.Message);
        }
        if (page.NextCursor is { } next)
        {
            var link = QueryString.Create(q.Where(kv => kv.Key != "cursor").Select(kv => KeyValuePair.Create(kv.Key, (string?)kv.Value.ToString())).Append(KeyValuePair.Create("cursor", (string?)next)));
            http.Response.Headers.Link = $"<{http.Request.PathBase}{http.Request.Path}{link}>; rel=\"next\"";
        }
        return Http.Cached(http, Page(page, limit, query.Sort), options.CacheMaxAge);
    }

    /// <summary>
    /// A page as UTF-8 JSON. Each stored assessment is copied in as it is (it was written by
    /// System.Text.Json with HTML-sensitive characters escaped): no parse, no second serialisation.
    /// </summary>
    public static byte[] Page(ModelPage page, int limit, string sort)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(64 * 1024);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Http.Json.Encoder }))
        {
            w.WriteStartObject();
            w.WriteStartArray("items");
            foreach (var m in page.Items)
            {
                w.WriteStartObject();
                foreach (var (key, value) in SummaryFields(m))
                {
                    w.WritePropertyName(key);
                    if (value is null) w.WriteNullValue();
                    else value.WriteTo(w, Http.Json);
                }
                if (m.AssessmentJson is { } raw)
                {
                    w.WritePropertyName("assessment");
                    w.WriteRawValue(raw, skipInputValidation: true);
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (page.NextCursor is { } next) w.WriteString("next_cursor", next);
            else w.WriteNull("next_cursor");
            w.WriteNumber("limit", limit);
            w.WriteString("sort", sort);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static readonly HashSet<string> Known = ["class", "osaid", "eu_ai_act", "license", "flag", "producer", "type", "q", "sort", "cursor", "limit", "fields"];

    /// <summary>A list item as a JSON object (with the parsed assessment when the summary carries one).</summary>
    public static JsonNode Summary(ModelSummary m)
    {
        var json = SummaryFields(m);
        if (m.Assessment is { } a) json["assessment"] = a;
        return json;
    }

    private static JsonObject SummaryFields(ModelSummary m) => new()
    {
        ["id"] = m.Id,
        ["mot_id"] = m.Seq,
        ["name"] = m.Name,
        ["producer"] = m.Producer,
        ["type"] = m.Type,
        ["release_date"] = m.ReleaseDate,
        ["mof_class"] = m.MofClass,
        ["mof_total_progress"] = m.MofTotal,
        ["osaid"] = m.Osaid,
        ["eu_ai_act"] = m.Eu,
        ["downloads"] = m.Downloads,
        ["assessed_at"] = m.AssessedAt,
        ["version"] = m.Version,
        ["content_hash"] = m.ContentHash,
    };

    private static IResult One(HttpContext http, CatalogServerOptions options, string id, string? versionText)
    {
        if (Invalid(id) is { } bad) return bad;
        long? version = null;
        if (!string.IsNullOrEmpty(versionText))
        {
            if (!long.TryParse(versionText, NumberStyles.None, CultureInfo.InvariantCulture, out var v)) return Http.Problem(400, "Bad version", "version is a whole number");
            version = v;
        }
        if (options.Catalog.Get(id, version) is not { } stored) return NotFound(id, version);
        var body = Provenance(stored.Info);
        body["mot_id"] = stored.Seq;
        body["license_changes"] = Changes(options.Catalog.LicenseChanges(id));
        body["assessment"] = stored.Assessment;
        return Http.Cached(http, body, options.CacheMaxAge);
    }

    private static IResult History(HttpContext http, CatalogServerOptions options, string id)
    {
        if (Invalid(id) is { } bad) return bad;
        var versions = options.Catalog.History(id);
        if (versions.Count == 0) return NotFound(id, null);
        var changes = options.Catalog.LicenseChanges(id);
        var body = new JsonObject
        {
            ["id"] = id,
            ["versions"] = new JsonArray([.. versions.Select(v =>
            {
                var json = Provenance(v);
                json["license_change"] = changes.FirstOrDefault(c => c.ToVersion == v.Version) is { } c ? Change(c) : null;
                return (JsonNode)json;
            })]),
            ["license_changes"] = Changes(changes),
        };
        return Http.Cached(http, body, options.CacheMaxAge);
    }

    private static IResult Diff(HttpContext http, CatalogServerOptions options, string id, string? fromText, string? toText)
    {
        if (Invalid(id) is { } bad) return bad;
        var history = options.Catalog.History(id);
        if (history.Count == 0) return NotFound(id, null);
        long from, to;
        if (string.IsNullOrEmpty(fromText) && string.IsNullOrEmpty(toText))
        {
            to = history[^1].Version;
            from = Math.Max(1, to - 1);
        }
        else if (!long.TryParse(fromText, NumberStyles.None, CultureInfo.InvariantCulture, out from) || !long.TryParse(toText, NumberStyles.None, CultureInfo.InvariantCulture, out to))
        {
            return Http.Problem(400, "Bad versions", "from and to are version numbers (both, or neither for the two latest)");
        }
        var a = options.Catalog.Get(id, from);
        var b = options.Catalog.Get(id, to);
        if (a is null || b is null) return Http.Problem(404, "No such version", $"{id} has versions 1 to {history[^1].Version}");
        return Http.Cached(http, AssessmentDiff.Between(a, b), options.CacheMaxAge);
    }

    private static JsonObject Provenance(VersionInfo v) => new()
    {
        ["id"] = v.ModelId,
        ["version"] = v.Version,
        ["assessed_at"] = v.AssessedAt,
        ["source_revision"] = v.SourceRevision,
        ["opengrade_version"] = v.ToolVersion,
        ["framework_versions"] = v.FrameworkVersions,
        ["content_hash"] = v.ContentHash,
        ["evidence_hash"] = v.EvidenceHash,
        ["licenses"] = new JsonArray([.. v.Licenses.Select(l => (JsonNode)l)]),
        ["mof_class"] = v.MofClass,
        ["osaid"] = v.Osaid,
        ["eu_ai_act"] = v.Eu,
    };

    private static JsonArray Changes(IEnumerable<LicenseChange> changes) => new([.. changes.Select(c => (JsonNode)Change(c))]);

    private static JsonObject Change(LicenseChange c) => new()
    {
        ["from_version"] = c.FromVersion,
        ["to_version"] = c.ToVersion,
        ["at"] = c.At,
        ["before"] = new JsonArray([.. c.Before.Select(l => (JsonNode)l)]),
        ["after"] = new JsonArray([.. c.After.Select(l => (JsonNode)l)]),
    };

    private static IResult? Invalid(string id) =>
        ModelIds.IsValid(id) ? null : Http.Problem(400, "Bad model id", "a model id is org/name or one name, printable, at most 200 characters");

    private static IResult NotFound(string id, long? version) =>
        Http.Problem(404, "No such model", version is { } v ? $"{id} has no version {v}" : $"the catalog has no model {id}");
}

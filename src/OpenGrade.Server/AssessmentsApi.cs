using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OpenGrade.Sources.Hub;
using OpenGrade.Storage;

namespace OpenGrade.Server;

/// <summary>
/// <c>POST /api/v2/assessments</c>: assess an <c>hf:</c> id (<c>{"target":"hf:org/name"}</c>) or an
/// uploaded MOT model file (<c>application/yaml</c>, optional <c>?id=</c>) and store it. Guarded by a
/// bearer token (401 without one, 403 for a wrong one); with no token created, every write is refused.
/// </summary>
public static class AssessmentsApi
{
    public static void Map(IEndpointRouteBuilder app, CatalogServerOptions options)
    {
        app.MapPost("/api/v2/assessments", (Delegate)((HttpContext http) => Post(http, options)))
            .WithTags("Assessments (v2)")
            .WithSummary("Assess an hf: id or an uploaded MOT YAML and store it (bearer token)");
    }

    private static async Task<IResult> Post(HttpContext http, CatalogServerOptions options)
    {
        if (Authorize(http, options.Catalog) is { } denied) return denied;
        if (options.Assess is not { } assess) return Http.Problem(503, "Assessing is off", "this server was started without an assessor");
        var body = await BodyReader.ReadAsync(http, options.MaxRequestBytes);
        if (body is null) return Http.Problem(413, "Request too large", $"the body is over {options.MaxRequestBytes} bytes");
        var type = MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var media) ? media.MediaType : null;
        var requestedId = http.Request.Query["id"].ToString();
        if (requestedId.Length > 0 && !ModelIds.IsValid(requestedId)) return Http.Problem(400, "Bad model id", "id is org/name or one name, printable, at most 200 characters");
        return type switch
        {
            "application/json" => await FromHub(http, options, assess, body),
            "application/yaml" or "application/x-yaml" or "text/yaml" => await FromUpload(http, options, assess, body, requestedId.Length > 0 ? requestedId : null),
            _ => Http.Problem(415, "Unsupported media type", "send application/json {\"target\":\"hf:org/name\"} or application/yaml (a MOT model file)"),
        };
    }

    private static IResult? Authorize(HttpContext http, ICatalog catalog)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return Http.Problem(401, "Token required", "send Authorization: Bearer TOKEN (create one with: opengrade catalog token create)");
        }
        var token = header[7..].Trim();
        return token.Length <= 200 && catalog.VerifyToken(token) ? null : Http.Problem(403, "Token refused", "the token is not one this catalog issued");
    }

    private static async Task<IResult> FromHub(HttpContext http, CatalogServerOptions options, Func<string, Reports.AssessedTarget> assess, byte[] body)
    {
        string? target;
        try
        {
            target = JsonNode.Parse(body)?["target"]?.GetValue<string>();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return Http.Problem(400, "Bad JSON", "the body is not {\"target\":\"hf:org/name[@revision]\"}");
        }
        if (target is null || !HubReference.IsHubTarget(target)) return Http.Problem(400, "Bad target", "target is hf:org/name[@revision] (local paths are not accepted)");
        try
        {
            HubReference.Parse(target);
        }
        catch (FormatException e)
        {
            return Http.Problem(400, "Bad target", e.Message);
        }
        var assessed = await Task.Run(() => assess(target), http.RequestAborted);
        return Stored(http, options, assessed, null, shownTarget: null);
    }

    private static async Task<IResult> FromUpload(HttpContext http, CatalogServerOptions options, Func<string, Reports.AssessedTarget> assess, byte[] body, string? id)
    {
        // The upload goes through the very reader `assess` uses for a MOT file: a private temporary file.
        var dir = Directory.CreateTempSubdirectory("opengrade-upload-");
        try
        {
            var path = Path.Combine(dir.FullName, "upload.yml");
            await File.WriteAllBytesAsync(path, body, http.RequestAborted);
            var assessed = await Task.Run(() => assess(path), http.RequestAborted);
            if (assessed.Error is { } error) assessed = assessed with { Error = error.Replace(path, "upload.yml", StringComparison.Ordinal) };
            return Stored(http, options, assessed, id ?? NameAsId(assessed), shownTarget: "upload.yml");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static string? NameAsId(Reports.AssessedTarget assessed) =>
        assessed.Assessment?.Release.Name is { } name && ModelIds.IsValid(name) ? name : null;

    private static IResult Stored(HttpContext http, CatalogServerOptions options, Reports.AssessedTarget assessed, string? id, string? shownTarget)
    {
        if (assessed.Assessment is null) return Http.Problem(422, "Cannot assess", assessed.Error);
        if (id is null && !HubReference.IsHubTarget(assessed.Target)) return Http.Problem(400, "Bad model id", "the release name is not a usable id: give ?id=");
        var record = CatalogEntries.From(assessed, DateTimeOffset.UtcNow, id);
        // The stored report names the upload, not the server's temporary path.
        if (shownTarget is not null) record = CatalogEntries.ShownAs(record, assessed.Target, shownTarget);
        var result = options.Catalog.Store(record);
        var json = new JsonObject
        {
            ["id"] = result.ModelId,
            ["version"] = result.Version,
            ["outcome"] = result.Outcome switch { StoreOutcome.Added => "added", StoreOutcome.NewVersion => "new-version", _ => "unchanged" },
            ["license_change"] = result.LicenseChange is { } c ? new JsonObject
            {
                ["from_version"] = c.FromVersion,
                ["to_version"] = c.ToVersion,
                ["before"] = new JsonArray([.. c.Before.Select(l => (JsonNode)l)]),
                ["after"] = new JsonArray([.. c.After.Select(l => (JsonNode)l)]),
            } : null,
        };
        if (result.Outcome == StoreOutcome.Unchanged) return Http.Fresh(http, json, 200);
        http.Response.Headers.Location = "/api/v2/models/" + string.Join('/', result.ModelId.Split('/').Select(Uri.EscapeDataString));
        return Http.Fresh(http, json, 201);
    }
}

/// <summary>Reads a request body up to a byte budget, whatever Content-Length says (chunked bodies too).</summary>
public static class BodyReader
{
    /// <summary>The body, or null when it is over <paramref name="max"/> bytes.</summary>
    public static async Task<byte[]?> ReadAsync(HttpContext http, long max)
    {
        if (http.Request.ContentLength > max) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            if (buffer.Length + read > max) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}

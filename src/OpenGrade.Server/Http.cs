using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace OpenGrade.Server;

/// <summary>
/// JSON answers: written by System.Text.Json only (HTML-sensitive characters escaped, so a
/// name can never become markup wherever the JSON lands), with a strong ETag, Cache-Control,
/// and 304 when the client already holds the same bytes.
/// </summary>
public static class Http
{
    // Letters of every script stay readable; HTML-sensitive characters (&lt; &gt; &amp; quotes) are always escaped.
    public static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All), WriteIndented = false };

    public static IResult Cached(HttpContext context, JsonNode body, TimeSpan maxAge) =>
        Cached(context, JsonSerializer.SerializeToUtf8Bytes(body, Json), maxAge);

    /// <summary>JSON already encoded as UTF-8 (by System.Text.Json).</summary>
    public static IResult Cached(HttpContext context, byte[] bytes, TimeSpan maxAge)
    {
        var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 16)) + "\"";
        var headers = context.Response.Headers;
        headers.ETag = etag;
        headers.CacheControl = $"public, max-age={(int)maxAge.TotalSeconds}";
        headers.Vary = "Accept-Encoding";
        if (context.Request.Headers.IfNoneMatch is { Count: > 0 } inm && IfNoneMatchHits(inm, etag)) return Results.StatusCode(StatusCodes.Status304NotModified);
        return Results.Bytes(bytes, "application/json; charset=utf-8");
    }

    /// <summary>A JSON answer that must not be cached (writes).</summary>
    public static IResult Fresh(HttpContext context, JsonNode body, int status)
    {
        context.Response.Headers.CacheControl = "no-store";
        return Results.Text(body.ToJsonString(Json), "application/json; charset=utf-8", statusCode: status);
    }

    private static bool IfNoneMatchHits(Microsoft.Extensions.Primitives.StringValues values, string etag)
    {
        if (!EntityTagHeaderValue.TryParseList(values, out var tags)) return false;
        return tags.Any(t => t.Tag == "*" || t.Tag.Equals(etag, StringComparison.Ordinal));
    }

    /// <summary>An RFC 9457 problem (application/problem+json).</summary>
    public static IResult Problem(int status, string title, string? detail = null) =>
        Results.Problem(statusCode: status, title: title, detail: detail);
}

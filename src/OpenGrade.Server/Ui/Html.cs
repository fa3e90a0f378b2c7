using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace OpenGrade.Server.Ui;

/// <summary>
/// Escaping and page chrome for the server-rendered UI. Every outside string goes through
/// <see cref="E"/> (text and double-quoted attributes) or <see cref="Href"/> (links).
/// </summary>
public static class Html
{
    /// <summary>Text or a double-quoted attribute value: &amp; &lt; &gt; " ' are encoded.</summary>
    public static string E(string? s) => WebUtility.HtmlEncode(s ?? "");

    /// <summary>A string field of a JSON object ("" when absent or not a string).</summary>
    public static string S(JsonNode? node, string key) =>
        node is JsonObject o && o[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : node is JsonObject o2 && o2[key] is JsonValue n ? n.ToJsonString() : "";

    public static JsonArray A(JsonNode? node, string key) => node is JsonObject o && o[key] is JsonArray a ? a : [];

    /// <summary>An outside URL when it is http(s) (anything else is never a link).</summary>
    public static string? WebUrl(string? url) =>
        url is { Length: > 0 and < 2000 } && Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" ? u.AbsoluteUri : null;

    /// <summary>A link to an outside URL when it is http(s), else the text itself.</summary>
    public static string LinkOrText(string? url, string? text = null) =>
        WebUrl(url) is { } safe ? $"<a href=\"{E(safe)}\" rel=\"nofollow noopener\">{E(text ?? url)}</a>" : $"<code>{E(text ?? url)}</code>";

    /// <summary>The path of a model page (each id part percent-encoded).</summary>
    public static string ModelPath(string id) => "/models/" + string.Join('/', id.Split('/').Select(Uri.EscapeDataString));

    public static string BadgePath(string id, string framework, string ext) => "/badge/" + string.Join('/', id.Split('/').Select(Uri.EscapeDataString)) + "/" + framework + "." + ext;

    public static string Num(double v, string format = "0.#") => v.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>Evidence <c>kind location detail</c>: a URL becomes a link; a file location stays code (file:line:column).</summary>
    public static string Evidence(JsonArray evidence)
    {
        if (evidence.Count == 0) return "";
        var sb = new StringBuilder("<ul class=\"ev\">");
        foreach (var e in evidence)
        {
            sb.Append("<li>").Append(E(S(e, "kind"))).Append(": ").Append(LinkOrText(S(e, "location")));
            if (S(e, "detail") is { Length: > 0 } d) sb.Append(" — ").Append(E(d));
            sb.Append("</li>");
        }
        return sb.Append("</ul>").ToString();
    }

    public static IResult Page(HttpContext http, string title, string body, int status = 200)
    {
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'self'; script-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
        http.Response.Headers["Referrer-Policy"] = "no-referrer";
        var html = $"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{E(title)} · OpenGrade catalog</title>
            <link rel="stylesheet" href="/ui/site.css">
            <script src="/ui/site.js" defer></script>
            </head>
            <body>
            <a class="skip" href="#main">Skip to content</a>
            <header><nav aria-label="Site"><a href="/"><strong>OpenGrade</strong> catalog</a> <a href="/charts">Charts</a> <a href="/licenses">Licenses</a> <a href="/compare">Compare</a> <a href="/openapi/v1.json">API</a></nav></header>
            <main id="main">
            {body}
            </main>
            <footer><p>Grades are computed by OpenGrade from the evidence shown; the EU AI Act column is information, not legal advice.</p></footer>
            </body>
            </html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    public static IResult Error(HttpContext http, int status, string title, string message) =>
        Page(http, title, $"<h1>{E(title)}</h1><p role=\"alert\">{E(message)}</p><p><a href=\"/\">Back to the list</a></p>", status);

    /// <summary>A CSS class token for a status word (letters, digits and '-' only).</summary>
    public static string Css(string status) => new([.. status.Where(c => char.IsAsciiLetterOrDigit(c) || c == '-')]);
}

using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenGrade.Sources.Links;

/// <summary>Reading a service's JSON answer: a malformed one is a reason, never a crash.</summary>
internal static class LinkJson
{
    public static JsonObject Object(byte[] body, string what)
    {
        try
        {
            return JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false }) as JsonObject
                ?? throw new LinkUnavailableException($"{what}: the answer is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new LinkUnavailableException($"{what}: the answer is not valid JSON ({e.Message.Split(" Path:")[0].Split(" LineNumber:")[0]})");
        }
    }

    /// <summary>A string value; anything else, or a string with a lone surrogate, is no string.</summary>
    public static string? Str(JsonNode? node)
    {
        try
        {
            return node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    public static string? Str(JsonObject? o, string key) => o is null ? null : Str(o[key]);

    /// <summary>A string or a list of strings as a list (<c>license: x</c> and <c>license: [x, y]</c> alike).</summary>
    public static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonArray a => a.Select(Str).OfType<string>().Select(s => s.Trim()).Where(s => s.Length > 0),
        _ when Str(node) is { } s && s.Trim().Length > 0 => [s.Trim()],
        _ => [],
    };
}

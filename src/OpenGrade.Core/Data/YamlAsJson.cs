using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OpenGrade.Core.Data;

/// <summary>
/// Turns a YAML data file into JSON (YAML's node model, no reflection). The one way OpenGrade's
/// data files (Data/**/*.yaml: frameworks and license facts) reach the program: the build converts
/// every file with this code and embeds the JSON, which the loaders read at run time; the same
/// conversion lets a loader take YAML text (tests, user data). Plain scalars keep YAML's core
/// types: true/false, null/~ and integers; other numbers stay strings ("2.0" is a version), and
/// numeric fields read them from strings.
/// </summary>
public static class YamlAsJson
{
    /// <summary>The YAML document as JSON text ("null" for an empty document).</summary>
    public static string Convert(string yaml) => ToJsonNode(yaml)?.ToJsonString() ?? "null";

    /// <summary>The YAML document as a JSON tree.</summary>
    public static JsonNode? ToJsonNode(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Count == 0 ? null : ToJson(stream.Documents[0].RootNode);
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(kv =>
            KeyValuePair.Create(((YamlScalarNode)kv.Key).Value ?? "", ToJson(kv.Value)))),
        YamlSequenceNode seq => new JsonArray([.. seq.Children.Select(ToJson)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var v = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain) return JsonValue.Create(v);
        switch (v)
        {
            case "" or "~" or "null" or "Null" or "NULL": return null;
            case "true" or "True" or "TRUE": return JsonValue.Create(true);
            case "false" or "False" or "FALSE": return JsonValue.Create(false);
        }
        // Other numbers stay strings ("2.0" is a version); numeric fields read them from strings.
        return long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? JsonValue.Create(l) : JsonValue.Create(v);
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OpenGrade.Core.Data;

/// <summary>
/// Reads a YAML data file into a type through System.Text.Json's source-generated metadata:
/// YAML's node tree (no reflection) becomes a JSON tree, which the generated code binds. This
/// keeps start-up fast for commands that need the catalog at once (license detection must
/// answer in a fraction of a second), where YamlDotNet's reflection binding costs ~0.1 s cold.
/// Plain scalars keep YAML's core types: true/false, null/~, integers and decimals.
/// </summary>
internal static class YamlAsJson
{
    public static T Read<T>(string yaml, JsonTypeInfo<T> info)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var root = stream.Documents.Count == 0 ? null : ToJson(stream.Documents[0].RootNode);
        return root.Deserialize(info) ?? throw new InvalidDataException("empty YAML document");
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

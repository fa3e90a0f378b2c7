using System.Text;
using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace OpenGrade.StandIn;

/// <summary>
/// A card's YAML front matter as JSON, the way the Hub hands it out as <c>cardData</c>: mappings become
/// objects, sequences arrays, scalars strings (the fields read from it, <c>license</c> and its kin, are text).
/// </summary>
public static class FrontMatter
{
    public static JsonObject? ToJson(byte[] card)
    {
        var text = Encoding.UTF8.GetString(card).Replace("\r\n", "\n", StringComparison.Ordinal);
        if (!text.StartsWith("---\n", StringComparison.Ordinal)) return null;
        var end = text.IndexOf("\n---", 3, StringComparison.Ordinal);
        if (end < 0) return null;
        var yaml = new YamlStream();
        yaml.Load(new StringReader(text[4..(end + 1)]));
        return yaml.Documents.Count == 0 ? null : Convert(yaml.Documents[0].RootNode) as JsonObject;
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(kv =>
            KeyValuePair.Create(((YamlScalarNode)kv.Key).Value ?? "", Convert(kv.Value)))),
        YamlSequenceNode seq => new JsonArray([.. seq.Children.Select(Convert)]),
        YamlScalarNode scalar => scalar.Value is null ? null : JsonValue.Create(scalar.Value),
        _ => null,
    };
}

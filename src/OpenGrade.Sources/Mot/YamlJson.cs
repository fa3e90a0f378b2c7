using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OpenGrade.Sources.Mot;

/// <summary>A YAML document as JSON, with the line and column where every value starts.</summary>
internal sealed record PositionedJson(JsonNode? Root, IReadOnlyDictionary<string, Mark> Positions)
{
    /// <summary>The position of the value at a JSON pointer, or of its nearest ancestor that has one.</summary>
    public Mark PositionOf(string pointer)
    {
        while (true)
        {
            if (Positions.TryGetValue(pointer, out var mark)) return mark;
            if (pointer.Length == 0) return Mark.Empty;
            pointer = pointer[..pointer.LastIndexOf('/')];
        }
    }
}

/// <summary>
/// Converts YAML to JSON the way MOT's YAML parser types plain scalars (null, booleans, numbers),
/// so that schema validation sees what MOT sees. Unquoted dates stay strings.
/// </summary>
internal static partial class YamlJson
{
    public static PositionedJson Convert(YamlDocument document)
    {
        var positions = new Dictionary<string, Mark>(StringComparer.Ordinal);
        var root = ToJson(document.RootNode, "", positions);
        return new PositionedJson(root, positions);
    }

    private static JsonNode? ToJson(YamlNode node, string pointer, Dictionary<string, Mark> positions)
    {
        positions[pointer] = node.Start;
        switch (node)
        {
            case YamlMappingNode map:
                var obj = new JsonObject();
                foreach (var (keyNode, valueNode) in map.Children)
                {
                    var key = keyNode is YamlScalarNode s ? s.Value ?? "" : keyNode.ToString();
                    if (obj.ContainsKey(key))
                    {
                        throw new YamlException(keyNode.Start, keyNode.End, $"duplicate key '{key}'");
                    }
                    var childPointer = $"{pointer}/{Escape(key)}";
                    obj[key] = ToJson(valueNode, childPointer, positions);
                    positions.TryAdd(childPointer + "#key", keyNode.Start);
                }
                return obj;
            case YamlSequenceNode seq:
                var array = new JsonArray();
                var i = 0;
                foreach (var item in seq.Children)
                {
                    array.Add(ToJson(item, $"{pointer}/{i++}", positions));
                }
                return array;
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                throw new YamlException(node.Start, node.End, "unsupported YAML node (aliases are not allowed here)");
        }
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style is not ScalarStyle.Plain) return JsonValue.Create(value);
        if (value is "" or "~" || value.Equals("null", StringComparison.OrdinalIgnoreCase)) return null;
        if (value.Equals("true", StringComparison.OrdinalIgnoreCase)) return JsonValue.Create(true);
        if (value.Equals("false", StringComparison.OrdinalIgnoreCase)) return JsonValue.Create(false);
        if (IntegerPattern().IsMatch(value) && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return JsonValue.Create(l);
        }
        if (FloatPattern().IsMatch(value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return JsonValue.Create(d);
        }
        return JsonValue.Create(value);
    }

    private static string Escape(string key) => key.Replace("~", "~0").Replace("/", "~1");

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}

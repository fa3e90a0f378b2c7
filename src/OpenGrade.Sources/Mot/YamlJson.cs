using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OpenGrade.Sources.Mot;

/// <summary>
/// Where a value starts in the YAML, and where each of its members or items starts. A tree beside
/// the JSON rather than a table keyed by JSON pointers: pointers grow with depth and key length,
/// so a table of them grows with the square of a hostile document's size.
/// </summary>
internal sealed record YamlPlace(Mark Start, IReadOnlyDictionary<string, YamlPlace>? Members = null, IReadOnlyList<YamlPlace>? Items = null)
{
    public YamlPlace? Child(string segment) =>
        Members is not null ? Members.GetValueOrDefault(segment)
        : Items is not null && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < Items.Count ? Items[i]
        : null;
}

/// <summary>A YAML document as JSON, with the line and column where every value starts.</summary>
internal sealed record PositionedJson(JsonNode? Root, YamlPlace Places)
{
    /// <summary>The position of the value at a JSON pointer, or of its nearest ancestor that has one.</summary>
    public Mark PositionOf(string pointer)
    {
        var place = Places;
        foreach (var segment in pointer.Split('/').Skip(1))
        {
            if (place.Child(segment.Replace("~1", "/").Replace("~0", "~")) is not { } child) break;
            place = child;
        }
        return place.Start;
    }
}

/// <summary>
/// Converts YAML to JSON the way MOT's YAML parser types plain scalars (null, booleans, numbers),
/// so that schema validation sees what MOT sees. Unquoted dates stay strings. Refuses, at their
/// position, what no model file holds and what would otherwise be echoed or crash later: keys that
/// are not plain values, merge keys, values longer than <see cref="MaxValueLength"/>, and numbers
/// JSON Schema cannot compare (beyond ±7.9e28, infinities, NaN).
/// </summary>
internal static partial class YamlJson
{
    /// <summary>The longest key or value a model file may hold; MOT's own are under 200 characters.</summary>
    public const int MaxValueLength = 4096;

    public static PositionedJson Convert(YamlDocument document)
    {
        var (root, places) = ToJson(document.RootNode);
        return new PositionedJson(root, places);
    }

    // Recursion is bounded: BoundedYaml refused documents nested deeper than its limit before they were loaded.
    private static (JsonNode? Json, YamlPlace Place) ToJson(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode map:
                var obj = new JsonObject();
                var members = new Dictionary<string, YamlPlace>(StringComparer.Ordinal);
                foreach (var (keyNode, valueNode) in map.Children)
                {
                    var key = Key(keyNode);
                    if (obj.ContainsKey(key))
                    {
                        throw new YamlException(keyNode.Start, keyNode.End, $"duplicate key '{key}'");
                    }
                    var (value, place) = ToJson(valueNode);
                    obj[key] = value;
                    members[key] = place;
                }
                return (obj, new YamlPlace(map.Start, Members: members));
            case YamlSequenceNode seq:
                var array = new JsonArray();
                var items = new List<YamlPlace>(seq.Children.Count);
                foreach (var item in seq.Children)
                {
                    var (value, place) = ToJson(item);
                    array.Add(value);
                    items.Add(place);
                }
                return (array, new YamlPlace(seq.Start, Items: items));
            case YamlScalarNode scalar:
                return (Scalar(scalar), new YamlPlace(scalar.Start));
            default:
                throw new YamlException(node.Start, node.End, "unsupported YAML node (aliases are not allowed here)");
        }
    }

    private static string Key(YamlNode keyNode)
    {
        if (keyNode is not YamlScalarNode scalar)
        {
            // MOT's YAML parser refuses complex keys too.
            throw new YamlException(keyNode.Start, keyNode.End, "a key must be a plain value, not a list or mapping");
        }
        var key = Checked(scalar);
        if (key == "<<" && scalar.Style is ScalarStyle.Plain)
        {
            // MOT's parser merges such keys, YamlDotNet keeps them as a key named "<<": they would read differently.
            throw new YamlException(keyNode.Start, keyNode.End, "merge keys ('<<') are not supported in a model file; write the keys out");
        }
        return key;
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var value = Checked(scalar);
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
            // Schema validation compares numbers as decimals; a larger one would crash it.
            if (!double.IsFinite(d) || Math.Abs(d) >= (double)decimal.MaxValue) throw OutOfRange(scalar, value);
            return JsonValue.Create(d);
        }
        if (SpecialFloat().IsMatch(value)) throw OutOfRange(scalar, value);
        return JsonValue.Create(value);
    }

    private static YamlException OutOfRange(YamlScalarNode scalar, string value) =>
        new(scalar.Start, scalar.End,
            $"the number {(value.Length > 40 ? value[..40] + "…" : value)} is out of range for a model file (at most ±7.9e28, no infinity or NaN); quote it if it is text");

    private static string Checked(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (value.Length > MaxValueLength)
        {
            throw new YamlException(scalar.Start, scalar.End,
                string.Create(CultureInfo.InvariantCulture, $"a value of {value.Length:N0} characters; a model file value is at most {MaxValueLength:N0}"));
        }
        return value;
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();

    /// <summary>YAML's spellings of infinity and not-a-number, which MOT's parser reads as floats.</summary>
    [GeneratedRegex(@"^[-+]?\.(inf|nan)$", RegexOptions.IgnoreCase)]
    private static partial Regex SpecialFloat();
}

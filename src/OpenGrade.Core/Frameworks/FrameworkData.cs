using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using OpenGrade.Core.Data;

namespace OpenGrade.Core.Frameworks;

/// <summary>
/// Binds a framework's data file (YAML in the source tree, JSON once converted by
/// <see cref="YamlAsJson"/>) to its document classes: underscored keys, unknown keys refused,
/// YAML scalars read as the field's type ("version: 9" is a string, "1.0e25" a number).
/// </summary>
internal static class FrameworkData
{
    /// <summary>A framework document from YAML text (tests, a user's framework file).</summary>
    public static T FromYaml<T>(string yaml, JsonTypeInfo<T> type)
    {
        string json;
        try
        {
            json = YamlAsJson.Convert(yaml);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new FormatException($"framework data, line {e.Start.Line}: {e.Message}", e);
        }
        return FromJson(json, type);
    }

    /// <summary>A framework document from its JSON form (the embedded data).</summary>
    public static T FromJson<T>(string json, JsonTypeInfo<T> type)
    {
        try
        {
            return JsonSerializer.Deserialize(json, type) ?? throw new FormatException("framework data: the document is empty");
        }
        catch (JsonException e)
        {
            throw new FormatException($"framework data: {e.Message}", e);
        }
    }
}

/// <summary>A YAML scalar is text whatever it looks like: a number where a string is expected is its text.</summary>
internal sealed class ScalarAsString : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.ValueSpan),
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Null => null,
        _ => throw new JsonException($"expected a text value, found {reader.TokenType}"),
    };

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    Converters = [typeof(ScalarAsString)])]
[JsonSerializable(typeof(MofFrameworkLoader.Document), TypeInfoPropertyName = "MofDocument")]
[JsonSerializable(typeof(OsaidFrameworkLoader.Document), TypeInfoPropertyName = "OsaidDocument")]
[JsonSerializable(typeof(EuAiActRulesLoader.Document), TypeInfoPropertyName = "EuAiActDocument")]
internal sealed partial class FrameworkJson : JsonSerializerContext;

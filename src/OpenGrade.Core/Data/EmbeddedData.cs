using System.Reflection;
using System.Text.Json;

namespace OpenGrade.Core.Data;

/// <summary>
/// Reads the data compiled into this assembly: the license index, and every data file of
/// Data/**/*.yaml as the JSON the build converted it to (<see cref="YamlAsJson"/>). One mechanism
/// for all of them; the YAML files in the source tree stay the data to edit.
/// </summary>
internal static class EmbeddedData
{
    /// <summary>A binary data file compiled into this assembly (the license index).</summary>
    public static Stream OpenStream(string name)
    {
        var assembly = typeof(EmbeddedData).Assembly;
        return assembly.GetManifestResourceStream($"OpenGrade.Data.{name}")
            ?? throw new InvalidOperationException($"embedded data file '{name}' is missing from {assembly.GetName().Name}; rebuild OpenGrade.Core (it needs node and npm)");
    }

    /// <summary>The JSON of the data file Data/<paramref name="name"/>.yaml ("frameworks/mof-1.0").</summary>
    public static string ReadJsonText(string name)
    {
        using var reader = new StreamReader(OpenStream(name + ".json"));
        return reader.ReadToEnd();
    }

    /// <summary>The data file Data/<paramref name="name"/>.yaml, as a JSON document.</summary>
    public static JsonDocument ReadJson(string name)
    {
        using var stream = OpenStream(name + ".json");
        return JsonDocument.Parse(stream);
    }
}

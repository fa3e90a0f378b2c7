using System.Reflection;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace OpenGrade.Core.Data;

/// <summary>Reads the declarative data files compiled into this assembly.</summary>
internal static class EmbeddedData
{
    private static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    public static string ReadText(string name)
    {
        var assembly = typeof(EmbeddedData).Assembly;
        using var stream = assembly.GetManifestResourceStream($"OpenGrade.Data.{name}")
            ?? throw new InvalidOperationException($"embedded data file '{name}' is missing from {assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>A binary data file compiled into this assembly (the license index).</summary>
    public static Stream OpenStream(string name)
    {
        var assembly = typeof(EmbeddedData).Assembly;
        return assembly.GetManifestResourceStream($"OpenGrade.Data.{name}")
            ?? throw new InvalidOperationException($"embedded data file '{name}' is missing from {assembly.GetName().Name}; rebuild OpenGrade.Core (it needs node and npm)");
    }

    public static T ReadYaml<T>(string name) => Yaml.Deserialize<T>(ReadText(name));

    public static T ParseYaml<T>(string text) => Yaml.Deserialize<T>(text);
}

using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Json.Schema;
using OpenGrade.Core.Domain;
using OpenGrade.Core.Frameworks;
using OpenGrade.Core.Parsing;
using OpenGrade.Sources.Files;
using YamlDotNet.Core;

namespace OpenGrade.Sources.Mot;

/// <summary>
/// Reads a Model Openness Tool model file (YAML): parses it, validates it against the MOT model
/// schema, and refuses what MOT would silently get wrong (unknown or repeated component names).
/// Every problem is reported with file, line and column. Hostile files are refused before they
/// cost much: more than <see cref="MaxFileBytes"/>, anything but a regular file, YAML nested or
/// aliased beyond <see cref="BoundedYaml"/>'s limits, and values <see cref="YamlJson"/> refuses.
/// </summary>
public sealed class MotModelReader(MofFramework framework)
{
    /// <summary>The largest model file read: MOT's are under 20 KiB.</summary>
    public const long MaxFileBytes = 4L << 20;

    /// <summary>The longest key or value in a model file (it may be echoed in every report).</summary>
    public const int MaxValueLength = YamlJson.MaxValueLength;

    private static readonly Lazy<JsonSchema> Schema = new(LoadSchema);

    private static readonly EvaluationOptions SchemaOptions = new()
    {
        OutputFormat = OutputFormat.List,
        RequireFormatValidation = true,
    };

    public ModelRelease ReadFile(string path)
    {
        string text;
        try
        {
            text = RegularFile.ReadText(path, MaxFileBytes);
        }
        catch (FileRefusedException e)
        {
            throw new ModelFileException(path, 0, 0, e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelFileException(path, 0, 0, $"cannot read the file: {e.Message}");
        }
        return Parse(text, path);
    }

    public ModelRelease Parse(string text, string path)
    {
        var json = ParseYaml(text, path);
        Validate(json, path);
        return ToRelease(json, path);
    }

    private static PositionedJson ParseYaml(string text, string path)
    {
        try
        {
            var stream = BoundedYaml.Load(text);
            if (stream.Documents.Count == 0) throw new ModelFileException(path, 0, 0, "the file is empty");
            if (stream.Documents.Count > 1)
            {
                var second = stream.Documents[1].RootNode.Start;
                throw new ModelFileException(path, (int)second.Line, (int)second.Column, "a model file holds one YAML document; found another here");
            }
            return YamlJson.Convert(stream.Documents[0]);
        }
        catch (YamlException e)
        {
            throw new ModelFileException(path, (int)e.Start.Line, (int)e.Start.Column, $"invalid YAML: {BoundedYaml.Problem(e)}");
        }
    }

    private static void Validate(PositionedJson json, string path)
    {
        var result = Schema.Value.Evaluate(json.Root, SchemaOptions);
        if (result.IsValid) return;
        var first = (result.Details.Count > 0 ? result.Details : [result])
            .Where(d => d.HasErrors && d.Errors is { Count: > 0 })
            .OrderByDescending(d => d.InstanceLocation.Count)
            .FirstOrDefault();
        var pointer = first?.InstanceLocation.ToString() ?? "";
        var message = first?.Errors?.Values.FirstOrDefault() ?? "does not match the MOT model schema";
        var mark = json.PositionOf(pointer);
        var where = pointer.Length == 0 ? "document" : Dotted(pointer);
        throw new ModelFileException(path, (int)mark.Line, (int)mark.Column, $"schema violation at {where}: {message}");
    }

    private ModelRelease ToRelease(PositionedJson json, string path)
    {
        var release = json.Root!["release"]!.AsObject();
        var license = release["license"] as JsonObject;
        var components = ImmutableArray.CreateBuilder<ComponentEntry>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        if (release["components"] is JsonArray items)
        {
            for (var i = 0; i < items.Count; i++)
            {
                var item = items[i]!.AsObject();
                var pointer = $"/release/components/{i}";
                var mark = json.PositionOf(pointer + "/name");
                var name = Str(item, "name")!;
                if (framework.Find(name) is null)
                {
                    var near = framework.FindIgnoringCase(name);
                    var hint = near is not null ? $" (did you mean '{near.Name}'?)" : $"; MOF {framework.Version} components are: {string.Join(", ", framework.Components.Select(c => c.Name))}";
                    throw new ModelFileException(path, (int)mark.Line, (int)mark.Column, $"unknown component '{name}'{hint}");
                }
                if (seen.TryGetValue(name, out var firstLine))
                {
                    throw new ModelFileException(path, (int)mark.Line, (int)mark.Column, $"component '{name}' is listed twice (first at line {firstLine})");
                }
                seen[name] = (int)mark.Line;
                components.Add(new ComponentEntry(name, Str(item, "description"), Str(item, "license"),
                    Str(item, "license_path"), Str(item, "component_path"), new SourceLocation(path, (int)mark.Line, (int)mark.Column)));
            }
        }
        return new ModelRelease(
            Str(release, "name")!,
            Str(release, "version"),
            Str(release, "producer"),
            Str(release, "date"),
            Str(release, "type"),
            Str(release, "architecture"),
            Str(release, "repository"),
            Str(release, "huggingface"),
            new GlobalLicenses(Slot(license, "distribution"), Slot(license, "code"), Slot(license, "data"), Slot(license, "document")),
            components.ToImmutable());
    }

    private static LicenseDeclaration? Slot(JsonObject? license, string key) =>
        license?[key] is JsonObject slot ? new LicenseDeclaration(Str(slot, "name"), Str(slot, "path")) : null;

    /// <summary>A string field; numbers and booleans that the schema lets through (unknown keys) are read as text.</summary>
    private static string? Str(JsonObject obj, string key) => obj[key] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonNode n => n.ToJsonString(),
    };

    private static string Dotted(string pointer) =>
        string.Join('.', pointer.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => int.TryParse(p, out var n) ? $"[{n}]" : p.Replace("~1", "/").Replace("~0", "~")))
            .Replace(".[", "[");

    private static JsonSchema LoadSchema()
    {
        using var stream = typeof(MotModelReader).Assembly.GetManifestResourceStream("OpenGrade.Sources.mot-model.schema.json")
            ?? throw new InvalidOperationException("the embedded MOT model schema is missing");
        using var reader = new StreamReader(stream);
        return JsonSchema.FromText(reader.ReadToEnd());
    }
}

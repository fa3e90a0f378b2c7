using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Json.Schema;

namespace OpenGrade.Reports.Aibom;

/// <summary>
/// The official SPDX 3.0.1 and CycloneDX 1.6 / 1.7 JSON schemas, read once from a folder (the
/// shared <c>schemas/</c> copies: third-party files, never copied into the repository) and reused
/// for every document. Offline: the helper schemas CycloneDX refers to are registered by their $id.
/// </summary>
/// <remarks>
/// The SPDX schema checks each <c>@graph</c> object against an <c>anyOf</c> over ~80 classes with
/// <c>unevaluatedProperties: false</c>, which takes seconds per document. An object valid against
/// the class its <c>type</c> names is valid against that <c>anyOf</c> (the class is one of its
/// branches), so each object is first checked against its own class alone; only a document that
/// fails that way is evaluated against the whole schema, which then gives the verdict. Same
/// verdicts, a fraction of the time (docs/exports.md, "Validation").
/// </remarks>
public sealed class AibomSchemaSet
{
    public const string Spdx = "spdx-3.0.1.schema.json";
    public const string CycloneDx16 = "cyclonedx-bom-1.6.schema.json";
    public const string CycloneDx17 = "cyclonedx-bom-1.7.schema.json";
    private static readonly string[] CycloneDxHelpers = ["cyclonedx-spdx.schema.json", "cyclonedx-jsf-0.82.schema.json", "cyclonedx-cryptography-defs.schema.json"];

    private readonly JsonSchema _spdx;
    private readonly JsonObject _spdxDefs;
    private readonly JsonSchema _cdx16;
    private readonly JsonSchema _cdx17;
    private readonly EvaluationOptions _flag;
    private readonly ConcurrentDictionary<string, JsonSchema?> _spdxClasses = new(StringComparer.Ordinal);

    private AibomSchemaSet(string folder)
    {
        string At(string file) => Path.GetFullPath(Path.Combine(folder, file));
        _spdx = JsonSchema.FromFile(At(Spdx));
        _spdxDefs = JsonNode.Parse(File.ReadAllText(At(Spdx)))!["$defs"]!.AsObject();
        _cdx16 = JsonSchema.FromFile(At(CycloneDx16));
        _cdx17 = JsonSchema.FromFile(At(CycloneDx17));
        Helpers = [.. CycloneDxHelpers.Select(h => JsonSchema.FromFile(At(h)))];
        _flag = Options(OutputFormat.Flag);
    }

    private IReadOnlyList<JsonSchema> Helpers { get; }

    /// <summary>Reads the schemas in <paramref name="folder"/>; throws <see cref="FileNotFoundException"/> naming the first one missing.</summary>
    public static AibomSchemaSet Load(string folder)
    {
        string[] files = [Spdx, CycloneDx16, CycloneDx17, .. CycloneDxHelpers];
        foreach (var file in files)
        {
            if (!File.Exists(Path.Combine(folder, file))) throw new FileNotFoundException($"{Path.Combine(folder, file)}: no such schema file", file);
        }
        return new AibomSchemaSet(folder);
    }

    /// <summary>Null when the document is valid against the schema it claims (SPDX for JSON-LD, else CycloneDX by specVersion); else its first failing locations.</summary>
    public string? Validate(JsonNode document)
    {
        if (document["@context"] is not null)
        {
            if (SpdxByClass(document)) return null;
            return _spdx.Evaluate(document, _flag).IsValid ? null : Errors(_spdx, document);
        }
        var schema = (string?)document["specVersion"] == "1.7" ? _cdx17 : _cdx16;
        return schema.Evaluate(document, _flag).IsValid ? null : Errors(schema, document);
    }

    /// <summary>SPDX against the whole schema only, without the per-class first pass (to compare the two in <c>bench aibom</c>).</summary>
    public string? ValidateWhole(JsonNode document) =>
        _spdx.Evaluate(document, _flag).IsValid ? null : Errors(_spdx, document);

    /// <summary>The fast, sound half of SPDX validation: true only when every part is valid as the schema would judge it.</summary>
    private bool SpdxByClass(JsonNode document)
    {
        if (document is not JsonObject doc || doc.Count != 2 || (string?)doc["@context"] != "https://spdx.org/rdf/3.0.1/spdx-context.jsonld" || doc["@graph"] is not JsonArray graph) return false;
        foreach (var item in graph)
        {
            if (item is not JsonObject o || o["type"] is not JsonValue t || !t.TryGetValue<string>(out var type)) return false;
            if (_spdxClasses.GetOrAdd(type, ClassSchema) is not { } schema || !schema.Evaluate(o, _flag).IsValid) return false;
        }
        return true;
    }

    /// <summary>One class of the SPDX schema as a schema of its own: the schema's definitions, and the class with no other properties allowed (as @graph items are).</summary>
    private JsonSchema? ClassSchema(string type)
    {
        if (!_spdxDefs.ContainsKey(type)) return null;
        var wrapper = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = $"https://opengrade.invalid/spdx-3.0.1/{Uri.EscapeDataString(type)}",
            ["type"] = "object",
            ["$ref"] = $"#/$defs/{type}",
            ["unevaluatedProperties"] = false,
            ["$defs"] = _spdxDefs.DeepClone(),
        };
        return JsonSchema.FromText(wrapper.ToJsonString());
    }

    private EvaluationOptions Options(OutputFormat format)
    {
        var options = new EvaluationOptions { OutputFormat = format, RequireFormatValidation = true };
        foreach (var helper in Helpers) options.SchemaRegistry.Register(helper);
        return options;
    }

    private string Errors(JsonSchema schema, JsonNode document)
    {
        var detailed = schema.Evaluate(document, Options(OutputFormat.List));
        return string.Join("\n", (detailed.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .Select(d => $"{d.InstanceLocation}: {string.Join("; ", d.Errors!.Values)}")
            .Distinct()
            .Take(8));
    }
}

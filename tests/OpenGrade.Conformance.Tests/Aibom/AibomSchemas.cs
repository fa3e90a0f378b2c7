using System.Text.Json.Nodes;
using Json.Schema;
using OpenGrade.Testing;

namespace OpenGrade.Conformance.Tests.Aibom;

/// <summary>
/// The official SPDX 3.0.1 and CycloneDX 1.6 / 1.7 JSON schemas, read from ../shared/schemas
/// (third-party files: never copied into the repository). Validation is offline: the helper
/// schemas CycloneDX refers to are registered under their $id first.
/// </summary>
public static class AibomSchemas
{
    private static readonly string[] CycloneDxHelpers = ["cyclonedx-spdx.schema.json", "cyclonedx-jsf-0.82.schema.json", "cyclonedx-cryptography-defs.schema.json"];

    private static readonly Lazy<JsonSchema> Spdx = new(() => Load("spdx-3.0.1.schema.json"));
    private static readonly Lazy<JsonSchema> Cdx16 = new(() => Load("cyclonedx-bom-1.6.schema.json"));
    private static readonly Lazy<JsonSchema> Cdx17 = new(() => Load("cyclonedx-bom-1.7.schema.json"));
    private static readonly Lazy<IReadOnlyList<JsonSchema>> Helpers = new(() =>
        [.. CycloneDxHelpers.Select(h => JsonSchema.FromFile(SharedCorpus.PathTo("schemas", h)))]);

    private static JsonSchema Load(string file) => JsonSchema.FromFile(SharedCorpus.PathTo("schemas", file));

    // One options object per output format, reused: JsonSchema.Net caches the evaluation plan per options.
    private static readonly Lazy<EvaluationOptions> Flag = new(() => NewOptions(OutputFormat.Flag));

    private static EvaluationOptions Options(OutputFormat format) => format == OutputFormat.Flag ? Flag.Value : NewOptions(format);

    private static EvaluationOptions NewOptions(OutputFormat format)
    {
        var options = new EvaluationOptions { OutputFormat = format, RequireFormatValidation = true };
        // CycloneDX refers to its helper schemas by $id; registered here, nothing is fetched.
        foreach (var helper in Helpers.Value) options.SchemaRegistry.Register(helper);
        return options;
    }

    /// <summary>The schema a document claims: SPDX 3.0.1 for JSON-LD, else CycloneDX by specVersion.</summary>
    public static JsonSchema For(JsonNode document) =>
        document["@context"] is not null ? Spdx.Value : (string?)document["specVersion"] == "1.7" ? Cdx17.Value : Cdx16.Value;

    /// <summary>Null when valid; else the first failing locations (the flag pass is fast, the detailed pass runs only on failure).</summary>
    public static string? Validate(JsonNode document)
    {
        var schema = For(document);
        if (schema.Evaluate(document, Options(OutputFormat.Flag)).IsValid) return null;
        var detailed = schema.Evaluate(document, Options(OutputFormat.List));
        var errors = (detailed.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .Select(d => $"{d.InstanceLocation}: {string.Join("; ", d.Errors!.Values)}")
            .Distinct()
            .Take(8);
        return string.Join("\n", errors);
    }
}

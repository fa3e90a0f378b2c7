using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace OpenGrade.Reports.Aibom;

/// <summary>One category of the completeness score: fields present, fields counted, points earned of its weight.</summary>
public sealed record CompletenessCategory(string Name, int Present, int Total, double Weight, double Points);

/// <summary>The completeness of a CycloneDX AI-BOM, 0-100, computed the way OWASP's AIBOM generator does (docs/exports.md).</summary>
public sealed record AibomCompleteness(double Score, double Subtotal, double Penalty, ImmutableArray<CompletenessCategory> Categories, ImmutableArray<string> Missing)
{
    private enum Tier { Critical, Important, Supplementary }

    private sealed record Field(string Name, Tier Tier, string Category, Func<Doc, bool> IsPresent);

    /// <summary>The weights OWASP's field registry gives its five categories (they sum to 100).</summary>
    public static readonly ImmutableDictionary<string, double> CategoryWeights = new Dictionary<string, double>
    {
        ["required_fields"] = 20,
        ["metadata"] = 20,
        ["component_basic"] = 20,
        ["component_model_card"] = 30,
        ["external_references"] = 10,
    }.ToImmutableDictionary();

    /// <summary>
    /// OWASP's registry fields with their tier and category, less the eleven GGUF-header fields
    /// (vocabulary size, RoPE dimensions, ...) that only a GGUF file can supply. Presence is looked
    /// for on the model component (<c>metadata.component</c>, else the first ML component), its
    /// model card and the property lists, as OWASP's checker does.
    /// </summary>
    private static readonly ImmutableArray<Field> Fields =
    [
        new("bomFormat", Tier.Critical, "required_fields", d => d.Root["bomFormat"] is not null),
        new("specVersion", Tier.Critical, "required_fields", d => d.Root["specVersion"] is not null),
        new("serialNumber", Tier.Critical, "required_fields", d => d.Root["serialNumber"] is not null),
        new("version", Tier.Critical, "required_fields", d => d.Root["version"] is not null),
        new("primaryPurpose", Tier.Critical, "metadata", d => Has(d.Parameters?["task"])),
        new("suppliedBy", Tier.Critical, "metadata", d => Has(d.Model?["supplier"]?["name"]) || Has(d.Root["metadata"]?["supplier"]?["name"])),
        new("standardCompliance", Tier.Supplementary, "metadata", d => d.HasProperty("standardCompliance")),
        new("domain", Tier.Supplementary, "metadata", d => d.HasProperty("domain")),
        new("autonomyType", Tier.Supplementary, "metadata", d => d.HasProperty("autonomyType")),
        new("name", Tier.Critical, "component_basic", d => Has(d.Model?["name"])),
        new("type", Tier.Critical, "component_basic", d => Has(d.Model?["type"])),
        new("component_version", Tier.Critical, "component_basic", d => Has(d.Model?["version"])),
        new("purl", Tier.Important, "component_basic", d => Has(d.Model?["purl"])),
        new("description", Tier.Important, "component_basic", d => Has(d.Model?["description"])),
        new("licenses", Tier.Important, "component_basic", d => Has(d.Model?["licenses"])),
        new("external_references", Tier.Supplementary, "component_basic", d => Has(d.Model?["externalReferences"])),
        new("datasets", Tier.Important, "component_model_card", d => Has(d.Parameters?["datasets"])),
        new("ethicalConsiderations", Tier.Important, "component_model_card", d => Has(d.Considerations?["ethicalConsiderations"])),
        new("energyConsumption", Tier.Important, "component_model_card", d => d.HasProperty("energyConsumption") || Has(d.Considerations?["environmentalConsiderations"])),
        new("hyperparameter", Tier.Important, "component_model_card", d => d.HasProperty("hyperparameter")),
        new("technicalLimitations", Tier.Important, "component_model_card", d => Has(d.Considerations?["technicalLimitations"])),
        new("safetyRiskAssessment", Tier.Important, "component_model_card", d => d.HasProperty("safetyRiskAssessment")),
        new("intendedUse", Tier.Important, "component_model_card", d => Has(d.Considerations?["useCases"])),
        new("typeOfModel", Tier.Important, "component_model_card", d => Has(d.Parameters?["modelArchitecture"])),
        new("modelExplainability", Tier.Supplementary, "component_model_card", d => d.HasProperty("modelExplainability") || d.HasProperty("modelCardExplainability")),
        new("energyQuantity", Tier.Supplementary, "component_model_card", d => d.HasProperty("energyQuantity")),
        new("energyUnit", Tier.Supplementary, "component_model_card", d => d.HasProperty("energyUnit")),
        new("informationAboutTraining", Tier.Supplementary, "component_model_card", d => d.HasProperty("informationAboutTraining")),
        new("informationAboutApplication", Tier.Supplementary, "component_model_card", d => d.HasProperty("informationAboutApplication")),
        new("metric", Tier.Supplementary, "component_model_card", d => d.HasProperty("metric") || Has(d.Card?["quantitativeAnalysis"]?["performanceMetrics"])),
        new("metricDecisionThreshold", Tier.Supplementary, "component_model_card", d => d.HasProperty("metricDecisionThreshold")),
        new("modelDataPreprocessing", Tier.Supplementary, "component_model_card", d => d.HasProperty("modelDataPreprocessing")),
        new("useSensitivePersonalInformation", Tier.Supplementary, "component_model_card", d => d.HasProperty("useSensitivePersonalInformation")),
        new("downloadLocation", Tier.Important, "external_references", d => d.HasReference("distribution") || d.HasReference("website")),
        new("paper", Tier.Supplementary, "external_references", d => d.HasReference("documentation")),
        new("vcs", Tier.Supplementary, "external_references", d => d.HasReference("vcs")),
        new("website", Tier.Supplementary, "external_references", d => d.HasReference("website")),
    ];

    public static IReadOnlyList<string> FieldNames { get; } = [.. Fields.Select(f => f.Name)];

    /// <summary>Scores any CycloneDX document (ours or anyone's).</summary>
    public static AibomCompleteness Of(JsonObject cycloneDx)
    {
        var doc = new Doc(cycloneDx);
        var present = Fields.ToDictionary(f => f.Name, f => f.IsPresent(doc));
        var categories = CategoryWeights.Keys.OrderBy(k => k, StringComparer.Ordinal).Select(c =>
        {
            var fields = Fields.Where(f => f.Category == c).ToList();
            var have = fields.Count(f => present[f.Name]);
            return new CompletenessCategory(c, have, fields.Count, CategoryWeights[c], Math.Round(CategoryWeights[c] * have / fields.Count, 1));
        }).ToImmutableArray();
        var subtotal = categories.Sum(c => c.Points);
        var missingCritical = Fields.Count(f => f.Tier == Tier.Critical && !present[f.Name]);
        var missingImportant = Fields.Count(f => f.Tier == Tier.Important && !present[f.Name]);
        var penalty = (missingCritical > 3 ? 0.8 : missingCritical >= 2 ? 0.9 : 1.0) * (missingImportant >= 5 ? 0.95 : 1.0);
        var score = Math.Clamp(Math.Round(subtotal * penalty, 1), 0, 100);
        return new AibomCompleteness(score, subtotal, penalty, categories, [.. Fields.Where(f => !present[f.Name]).Select(f => f.Name)]);
    }

    private static bool Has(JsonNode? node) => node switch
    {
        null => false,
        JsonArray a => a.Count > 0,
        JsonObject o => o.Count > 0,
        JsonValue v => v.TryGetValue<string>(out var s) ? s.Length > 0 : true,
        _ => true,
    };

    /// <summary>The parts of a CycloneDX document the fields look at.</summary>
    private sealed class Doc(JsonObject root)
    {
        public JsonObject Root { get; } = root;

        public JsonObject? Model { get; } = FindModel(root);

        public JsonNode? Card => Model?["modelCard"];
        public JsonNode? Parameters => Card?["modelParameters"];
        public JsonNode? Considerations => Card?["considerations"];

        private static JsonObject? FindModel(JsonObject root)
        {
            if (root["metadata"]?["component"] is JsonObject m && (string?)m["type"] == "machine-learning-model") return m;
            var components = root["components"] as JsonArray;
            return components?.OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == "machine-learning-model")
                ?? components?.OfType<JsonObject>().FirstOrDefault();
        }

        /// <summary>A property named <paramref name="field"/>, or ending in <c>:field</c>, in the metadata, model or model-card properties.</summary>
        public bool HasProperty(string field) =>
            new[] { Root["metadata"]?["properties"], Model?["properties"], Card?["properties"] }
                .OfType<JsonArray>().SelectMany(a => a.OfType<JsonObject>())
                .Any(p => (string?)p["name"] is { } n && (n == field || n.EndsWith(":" + field, StringComparison.Ordinal)) && Has(p["value"]));

        public bool HasReference(string type) =>
            Model?["externalReferences"] is JsonArray refs && refs.OfType<JsonObject>().Any(r => (string?)r["type"] == type && Has(r["url"]));
    }
}

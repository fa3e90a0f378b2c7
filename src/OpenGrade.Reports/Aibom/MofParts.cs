using OpenGrade.Core.Frameworks;

namespace OpenGrade.Reports.Aibom;

/// <summary>What an AI-BOM element a MOF component becomes: the model itself, another model, data, code or a document.</summary>
public enum PartKind
{
    Model,
    Checkpoint,
    TrainingData,
    EvaluationData,
    Metadata,
    Samples,
    Code,
    Library,
    Documentation,
    EvaluationResults,
}

/// <summary>
/// The 17 MOF components as AI-BOM parts: the kebab-case names of the CNCF draft for OCI model
/// annotations (<c>org.cncf.ai.model.mof.components</c>) and the element kind each becomes.
/// </summary>
public static class MofParts
{
    private static readonly Dictionary<string, (string Kebab, PartKind Kind)> Table = new(StringComparer.Ordinal)
    {
        ["Datasets"] = ("datasets", PartKind.TrainingData),
        ["Data preprocessing code"] = ("data-preprocessing-code", PartKind.Code),
        ["Model architecture"] = ("model-architecture", PartKind.Code),
        ["Model parameters (Final)"] = ("final-model-parameters", PartKind.Model),
        ["Model parameters (Intermediate)"] = ("intermediate-model-parameters", PartKind.Checkpoint),
        ["Model metadata"] = ("model-metadata", PartKind.Metadata),
        ["Training code"] = ("training-code", PartKind.Code),
        ["Inference code"] = ("inference-code", PartKind.Code),
        ["Evaluation code"] = ("evaluation-code", PartKind.Code),
        ["Evaluation data"] = ("evaluation-data", PartKind.EvaluationData),
        ["Evaluation results"] = ("evaluation-results", PartKind.EvaluationResults),
        ["Supporting libraries and tools"] = ("supporting-libraries-and-tools", PartKind.Library),
        ["Model card"] = ("model-card", PartKind.Documentation),
        ["Data card"] = ("data-card", PartKind.Documentation),
        ["Technical report"] = ("technical-report", PartKind.Documentation),
        ["Research paper"] = ("research-paper", PartKind.Documentation),
        ["Sample model outputs"] = ("sample-model-outputs", PartKind.Samples),
    };

    public static string Kebab(MofComponent c) => Table.TryGetValue(c.Name, out var t) ? t.Kebab : Slug(c.Name);

    public static PartKind KindOf(MofComponent c) => Table.TryGetValue(c.Name, out var t) ? t.Kind : PartKind.Documentation;

    /// <summary>The MOF component name for a CNCF kebab-case name, or null.</summary>
    public static string? NameOf(string kebab) => Table.FirstOrDefault(kv => kv.Value.Kebab == kebab).Key;

    /// <summary>Lower-case letters, digits and single hyphens: safe in IRIs, bom-refs and LicenseRef ids.</summary>
    public static string Slug(string text)
    {
        var chars = text.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) || c == '.' ? c : '-').ToArray();
        var slug = string.Join('-', new string(chars).Split('-', StringSplitOptions.RemoveEmptyEntries));
        return slug.Length == 0 ? "x" : slug.Length > 64 ? slug[..64].TrimEnd('-') : slug;
    }
}

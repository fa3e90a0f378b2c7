using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenGrade.Reports.Aibom;

/// <summary>
/// The entry point for <c>assess --format spdx3|cyclonedx|cyclonedx-1.7|oci-annotations</c>:
/// one document per assessed target, as text. Pure: the time comes from <see cref="ExportContext"/>.
/// </summary>
public static class AibomFormats
{
    public static IReadOnlyList<string> Names { get; } = ["spdx3", "cyclonedx", "cyclonedx-1.7", "oci-annotations"];

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static bool IsKnown(string format) => Names.Contains(format, StringComparer.Ordinal);

    /// <summary>The document for <paramref name="format"/>; throws <see cref="ArgumentException"/> for an unknown format or a target that failed.</summary>
    public static string Render(AssessedTarget target, string format, ExportContext ctx) =>
        ToJson(target, format, ctx).ToJsonString(Indented) + "\n";

    public static JsonObject ToJson(AssessedTarget target, string format, ExportContext ctx)
    {
        if (!IsKnown(format)) throw new ArgumentException($"unknown AI-BOM format '{format}' (expected {string.Join(", ", Names)})", nameof(format));
        var facts = BomFacts.From(target, ctx);
        return format switch
        {
            "spdx3" => Spdx3Export.Render(facts, ctx),
            "cyclonedx" => CycloneDxExport.Render(facts, CycloneDxVersion.V1_6, ctx.ToolVersion),
            "cyclonedx-1.7" => CycloneDxExport.Render(facts, CycloneDxVersion.V1_7, ctx.ToolVersion),
            _ => OciAnnotations.Render(facts),
        };
    }

    /// <summary>The OWASP-comparable completeness of the CycloneDX 1.6 document OpenGrade writes for the target.</summary>
    public static AibomCompleteness Completeness(AssessedTarget target, ExportContext ctx) =>
        AibomCompleteness.Of(CycloneDxExport.Render(BomFacts.From(target, ctx), CycloneDxVersion.V1_6, ctx.ToolVersion));
}

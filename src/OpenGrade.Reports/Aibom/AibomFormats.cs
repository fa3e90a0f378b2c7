using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenGrade.Reports.Aibom;

/// <summary>
/// The entry point for <c>assess --format spdx3|cyclonedx|cyclonedx-1.7|oci-annotations|html|badge|badge-osaid|badge-eu-ai-act</c>:
/// one document per assessed target, as text. Pure: the time comes from <see cref="ExportContext"/>.
/// </summary>
public static class AibomFormats
{
    /// <summary>The JSON formats (<see cref="ToJson"/>).</summary>
    public static IReadOnlyList<string> JsonNames { get; } = ["spdx3", "cyclonedx", "cyclonedx-1.7", "oci-annotations"];

    /// <summary>Every format <see cref="Render"/> knows: the JSON ones, the HTML report and an SVG badge per framework (<c>badge</c> = MOF).</summary>
    public static IReadOnlyList<string> Names { get; } = [.. JsonNames, "html", "badge", "badge-osaid", "badge-eu-ai-act"];

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static bool IsKnown(string format) => Names.Contains(format, StringComparer.Ordinal);

    /// <summary>The document for <paramref name="format"/>; throws <see cref="ArgumentException"/> for an unknown format or a target that failed.</summary>
    public static string Render(AssessedTarget target, string format, ExportContext ctx) => format switch
    {
        "html" => HtmlReport.Render(target, ctx),
        "badge" => BadgeFor(target, "mof"),
        "badge-osaid" => BadgeFor(target, "osaid"),
        "badge-eu-ai-act" => BadgeFor(target, "eu-ai-act"),
        _ => ToJson(target, format, ctx).ToJsonString(Indented) + "\n",
    };

    /// <summary>The SVG badge of one framework; throws when the target failed or the framework was not judged.</summary>
    public static string BadgeFor(AssessedTarget target, string framework)
    {
        var a = target.Assessment ?? throw new ArgumentException($"{target.Target} was not assessed: {target.Error}", nameof(target));
        return Badge.Svg(Badge.Face(a, framework) ?? throw new ArgumentException($"{target.Target}: {framework} was not judged", nameof(framework)));
    }

    /// <summary>The media type of a format's output (for <c>-o</c> and HTTP).</summary>
    public static string MediaType(string format) => format switch
    {
        "spdx3" => "application/spdx+json",
        "cyclonedx" or "cyclonedx-1.7" => "application/vnd.cyclonedx+json",
        "html" => "text/html",
        "badge" or "badge-osaid" or "badge-eu-ai-act" => "image/svg+xml",
        _ => "application/json",
    };

    public static JsonObject ToJson(AssessedTarget target, string format, ExportContext ctx)
    {
        if (!JsonNames.Contains(format, StringComparer.Ordinal)) throw new ArgumentException($"unknown AI-BOM format '{format}' (expected {string.Join(", ", JsonNames)})", nameof(format));
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

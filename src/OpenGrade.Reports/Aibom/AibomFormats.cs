using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenGrade.Reports.Aibom;

/// <summary>
/// The entry point for <c>assess --format spdx3|cyclonedx|cyclonedx-1.7|oci-annotations|html|badge[-osaid|-eu-ai-act][-png]</c>:
/// one document per assessed target, as text. Pure: the time comes from <see cref="ExportContext"/>.
/// </summary>
public static class AibomFormats
{
    /// <summary>The JSON formats (<see cref="ToJson"/>).</summary>
    public static IReadOnlyList<string> JsonNames { get; } = ["spdx3", "cyclonedx", "cyclonedx-1.7", "oci-annotations"];

    /// <summary>The PNG badges (<see cref="RenderBytes"/>): the same badges as the SVG ones, as pictures.</summary>
    public static IReadOnlyList<string> PngNames { get; } = ["badge-png", "badge-osaid-png", "badge-eu-ai-act-png"];

    /// <summary>Every format: the JSON ones, the HTML report and an SVG badge per framework (<c>badge</c> = MOF) as text (<see cref="Render"/>), and the PNG badges as bytes.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. JsonNames, "html", "badge", "badge-osaid", "badge-eu-ai-act", .. PngNames];

    /// <summary>Whether a format's output is bytes (<see cref="RenderBytes"/>), not text.</summary>
    public static bool IsBinary(string format) => PngNames.Contains(format, StringComparer.Ordinal);

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static bool IsKnown(string format) => Names.Contains(format, StringComparer.Ordinal);

    /// <summary>The document for <paramref name="format"/>; throws <see cref="ArgumentException"/> for an unknown format or a target that failed.</summary>
    public static string Render(AssessedTarget target, string format, ExportContext ctx) => format switch
    {
        "html" => HtmlReport.Render(target, ctx),
        "badge" => BadgeFor(target, "mof"),
        "badge-osaid" => BadgeFor(target, "osaid"),
        "badge-eu-ai-act" => BadgeFor(target, "eu-ai-act"),
        _ when IsBinary(format) => throw new ArgumentException($"{format} is a picture: use RenderBytes", nameof(format)),
        _ => ToJson(target, format, ctx).ToJsonString(Indented) + "\n",
    };

    /// <summary>The document for <paramref name="format"/> as bytes: UTF-8 text, or a PNG badge.</summary>
    public static byte[] RenderBytes(AssessedTarget target, string format, ExportContext ctx) => format switch
    {
        "badge-png" => Badge.Png(FaceFor(target, "mof")),
        "badge-osaid-png" => Badge.Png(FaceFor(target, "osaid")),
        "badge-eu-ai-act-png" => Badge.Png(FaceFor(target, "eu-ai-act")),
        _ => new System.Text.UTF8Encoding(false).GetBytes(Render(target, format, ctx)),
    };

    /// <summary>The SVG badge of one framework; throws when the target failed or the framework was not judged.</summary>
    public static string BadgeFor(AssessedTarget target, string framework) => Badge.Svg(FaceFor(target, framework));

    private static BadgeFace FaceFor(AssessedTarget target, string framework)
    {
        var a = target.Assessment ?? throw new ArgumentException($"{target.Target} was not assessed: {target.Error}", nameof(target));
        return Badge.Face(a, framework) ?? throw new ArgumentException($"{target.Target}: {framework} was not judged", nameof(framework));
    }

    /// <summary>The media type of a format's output (for <c>-o</c> and HTTP).</summary>
    public static string MediaType(string format) => format switch
    {
        "spdx3" => "application/spdx+json",
        "cyclonedx" or "cyclonedx-1.7" => "application/vnd.cyclonedx+json",
        "html" => "text/html",
        "badge" or "badge-osaid" or "badge-eu-ai-act" => "image/svg+xml",
        "badge-png" or "badge-osaid-png" or "badge-eu-ai-act-png" => "image/png",
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

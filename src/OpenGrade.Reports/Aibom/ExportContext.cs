using OpenGrade.Core.Evaluation;
using OpenGrade.Core.Licensing;
using OpenGrade.Reports.Judgements;

namespace OpenGrade.Reports.Aibom;

/// <summary>
/// What an AI-BOM export needs besides the assessment: when the assessment was made (renderers
/// never read the clock, so the same input gives the same document), the tool's version, the
/// SPDX document namespace (null: derived from the model and the time), the license catalog, and
/// which judgements to show (<c>--framework</c>; MOF is always shown: its components are the elements).
/// </summary>
public sealed record ExportContext(DateTimeOffset AssessedAt, string ToolVersion = "0.0.0", string? DocumentBase = null, LicenseCatalog? Catalog = null, Frameworks Frameworks = Frameworks.All)
{
    /// <summary>The assessment without the judgements left out by <see cref="Frameworks"/>.</summary>
    public Assessment Select(Assessment a) => a with
    {
        Osaid = Frameworks.HasFlag(Frameworks.Osaid) ? a.Osaid : null,
        EuAiAct = Frameworks.HasFlag(Frameworks.EuAiAct) ? a.EuAiAct : null,
    };

    public const string ToolName = "opengrade";

    public LicenseCatalog Licenses => Catalog ?? LicenseCatalog.Default;

    /// <summary>UTC to the second with a Z: the only date-time form SPDX 3.0.1 accepts, and valid for CycloneDX.</summary>
    public string Timestamp => Utc(AssessedAt);

    public static string Utc(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}

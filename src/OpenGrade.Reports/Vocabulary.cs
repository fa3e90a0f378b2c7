using OpenGrade.Core.Domain;
using OpenGrade.Core.Evaluation.Mof;
using OpenGrade.Core.Licensing;

namespace OpenGrade.Reports;

/// <summary>The words every report uses for the core's enums; JSON field values are part of the CLI contract.</summary>
public static class Vocabulary
{
    public static string Key(this ComponentStatus status) => status switch
    {
        ComponentStatus.Included => "included",
        ComponentStatus.Missing => "missing",
        ComponentStatus.Invalid => "invalid",
        ComponentStatus.Unlicensed => "unlicensed",
        _ => status.ToString().ToLowerInvariant(),
    };

    /// <summary>
    /// The status a reader sees: MOT's, except that a component MOT counts as missing reads
    /// <c>unknown</c> when nothing shows it absent (unknown is not absent).
    /// </summary>
    public static string Shown(this ComponentVerdict v) => Shown(v.Status.Key(), v.Presence.Key());

    /// <summary>The same from the keys of a stored assessment's JSON (<c>status</c>, <c>presence</c>).</summary>
    public static string Shown(string statusKey, string presenceKey) =>
        statusKey == ComponentStatus.Missing.Key() && presenceKey == Presence.Unknown.Key() ? "unknown" : statusKey;

    public static string Key(this Presence presence) => presence switch
    {
        Presence.Present => "present",
        Presence.Absent => "absent",
        _ => "unknown",
    };

    public static string Key(this LicenseSource source) => source switch
    {
        LicenseSource.Component => "component",
        LicenseSource.ContentTypeGlobal => "content-type",
        LicenseSource.Distribution => "distribution",
        _ => "none",
    };

    public static string Key(this GapKind kind) => kind switch
    {
        GapKind.Missing => "missing",
        GapKind.NotOpen => "not-open",
        GapKind.Unlicensed => "unlicensed",
        _ => kind.ToString().ToLowerInvariant(),
    };

    public static string Key(this ReadingKind kind) => kind switch
    {
        ReadingKind.Exact => "exact",
        ReadingKind.Recognised => "recognised",
        _ => "unknown",
    };

    public static string Key(this ContentType type) => type.ToKey();

    public static string Roman(int classNumber) => classNumber switch
    {
        1 => "I",
        2 => "II",
        3 => "III",
        _ => "-",
    };

    /// <summary>Components in reading order: by class from the entry level (III) up, then MOT's configuration order.</summary>
    public static IEnumerable<ComponentVerdict> InReadingOrder(this MofResult result) =>
        result.Components.OrderByDescending(v => v.Component.Class);
}

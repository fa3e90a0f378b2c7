using System.Globalization;
using System.Net;
using OpenGrade.Core.Evaluation;
using OpenGrade.Core.Evaluation.EuAiAct;
using OpenGrade.Core.Evaluation.Osaid;

namespace OpenGrade.Reports.Aibom;

/// <summary>What a badge shows: the framework on the left, the outcome and a percentage on the right, and a colour.</summary>
public sealed record BadgeFace(string Label, string Value, string Colour, string Description);

/// <summary>
/// Flat, shields-style SVG badges (20 px high), one per framework, with the class or verdict and
/// a percentage. Self-contained (no fonts or images fetched) and labelled for screen readers.
/// </summary>
public static class Badge
{
    public static IReadOnlyList<string> Frameworks { get; } = ["mof", "osaid", "eu-ai-act"];

    private const string Green = "#2e7d32";
    private const string Olive = "#558b2f";
    private const string Amber = "#8d6e00";
    private const string Grey = "#555e66";
    private const string Red = "#b3261e";

    /// <summary>The face for a framework, or null when the assessment did not judge it.</summary>
    public static BadgeFace? Face(Assessment a, string framework) => framework switch
    {
        "mof" => Mof(a.Mof.Framework.Version, a.Mof.Class, a.Mof.ClassLabel, a.Mof.Progress.For),
        "osaid" => a.Osaid is { } o ? Osaid(o.Framework.Version, o.Verdict, o.Requirements.Select(r => r.Status)) : null,
        "eu-ai-act" => a.EuAiAct is { } eu ? EuAiAct(eu.Verdict, eu.Conditions.Select(c => c.Status)) : null,
        _ => throw new ArgumentException($"unknown badge framework '{framework}' (expected {string.Join(", ", Frameworks)})", nameof(framework)),
    };

    /// <summary>MOF: the class reached, then the progress towards the next class (or 100% at Class I).</summary>
    /// <remarks>Takes the judgement's parts (not the result object) so a stored assessment's JSON gets the same face (the catalog's badges).</remarks>
    public static BadgeFace Mof(string frameworkVersion, int mofClass, string classLabel, Func<int, double> progressFor)
    {
        var reached = mofClass == 0 ? "unclassified" : $"Class {Vocabulary.Roman(mofClass)}";
        var next = mofClass == 0 ? 3 : mofClass - 1;
        var value = next >= 1
            ? $"{reached} · {Vocabulary.Roman(next)} {Percent(progressFor(next))}"
            : $"{reached} · 100%";
        var colour = mofClass switch { 1 => Green, 2 => Olive, 3 => Amber, _ => Grey };
        return new BadgeFace($"MOF {frameworkVersion}", value, colour, $"Model Openness Framework {frameworkVersion}: {classLabel}; {value}");
    }

    public static BadgeFace Osaid(string frameworkVersion, OsaidVerdict verdict, IEnumerable<RequirementStatus> requirements)
    {
        var statuses = requirements.ToList();
        var (met, share) = Met(statuses);
        var (word, colour) = verdict switch
        {
            OsaidVerdict.Conformant => ("open source AI", Green),
            OsaidVerdict.NotConformant => ("not open source AI", Red),
            _ => ("insufficient information", Grey),
        };
        var value = $"{word} · {Percent(share)} met";
        return new BadgeFace($"OSAID {frameworkVersion}", value, colour, $"Open Source AI Definition {frameworkVersion}: {word}; {met} of {statuses.Count} requirements met");
    }

    public static BadgeFace EuAiAct(EuAiActVerdict verdict, IEnumerable<RequirementStatus> conditions)
    {
        var statuses = conditions.ToList();
        var (met, share) = Met(statuses);
        var (word, colour) = verdict switch
        {
            EuAiActVerdict.LikelyExempt => ("likely exempt", Green),
            EuAiActVerdict.NotExempt => ("not exempt", Red),
            _ => ("unknown", Grey),
        };
        var value = $"{word} · {Percent(share)} met";
        return new BadgeFace("EU AI Act OSS", value, colour, $"EU AI Act open-source exemption: {word}; {met} of {statuses.Count} conditions met (information, not legal advice)");
    }

    /// <summary>How many requirements are met, and that as a share of all of them (0 when there are none).</summary>
    private static (int Met, double Share) Met(IEnumerable<RequirementStatus> statuses)
    {
        var all = statuses.ToList();
        var met = all.Count(s => s == RequirementStatus.Met);
        return (met, all.Count == 0 ? 0 : 100.0 * met / all.Count);
    }

    private static string Percent(double value) => Math.Floor(value).ToString("0", CultureInfo.InvariantCulture) + "%";

    public static string Svg(BadgeFace face)
    {
        var left = Width(face.Label);
        var right = Width(face.Value);
        var total = left + right;
        string E(string s) => WebUtility.HtmlEncode(s);
        string X(double x) => x.ToString("0.#", CultureInfo.InvariantCulture);
        return $"""
            <svg xmlns="http://www.w3.org/2000/svg" width="{total}" height="20" role="img" aria-label="{E(face.Description)}">
              <title>{E(face.Description)}</title>
              <rect width="{left}" height="20" fill="#333"/>
              <rect x="{left}" width="{right}" height="20" fill="{face.Colour}"/>
              <g fill="#fff" font-family="Verdana,DejaVu Sans,Geneva,sans-serif" font-size="11" text-anchor="middle">
                <text x="{X(left / 2.0)}" y="14">{E(face.Label)}</text>
                <text x="{X(left + right / 2.0)}" y="14">{E(face.Value)}</text>
              </g>
            </svg>

            """;
    }

    /// <summary>An estimate of the text width at 11 px Verdana (about 7 px a character), plus padding.</summary>
    private static int Width(string text) => (int)Math.Ceiling(text.Length * 7.0) + 12;
}

using System.Globalization;
using System.Net;
using OpenGrade.Core.Evaluation;
using OpenGrade.Core.Evaluation.EuAiAct;
using OpenGrade.Core.Evaluation.Osaid;
using SkiaSharp;

namespace OpenGrade.Reports.Aibom;

/// <summary>What a badge shows: the framework on the left, the outcome and a percentage on the right, and a colour.</summary>
public sealed record BadgeFace(string Label, string Value, string Colour, string Description);

/// <summary>
/// Flat, shields-style badges (20 px high), one per framework, with the class or verdict and a
/// percentage, as SVG or PNG from one <see cref="BadgeLayout"/>. Self-contained (no fonts or
/// images fetched) and labelled for screen readers.
/// </summary>
public static class Badge
{
    public static IReadOnlyList<string> Frameworks { get; } = ["mof", "osaid", "eu-ai-act"];

    private const string Green = "#2e7d32";
    private const string Olive = "#558b2f";
    private const string Amber = "#8d6e00";
    private const string Grey = "#555e66";
    private const string Red = "#b3261e";
    private const string LabelColour = "#333333";

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

    /// <summary>The layout of a face in the system badge font (<see cref="BadgeFont.Default"/>).</summary>
    public static BadgeLayout Layout(BadgeFace face) => BadgeLayout.For(face, BadgeFont.Default);

    public static string Svg(BadgeFace face) => Svg(Layout(face));

    /// <summary>
    /// The badge as SVG. Each text carries its measured width as <c>textLength</c>, so a viewer
    /// without DejaVu Sans still fits it to the box the layout made for it.
    /// </summary>
    public static string Svg(BadgeLayout l)
    {
        var face = l.Face;
        string E(string s) => WebUtility.HtmlEncode(s);
        string X(double x) => x.ToString("0.##", CultureInfo.InvariantCulture);
        return $"""
            <svg xmlns="http://www.w3.org/2000/svg" width="{l.Width}" height="{l.Height}" role="img" aria-label="{E(face.Description)}">
              <title>{E(face.Description)}</title>
              <rect width="{l.LabelWidth}" height="{l.Height}" fill="{LabelColour}"/>
              <rect x="{l.LabelWidth}" width="{l.ValueWidth}" height="{l.Height}" fill="{face.Colour}"/>
              <g fill="#fff" font-family="{BadgeFont.Family},Verdana,Geneva,sans-serif" font-size="{X(l.FontSize)}" text-anchor="middle">
                <text x="{X(l.LabelX)}" y="{X(l.Baseline)}" textLength="{X(l.LabelTextWidth)}" lengthAdjust="spacingAndGlyphs">{E(face.Label)}</text>
                <text x="{X(l.ValueX)}" y="{X(l.Baseline)}" textLength="{X(l.ValueTextWidth)}" lengthAdjust="spacingAndGlyphs">{E(face.Value)}</text>
              </g>
            </svg>

            """;
    }

    public static byte[] Png(BadgeFace face, int scale = 1) => Png(Layout(face), BadgeFont.Default, scale);

    /// <summary>The badge as a PNG, <paramref name="scale"/> device pixels per CSS pixel (1 to 8), drawn from the same layout as the SVG.</summary>
    public static byte[] Png(BadgeLayout l, BadgeFont font, int scale = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(scale, 8);
        using var surface = SKSurface.Create(new SKImageInfo(l.Width * scale, l.Height * scale, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException("Skia could not make a drawing surface");
        var canvas = surface.Canvas;
        canvas.Scale(scale);
        canvas.Clear(SKColors.Transparent);
        using (var label = new SKPaint { Color = SKColor.Parse(LabelColour) }) canvas.DrawRect(0, 0, l.LabelWidth, l.Height, label);
        using (var value = new SKPaint { Color = SKColor.Parse(l.Face.Colour) }) canvas.DrawRect(l.LabelWidth, 0, l.ValueWidth, l.Height, value);
        using var text = new SKPaint { Color = SKColors.White, IsAntialias = true };
        using var skFont = new SKFont(font.Typeface, (float)l.FontSize) { Subpixel = true, Edging = SKFontEdging.Antialias };
        canvas.DrawText(l.Face.Label, (float)l.LabelX, (float)l.Baseline, SKTextAlign.Center, skFont, text);
        canvas.DrawText(l.Face.Value, (float)l.ValueX, (float)l.Baseline, SKTextAlign.Center, skFont, text);
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }
}

namespace OpenGrade.Reports.Aibom;

/// <summary>
/// Where everything on a badge goes, computed once from measured text widths and drawn the same
/// way as SVG and PNG (and by the catalog's web UI): two boxes side by side, each text centred in
/// its box on one baseline. Sizes are in CSS pixels; a PNG may be drawn at a scale.
/// </summary>
public sealed record BadgeLayout(
    BadgeFace Face,
    double FontSize,
    int Height,
    int LabelWidth,
    int ValueWidth,
    double LabelTextWidth,
    double ValueTextWidth,
    double Baseline)
{
    /// <summary>Space left and right of each text.</summary>
    public const int Padding = 6;

    public const double DefaultFontSize = 11;
    public const int DefaultHeight = 20;

    public int Width => LabelWidth + ValueWidth;

    /// <summary>The centre of the label text (left box).</summary>
    public double LabelX => LabelWidth / 2.0;

    /// <summary>The centre of the value text (right box: outcome and percentage).</summary>
    public double ValueX => LabelWidth + ValueWidth / 2.0;

    /// <summary>The layout of a face with the text measured in <paramref name="font"/>; whole-pixel boxes, so the PNG has sharp edges.</summary>
    public static BadgeLayout For(BadgeFace face, BadgeFont font)
    {
        var label = font.Measure(face.Label, DefaultFontSize);
        var value = font.Measure(face.Value, DefaultFontSize);
        // A baseline at 14 of 20 px centres 11 px text with its descenders, as shields-style badges do.
        return new BadgeLayout(face, DefaultFontSize, DefaultHeight, Box(label), Box(value), label, value, 14);
    }

    private static int Box(double textWidth) => (int)Math.Ceiling(textWidth) + 2 * Padding;
}

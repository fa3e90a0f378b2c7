using System.Globalization;
using System.Xml.Linq;
using OpenGrade.Reports.Aibom;
using SkiaSharp;

namespace OpenGrade.Conformance.Tests.Aibom;

/// <summary>
/// PNG badges: drawn from the same measured layout as the SVG, they decode, have the layout's
/// size, and show white text in both boxes (no binary goldens: the pixels are checked by region).
/// </summary>
public sealed class BadgePngTests
{
    public static TheoryData<string, string> Frameworks() => new() { { "mof", "badge-png" }, { "osaid", "badge-osaid-png" }, { "eu-ai-act", "badge-eu-ai-act-png" } };

    private static BadgeFace Face(string framework) => Badge.Face(AibomFixtures.MotNamed("OLMo-7B.yml").Assessment!, framework)!;

    [Theory]
    [MemberData(nameof(Frameworks))]
    public void A_PNG_badge_decodes_to_the_layout_size_with_text_in_both_boxes(string framework, string format)
    {
        var face = Face(framework);
        var layout = Badge.Layout(face);
        var png = AibomFormats.RenderBytes(AibomFixtures.MotNamed("OLMo-7B.yml"), format, AibomFixtures.Context);
        using var bitmap = SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        Assert.Equal(layout.Width, bitmap.Width);
        Assert.Equal(layout.Height, bitmap.Height);

        // Each box is its colour where there is no text, and has light (text) pixels spread about its measured text width.
        Assert.Equal(SKColor.Parse(face.Colour), bitmap.GetPixel(layout.Width - 2, 1));
        Assert.Equal(SKColor.Parse("#333333"), bitmap.GetPixel(1, 1));
        AssertText(bitmap, 0, layout.LabelWidth, layout.LabelTextWidth);
        AssertText(bitmap, layout.LabelWidth, layout.Width, layout.ValueTextWidth);
    }

    /// <summary>Light pixels between x0 and x1 cover a span close to the measured text width, centred in the box.</summary>
    private static void AssertText(SKBitmap bitmap, int x0, int x1, double textWidth)
    {
        var columns = Enumerable.Range(x0, x1 - x0).Where(x => Enumerable.Range(0, bitmap.Height).Any(y => Light(bitmap.GetPixel(x, y)))).ToList();
        Assert.NotEmpty(columns);
        var span = columns[^1] - columns[0] + 1;
        Assert.InRange(span, textWidth - 4, textWidth + 2);
        var middle = (columns[0] + columns[^1]) / 2.0;
        Assert.InRange(middle, (x0 + x1) / 2.0 - 2, (x0 + x1) / 2.0 + 2);
    }

    private static bool Light(SKColor c) => c.Red > 200 && c.Green > 200 && c.Blue > 200;

    [Theory]
    [MemberData(nameof(Frameworks))]
    public void The_layout_holds_the_label_and_the_percentage_and_the_SVG_uses_it(string framework, string format)
    {
        _ = format;
        var face = Face(framework);
        var layout = Badge.Layout(face);
        Assert.Matches(@"\d+%", layout.Face.Value);
        Assert.Equal(face.Label, layout.Face.Label);
        // Boxes fit the measured text with the padding on both sides.
        Assert.Equal((int)Math.Ceiling(layout.LabelTextWidth) + 2 * BadgeLayout.Padding, layout.LabelWidth);
        Assert.Equal((int)Math.Ceiling(layout.ValueTextWidth) + 2 * BadgeLayout.Padding, layout.ValueWidth);

        var svg = XDocument.Parse(Badge.Svg(layout)).Root!;
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(layout.Width.ToString(CultureInfo.InvariantCulture), (string?)svg.Attribute("width"));
        var texts = svg.Descendants(ns + "text").ToList();
        Assert.Equal([face.Label, face.Value], texts.Select(t => t.Value));
        Assert.Equal(layout.ValueX, double.Parse((string)texts[1].Attribute("x")!, CultureInfo.InvariantCulture), 2);
        Assert.Equal(layout.ValueTextWidth, double.Parse((string)texts[1].Attribute("textLength")!, CultureInfo.InvariantCulture), 2);
    }

    [Fact]
    public void Longer_text_makes_a_wider_box()
    {
        var font = BadgeFont.Default;
        var narrow = BadgeLayout.For(new BadgeFace("MOF 1.0", "Class I · 100%", "#2e7d32", "d"), font);
        var wide = BadgeLayout.For(new BadgeFace("MOF 1.0", "unclassified · III 100%", "#2e7d32", "d"), font);
        Assert.Equal(narrow.LabelWidth, wide.LabelWidth);
        Assert.True(wide.ValueWidth > narrow.ValueWidth);
        // Measured, not counted: "i" is narrower than "m" in DejaVu Sans.
        Assert.True(font.Measure("iiii", 11) < font.Measure("mmmm", 11));
    }

    [Fact]
    public void A_PNG_at_scale_two_is_twice_the_size()
    {
        var layout = Badge.Layout(Face("mof"));
        using var bitmap = SKBitmap.Decode(Badge.Png(layout, BadgeFont.Default, scale: 2));
        Assert.Equal((layout.Width * 2, layout.Height * 2), (bitmap.Width, bitmap.Height));
    }
}

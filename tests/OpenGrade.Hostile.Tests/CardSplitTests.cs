using OpenGrade.Sources.Local;

namespace OpenGrade.Hostile.Tests;

/// <summary>
/// The card reader cuts the front matter and the body out of the text by position (no joining of
/// lines): every line number and value must be the one the lines give, with CRLF, empty or
/// unterminated-looking front matter, and a body that starts at the very end.
/// </summary>
public sealed class CardSplitTests
{
    [Theory]
    [InlineData("---\nlicense: mit\n---\n# Title\n[a](https://x.org)\n", "mit", 4, 5)]
    [InlineData("---\r\nlicense: mit\r\ntags:\r\n- a\r\n---\r\n\r\n## Title\r\n[a](https://x.org)", "mit", 7, 8)]
    [InlineData("---\n---\n# Title\n[a](https://x.org)", null, 3, 4)]
    [InlineData("--- \nlicense: apache-2.0\n...\n# Title\n\n\n[a](https://x.org)", "apache-2.0", 4, 7)]
    [InlineData("# Title\n[a](https://x.org)\n\nlicense: mit", null, 1, 2)]
    public void Front_matter_and_body_keep_their_lines(string text, string? license, int titleLine, int linkLine)
    {
        var (metadata, card) = CardReader.Read(text, "README.md");
        Assert.Equal(license, metadata?.Text("license"));
        Assert.Equal(titleLine, Assert.Single(card.Sections).Line);
        Assert.Equal(linkLine, Assert.Single(card.Links, l => l.Url == "https://x.org").Line);
        Assert.Equal(text.Replace("\r\n", "\n").Split('\n'), card.Lines);
    }

    [Fact]
    public void Front_matter_that_ends_the_text_leaves_an_empty_body()
    {
        var (metadata, card) = CardReader.Read("---\nlicense: mit\n---", "README.md");
        Assert.Equal("mit", metadata?.Text("license"));
        Assert.Empty(card.Sections);
        Assert.False(card.HasBody);
    }
}

using OpenGrade.Testing;
using OpenGrade.Core.Licensing.Detection;

namespace OpenGrade.Core.Tests.Licensing;

public sealed class LicenseTextNormalizerTests
{
    private static string Words(string text) => string.Join(' ', LicenseTextNormalizer.Normalize(text).MatchingWords().Words);

    [Theory]
    [InlineData("Hello,   WORLD!", "hello world")]
    [InlineData("“Quoted” and 'quoted' and \"quoted\"", "quoted and quoted and quoted")]
    [InlineData("non-exclusive — royalty–free", "non exclusive royalty free")]
    [InlineData("This Licence is licenced", "this license is licensed")]
    [InlineData("to sublicence and sublicenced", "to sublicense and sublicensed")]
    [InlineData("the copyright owner", "the copyright holder")]
    [InlineData("see https://example.org and http://example.org", "see http example org and http example org")]
    [InlineData("you may sub-license it", "you may sublicense it")]
    [InlineData("Apache License, Version 2.0", "apache license version 2.0")]
    [InlineData("R&D", "r and d")]
    public void Folds_case_punctuation_and_spelling(string text, string expected) => Assert.Equal(expected, Words(text));

    [Theory]
    [InlineData("1. Redistributions are allowed.", "redistributions are allowed")]
    [InlineData("(a) first; (b) second", "first second")]
    [InlineData("  iv) roman numbering", "roman numbering")]
    [InlineData("* a bullet\n- another bullet", "a bullet another bullet")]
    [InlineData("2.1. Grants", "grants")]
    [InlineData("Version 2, June 1991", "version 2 june 1991")]
    public void Drops_bullets_and_numbering(string text, string expected) => Assert.Equal(expected, Words(text));

    [Theory]
    [InlineData("**Bold** and _emphasis_ and `code`", "bold and emphasis and code")]
    [InlineData("See [the license](https://example.org/LICENSE).", "see the license")]
    [InlineData("<p>Paragraph</p> <span style=\"x\">text</span>", "paragraph text")]
    [InlineData("Copyright (c) <year> <copyright holders>\nPermission granted", "permission granted")]
    [InlineData("## Heading\n\n---\n\nBody", "heading body")]
    [InlineData("<!-- a comment -->Kept", "kept")]
    public void Drops_markup_and_placeholders(string text, string expected) => Assert.Equal(expected, Words(text));

    [Theory]
    [InlineData("Copyright (c) 2020 Jane Doe")]
    [InlineData("Copyright 2019-2021 Example Corp.")]
    [InlineData("© 2024 Someone")]
    [InlineData("All rights reserved.")]
    public void Copyright_lines_do_not_take_part_in_matching(string line)
    {
        var normalized = LicenseTextNormalizer.Normalize(line + "\nPermission is granted");
        Assert.Equal("permission is granted", string.Join(' ', normalized.MatchingWords().Words));
        Assert.Contains(normalized.IsCopyright, c => c); // still there for the marker stage
    }

    [Fact]
    public void Wrapped_prose_starting_with_copyright_is_kept()
    {
        Assert.Equal("the above copyright notice shall be included", Words("The above\ncopyright notice shall be included"));
    }

    [Fact]
    public void Lines_are_tracked_through_crlf_and_blank_lines()
    {
        var n = LicenseTextNormalizer.Normalize("one\r\n\r\ntwo\rthree\n");
        Assert.Equal([1, 3, 4], n.Lines);
    }

    [Fact]
    public void Rewrapping_does_not_change_the_words()
    {
        var text = SpdxTexts.Text("BSD-3-Clause");
        Assert.Equal(Words(text), Words(SpdxTexts.Rewrap(text, 37)));
    }
}

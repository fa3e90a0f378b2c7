using OpenGrade.Testing;
using OpenGrade.Core.Licensing.Detection;

namespace OpenGrade.Core.Tests.Licensing;

public sealed class LicenseIdentifierTests
{
    private static readonly LicenseIdentifier Identifier = LicenseIdentifier.Default;

    private static LicenseDetection Identify(string text) => Identifier.Identify(text);

    [Theory]
    [InlineData("MIT")]
    [InlineData("Apache-2.0")]
    [InlineData("BSD-3-Clause")]
    [InlineData("MPL-2.0")]
    [InlineData("ISC")]
    [InlineData("CC-BY-NC-4.0")]
    [InlineData("OpenMDW-1.0")]
    public void Reference_texts_are_recognised_exactly(string id)
    {
        var d = Identify(SpdxTexts.Text(id));
        Assert.Equal(id, d.License);
        Assert.Contains(d.Matches, m => m.Id == id && m.Kind is MatchKind.Exact or MatchKind.Similar && m.Confidence >= 0.99);
    }

    [Fact]
    public void Identical_gpl_texts_answer_the_only_form()
    {
        var d = Identify(SpdxTexts.Text("GPL-3.0-or-later"));
        Assert.Equal("GPL-3.0-only", d.License);
        // The sample notice of the "how to apply" appendix is part of the text, not a statement.
        Assert.DoesNotContain(d.Matches, m => m.Kind == MatchKind.Notice);
    }

    [Fact]
    public void A_project_notice_says_or_later_where_the_text_cannot()
    {
        var text = "This program is distributed under the terms of the GNU General Public License, either version 2 of the License, or (at your option) any later version.\n\n"
            + string.Concat(Enumerable.Repeat("Unrelated project prose for this test.\n", 90)) + SpdxTexts.Text("GPL-2.0-only");
        Assert.Equal("GPL-2.0-or-later", Identify(text).License);
    }

    [Fact]
    public void Header_copyright_rewrapping_and_markdown_are_tolerated()
    {
        var text = "# Project Foo\n\nCopyright (c) 2031 Jane Roe and the Foo authors\n\n" + SpdxTexts.Rewrap(SpdxTexts.Text("MIT"), 52).Replace("THE SOFTWARE IS PROVIDED", "**THE SOFTWARE IS PROVIDED");
        var d = Identify(text);
        Assert.Equal("MIT", d.License);
        Assert.True(d.Confidence >= 0.9);
    }

    [Fact]
    public void A_truncated_text_is_found_with_low_confidence()
    {
        var full = SpdxTexts.Text("Apache-2.0");
        var d = Identify(full[..(full.Length * 55 / 100)]);
        Assert.Equal("Apache-2.0", d.License);
        Assert.InRange(d.Confidence, 0.5, 0.89);
    }

    [Fact]
    public void Two_licenses_in_one_file_are_reported_with_line_ranges()
    {
        var mit = SpdxTexts.Text("MIT");
        var text = mit + "\n\n----------\n\n" + SpdxTexts.Text("Apache-2.0");
        var d = Identify(text);
        Assert.Equal("MIT AND Apache-2.0", d.License);
        var mitMatch = Assert.Single(d.Matches, m => m.Id == "MIT");
        var apacheMatch = d.Matches.First(m => m.Id == "Apache-2.0");
        Assert.True(mitMatch.EndLine < apacheMatch.StartLine);
        Assert.Equal(1, mitMatch.StartLine);
    }

    [Fact]
    public void The_gnu_or_later_formula_is_not_a_choice_between_licenses()
    {
        // The GPL's appendix says "at your option any later version": the file still needs both.
        var text = SpdxTexts.Text("GPL-3.0-only") + "\n\n" + SpdxTexts.Text("MIT");
        Assert.Equal("GPL-3.0-only AND MIT", Identify(text).License);
    }

    [Fact]
    public void The_same_license_twice_is_found_twice_and_named_once()
    {
        var mit = SpdxTexts.Text("MIT");
        var d = Identify(mit + "\n\n" + SpdxTexts.Text("ISC") + "\n\n" + mit);
        Assert.Equal("MIT AND ISC", d.License);
        Assert.Equal(2, d.Matches.Count(m => m.Id == "MIT" && m.Kind is MatchKind.Similar or MatchKind.Exact));
    }

    [Fact]
    public void Alternatives_become_an_or_expression()
    {
        var text = "This project is dual licensed: use it under either license, at your option.\n\n"
            + SpdxTexts.Text("MIT") + "\n\n" + SpdxTexts.Text("Apache-2.0");
        Assert.Equal("MIT OR Apache-2.0", Identify(text).License);
    }

    [Fact]
    public void A_gpl_text_with_its_exception_is_one_expression()
    {
        var exception = SpdxTexts.Text("GPL-2.0-with-classpath-exception").Replace("insert GPL v2 license text here", "");
        var d = Identify(SpdxTexts.Text("GPL-2.0-only") + "\n\n" + exception);
        Assert.Equal("GPL-2.0-only WITH Classpath-exception-2.0", d.License);
    }

    [Fact]
    public void A_modified_license_is_not_the_license()
    {
        var apache = SpdxTexts.Text("Apache-2.0");
        var cut = apache.IndexOf("5. Submission of Contributions", StringComparison.Ordinal);
        var added = "In addition, nobody may deploy the Work inside a weather balloon, a lighthouse or any vessel "
            + "that floats on a lake of more than forty hectares, unless the harbour master of that lake has first "
            + "given written consent to such deployment.\n\n";
        var d = Identify(apache[..cut] + added + apache[cut..]);
        Assert.DoesNotContain(d.Matches, m => m.Id == "Apache-2.0" && m.Kind == MatchKind.Similar);
    }

    [Theory]
    [InlineData("Licensed under the Apache License, Version 2.0 (the \"License\").", "Apache-2.0")]
    [InlineData("This library is released under the MIT license.", "MIT")]
    [InlineData("The code is distributed under the terms of the BSD 3-Clause License.", "BSD-3-Clause")]
    [InlineData("You can redistribute it under the terms of the GNU General Public License as published by the Free Software Foundation, either version 3 of the License, or (at your option) any later version.", "GPL-3.0-or-later")]
    [InlineData("It is made available under the GNU Lesser General Public License, version 2.1.", "LGPL-2.1-only")]
    [InlineData("This model is released under the NVIDIA Open Model License.", "LicenseRef-nvidia-open-model")]
    [InlineData("Our weights are available under the Llama 3.1 Community License.", "LicenseRef-llama3.1")]
    public void Notices_name_the_license(string text, string expected)
    {
        var d = Identify(text);
        Assert.Equal(expected, d.License);
        Assert.All(d.Matches, m => Assert.Equal(MatchKind.Notice, m.Kind));
    }

    [Fact]
    public void Two_names_in_one_notice_keep_their_operator()
    {
        Assert.Equal("MIT OR Apache-2.0", Identify("Licensed under the MIT license or the Apache License 2.0.").License);
    }

    [Theory]
    [InlineData("// SPDX-License-Identifier: MIT", "MIT")]
    [InlineData("# SPDX-License-Identifier: Apache-2.0 OR MIT", "Apache-2.0 OR MIT")]
    [InlineData("/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */", "GPL-2.0-only WITH Linux-syscall-note")]
    [InlineData("<!-- SPDX-License-Identifier: CC-BY-4.0 -->", "CC-BY-4.0")]
    public void Spdx_tags_are_identifiers(string line, string expected)
    {
        var d = Identify("some header\n" + line + "\nint main() {}\n");
        Assert.Equal(expected, d.License);
        var match = Assert.Single(d.Matches);
        Assert.Equal(MatchKind.Identifier, match.Kind);
        Assert.Equal(2, match.StartLine);
    }

    [Theory]
    [InlineData("---\nlicense: apache-2.0\nlibrary_name: transformers\n---\n# Model\n", "Apache-2.0")]
    [InlineData("---\nlicense: other\nlicense_name: mrl\n---\n# Model\n", "LicenseRef-mistral-research")]
    [InlineData("---\nlicense: llama3.2\n---\n", "LicenseRef-llama3.2")]
    public void Model_card_metadata_is_an_identifier(string card, string expected) => Assert.Equal(expected, Identify(card).License);

    [Fact]
    public void An_ai_license_is_recognised_by_its_title()
    {
        var text = "LLAMA 3.1 COMMUNITY LICENSE AGREEMENT\nLlama 3.1 Version Release Date: some day\n\n"
            + "Our own test sentences stand in for the agreement's terms here.\nThey are not the agreement.\n";
        var d = Identify(text);
        Assert.Equal("LicenseRef-llama3.1", d.License);
        Assert.Equal(MatchKind.Marker, Assert.Single(d.Matches).Kind);
    }

    [Theory]
    [InlineData("CreativeML Open RAIL-M\ndated some day\n\nText of our own.", "LicenseRef-creativeml-openrail-m")]
    [InlineData("CreativeML Open RAIL++-M License dated some day\n\nText of our own.", "LicenseRef-openrail++")]
    [InlineData("Tongyi Qianwen LICENSE AGREEMENT\n\nText of our own.", "LicenseRef-tongyi-qianwen")]
    [InlineData("Tongyi Qianwen RESEARCH LICENSE AGREEMENT\n\nText of our own.", "LicenseRef-tongyi-qianwen-research")]
    [InlineData("**Gemma Terms of Use**\n\nText of our own.", "LicenseRef-gemma")]
    public void Close_titles_stay_apart(string text, string expected) => Assert.Equal(expected, Identify(text).License);

    [Fact]
    public void A_use_policy_is_named_but_is_not_a_license()
    {
        var d = Identify("**Llama 3.1** **Acceptable Use Policy**\n\nYou agree not to misuse the model (our own words).\n");
        Assert.Null(d.License);
        Assert.Equal("LicenseRef-llama3.1-use-policy", Assert.Single(d.Matches).Id);
    }

    [Fact]
    public void A_title_mentioned_in_prose_does_not_make_a_license()
    {
        var text = "Our notes\n\nWe compared many things.\nWe read a lot.\nWe wrote this.\nMore lines.\n"
            + "In the long discussion that follows we compare the terms of the Llama 3.1 Community License Agreement with those of several other agreements that model publishers use.\n";
        Assert.Null(Identify(text).License);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\n")]
    [InlineData("Copyright (c) 2017 Jane Doe")]
    [InlineData("# Changelog\n\n## 1.2.0\n- Faster startup.\n- Fixed a crash when the input folder is empty.\n")]
    [InlineData("This tool reads license files and tells you what it thinks they are. It is not legal advice. The MIT and Apache licenses are common; the GPL is copyleft.")]
    [InlineData("https://example.org/some/path/README.md#license")]
    public void Non_license_texts_give_no_license(string text)
    {
        var d = Identify(text);
        Assert.Null(d.License);
        Assert.Equal(0, d.Confidence);
    }

    [Fact]
    public void Binary_looking_and_huge_inputs_do_not_crash()
    {
        var noise = new string(Enumerable.Range(0, 200_000).Select(i => (char)(i * 7919 % 0xD7FF)).ToArray());
        Assert.Null(Identify(noise).License);
    }
}

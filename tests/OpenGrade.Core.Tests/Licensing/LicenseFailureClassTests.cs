using OpenGrade.Testing;
using OpenGrade.Core.Licensing.Detection;

namespace OpenGrade.Core.Tests.Licensing;

/// <summary>
/// One test (or more) per failure class of issue 11, on texts built from the SPDX package's own
/// texts or written here: variant discrimination, choice notices, expression shape, -only /
/// -or-later, partial texts and short notices.
/// </summary>
public sealed class LicenseFailureClassTests
{
    private static LicenseDetection Identify(string text) => LicenseIdentifier.Default.Identify(text);

    // A BSD-3-Clause that says "the author" where the SPDX text says "the copyright holders and
    // contributors": closer in words to BSD-3-Clause-HP (which says "the author" too) but without
    // any of HP's own words ("HP", "patent infringement").
    private static string BsdSayingTheAuthor() => SpdxTexts.Text("BSD-3-Clause")
        .Replace("COPYRIGHT HOLDERS AND CONTRIBUTORS", "AUTHOR")
        .Replace("the copyright holder nor the names of its contributors", "the author")
        .Replace("COPYRIGHT HOLDER OR CONTRIBUTORS", "AUTHOR");

    [Fact]
    public void A_variant_without_its_distinguishing_words_is_the_base_license() =>
        Assert.Equal("BSD-3-Clause", Identify(BsdSayingTheAuthor()).License);

    // FSFAP-no-warranty-disclaimer is FSFAP less its last sentence: no words of its own. A FSFAP
    // whose warranty sentence is reworded still holds that sentence's words, so it is FSFAP.
    [Fact]
    public void A_variant_that_only_leaves_words_out_loses_when_they_are_there()
    {
        var reworded = SpdxTexts.Text("FSFAP").Replace("without any warranty", "without warranty of any kind", StringComparison.Ordinal);
        Assert.NotEqual(SpdxTexts.Text("FSFAP"), reworded);
        Assert.Equal("FSFAP", Identify(reworded).License);
        Assert.Equal("FSFAP-no-warranty-disclaimer", Identify(SpdxTexts.Text("FSFAP-no-warranty-disclaimer")).License);
    }

    // The GNU notice formula holds for the Free Documentation License too; its own text (whose
    // appendix shows a sample notice) stays "-only".
    [Theory]
    [InlineData("This handbook may be copied and changed under the terms of the GNU Free Documentation\nLicense (FDL), either version 1.3 of the License, or (at your option)\nany later version, with no Invariant Sections.\n", "GFDL-1.3-or-later")]
    [InlineData("This handbook may be copied and changed under the terms of the GNU Free Documentation\nLicense, version 1.2, with no Invariant Sections.\n", "GFDL-1.2-only")]
    public void A_gnu_documentation_license_notice_says_its_version_and_or_later(string text, string expected) =>
        Assert.Equal(expected, Identify(text).License);

    [Theory]
    [InlineData("GFDL-1.2-only")]
    [InlineData("GFDL-1.3-only")]
    public void A_bare_gnu_documentation_license_text_is_only(string id) =>
        Assert.Equal(id, Identify(SpdxTexts.Text(id)).License);

    // Debian's common-licenses files not named after a license ("Artistic", "BSD", "GPL" -> GPL-3)
    // name the text they hold (license-names.yaml, common_license_files).
    [Theory]
    [InlineData("Artistic", "Artistic-1.0-Perl")]
    [InlineData("BSD", "BSD-3-Clause")]
    [InlineData("GPL", "GPL-3.0-only")]
    public void A_pointer_to_a_debian_common_license_file_names_its_text(string file, string expected) =>
        Assert.Equal(expected, Identify($"This library is free software.\n\nOn Debian systems the full text can be found in `/usr/share/common-licenses/{file}'.\n").License);

    [Fact]
    public void A_pointer_beside_another_license_text_adds_its_license()
    {
        var text = "This library is free software under the Artistic license: see the file COPYING.\n\n"
            + "See `/usr/share/common-licenses/Artistic'.\n\n" + SpdxTexts.Text("BSD-3-Clause");
        Assert.True(LicenseScoring.IsRight("Artistic-1.0-Perl AND BSD-3-Clause", Identify(text).License), Identify(text).License);
    }

    // The grant reader resolves "the GNU Library General Public License version 2" to "-only"; the
    // GNU formula of the same sentence reads "or (at your option) any later version": "-or-later".
    [Fact]
    public void A_bare_version_in_a_grant_gives_way_to_or_later_in_the_same_notice() =>
        Assert.Equal("LGPL-2.0-or-later", Identify("This tool is free software; you can redistribute it and/or modify\n it under the terms of the GNU Library General Public License version 2,\n or (at your option) any later version, as published by the Free\n Software Foundation.\n").License);

    [Theory]
    [InlineData("BSD-3-Clause-HP")]
    [InlineData("BSD-4-Clause-UC")]
    [InlineData("MIT-Modern-Variant")]
    [InlineData("BSD-3-Clause-Attribution")]
    public void A_variant_with_its_distinguishing_words_stays_the_variant(string id) =>
        Assert.Equal(id, Identify(SpdxTexts.Rewrap(SpdxTexts.Text(id), 70)).License);

    [Theory]
    [InlineData("/* This Source Code Form is subject to the terms of the Mozilla Public\n * License, v. 2.0. */\n\n#include <stdio.h>\nint main(void) { return 0; }\n", "MPL-2.0")]
    [InlineData("This tool is free software; you can redistribute it and/or modify\nit under the terms version 2 of the GNU General Public License\nas published by the Free Software Foundation.\n", "GPL-2.0-only")]
    [InlineData("This material is made available to anyone wishing to use it, subject to the terms and conditions\nof the GNU General Public License v.2.\n", "GPL-2.0-only")]
    public void Short_standard_notices_inside_other_text_identify(string text, string expected)
    {
        var d = Identify(text);
        Assert.Equal(expected, d.License);
        Assert.All(d.Matches, m => Assert.True(m.StartLine >= 1 && m.EndLine >= m.StartLine));
    }

    [Fact]
    public void A_version_named_before_another_gnu_license_inside_a_license_text_is_not_a_notice()
    {
        // The GPL-3.0 text (carried by the LGPL-3.0's SPDX text) says "licensed under version 3 of
        // the GNU Affero General Public License": a sentence of the license, not a second license.
        Assert.Equal("LGPL-3.0-only", Identify(SpdxTexts.Text("LGPL-3.0-only")).License);
    }

    [Fact]
    public void A_choice_between_gnu_licenses_is_an_or_expression()
    {
        var text = "This file is free software; you can redistribute it and/or modify it under the terms of either\n\n"
            + "* the GNU Lesser General Public License as published by the Free Software Foundation; either version 3 of the License, or (at your option) any later version\n\nor\n\n"
            + "* the GNU General Public License as published by the Free Software Foundation; either version 2 of the License, or (at your option) any later version\n";
        Assert.Equal("LGPL-3.0-or-later OR GPL-2.0-or-later", Identify(text).License);
    }

    [Fact]
    public void An_alternatively_clause_adds_or_terms_to_the_first_license()
    {
        var text = "The contents of this file are subject to the Mozilla Public License Version 1.1; you may not use this file except in compliance with the License.\n\n"
            + "Alternatively, the contents of this file may be used under the terms of either the GNU General Public License Version 2 or later, "
            + "or the GNU Lesser General Public License Version 2.1 or later, in which case the provisions of the GPL or the LGPL apply instead.\n";
        Assert.Equal("MPL-1.1 OR GPL-2.0-or-later OR LGPL-2.1-or-later", Identify(text).License);
    }

    [Fact]
    public void A_dual_license_notice_over_both_texts_is_one_or_with_no_repeated_term()
    {
        var text = "This software is dual-licensed under the ISC and MIT licenses.\nYou may use it under either of them.\n\n----------\n\n"
            + SpdxTexts.Text("ISC") + "\n\n----------\n\n" + SpdxTexts.Text("MIT");
        Assert.Equal("ISC OR MIT", Identify(text).License);
    }

    [Fact]
    public void An_exception_text_modifies_the_gpl_version_the_file_states()
    {
        // The SPDX list carries the Bison exception under a GPL-2.0 id; the file says GPL-3.0.
        var exception = SpdxTexts.Text("GPL-2.0-with-bison-exception").Replace("insert GPL v2 license text here", "");
        var text = "This program is free software: you can redistribute it and/or modify it under the terms of the GNU General Public License as published by "
            + "the Free Software Foundation, either version 3 of the License, or (at your option) any later version.\n\n" + exception;
        Assert.Equal("GPL-3.0-or-later WITH Bison-exception-2.2", Identify(text).License);
    }

    [Theory]
    [InlineData("(ISC OR MIT) OR MIT", "ISC OR MIT")]
    [InlineData("(Apache-2.0 AND MIT) AND MIT", "Apache-2.0 AND MIT")]
    [InlineData("MIT OR (Apache-2.0 OR mit)", "MIT OR Apache-2.0")]
    [InlineData("(MIT OR ISC) AND MIT", "(MIT OR ISC) AND MIT")]
    public void Expressions_are_simplified_without_changing_their_meaning(string input, string expected)
    {
        Assert.True(OpenGrade.Core.Licensing.LicenseExpressionParser.TryParse(input, out var parsed));
        Assert.Equal(expected, parsed!.Simplified().ToString());
    }

    [Theory]
    [InlineData("GPL-1.0-only")]
    [InlineData("GPL-2.0-only")]
    [InlineData("GPL-3.0-only")]
    [InlineData("LGPL-2.0-only")]
    [InlineData("LGPL-2.1-only")]
    [InlineData("AGPL-1.0-only")]
    [InlineData("AGPL-3.0-only")]
    public void A_bare_gnu_text_is_only_whatever_its_sample_notice_says(string id)
    {
        // The "-or-later" entries of the SPDX list are the same texts (GPL-1.0+ keeps its appendix).
        Assert.Equal(id, Identify(SpdxTexts.Text(id)).License);
        Assert.Equal(id, Identify(SpdxTexts.Text(id.Replace("-only", "-or-later"))).License);
    }

    [Theory]
    [InlineData("GPL-2.0-only", "the GNU General Public License as published by the Free Software Foundation; either version 2")]
    [InlineData("AGPL-1.0-only", "the Affero General Public License as published by Affero, Inc.; either version 1")]
    [InlineData("LGPL-2.1-only", "the GNU Lesser General Public License as published by the Free Software Foundation; either version 2.1")]
    public void A_project_notice_before_or_after_a_gnu_text_makes_it_or_later(string id, string licenseWords)
    {
        var notice = $"This program is free software; you can redistribute it and/or modify it under the terms of {licenseWords} of the License, or (at your option) any later version.\n";
        var later = id.Replace("-only", "-or-later");
        Assert.Equal(later, Identify("Copyright (C) 2031 Jane Roe\n\n" + notice + "\n" + SpdxTexts.Text(id)).License);
        Assert.Equal(later, Identify(SpdxTexts.Text(id) + "\n\nCopyright 2031 Jane Roe.\n" + notice).License);
    }

    [Theory]
    [InlineData("Apache-2.0")]
    [InlineData("MPL-2.0")]
    [InlineData("GPL-3.0-only")]
    [InlineData("EPL-2.0")]
    public void The_first_quarter_of_a_long_license_identifies_it_with_a_confidence_of_what_was_seen(string id)
    {
        var full = SpdxTexts.Text(id);
        var quarter = full[..(full.Length / 4)];
        var d = Identify(quarter);
        Assert.Equal(id, d.License);
        Assert.InRange(d.Confidence, 0.2, 0.4);
        var match = Assert.Single(d.Matches);
        Assert.Equal(1, match.StartLine);
    }

    [Theory]
    [InlineData("To the extent possible under law, the author(s) have dedicated all copyright and related and neighboring rights to this software to the public domain worldwide. This software is distributed without any warranty.\n")]
    [InlineData("# Data\n\nTo the extent possible under law, Jane Roe has waived all copyright and related or neighboring rights to this data set.\n")]
    public void The_cc0_dedication_formula_is_a_cc0_notice(string text) => Assert.Equal("CC0-1.0", Identify(text).License);

    [Theory]
    [InlineData("This file is in the public domain.\n")]
    [InlineData("The author disclaims copyright to this source code. In place of a legal notice, here is a blessing.\n")]
    public void A_bare_public_domain_claim_names_no_license(string text) => Assert.Null(Identify(text).License);

    [Theory]
    [InlineData("2", "built using GNU Libtool", "GPL-2.0-or-later WITH Libtool-exception")]
    [InlineData("2", "that contains a configuration script generated by Autoconf", "GPL-2.0-or-later WITH Autoconf-exception-2.0")]
    [InlineData("3", "that contains a configuration script generated by Autoconf", "GPL-3.0-or-later WITH Autoconf-exception-3.0")]
    public void A_tool_exception_paragraph_after_a_gpl_notice_is_a_with_expression(string version, string tool, string expected)
    {
        var text = $"This file is free software; you can redistribute it and/or modify it under the terms of the GNU General Public License as published by the Free Software Foundation; either version {version} of the License, or (at your option) any later version.\n\n"
            + $"As a special exception to the GNU General Public License, if you distribute this file as part of a program {tool}, you may include it under the same distribution terms that you use for the rest of that program.\n";
        Assert.Equal(expected, Identify(text).License);
    }

    [Fact]
    public void A_version_between_terms_of_and_the_license_name_is_read() =>
        Assert.Equal("GPL-3.0-only", Identify("This program is free software; you can redistribute it and/or modify\nit under the terms of version 3 of the GNU General Public License as\npublished by the Free Software Foundation.\n").License);

    // "…, version 3." at the end of a sentence: the number after "version" is the license's
    // version, not list numbering that the normaliser drops.
    [Theory]
    [InlineData("This tool is free software: you can redistribute it and/or modify it under the terms of the GNU General Public License as published by the Free Software Foundation, version 3.\n", "GPL-3.0-only")]
    [InlineData("Our library may be used under the terms of the GNU Lesser General Public License, version 2.1.\nSee the file COPYING.\n", "LGPL-2.1-only")]
    public void A_version_ending_a_sentence_is_read(string text, string expected) =>
        Assert.Equal(expected, Identify(text).License);

    [Fact]
    public void A_version_number_after_version_survives_normalisation() =>
        Assert.Contains("3", LicenseTextNormalizer.Words("published by the Foundation, version 3."));

    // The usual GNU-style grant, "you can redistribute it and/or modify it under the terms of X",
    // grants X for any license name the recognizer resolves, not only the GNU ones.
    [Theory]
    [InlineData("This program is free software; you can redistribute it and/or modify\nit under the terms of the Artistic License, which comes with Perl.\n", "Artistic-1.0-Perl")]
    [InlineData("You can redistribute this package and/or modify it under the terms of the MIT license.\n", "MIT")]
    public void A_redistribute_or_modify_grant_names_its_license(string text, string expected) =>
        Assert.Equal(expected, Identify(text).License);

    [Fact]
    public void A_modify_grant_that_names_no_license_is_none() =>
        Assert.Null(Identify("You may modify it under the terms described below, with care.\n").License);

    // Debian's pointer to the full text names the license by the file's name.
    private const string GplPointer = "On Debian systems, the complete text of the GNU General Public License\nversion 2 can be found in `/usr/share/common-licenses/GPL-2'.\n";

    [Fact]
    public void A_pointer_to_a_common_license_file_names_that_license()
    {
        var d = Identify(GplPointer);
        Assert.Equal("GPL-2.0-only", d.License);
        Assert.Equal(2, Assert.Single(d.Matches).StartLine);
    }

    [Fact]
    public void A_gpl_exception_after_a_pointer_modifies_the_pointed_license() =>
        Assert.Equal("GPL-2.0-only WITH Libtool-exception", Identify(GplPointer
            + "\nAs a special exception to the GNU General Public License, when this file is shipped with a\n"
            + "package that is built using GNU Libtool, it may be distributed under the terms of that package.\n").License);

    [Fact]
    public void A_pointer_after_a_notice_is_its_footnote()
    {
        var text = "This package is free software; you can redistribute it and/or modify it under the terms of the GNU\n"
            + "General Public License as published by the Free Software Foundation; either version 2 of the License,\n"
            + "or (at your option) any later version.\n\n" + GplPointer;
        Assert.Equal("GPL-2.0-or-later", Identify(text).License);
    }

    [Fact]
    public void Pointers_to_different_license_files_name_no_license() =>
        Assert.Null(Identify("Our library text is in /usr/share/common-licenses/LGPL-2 and the newer one\nin /usr/share/common-licenses/LGPL-2.1 on Debian.\n").License);

    [Fact]
    public void A_pointer_to_an_unknown_file_names_nothing() =>
        Assert.Null(Identify("See /usr/share/common-licenses/house-rules for details.\n").License);

    // Exceptions are read from their paragraph's key words (license-names.yaml, exception_cues):
    // no registry package ships the SPDX exception texts. Paraphrased paragraphs, written here.
    private const string ApachePointer = "On Debian systems the Apache License 2.0 text is in /usr/share/common-licenses/Apache-2.0.\n\n";

    private const string LlvmStyleParagraph = "As an exception, when compiling your own code leaves pieces of this Software embedded in the\n"
        + "Object form of that code, you may pass those pieces on in that Object form without meeting the\n"
        + "conditions of Sections 4(a), 4(b) and 4(d) of the License.\n";

    [Fact]
    public void An_exception_paragraph_beside_its_license_is_a_with_expression()
    {
        var d = Identify(ApachePointer + LlvmStyleParagraph);
        Assert.Equal("Apache-2.0 WITH LLVM-exception", d.License);
        // The paragraph's lines are reported with the exception.
        Assert.Contains(d.Matches, m => m.Id == "Apache-2.0 WITH LLVM-exception" && m.StartLine == 3);
    }

    [Fact]
    public void An_exception_paragraph_beside_a_full_license_text_modifies_it() =>
        Assert.Equal("Apache-2.0 WITH LLVM-exception", Identify(SpdxTexts.Text("Apache-2.0") + "\n\n" + LlvmStyleParagraph).License);

    [Fact]
    public void An_exception_paragraph_before_the_license_text_modifies_it()
    {
        var note = "NOTE! Programs that merely ask the kernel for its services through normal system calls are not\n"
            + "derived works of it and are not covered by this copyright.\n\n";
        Assert.Equal("GPL-2.0-only WITH Linux-syscall-note", Identify(note + SpdxTexts.Text("GPL-2.0-only")).License);
    }

    [Fact]
    public void An_exception_paragraph_without_its_license_names_nothing()
    {
        Assert.Null(Identify(LlvmStyleParagraph).License);
        // Beside another license it modifies nothing either.
        Assert.Equal("MIT", Identify(SpdxTexts.Text("MIT") + "\n\n" + LlvmStyleParagraph).License);
    }

    [Fact]
    public void An_exception_paragraph_without_all_its_key_words_is_no_exception() =>
        Assert.Equal("Apache-2.0", Identify(ApachePointer + "As an exception, the files in the examples folder may be copied freely.\n").License);

    // BSD and MIT licenses read by their structure (ClauseStructureReader) where no SPDX text fits
    // as a whole. The paragraphs of the SPDX BSD-3-Clause text: copyright, grant, three clauses,
    // disclaimer.
    private static string[] BsdParagraphs() => SpdxTexts.Text("BSD-3-Clause").Replace("\r\n", "\n").Split("\n\n", StringSplitOptions.TrimEntries);

    // A warranty paragraph in the GNU style, written here: not the BSD disclaimer.
    private const string GnuStyleWarranty = "This library is shared in the hope that it will be useful to you,\nbut WITHOUT ANY WARRANTY; not even the implied warranty of\nMERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.\n";

    [Fact]
    public void A_bsd_name_clause_naming_other_organisations_is_bsd_3_clause()
    {
        var p = BsdParagraphs();
        var names = "The names of Example Widgets, Inc., the Northern Research Consortium, the members of that consortium, or of any\n"
            + "of the contributors to this toolkit may not be used to endorse or promote products derived from this software\nwithout specific prior written permission.";
        var text = string.Join("\n\n", p[1], p[2], p[3], names, p[5]);
        var d = Identify(text);
        Assert.Equal("BSD-3-Clause", d.License);
        Assert.Equal(MatchKind.Similar, Assert.Single(d.Matches).Kind);
    }

    [Fact]
    public void A_bsd_with_a_different_warranty_paragraph_is_read_by_its_clauses()
    {
        var p = BsdParagraphs();
        Assert.Equal("BSD-2-Clause", Identify(string.Join("\n\n", p[1], p[2], p[3], GnuStyleWarranty)).License);
        Assert.Equal("BSD-3-Clause", Identify(string.Join("\n\n", p[1], p[2], p[3], p[4], GnuStyleWarranty)).License);
    }

    [Fact]
    public void A_bsd_cut_before_its_disclaimer_is_read_with_less_confidence()
    {
        var p = BsdParagraphs();
        var d = Identify(string.Join("\n\n", p[1], p[2], p[3], p[4]));
        Assert.Equal("BSD-3-Clause", d.License);
        Assert.InRange(d.Confidence, 0.3, 0.9);
    }

    [Fact]
    public void A_bsd_with_the_advertising_clause_is_bsd_4_clause_by_its_clauses()
    {
        var p = BsdParagraphs();
        var advertising = "All advertising materials mentioning features or use of this software must display the following acknowledgement:\nThis product includes software developed by the example project.";
        Assert.Equal("BSD-4-Clause", Identify(string.Join("\n\n", p[1], p[2], p[3], advertising, p[4], GnuStyleWarranty)).License);
    }

    [Fact]
    public void A_bsd_with_an_added_condition_is_not_read_as_bsd()
    {
        var p = BsdParagraphs();
        var added = "Any copy that is run on a computer owned by a government agency must first be reported in writing to the original authors together with the name of the agency and its address.";
        Assert.Null(Identify(string.Join("\n\n", p[1], p[2], p[3], added, GnuStyleWarranty)).License);
    }

    [Theory]
    [InlineData("Redistribution and use in source and binary forms are permitted.\n")]
    [InlineData("Redistribution and use in source and binary forms, with or without modification, are permitted provided that you ask us first.\n")]
    public void A_bsd_grant_without_the_bsd_conditions_is_no_license(string text) => Assert.Null(Identify(text).License);

    [Fact]
    public void An_mit_grant_with_a_bsd_style_disclaimer_is_mit()
    {
        var mit = SpdxTexts.Text("MIT").Replace("\r\n", "\n").Split("\n\n", StringSplitOptions.TrimEntries);
        var grant = mit.Where(x => x.StartsWith("Permission", StringComparison.Ordinal) || x.StartsWith("The above", StringComparison.Ordinal));
        var text = string.Join("\n\n", grant.Append(BsdParagraphs()[5]));
        Assert.Equal("MIT", Identify(text).License);
    }

    // A variant whose own words ("HP", "patent infringement") are absent is not that variant even
    // when it is the closest text: a BSD licence that says "the author" and adds a short sentence
    // is read by its clauses.
    [Fact]
    public void A_closest_variant_without_its_own_words_gives_way_to_the_clause_reading()
    {
        var text = BsdSayingTheAuthor().Replace("Redistribution and use", "Only the author may change these terms.\n\nRedistribution and use", StringComparison.Ordinal);
        Assert.Equal("BSD-3-Clause", Identify(text).License);
        Assert.Equal("BSD-3-Clause-HP", Identify(SpdxTexts.Text("BSD-3-Clause-HP")).License);
    }

    // An SPDX expression stated in prose is a tag: it outranks a pointer's bare version.
    [Fact]
    public void An_spdx_expression_stated_in_prose_is_read_as_a_tag()
    {
        var text = "SPDX license expression \"GPL-2.0-or-later\":\nsee the SPDX list for what it means.\n\n" + GplPointer;
        var d = Identify(text);
        Assert.Equal("GPL-2.0-or-later", d.License);
        Assert.Contains(d.Matches, m => m.Kind == MatchKind.Identifier && m.StartLine == 1);
    }

    // A paragraph among the BSD conditions that offers another license instead is a choice.
    [Fact]
    public void An_alternative_license_among_bsd_conditions_is_an_or()
    {
        var p = BsdParagraphs();
        var alternative = "ALTERNATIVELY, you may instead distribute this work under the terms of the GNU General Public License, version 2,\nand then the GPL's provisions apply in place of the conditions listed above.";
        Assert.Equal("BSD-3-Clause OR GPL-2.0-only", Identify(string.Join("\n\n", p[1], p[2], p[3], p[4], alternative, p[5])).License);
    }
}

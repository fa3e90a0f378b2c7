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

    [Theory]
    [InlineData("BSD-3-Clause-HP")]
    [InlineData("BSD-4-Clause-UC")]
    [InlineData("MIT-Modern-Variant")]
    [InlineData("BSD-3-Clause-Attribution")]
    public void A_variant_with_its_distinguishing_words_stays_the_variant(string id) =>
        Assert.Equal(id, Identify(SpdxTexts.Rewrap(SpdxTexts.Text(id), 70)).License);

    [Theory]
    [InlineData("/* This Source Code Form is subject to the terms of the Mozilla Public\n * License, v. 2.0. If a copy of the MPL was not distributed with this\n * file, You can obtain one at http://mozilla.org/MPL/2.0/. */\n\n#include <stdio.h>\nint main(void) { return 0; }\n", "MPL-2.0")]
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
}

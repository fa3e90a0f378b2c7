using OpenGrade.Core.Licensing;

namespace OpenGrade.Core.Tests.Licensing;

public sealed class LicenseRecognizerTests
{
    private static readonly LicenseRecognizer Recognizer = new(LicenseCatalog.Default);

    [Theory]
    [InlineData("Apache 2.0", "Apache-2.0")]
    [InlineData("Apache license 2.0", "Apache-2.0")]
    [InlineData("Apache License, Version 2.0", "Apache-2.0")]
    [InlineData("apache-2.0", "Apache-2.0")]
    [InlineData("MIT license", "MIT")]
    [InlineData("MIT License", "MIT")]
    [InlineData("BSD-3", "BSD-3-Clause")]
    [InlineData("bsd-3-clause", "BSD-3-Clause")]
    [InlineData("CC BY-SA 4.0", "CC-BY-SA-4.0")]
    [InlineData("Creative Commons Attribution 4.0 International", "CC-BY-4.0")]
    [InlineData("Creative Commons Attribution Non Commercial 4.0", "CC-BY-NC-4.0")]
    [InlineData("Creative Commons Attribution Non Commercial Share Alike 4.0", "CC-BY-NC-SA-4.0")]
    [InlineData("GNU General Public License v3.0", "GPL-3.0")]
    [InlineData("GPLv3", "GPL-3.0")]
    [InlineData("GNU Lesser General Public License v2.1", "LGPL-2.1")]
    [InlineData("GNU Affero General Public License v3.0 or later", "AGPL-3.0-or-later")]
    [InlineData("Mozilla Public License 2.0", "MPL-2.0")]
    [InlineData("GPL 3.0 or later", "GPL-3.0-or-later")]
    [InlineData("GNU GPL v2+", "GPL-2.0-or-later")]
    [InlineData("odc-by", "ODC-By-1.0")]
    [InlineData("openmdw-1.0", "OpenMDW-1.0")]
    [InlineData("cc0-1.0", "CC0-1.0")]
    [InlineData("llama3.1", "LicenseRef-llama3.1")]
    [InlineData("Llama 2 Community License", "LicenseRef-llama2")]
    [InlineData("Meta Llama 3 Community License Agreement", "LicenseRef-llama3")]
    [InlineData("Gemma Terms of Use", "LicenseRef-gemma")]
    [InlineData("gemma", "LicenseRef-gemma")]
    [InlineData("bigscience-bloom-rail-1.0", "LicenseRef-bigscience-bloom-rail-1.0")]
    [InlineData(" Falcon-180B TII License", "LicenseRef-falcon-180b-tii")]
    [InlineData("apple-sample-code-license", "LicenseRef-apple-ascl")]
    [InlineData("Zero-Clause BSD", "0BSD")]
    [InlineData("BSD Zero Clause License", "0BSD")]
    [InlineData("the Artistic License, which comes with Perl", "Artistic-1.0-Perl")]
    public void Reads_names_people_write(string text, string id)
    {
        var reading = Recognizer.Read(text);

        Assert.Equal(ReadingKind.Recognised, reading.Kind);
        Assert.Equal(id, reading.Id);
    }

    [Theory]
    [InlineData("Apache-2.0")]
    [InlineData("MIT")]
    [InlineData("OpenMDW-1.0")]
    [InlineData("ODC-PDDL-1.0")]
    [InlineData("LicenseRef-gemma")]
    [InlineData("MIT OR Apache-2.0")]
    public void Exact_ids_and_expressions_are_exact(string text)
    {
        var reading = Recognizer.Read(text);

        Assert.Equal(ReadingKind.Exact, reading.Kind);
        Assert.Equal(text, reading.Id);
    }

    [Theory]
    [InlineData("Undisclosed")]
    [InlineData("Proprietary")]
    [InlineData("Component not include")]
    [InlineData("arXiv.org perpetual non-exclusive license 1.0")]
    [InlineData("BSD")]
    [InlineData("other")]
    [InlineData("")]
    [InlineData("MIT OR Undisclosed")]
    public void Never_guesses(string text)
    {
        var reading = Recognizer.Read(text);

        Assert.Equal(ReadingKind.Unknown, reading.Kind);
        Assert.Null(reading.Id);
        Assert.Contains("not a license OpenGrade knows", reading.Describe());
    }

    [Fact]
    public void Expressions_are_read_leaf_by_leaf()
    {
        var reading = Recognizer.Read("apache-2.0 or (mit and bsd-3-clause)");

        Assert.Equal(ReadingKind.Recognised, reading.Kind);
        Assert.Equal("Apache-2.0 OR MIT AND BSD-3-Clause", reading.Id);
    }
}

using CsCheck;
using OpenGrade.Core.Licensing.Detection;

namespace OpenGrade.Hostile.Tests.Properties;

/// <summary>
/// The license text normaliser (LicenseTextNormalizer): never throws; every word is lower-case
/// letters and digits (with a dot only inside a version number), carries the 1-based line it came
/// from, in order; normalised words normalise to themselves; and a one-line phrase gives the same
/// words through <c>Words</c> (names, markers) as through <c>Normalize</c> (texts), since the index
/// and the queries must agree.
/// </summary>
public sealed class LicenseNormalizerProperties
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyzLICENSE0123456789 .,;:()[]<>!-_*#&©\"'`/\\\n\r\t\u00a0\u2028\u0000\u001b\u0130\u00df\u0301é";

    private static readonly string[] Phrases =
    [
        "Copyright (c) 2020 Someone", "All rights reserved.", "sub-license", "sub license", "per cent", "non commercial", "e-mail",
        "Licence", "licenced", "https://example.org", "<https://a.b>", "[text](http://x)", "<!-- hidden -->", "<year>", "1.", "(a)", "iv)",
        "1.2.", "2.0", "&", "©", "\u0130stanbul", "STRASSE", "straße", "I\u0307", "\u212a", "ǅ", "\u0000", "\r\n", "\r", "\n", "\u2028",
    ];

    private static Gen<string> Texts(int max) => Property.Any(
        Mutations.RandomText(Alphabet, max),
        Gen.Int[0, Phrases.Length - 1].Array[0, 20].Select(ix => string.Join(" ", ix.Select(i => Phrases[i]))),
        Gen.String[Gen.Char[(char)0, (char)0xffff], 0, max]);

    [Fact(Timeout = Property.Timeout)]
    public Task Normalised_words_are_well_formed_and_carry_their_lines() =>
        Property.Check(Texts(300), text =>
        {
            var n = LicenseTextNormalizer.Normalize(text);
            Assert.Equal(n.Words.Length, n.Lines.Length);
            Assert.Equal(n.Words.Length, n.IsCopyright.Length);
            var lineCount = LicenseTextNormalizer.SplitLines(text).Count();
            for (var i = 0; i < n.Words.Length; i++)
            {
                var w = n.Words[i];
                Assert.False(string.IsNullOrEmpty(w), $"word {i} is empty");
                Assert.True(w == w.ToLowerInvariant(), $"word '{Property.Quote(w)}' is not lower-case");
                Assert.True(w.All(c => char.IsLetterOrDigit(c) || c == '.'), $"word '{Property.Quote(w)}' has punctuation");
                Assert.False(w.StartsWith('.') || w.EndsWith('.'), $"word '{Property.Quote(w)}' starts or ends with a dot");
                Assert.InRange(n.Lines[i], 1, Math.Max(lineCount, 1));
                if (i > 0) Assert.True(n.Lines[i] >= n.Lines[i - 1], "lines go backwards");
            }
        }, iter: 3000, print: Property.Quote);

    [Fact(Timeout = Property.Timeout)]
    public Task Normalising_normalised_words_changes_nothing() =>
        Property.Check(Texts(300), text =>
        {
            var words = LicenseTextNormalizer.Normalize(text).Words;
            Assert.Equal(words, LicenseTextNormalizer.Normalize(string.Join(' ', words)).Words);
        }, iter: 3000, print: Property.Quote);

    [Fact(Timeout = Property.Timeout)]
    public Task A_phrase_gives_the_same_words_as_a_one_line_text() =>
        Property.Check(Texts(120).Select(t => string.Concat(t.Where(c => c is not ('\n' or '\r')))), phrase =>
            Assert.Equal(LicenseTextNormalizer.Normalize(phrase).Words, LicenseTextNormalizer.Words(phrase)),
            iter: 3000, print: Property.Quote);
}

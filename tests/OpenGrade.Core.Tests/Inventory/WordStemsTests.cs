using OpenGrade.Core.Inventory.Rules;

namespace OpenGrade.Core.Tests.Inventory;

/// <summary>
/// The rules' word search scans for all words at once; it must find exactly what a scan per word
/// with <c>IndexOf(word, OrdinalIgnoreCase)</c> finds, characters that case-fold oddly included.
/// </summary>
public sealed class WordStemsTests
{
    private static bool PerWord(string text, IEnumerable<string> words) => words.Any(word =>
    {
        for (var at = text.IndexOf(word, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(word, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            if (at == 0 || !char.IsAsciiLetter(text[at - 1])) return true;
        }
        return false;
    });

    [Theory]
    [InlineData("see the Technical Report", true)]
    [InlineData("retrained weights", false)]
    [InlineData("pre-training data", true)]
    [InlineData("xtrain then train", true)]
    [InlineData("", false)]
    public void A_word_counts_only_at_the_start_of_a_word(string text, bool expected)
    {
        var stems = new WordStems("train", "technical report");
        Assert.Equal(expected, stems.StartAWordIn(text));
        Assert.Equal(expected, PerWord(text, stems.Words));
    }

    [Fact]
    public void All_words_at_once_find_what_one_scan_per_word_finds()
    {
        // Letters that fold to ASCII under ordinal ignore-case (dotless i, long s, Kelvin sign) and their neighbours.
        const string alphabet = "aeinoprstkAEINOPRSTK ıİſK-ßé";
        var stems = new WordStems("eval", "train", "pre-train", "inference", "data card", "ki", "ss", "os");
        var random = new Random(7);
        for (var i = 0; i < 50_000; i++)
        {
            var text = new string([.. Enumerable.Range(0, random.Next(0, 16)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
            Assert.True(PerWord(text, stems.Words) == stems.StartAWordIn(text), $"'{text}'");
        }
    }
}

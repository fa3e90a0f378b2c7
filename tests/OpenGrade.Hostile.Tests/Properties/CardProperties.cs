using CsCheck;

namespace OpenGrade.Hostile.Tests.Properties;

/// <summary>Model cards: damaged front matter and hostile Markdown give a card or one line naming the file.</summary>
public sealed class CardProperties
{
    private static IReadOnlyList<string> Cards => Corpus.Files("corpus/hf/models", "README.md", maxBytes: 32 * 1024);

    /// <summary>Markdown that nests (quotes, lists, emphasis, links), small enough to be harmless to a correct reader.</summary>
    private static readonly Gen<string> SmallMarkdownStructures = Property.Any(
        Gen.Int[1, 200].Select(d => new string('>', d) + " x"),
        Gen.Int[1, 100].Select(d => string.Concat(Enumerable.Range(0, d).Select(i => new string(' ', 2 * i) + "- x\n"))),
        Gen.Int[1, 200].Select(d => new string('[', d) + "x" + new string(']', d) + "(http://a)"),
        Gen.Int[1, 200].Select(d => new string('*', d) + "x" + new string('*', d)),
        Mutations.SmallYamlStructures);

    private static readonly Gen<string> HostileValues = Property.Any(Mutations.HostileYamlValues,
        Gen.OneOf("---", "...", "| a | b |\n|---|---|", "<!--", "```", "<https://x>", "[a](", "https://x.org/)](", "<div>", "\\", "    code"));

    [Fact(Timeout = Property.Timeout)]
    public Task Mutated_cards_give_a_card_or_a_one_line_error() =>
        Property.ResultOrCleanError(Mutations.Of(Cards, HostileValues, SmallMarkdownStructures), ParserTargets.Card, iter: 600);

    [Fact(Timeout = Property.Timeout)]
    public Task Random_front_matter_gives_a_card_or_a_one_line_error() =>
        Property.ResultOrCleanError(Mutations.RandomText(Mutations.YamlAlphabet).Select(y => $"---\n{y}\n---\n# Card\n"), ParserTargets.Card, iter: 2000);

    [Fact(Timeout = Property.Timeout)]
    public Task Random_markdown_gives_a_card_or_a_one_line_error() =>
        Property.ResultOrCleanError(Mutations.RandomText(Mutations.MarkdownAlphabet, 400), ParserTargets.Card, iter: 2000);
}

/// <summary>The card reader's bare-URL scan finds exactly what the pattern it replaced finds, on any line.</summary>
public sealed partial class BareUrlProperties
{
    // The oracle: the regex the scan replaced (kept here only, to judge the scan).
    [System.Text.RegularExpressions.GeneratedRegex(@"https?://[^\s\)\]""'<>`]+")]
    private static partial System.Text.RegularExpressions.Regex Pattern();

    private static readonly Gen<string> Lines = Property.Any(
        Gen.OneOf("http", "https", "httpss", "://", ":/", "s", "x", "a.b/c", " ", "\t", "\u00a0", "\u2028", "\u0085", ")", "]", "\"", "'", "<", ">", "`", "(", "[", ".", "\ud83d\ude00")
            .Array[0, 24].Select(parts => string.Concat(parts)),
        Mutations.RandomText("htps:/ )x.<`\u00a0", 80));

    [Fact(Timeout = Property.Timeout)]
    public Task The_scan_matches_the_pattern() =>
        Property.Check(Lines, line => Assert.Equal(Pattern().Matches(line).Select(m => m.Value), OpenGrade.Sources.Local.CardReader.BareUrls(line)), iter: 20_000, Property.Quote);

    [Theory]
    [InlineData("see https://a.org/x) and http://b.org", "https://a.org/x|http://b.org")]
    [InlineData("httpss://no https:// nor http://", "")]
    [InlineData("xhttps://a.b`c", "https://a.b")]
    public void Known_lines(string line, string urls) =>
        Assert.Equal(urls.Length == 0 ? [] : urls.Split('|'), OpenGrade.Sources.Local.CardReader.BareUrls(line));
}

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

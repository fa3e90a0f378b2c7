using OpenGrade.Core.Inventory;
using OpenGrade.Sources.Local;
using OpenGrade.Testing;

namespace OpenGrade.Conformance.Tests.Inventory;

/// <summary>
/// The card reader skips inline parsing of paragraphs that hold nothing a link, an autolink or a table
/// starts with. That is a saving only if the card read is the same as with every paragraph parsed: the
/// headings, links (text, line, section) and tables of every Markdown file of the corpora, and of cards
/// built to sit on the edges of the test, must be equal both ways.
/// </summary>
public sealed class CardParagraphTests
{
    public static TheoryData<string> Edges() =>
    [
        "# Title\n\nplain prose only, nothing to find\n\nmore prose\nover two lines\n",
        "# T\n\nSee HTTPS://Example.org/x for more\n\nwww.example.org is bare\n",
        "# T\n\nwrite to mailto:someone@example.org or tel:+123\n",
        "# T\n\na | b\n--|--\n1 | 2\n3 | 4\n\nafter the table\n",
        "# T\n\nno pipes here\nbut a [link](https://x.org) on line two\n",
        "# T\n\n<https://angle.example.org>\n\n<a href=\"https://html.example.org\">x</a>\n",
        "# T\n\n[ref]\n\n[ref]: https://ref.example.org\n",
        "Setext title\n============\n\ntext with `code` and *emphasis*\n\n## [Linked heading](https://h.org)\n",
        "# T\n\n- item one\n- item [two](https://two.org)\n  continued\n\n> quoted prose\n> and a [quote link](https://q.org)\n",
        "# T\n\n    indented code with https://code.example.org\n\n```\nfenced https://fenced.example.org | a | b\n```\n",
    ];

    [Theory]
    [MemberData(nameof(Edges))]
    public void Edge_cards_read_the_same_with_every_paragraph_parsed(string text) => AssertSameRead(text, "README.md");

    [Fact]
    public void Every_corpus_card_reads_the_same_with_every_paragraph_parsed()
    {
        var files = new[] { SharedCorpus.PathTo("corpus", "hf"), SharedCorpus.PathTo("corpus", "linked") }
            .SelectMany(root => Directory.EnumerateFiles(root, "*.md", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal).ToList();
        Assert.True(files.Count >= 30, $"only {files.Count} Markdown files found in the corpora");
        var links = 0;
        foreach (var file in files)
        {
            AssertSameRead(File.ReadAllText(file), file);
            links += CardReader.Read(File.ReadAllText(file), file).Card.Links.Length;
        }
        Assert.True(links > 100, $"the corpora's cards gave only {links} links: the comparison would prove little");
    }

    [Theory]
    [InlineData("plain prose, with: colons; and (brackets)", false)]
    [InlineData("a WWW-style word but no address", false)]
    [InlineData("see [x](y)", true)]
    [InlineData("a <b>tag</b>", true)]
    [InlineData("a | b", true)]
    [InlineData("Visit HTTPS://Example.org", true)]
    [InlineData("at WWW.example.org", true)]
    [InlineData("Mailto:x@y.org", true)]
    [InlineData("call tel:+1", true)]
    public void A_paragraph_is_inline_parsed_only_when_it_may_hold_a_link_or_a_table(string line, bool parsed) =>
        Assert.Equal(parsed, CardReader.MayHoldLinksOrTables(line));

    private static void AssertSameRead(string text, string path)
    {
        var fast = CardReader.Read(text, path).Card;
        var full = CardReader.Read(text, path, everyParagraph: true).Card;
        Assert.Equal(Describe(full), Describe(fast));
    }

    private static string Describe(CardDocument card) => string.Join('\n',
        card.Sections.Select(s => $"section {s.Level} {s.Line} {s.Title}")
            .Concat(card.Links.Select(l => $"link {l.Line} {l.Url} [{l.Text}] in {l.Section}"))
            .Concat(card.Tables.Select(t => $"table {t.Line} {t.Rows} rows [{string.Join(" | ", t.Header)}] in {t.Section}")));
}

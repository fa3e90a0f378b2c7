using System.Collections.Immutable;
using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using OpenGrade.Core.Inventory;
using OpenGrade.Core.Parsing;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OpenGrade.Sources.Local;

/// <summary>
/// Reads a model card: the YAML front matter (YamlDotNet, keeping each value's line) and the
/// Markdown body (Markdig: headings, links, tables), with line numbers counted in the whole file.
/// Front matter is loaded within <see cref="BoundedYaml"/>'s limits (alias bombs, deep nesting);
/// Markdown nested beyond Markdig's depth limit is refused in one line naming the card.
/// </summary>
public static partial class CardReader
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().UseAutoLinks().Build();

    public static (CardMetadata? Metadata, CardDocument Card) Read(string text, string path)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var (yaml, bodyStart) = SplitFrontMatter(lines, path);
        var metadata = yaml is null ? null : new CardMetadata(path, ParseFrontMatter(yaml, path));
        var body = string.Join('\n', lines.Skip(bodyStart - 1));
        return (metadata, ParseBody(body, bodyStart, [.. lines], path));
    }

    /// <summary>The front matter between a first line <c>---</c> and the next <c>---</c>, and the 1-based line where the body starts.</summary>
    private static (string? Yaml, int BodyStart) SplitFrontMatter(string[] lines, string path)
    {
        if (lines.Length == 0 || lines[0].TrimEnd() != "---") return (null, 1);
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].TrimEnd() is "---" or "...") return (string.Join('\n', lines[1..i]), i + 2);
        }
        throw new SnapshotException(path, 1, "the YAML front matter opened here is never closed with '---'");
    }

    private static MetaMap ParseFrontMatter(string yaml, string path)
    {
        try
        {
            var stream = BoundedYaml.Load(yaml);
            if (stream.Documents.Count == 0) return MetaMap.Empty;
            // Front matter starts on the file's second line.
            return ToMeta(stream.Documents[0].RootNode, 1) as MetaMap ?? throw new SnapshotException(path, 2, "the front matter is not a YAML mapping");
        }
        catch (YamlException e)
        {
            throw new SnapshotException(path, (int)e.Start.Line + 1, $"invalid YAML front matter: {BoundedYaml.Problem(e)}");
        }
    }

    // Recursion is bounded: BoundedYaml refused front matter nested deeper than its limit, or expanding past its budget.
    private static MetaValue ToMeta(YamlNode node, int offset)
    {
        var line = (int)node.Start.Line + offset;
        return node switch
        {
            YamlMappingNode map => new MetaMap([.. map.Children.Select(kv => new MetaEntry(
                kv.Key is YamlScalarNode k ? k.Value ?? "" : kv.Key.ToString(), ToMeta(kv.Value, offset)))], line),
            YamlSequenceNode seq => new MetaList([.. seq.Children.Select(c => ToMeta(c, offset))], line),
            YamlScalarNode scalar => new MetaScalar(scalar.Value, line),
            _ => new MetaScalar(null, line),
        };
    }

    /// <summary>How much of a card body is parsed as Markdown (the raw lines are all kept and scanned for URLs): real cards stay far below it, and a hostile 256 KiB of link openers costs Markdig seconds.</summary>
    public const int MaxMarkdownChars = 64 * 1024;

    private static CardDocument ParseBody(string body, int bodyStart, ImmutableArray<string> lines, string path)
    {
        MarkdownDocument document;
        try
        {
            // Markdig's inline parsing grows faster than the text on some inputs (runs of link
            // openers): only the card's head goes through it; links and tables past it are not read.
            document = Markdown.Parse(body.Length > MaxMarkdownChars ? body[..MaxMarkdownChars] : body, Pipeline);
        }
        catch (ArgumentException)
        {
            // Markdig's only complaint about a string: blocks or inlines nested past its depth limit.
            throw new SnapshotException(path, 0, "Markdown nested too deeply (block quotes, lists, links or brackets inside each other past Markdig's depth limit); refused");
        }
        int FileLine(int markdigLine) => markdigLine + bodyStart;

        var sections = document.Descendants<HeadingBlock>()
            .Select(h => new CardSection(PlainText(h.Inline), h.Level, FileLine(h.Line)))
            .Where(s => s.Title.Length > 0).OrderBy(s => s.Line).ToImmutableArray();
        var sectionLines = sections.Select(s => s.Line).ToArray();
        string? SectionAt(int line)
        {
            // The last section starting at or before the line (a card can have thousands of sections and links).
            var i = Array.BinarySearch(sectionLines, line);
            var at = i >= 0 ? LastAt(sectionLines, i) : ~i - 1;
            return at >= 0 ? sections[at].Title : null;
        }

        var links = new List<CardLink>();
        foreach (var link in document.Descendants<LinkInline>().Where(l => !l.IsImage && !string.IsNullOrWhiteSpace(l.Url)))
        {
            var line = FileLine(link.Line);
            links.Add(new CardLink(link.Url!, PlainText(link), line, SectionAt(line)));
        }
        foreach (var auto in document.Descendants<AutolinkInline>())
        {
            var line = FileLine(auto.Line);
            links.Add(new CardLink(auto.Url, auto.Url, line, SectionAt(line)));
        }
        // Links Markdig does not see (inside HTML blocks and tags) are found in the raw lines.
        var seen = links.Select(l => (l.Line, l.Url)).ToHashSet();
        for (var i = bodyStart - 1; i < lines.Length; i++)
        {
            foreach (Match m in BareUrl().Matches(lines[i]))
            {
                var url = m.Value.TrimEnd('.', ',', ';', ':', '*', '_');
                if (!seen.Add((i + 1, url))) continue;
                links.Add(new CardLink(url, "", i + 1, SectionAt(i + 1)));
            }
        }

        var tables = document.Descendants<Table>().Select(t =>
        {
            var rows = t.OfType<TableRow>().ToList();
            var header = rows.FirstOrDefault(r => r.IsHeader);
            var cells = header is null ? [] : header.OfType<TableCell>().Select(c => PlainText(c)).ToImmutableArray();
            var line = FileLine(t.Line);
            return new CardTable(cells, rows.Count(r => !r.IsHeader), line, SectionAt(line));
        }).ToImmutableArray();

        return new CardDocument(path, lines, sections, [.. links.OrderBy(l => l.Line)], tables, bodyStart);
    }

    /// <summary>The last index holding the same value as <paramref name="i"/> in a sorted array.</summary>
    private static int LastAt(int[] sorted, int i)
    {
        while (i + 1 < sorted.Length && sorted[i + 1] == sorted[i]) i++;
        return i;
    }

    private static string PlainText(MarkdownObject? node)
    {
        if (node is null) return "";
        var sb = new StringBuilder();
        // Literals are joined with a space: a link text broken over two lines is still two words.
        foreach (var literal in node.Descendants<LiteralInline>()) sb.Append(literal.Content.ToString()).Append(' ');
        foreach (var code in node.Descendants<CodeInline>()) sb.Append(' ').Append(code.Content);
        return Regex.Replace(sb.ToString(), @"\s+", " ").Trim();
    }

    [GeneratedRegex(@"https?://[^\s\)\]""'<>`]+")]
    private static partial Regex BareUrl();
}

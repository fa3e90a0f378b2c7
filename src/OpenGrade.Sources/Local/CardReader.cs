using System.Buffers;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Text;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Parsers;
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
public static class CardReader
{
    private static readonly MarkdownPipeline Pipeline = BuildPipeline(everyParagraph: false);
    private static readonly MarkdownPipeline EveryParagraphPipeline = BuildPipeline(everyParagraph: true);

    /// <summary>
    /// Markdig with pipe tables and autolinks. Unless <paramref name="everyParagraph"/>, a paragraph whose
    /// text holds nothing a link, an autolink or a table starts with is closed without inline parsing:
    /// a card is read for headings, links and tables only, and inline parsing was most of Markdig's time
    /// (about 40 % of a card's paragraph text is plain prose).
    /// </summary>
    private static MarkdownPipeline BuildPipeline(bool everyParagraph)
    {
        var builder = new MarkdownPipelineBuilder().UsePipeTables().UseAutoLinks();
        if (!everyParagraph) builder.BlockParsers.Find<ParagraphBlockParser>()!.Closed += SkipPlainParagraph;
        return builder.Build();
    }

    /// <summary>What a link (<c>[</c>), an HTML tag or autolink (<c>&lt;</c>) or a table (<c>|</c>) needs in its paragraph.</summary>
    private static readonly SearchValues<char> InlineOpeners = SearchValues.Create("[<|");

    /// <summary>What Markdig's autolink extension starts from (any case, a superset of what it accepts).</summary>
    private static readonly SearchValues<string> AutolinkStarts = SearchValues.Create(["://", "www.", "mailto:", "tel:"], StringComparison.OrdinalIgnoreCase);

    private static void SkipPlainParagraph(BlockProcessor processor, Block block)
    {
        if (block is not ParagraphBlock paragraph) return;
        var lines = paragraph.Lines;
        for (var i = 0; i < lines.Count; i++)
        {
            if (MayHoldLinksOrTables(lines.Lines[i].Slice.AsSpan())) return;
        }
        paragraph.ProcessInlines = false;
    }

    /// <summary>Whether a line of a paragraph holds what a link, an HTML tag, an autolink or a table starts with.</summary>
    public static bool MayHoldLinksOrTables(ReadOnlySpan<char> line) => line.ContainsAny(InlineOpeners) || line.ContainsAny(AutolinkStarts);

    public static (CardMetadata? Metadata, CardDocument Card) Read(string text, string path) => Read(text, path, everyParagraph: false);

    /// <summary>
    /// <paramref name="everyParagraph"/>: every paragraph goes through inline parsing (what Markdig does by
    /// default); tests prove the card read is the same either way.
    /// </summary>
    public static (CardMetadata? Metadata, CardDocument Card) Read(string text, string path, bool everyParagraph)
    {
        var normalised = text.Replace("\r\n", "\n");
        var lines = normalised.Split('\n');
        var (yaml, bodyStart) = SplitFrontMatter(normalised, lines, path);
        var metadata = yaml is null ? null : new CardMetadata(path, ParseFrontMatter(yaml, path));
        // The body is the text from its first line on (the lines joined again, without joining them);
        // front matter closed on the last line leaves none.
        var body = normalised[Math.Min(StartOf(lines, bodyStart - 1), normalised.Length)..];
        // The split array is never written again: the card keeps it without a copy.
        return (metadata, ParseBody(body, bodyStart, ImmutableCollectionsMarshal.AsImmutableArray(lines), path, everyParagraph ? EveryParagraphPipeline : Pipeline));
    }

    /// <summary>Where line <paramref name="index"/> (0-based) starts in the text the lines were split from on '\n'.</summary>
    private static int StartOf(string[] lines, int index)
    {
        var at = 0;
        for (var i = 0; i < index; i++) at += lines[i].Length + 1;
        return at;
    }

    /// <summary>The front matter between a first line <c>---</c> and the next <c>---</c>, and the 1-based line where the body starts.</summary>
    private static (string? Yaml, int BodyStart) SplitFrontMatter(string text, string[] lines, string path)
    {
        if (lines.Length == 0 || lines[0].TrimEnd() != "---") return (null, 1);
        for (var i = 1; i < lines.Length; i++)
        {
            // Lines 1..i-1 joined with '\n': the text between the end of the first line and the start of line i, less its last newline.
            if (lines[i].TrimEnd() is "---" or "...") return (i == 1 ? "" : text[(lines[0].Length + 1)..(StartOf(lines, i) - 1)], i + 2);
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

    private static CardDocument ParseBody(string body, int bodyStart, ImmutableArray<string> lines, string path, MarkdownPipeline pipeline)
    {
        MarkdownDocument document;
        try
        {
            // Markdig's inline parsing grows faster than the text on some inputs (runs of link
            // openers): only the card's head goes through it; links and tables past it are not read.
            document = Markdown.Parse(body.Length > MaxMarkdownChars ? body[..MaxMarkdownChars] : body, pipeline);
        }
        catch (ArgumentException)
        {
            // Markdig's only complaint about a string: blocks or inlines nested past its depth limit.
            throw new SnapshotException(path, 0, "Markdown nested too deeply (block quotes, lists, links or brackets inside each other past Markdig's depth limit); refused");
        }
        int FileLine(int markdigLine) => markdigLine + bodyStart;

        // One walk of the tree (document order, as Markdig's Descendants would visit it) instead of
        // one walk per kind of node: the walk was a quarter of a card's cost.
        var found = FoundNodes.Collect(document);
        var sections = found.Headings
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

        var links = new List<CardLink>(found.Links.Count + found.Autolinks.Count);
        foreach (var link in found.Links)
        {
            var line = FileLine(link.Line);
            links.Add(new CardLink(link.Url!, PlainText(link), line, SectionAt(line)));
        }
        foreach (var auto in found.Autolinks)
        {
            var line = FileLine(auto.Line);
            links.Add(new CardLink(auto.Url, auto.Url, line, SectionAt(line)));
        }
        // Links Markdig does not see (inside HTML blocks and tags) are found in the raw lines.
        var seen = new HashSet<(int, string)>(links.Count);
        foreach (var l in links) seen.Add((l.Line, l.Url));
        for (var i = bodyStart - 1; i < lines.Length; i++)
        {
            var text = lines[i];
            // Every bare URL holds "://": most lines have none and need no scan.
            if (!text.Contains("://", StringComparison.Ordinal)) continue;
            foreach (var bare in BareUrls(text))
            {
                var url = bare.TrimEnd('.', ',', ';', ':', '*', '_');
                if (!seen.Add((i + 1, url))) continue;
                links.Add(new CardLink(url, "", i + 1, SectionAt(i + 1)));
            }
        }

        var tables = found.Tables.Select(t =>
        {
            TableRow? header = null;
            var rows = 0;
            foreach (var block in t)
            {
                if (block is not TableRow row) continue;
                if (row.IsHeader) header ??= row;
                else rows++;
            }
            var cells = header is null ? [] : header.OfType<TableCell>().Select(c => PlainText(c)).ToImmutableArray();
            var line = FileLine(t.Line);
            return new CardTable(cells, rows, line, SectionAt(line));
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
        foreach (var literal in node.Descendants<LiteralInline>()) sb.Append(literal.Content.AsSpan()).Append(' ');
        foreach (var code in node.Descendants<CodeInline>()) sb.Append(' ').Append(code.Content);
        return CollapseSpaces(sb);
    }

    /// <summary>Runs of white space as one space, trimmed (as <c>Regex.Replace(text, @"\s+", " ").Trim()</c>).</summary>
    private static string CollapseSpaces(StringBuilder text)
    {
        var result = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var chunk in text.GetChunks())
        {
            foreach (var c in chunk.Span)
            {
                if (char.IsWhiteSpace(c)) { pendingSpace = result.Length > 0; continue; }
                if (pendingSpace) { result.Append(' '); pendingSpace = false; }
                result.Append(c);
            }
        }
        return result.ToString();
    }

    /// <summary>The nodes a card is read for, gathered in one depth-first walk in document order.</summary>
    private sealed class FoundNodes
    {
        public readonly List<HeadingBlock> Headings = [];
        public readonly List<LinkInline> Links = [];
        public readonly List<AutolinkInline> Autolinks = [];
        public readonly List<Table> Tables = [];

        public static FoundNodes Collect(MarkdownDocument document)
        {
            var found = new FoundNodes();
            // An explicit stack: Markdig bounds the nesting, but a stack costs nothing and never overflows.
            var stack = new Stack<MarkdownObject>();
            stack.Push(document);
            while (stack.Count > 0)
            {
                var node = stack.Pop();
                switch (node)
                {
                    case HeadingBlock h: found.Headings.Add(h); break;
                    case Table t: found.Tables.Add(t); break;
                    case LinkInline { IsImage: false } l when !string.IsNullOrWhiteSpace(l.Url): found.Links.Add(l); break;
                    case AutolinkInline a: found.Autolinks.Add(a); break;
                }
                switch (node)
                {
                    case ContainerBlock container:
                        for (var i = container.Count - 1; i >= 0; i--) stack.Push(container[i]);
                        break;
                    case LeafBlock { Inline: { } inline }:
                        stack.Push(inline);
                        break;
                    case ContainerInline inlines:
                        PushChildren(stack, inlines);
                        break;
                }
            }
            return found;
        }

        private static void PushChildren(Stack<MarkdownObject> stack, ContainerInline container)
        {
            // Children are a linked list: pushed last first, so that the first is visited first.
            for (var child = container.LastChild; child is not null; child = child.PreviousSibling) stack.Push(child);
        }
    }

    /// <summary>
    /// The bare URLs of a line, left to right: <c>http://</c> or <c>https://</c> and every character after it
    /// up to white space or one of <c>)]"'&lt;&gt;`</c> (at least one). The same matches as the pattern
    /// <c>https?://[^\s)\]"'&lt;&gt;`]+</c>, found by a scan: the regex ran on every line holding "://".
    /// </summary>
    public static IEnumerable<string> BareUrls(string line)
    {
        var at = 0;
        while (at < line.Length)
        {
            var start = line.IndexOf("http", at, StringComparison.Ordinal);
            if (start < 0) yield break;
            var scheme = start + 4;
            if (scheme < line.Length && line[scheme] == 's') scheme++;
            var rest = scheme + 3;
            if (rest <= line.Length && line.AsSpan(scheme, 3).SequenceEqual("://"))
            {
                var end = rest;
                while (end < line.Length && !EndsBareUrl(line[end])) end++;
                if (end > rest)
                {
                    yield return line[start..end];
                    at = end;
                    continue;
                }
            }
            at = start + 1;
        }
    }

    private static readonly SearchValues<char> BareUrlStops = SearchValues.Create(")]\"'<>`");

    private static bool EndsBareUrl(char c) => char.IsWhiteSpace(c) || BareUrlStops.Contains(c);
}

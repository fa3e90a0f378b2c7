using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace OpenGrade.Core.Parsing;

/// <summary>
/// How far a YAML document may go before it is refused: nesting depth (deep nesting overflows the
/// stack of a recursive loader) and alias expansion (a few hundred bytes of aliases can stand
/// for billions of nodes).
/// </summary>
public sealed record YamlLimits(int MaxDepth = 64, int MaxAliases = 200, long MaxExpandedNodes = 200_000)
{
    public static readonly YamlLimits Default = new();
}

/// <summary>
/// Loads YAML from text only after a streaming pass over its events has checked it against
/// <see cref="YamlLimits"/>. The pass keeps no tree and recurses nowhere, so a hostile document is
/// refused in time and memory proportional to its size. Whatever is wrong with the text, the only
/// exception is a <see cref="YamlException"/> with the position of the problem: YamlDotNet's own
/// position-less complaints (bad tags, stray tokens, broken escapes) are placed where the event
/// stream broke off, and aliases to undefined or still-open anchors (a cycle) are refused at the alias.
/// </summary>
public static class BoundedYaml
{
    public static YamlStream Load(string text, YamlLimits? limits = null)
    {
        var end = Check(text, limits ?? YamlLimits.Default);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (Exception e) when (e is not YamlException && IsReaderComplaint(e))
        {
            throw new YamlException(end, end, Describe(e));
        }
        return stream;
    }

    /// <summary>
    /// Walks the events: depth of open collections, aliases met, nodes as they would be once every
    /// alias is expanded. Returns the end of the last event.
    /// </summary>
    public static Mark Check(string text, YamlLimits limits)
    {
        var parser = new Parser(new StringReader(text));
        // Each open collection: its anchor, its size once expanded, and its height (levels below it).
        var open = new Stack<(string? Anchor, long Size, int Height)>();
        var anchored = new Dictionary<string, (long Size, int Height)>(StringComparer.Ordinal);
        long expanded = 0;
        var aliases = 0;
        var last = Mark.Empty;

        void Add(long size, ParsingEvent at)
        {
            expanded = Saturating(expanded, size);
            if (expanded > limits.MaxExpandedNodes)
            {
                throw new YamlException(at.Start, at.End, aliases > 0
                    ? $"the document expands to more than {limits.MaxExpandedNodes:N0} nodes once its aliases are expanded; refused"
                    : $"the document has more than {limits.MaxExpandedNodes:N0} nodes; refused");
            }
            if (open.Count > 0)
            {
                var (anchor, current, height) = open.Pop();
                open.Push((anchor, Saturating(current, size), height));
            }
        }

        // A child of the given height raises its parent's height; an alias brings the height of what it names.
        void Raise(int childHeight)
        {
            if (open.Count == 0) return;
            var (anchor, size, height) = open.Pop();
            open.Push((anchor, size, Math.Max(height, childHeight + 1)));
        }

        while (Next(parser, last))
        {
            var current = parser.Current!;
            switch (current)
            {
                case Scalar scalar:
                    Add(1, scalar);
                    Raise(0);
                    if (!scalar.Anchor.IsEmpty) anchored[scalar.Anchor.Value] = (1, 0);
                    break;
                case NodeEvent start and (MappingStart or SequenceStart):
                    if (open.Count >= limits.MaxDepth)
                    {
                        throw new YamlException(start.Start, start.End, $"nested deeper than {limits.MaxDepth} levels; refused");
                    }
                    Add(1, start);
                    open.Push((start.Anchor.IsEmpty ? null : start.Anchor.Value, 1, 0));
                    break;
                case MappingEnd or SequenceEnd:
                    var (name, size, done) = open.Pop();
                    if (name is not null) anchored[name] = (size, done);
                    // The collection's own node was counted at its start; its children as they came.
                    if (open.Count > 0)
                    {
                        var (anchor, parent, height) = open.Pop();
                        open.Push((anchor, Saturating(parent, size - 1), Math.Max(height, done + 1)));
                    }
                    break;
                case AnchorAlias alias:
                    if (++aliases > limits.MaxAliases)
                    {
                        throw new YamlException(alias.Start, alias.End, $"more than {limits.MaxAliases} aliases; refused");
                    }
                    var target = alias.Value.Value;
                    if (open.Any(frame => frame.Anchor == target))
                    {
                        throw new YamlException(alias.Start, alias.End, $"the alias *{Clip(target)} refers to a node that contains it (a cycle); refused");
                    }
                    if (!anchored.TryGetValue(target, out var named))
                    {
                        throw new YamlException(alias.Start, alias.End, $"the alias *{Clip(target)} names no anchor defined before it");
                    }
                    // Chained aliases can build depth the text does not show; the loaders recurse over the expansion.
                    if (open.Count + named.Height > limits.MaxDepth)
                    {
                        throw new YamlException(alias.Start, alias.End, $"the alias *{Clip(target)} expands deeper than {limits.MaxDepth} levels; refused");
                    }
                    Add(named.Size, alias);
                    Raise(named.Height);
                    break;
            }
            last = current.End;
        }
        return last;
    }

    /// <summary>One step of the parser; its position-less complaints become a YamlException where reading stopped.</summary>
    private static bool Next(Parser parser, Mark last)
    {
        try
        {
            return parser.MoveNext();
        }
        catch (Exception e) when (e is not YamlException && IsReaderComplaint(e))
        {
            throw new YamlException(last, last, Describe(e));
        }
    }

    /// <summary>What a <see cref="YamlException"/> says, without the position YamlDotNet puts in front (callers print their own).</summary>
    public static string Problem(YamlException e)
    {
        var problem = e.InnerException?.Message ?? e.Message;
        var paren = problem.IndexOf("): ", StringComparison.Ordinal);
        return problem.StartsWith("(Line:", StringComparison.Ordinal) && paren > 0 ? problem[(paren + 3)..] : problem;
    }

    private static bool IsReaderComplaint(Exception e) =>
        e is InvalidOperationException or ArgumentException or FormatException or OverflowException;

    /// <summary>The reader's complaint without .NET's parameter names, or a plain one when it says nothing.</summary>
    private static string Describe(Exception e) => e switch
    {
        ArgumentException { ParamName: { } name } a => a.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal),
        InvalidOperationException when e.Message == new InvalidOperationException().Message => "the YAML reader cannot go on from here",
        _ => e.Message,
    };

    private static string Clip(string text) => text.Length <= 80 ? text : text[..80] + "…";

    private static long Saturating(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;
}

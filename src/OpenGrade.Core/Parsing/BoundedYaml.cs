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
/// Loads YAML from text with every event checked against <see cref="YamlLimits"/> before the loader
/// takes it; the check keeps no tree and recurses nowhere, so a hostile document is refused in time
/// and memory proportional to its size. Whatever is wrong with the text, the only
/// exception is a <see cref="YamlException"/> with the position of the problem: YamlDotNet's own
/// position-less complaints (bad tags, stray tokens, broken escapes) are placed where the event
/// stream broke off, and aliases to undefined or still-open anchors (a cycle) are refused at the alias.
/// </summary>
public static class BoundedYaml
{
    /// <summary>
    /// Loads the documents, each event checked as the loader takes it: the loader never sees an
    /// event past a limit, and the text is parsed once (a check first, then a load, read it twice).
    /// </summary>
    public static YamlStream Load(string text, YamlLimits? limits = null)
    {
        var checking = new CheckingParser(new Parser(new StringReader(text)), limits ?? YamlLimits.Default);
        var stream = new YamlStream();
        try
        {
            stream.Load(checking);
        }
        catch (Exception e) when (e is not YamlException && IsReaderComplaint(e))
        {
            throw new YamlException(checking.Last, checking.Last, Describe(e));
        }
        return stream;
    }

    /// <summary>Walks every event against the limits without building anything. Returns the end of the last event.</summary>
    public static Mark Check(string text, YamlLimits limits)
    {
        var checking = new CheckingParser(new Parser(new StringReader(text)), limits);
        while (checking.MoveNext())
        {
        }
        return checking.Last;
    }

    /// <summary>
    /// A parser that checks each event as it passes: depth of open collections, aliases met, nodes
    /// as they would be once every alias is expanded. It keeps no tree and recurses nowhere.
    /// </summary>
    private sealed class CheckingParser(IParser inner, YamlLimits limits) : IParser
    {
        // Each open collection: its anchor, its size once expanded, and its height (levels below it).
        private readonly Stack<(string? Anchor, long Size, int Height)> _open = new();
        private readonly Dictionary<string, (long Size, int Height)> _anchored = new(StringComparer.Ordinal);
        private long _expanded;
        private int _aliases;

        /// <summary>The end of the last event read.</summary>
        public Mark Last { get; private set; } = Mark.Empty;

        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            bool more;
            try
            {
                more = inner.MoveNext();
            }
            catch (Exception e) when (e is not YamlException && IsReaderComplaint(e))
            {
                // The parser's position-less complaints are placed where reading stopped.
                throw new YamlException(Last, Last, Describe(e));
            }
            if (!more) return false;
            Observe(inner.Current!);
            Last = inner.Current!.End;
            return true;
        }

        private void Observe(ParsingEvent current)
        {
            switch (current)
            {
                case Scalar scalar:
                    Add(1, scalar);
                    Raise(0);
                    if (!scalar.Anchor.IsEmpty) _anchored[scalar.Anchor.Value] = (1, 0);
                    break;
                case NodeEvent start and (MappingStart or SequenceStart):
                    if (_open.Count >= limits.MaxDepth)
                    {
                        throw new YamlException(start.Start, start.End, $"nested deeper than {limits.MaxDepth} levels; refused");
                    }
                    Add(1, start);
                    _open.Push((start.Anchor.IsEmpty ? null : start.Anchor.Value, 1, 0));
                    break;
                case MappingEnd or SequenceEnd:
                    var (name, size, done) = _open.Pop();
                    if (name is not null) _anchored[name] = (size, done);
                    // The collection's own node was counted at its start; its children as they came.
                    if (_open.Count > 0)
                    {
                        var (anchor, parent, height) = _open.Pop();
                        _open.Push((anchor, Saturating(parent, size - 1), Math.Max(height, done + 1)));
                    }
                    break;
                case AnchorAlias alias:
                    if (++_aliases > limits.MaxAliases)
                    {
                        throw new YamlException(alias.Start, alias.End, $"more than {limits.MaxAliases} aliases; refused");
                    }
                    var target = alias.Value.Value;
                    if (_open.Any(frame => frame.Anchor == target))
                    {
                        throw new YamlException(alias.Start, alias.End, $"the alias *{Clip(target)} refers to a node that contains it (a cycle); refused");
                    }
                    if (!_anchored.TryGetValue(target, out var named))
                    {
                        throw new YamlException(alias.Start, alias.End, $"the alias *{Clip(target)} names no anchor defined before it");
                    }
                    // Chained aliases can build depth the text does not show; the loaders recurse over the expansion.
                    if (_open.Count + named.Height > limits.MaxDepth)
                    {
                        throw new YamlException(alias.Start, alias.End, $"the alias *{Clip(target)} expands deeper than {limits.MaxDepth} levels; refused");
                    }
                    Add(named.Size, alias);
                    Raise(named.Height);
                    break;
            }
        }

        private void Add(long size, ParsingEvent at)
        {
            _expanded = Saturating(_expanded, size);
            if (_expanded > limits.MaxExpandedNodes)
            {
                throw new YamlException(at.Start, at.End, _aliases > 0
                    ? $"the document expands to more than {limits.MaxExpandedNodes:N0} nodes once its aliases are expanded; refused"
                    : $"the document has more than {limits.MaxExpandedNodes:N0} nodes; refused");
            }
            if (_open.Count > 0)
            {
                var (anchor, current, height) = _open.Pop();
                _open.Push((anchor, Saturating(current, size), height));
            }
        }

        // A child of the given height raises its parent's height; an alias brings the height of what it names.
        private void Raise(int childHeight)
        {
            if (_open.Count == 0) return;
            var (anchor, size, height) = _open.Pop();
            _open.Push((anchor, size, Math.Max(height, childHeight + 1)));
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

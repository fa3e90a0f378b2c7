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
/// refused in time and memory proportional to its size, with a <see cref="YamlException"/> that
/// carries the position of the node that broke the limit.
/// </summary>
public static class BoundedYaml
{
    public static YamlStream Load(string text, YamlLimits? limits = null)
    {
        Check(text, limits ?? YamlLimits.Default);
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream;
    }

    /// <summary>Walks the events: depth of open collections, aliases met, nodes as they would be once every alias is expanded.</summary>
    public static void Check(string text, YamlLimits limits)
    {
        var parser = new Parser(new StringReader(text));
        var open = new Stack<(string? Anchor, long Size)>();
        var anchored = new Dictionary<string, long>(StringComparer.Ordinal);
        long expanded = 0;
        var aliases = 0;

        void Add(long size, ParsingEvent at)
        {
            expanded = Saturating(expanded, size);
            if (expanded > limits.MaxExpandedNodes)
            {
                throw new YamlException(at.Start, at.End, $"the document expands to more than {limits.MaxExpandedNodes:N0} nodes (aliases); refused");
            }
            if (open.Count > 0)
            {
                var (anchor, current) = open.Pop();
                open.Push((anchor, Saturating(current, size)));
            }
        }

        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case Scalar scalar:
                    Add(1, scalar);
                    if (!scalar.Anchor.IsEmpty) anchored[scalar.Anchor.Value] = 1;
                    break;
                case NodeEvent start and (MappingStart or SequenceStart):
                    if (open.Count >= limits.MaxDepth)
                    {
                        throw new YamlException(start.Start, start.End, $"nested deeper than {limits.MaxDepth} levels; refused");
                    }
                    Add(1, start);
                    open.Push((start.Anchor.IsEmpty ? null : start.Anchor.Value, 1));
                    break;
                case MappingEnd or SequenceEnd:
                    var (name, size) = open.Pop();
                    if (name is not null) anchored[name] = size;
                    // The collection's own node was counted at its start; its children as they came.
                    if (open.Count > 0)
                    {
                        var (anchor, parent) = open.Pop();
                        open.Push((anchor, Saturating(parent, size - 1)));
                    }
                    break;
                case AnchorAlias alias:
                    if (++aliases > limits.MaxAliases)
                    {
                        throw new YamlException(alias.Start, alias.End, $"more than {limits.MaxAliases} aliases; refused");
                    }
                    // An alias to an anchor still open (a cycle) is the loader's error to report.
                    Add(anchored.TryGetValue(alias.Value.Value, out var n) ? n : 1, alias);
                    break;
            }
        }
    }

    private static long Saturating(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;
}

using System.Collections.Immutable;
using OpenGrade.Core.Domain;

namespace OpenGrade.Core.Inventory;

/// <summary>
/// Walks a release's base models to the root through what link following learned: each base the
/// repository declares, then each base that base's own record declares, breadth first, with a
/// depth limit and a cycle guard. A base whose record was not read stays in the lineage with its
/// license unknown and the reason. Pure.
/// </summary>
public static class LineageReader
{
    public const int MaxDepth = 8;

    public static ImmutableArray<Ancestor> Read(RepositorySnapshot s, IReadOnlyDictionary<string, SettledLink> settled)
    {
        var lineage = ImmutableArray.CreateBuilder<Ancestor>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { s.Id };
        var queue = new Queue<(BaseModelLink Link, int Depth, string Child)>(LinkTargets.BaseModels(s).Select(b => (b, 1, s.Id)));
        while (queue.Count > 0)
        {
            var (link, depth, child) = queue.Dequeue();
            // A model named twice (a merge of two fine-tunes of one base) or naming itself appears once.
            if (!seen.Add(link.Id)) continue;
            var declared = new Evidence("base-model", link.Source, $"{child} names {link.Id} as its base ({link.Relation})");
            if (!settled.TryGetValue(new LinkTarget(LinkKind.HubModel, link.Id).Key, out var found))
            {
                lineage.Add(new Ancestor(link.Id, link.Relation, depth, child, null,
                    "its record was not read (link following off, or beyond the limit); its license is unknown", false, [declared]));
                continue;
            }
            var known = found.Place.Outcome == LinkOutcome.Resolved;
            lineage.Add(new Ancestor(link.Id, link.Relation, depth, child, found.License, found.Basis, known, [declared, .. found.Evidence]));
            if (!known) continue;
            foreach (var next in found.Place.BaseModels)
            {
                if (depth + 1 > MaxDepth)
                {
                    lineage.Add(new Ancestor(next.Id, next.Relation, depth + 1, link.Id, null, $"beyond the lineage depth limit ({MaxDepth}); not followed", false,
                        [new Evidence("base-model", next.Source, $"{link.Id} names {next.Id} as its base ({next.Relation})")]));
                    continue;
                }
                queue.Enqueue((next, depth + 1, found.Place.CanonicalId ?? link.Id));
            }
        }
        return lineage.ToImmutable();
    }
}

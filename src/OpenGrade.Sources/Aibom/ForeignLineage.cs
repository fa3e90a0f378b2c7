using System.Collections.Immutable;
using OpenGrade.Core.Domain;
using OpenGrade.Core.Inventory;

namespace OpenGrade.Sources.Aibom;

/// <summary>One base model another tool's AI-BOM names: its id, how deep, the model it is the base of, its license as stated, and where.</summary>
internal sealed record FoundAncestor(string Id, int Depth, string Child, string? Relation, string? License, string Location);

/// <summary>
/// The lineage another tool's AI-BOM states (CycloneDX <c>pedigree.ancestors</c>, SPDX
/// <c>descendantOf</c> / <c>ancestorOf</c> between models) as ancestors to judge: nearest first,
/// each seen once, no deeper than the lineage reader goes. Only what the document says: the
/// relation is <c>unknown</c> unless a property names it, and an ancestor without a license is
/// not known.
/// </summary>
internal static class ForeignLineage
{
    public static ImmutableArray<Ancestor> Build(IEnumerable<FoundAncestor> found)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return [.. found
            .Where(a => a.Depth <= LineageReader.MaxDepth)
            .OrderBy(a => a.Depth)
            .Where(a => seen.Add(a.Id))
            .Select(a => new Ancestor(a.Id, a.Relation ?? "unknown", a.Depth, a.Child, a.License,
                a.License is null ? $"no license stated for it in {a.Location}" : $"license stated in {a.Location}",
                a.License is not null,
                [new Evidence("aibom-lineage", a.Location, $"{a.Child} derives from {a.Id}")]))];
    }

    /// <summary>A Hub id (<c>owner/name</c>) from a <c>pkg:huggingface/</c> purl, or null.</summary>
    public static string? HubId(string? purl) =>
        purl is not null && purl.StartsWith("pkg:huggingface/", StringComparison.Ordinal) ? purl["pkg:huggingface/".Length..].Split('@')[0] : null;
}

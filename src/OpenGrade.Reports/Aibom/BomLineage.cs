using System.Collections.Immutable;
using System.Globalization;
using OpenGrade.Core.Domain;
using OpenGrade.Core.Evaluation;
using OpenGrade.Core.Licensing;

namespace OpenGrade.Reports.Aibom;

/// <summary>
/// One model the release derives from, as an AI-BOM element: its key (unique in the document),
/// the key of the model it is the base of (null: the release itself), where it is, its declared
/// license (as its record states it) and concluded license (OpenGrade's reading), and the
/// <c>openness:lineage:</c> properties.
/// </summary>
public sealed record BomAncestor(
    string Key,
    string? ChildKey,
    InheritedTerms Terms,
    string Name,
    string? Location,
    BomLicense Declared,
    BomLicense Concluded,
    ImmutableArray<BomProperty> Properties)
{
    public Ancestor Ancestor => Terms.Ancestor;
}

/// <summary>Builds the lineage part of an AI-BOM from an assessment's inherited terms.</summary>
public static class BomLineage
{
    public static ImmutableArray<BomAncestor> From(Assessment a, BomLicenses licenses, LicenseRecognizer recognizer)
    {
        var keys = a.Lineage.Select((t, i) => $"ancestor-{i + 1}-{MofParts.Slug(t.Ancestor.Id)}").ToList();
        var result = ImmutableArray.CreateBuilder<BomAncestor>(a.Lineage.Length);
        for (var i = 0; i < a.Lineage.Length; i++)
        {
            var t = a.Lineage[i];
            var anc = t.Ancestor;
            // The base of a deeper ancestor is the nearest earlier ancestor with that id; depth 1 is the release.
            var child = anc.Depth <= 1 ? null : Enumerable.Range(0, i).Reverse().Where(j => a.Lineage[j].Ancestor.Id == anc.Child).Select(j => keys[j]).FirstOrDefault();
            var declared = anc.License is { Length: > 0 } l ? licenses.FromText(l, null) : BomLicense.NoAssertion;
            var reading = anc.License is { Length: > 0 } text ? recognizer.Read(text) : null;
            var concluded = reading is { Kind: not ReadingKind.Unknown } r ? licenses.FromText(r.Effective, null) : BomLicense.NoAssertion;
            result.Add(new BomAncestor(keys[i], child, t, anc.Id, HubUrl(anc.Id), declared, concluded, Properties(t, i, declared)));
        }
        return result.MoveToImmutable();
    }

    private static ImmutableArray<BomProperty> Properties(InheritedTerms t, int index, BomLicense declared)
    {
        var a = t.Ancestor;
        var p = ImmutableArray.CreateBuilder<BomProperty>();
        p.Add(new(OpennessKeys.LineageId, a.Id));
        p.Add(new(OpennessKeys.LineageIndex, index.ToString(CultureInfo.InvariantCulture)));
        p.Add(new(OpennessKeys.LineageRelation, a.Relation));
        p.Add(new(OpennessKeys.LineageDepth, a.Depth.ToString(CultureInfo.InvariantCulture)));
        p.Add(new(OpennessKeys.LineageChild, a.Child));
        p.Add(new(OpennessKeys.LicenseStatus, declared.StatusKey));
        if (a.License is { } written && written != declared.Expression) p.Add(new(OpennessKeys.LicenseAsWritten, written));
        p.Add(new(OpennessKeys.LineageLicenseBasis, a.LicenseBasis));
        p.Add(new(OpennessKeys.LineageKnown, a.Known ? "true" : "false"));
        p.Add(new(OpennessKeys.LineageRestrictions, t.Restrictions is { } r ? string.Join(",", r.Select(k => k.Key())) : "unknown"));
        p.Add(new(OpennessKeys.LineageBinds, t.Binds ? "true" : "false"));
        foreach (var e in a.Evidence.Take(5)) p.Add(new("openness:evidence", $"{e.Kind} at {e.Location}: {e.Detail}"));
        p.Add(new(OpennessKeys.LineageAncestor, AncestorText.ToText(a)));
        return p.ToImmutable();
    }

    /// <summary>The Hub page of an ancestor named <c>owner/name</c>; null for anything else (nothing is guessed).</summary>
    private static string? HubUrl(string id)
    {
        var parts = id.Split('/');
        return parts.Length == 2 && parts.All(s => s.Length > 0 && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            ? $"https://huggingface.co/{id}"
            : null;
    }
}

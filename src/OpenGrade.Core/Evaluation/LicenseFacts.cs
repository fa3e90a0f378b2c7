using System.Collections.Immutable;
using OpenGrade.Core.Evaluation.Mof;
using OpenGrade.Core.Licensing;

namespace OpenGrade.Core.Evaluation;

/// <summary>
/// What OpenGrade knows about one license as a release states it: whether every id in it is
/// known, whether it is OSI-approved, open in MOF's sense, and which restrictions it carries.
/// <see cref="Restrictions"/> is null when they are unknown (an unrecognised name, or an AI
/// license whose terms are not catalogued yet); <see cref="Unknowns"/> then says why.
/// </summary>
public sealed record LicenseFacts(
    string License,
    bool Recognised,
    bool OsiApproved,
    bool Open,
    bool NamesAiLicense,
    ImmutableArray<RestrictionKind>? Restrictions,
    ImmutableArray<string> Unknowns)
{
    public bool RestrictionsKnown => Restrictions is not null;
}

/// <summary>Looks licenses up in a <see cref="LicenseCatalog"/> for the judgements beyond MOF.</summary>
public sealed class LicenseFactsReader(LicenseCatalog catalog)
{
    // The catalog's tests as delegates made once: a method group passed per call is a new delegate
    // each time, and the judgements read a few licenses for every record of a batch.
    private readonly Func<string, bool> _isKnown = catalog.IsKnownId;
    private readonly Func<string, bool> _isOpen = catalog.IsOpenId;
    private readonly Func<string, bool> _isAiLicense = catalog.AiLicenses.ContainsKey;
    private readonly Func<string, bool> _isOsiApproved = id =>
        (catalog.Spdx.TryGetValue(id, out var l) && l.IsOsiApproved)
        || (catalog.AiLicenses.TryGetValue(id, out var ai) && ai.Terms?.OsiApproved == true);

    public LicenseCatalog Catalog => catalog;

    /// <summary>
    /// The license a component is judged under: the id OpenGrade read, else the text as written,
    /// else (for a component not shown present) the license its source declares for it; null
    /// when unlicensed or unknown.
    /// </summary>
    public static string? LicenseOf(ComponentVerdict verdict) =>
        verdict.Status == ComponentStatus.Unlicensed ? null : verdict.Reading?.Id ?? verdict.License ?? verdict.DeclaredLicense;

    public LicenseFacts Read(string license)
    {
        if (!LicenseExpressionParser.TryParse(license, out var expression))
        {
            // Free text that is no expression: one opaque "id" that the catalog will not know.
            expression = new LicenseExpression.Id(license);
        }
        var ids = expression!.Ids.ToList();
        var recognised = ids.All(_isKnown);
        var osi = expression.Satisfies(_isOsiApproved);
        var open = expression.Satisfies(_isOpen);
        var unknowns = new List<string>();
        var restrictions = RestrictionsOf(expression, unknowns);
        return new LicenseFacts(license, recognised, osi, open, ids.Any(_isAiLicense),
            restrictions?.Order().ToImmutableArray(), restrictions is null ? [.. unknowns.Distinct()] : []);
    }

    /// <summary>
    /// The restrictions a licensee must accept: AND takes both sides' restrictions; OR lets the
    /// licensee pick the branch with the fewest known restrictions. Null when they cannot be known.
    /// </summary>
    private HashSet<RestrictionKind>? RestrictionsOf(LicenseExpression expression, List<string> unknowns) => expression switch
    {
        LicenseExpression.Id id => RestrictionsOf(id.Value, unknowns),
        LicenseExpression.With with => RestrictionsOf(with.License.Value, unknowns),
        LicenseExpression.And and => Union(RestrictionsOf(and.Left, unknowns), RestrictionsOf(and.Right, unknowns)),
        LicenseExpression.Or or => Fewest(RestrictionsOf(or.Left, unknowns), RestrictionsOf(or.Right, unknowns)),
        _ => null,
    };

    private HashSet<RestrictionKind>? RestrictionsOf(string id, List<string> unknowns)
    {
        if (catalog.AiLicenses.TryGetValue(id, out var ai))
        {
            if (ai.Terms is not null) return [.. ai.Terms.Restrictions];
            if (catalog.IsOpenId(id)) return [];
            unknowns.Add($"the terms of {ai.Name} are not catalogued yet, so its restrictions are unknown");
            return null;
        }
        // Open licenses (OSI-approved, FSF-libre, open data/content) carry none of the restrictions OpenGrade tracks.
        if (catalog.IsOpenId(id)) return [];
        unknowns.Add(catalog.IsKnownId(id)
            ? $"{id} is not an open license and OpenGrade has no restriction facts for it"
            : $"'{id}' is not a license OpenGrade knows, so its restrictions are unknown");
        return null;
    }

    private static HashSet<RestrictionKind>? Union(HashSet<RestrictionKind>? a, HashSet<RestrictionKind>? b) =>
        a is null || b is null ? null : [.. a.Union(b)];

    private static HashSet<RestrictionKind>? Fewest(HashSet<RestrictionKind>? a, HashSet<RestrictionKind>? b) =>
        a is null ? b : b is null ? a : a.Count <= b.Count ? a : b;
}

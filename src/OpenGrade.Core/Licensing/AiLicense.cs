using System.Collections.Immutable;

namespace OpenGrade.Core.Licensing;

/// <summary>
/// A model license outside the SPDX list (or an SPDX license OpenGrade knows more about), with the
/// names and Hugging Face ids by which releases refer to it, and its terms as facts.
/// </summary>
public sealed record AiLicense(
    string Id,
    string Name,
    ImmutableArray<string> HuggingFaceIds,
    ImmutableArray<string> Names,
    LicenseTerms? Terms = null,
    LicenseMarkers? Markers = null);

/// <summary>
/// How a license without a reference text is recognised in a document: its titles (a title at the
/// top of a file, or on a heading line, names the document) and short distinctive phrases of our
/// own choosing. Never passages copied from the license.
/// </summary>
public sealed record LicenseMarkers(ImmutableArray<string> Titles, ImmutableArray<string> Phrases)
{
    public static readonly LicenseMarkers None = new([], []);
}

/// <summary>
/// An acceptable-use policy: a document that a license incorporates, not a license of its own.
/// Detection names it so that a USE_POLICY file is recognised, but never reports it as the license.
/// </summary>
public sealed record UsePolicy(string Id, string Name, ImmutableArray<string> PolicyOf, bool CanChange, LicenseMarkers Markers);

/// <summary>Kinds of restriction a license may carry; policies deny them by these names.</summary>
public enum RestrictionKind
{
    UserThreshold,
    RevenueThreshold,
    UseRestrictions,
    ChangeableUsePolicy,
    RestrictionsFlowToDerivatives,
    RemoteRestriction,
    NoImprovingOtherModels,
    NamingRule,
    AttributionDisplay,
    NonCommercial,
    ResearchOnly,
    TerritorialExclusion,
}

/// <summary>
/// What a license allows and forbids, as typed facts (null / false / empty = the license has no
/// such term). Facts from our reference notes on each license; never copied license text.
/// </summary>
public sealed record LicenseTerms(
    long? MonthlyActiveUserThreshold,
    decimal? RevenueThresholdUsd,
    bool UseRestrictions,
    string? AcceptableUsePolicy,
    bool AcceptableUsePolicyCanChange,
    bool RestrictionsFlowToDerivatives,
    bool RemoteRestriction,
    bool NoImprovingOtherModels,
    string? NamingRule,
    string? AttributionDisplay,
    bool NonCommercial,
    bool ResearchOnly,
    ImmutableArray<string> TerritorialExclusions,
    bool OsiApproved,
    string? GoverningLaw,
    string? Notes)
{
    /// <summary>The restriction kinds these terms carry, for policies and for OSAID's "any purpose" test.</summary>
    public IEnumerable<RestrictionKind> Restrictions
    {
        get
        {
            if (MonthlyActiveUserThreshold is not null) yield return RestrictionKind.UserThreshold;
            if (RevenueThresholdUsd is not null) yield return RestrictionKind.RevenueThreshold;
            if (UseRestrictions) yield return RestrictionKind.UseRestrictions;
            if (AcceptableUsePolicyCanChange) yield return RestrictionKind.ChangeableUsePolicy;
            if (RestrictionsFlowToDerivatives) yield return RestrictionKind.RestrictionsFlowToDerivatives;
            if (RemoteRestriction) yield return RestrictionKind.RemoteRestriction;
            if (NoImprovingOtherModels) yield return RestrictionKind.NoImprovingOtherModels;
            if (NamingRule is not null) yield return RestrictionKind.NamingRule;
            if (AttributionDisplay is not null) yield return RestrictionKind.AttributionDisplay;
            if (NonCommercial) yield return RestrictionKind.NonCommercial;
            if (ResearchOnly) yield return RestrictionKind.ResearchOnly;
            if (!TerritorialExclusions.IsDefaultOrEmpty) yield return RestrictionKind.TerritorialExclusion;
        }
    }
}

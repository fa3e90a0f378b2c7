using System.Collections.Immutable;
using OpenGrade.Core.Domain;
using OpenGrade.Core.Evaluation;
using OpenGrade.Core.Frameworks;
using OpenGrade.Core.Licensing;
using OpenGrade.Core.Tests.Evaluation;

namespace OpenGrade.Core.Tests.Judgements;

/// <summary>
/// Releases, license catalogs and assessors built in the test, so the judgements are tested on
/// explicit license terms rather than on whatever the catalog data holds today.
/// </summary>
internal static class Fixtures
{
    public const string Restricted = "LicenseRef-test-restricted";
    public const string Untermed = "LicenseRef-test-untermed";

    /// <summary>Every component OSAID needs, in configuration order.</summary>
    public static readonly string[] OsaidComponents =
    [
        "Datasets", "Data preprocessing code", "Model architecture", "Model parameters (Final)",
        "Training code", "Inference code", "Model card", "Research paper",
    ];

    public static LicenseTerms Terms(params RestrictionKind[] kinds) => new(
        MonthlyActiveUserThreshold: kinds.Contains(RestrictionKind.UserThreshold) ? 700_000_000 : null,
        RevenueThresholdUsd: kinds.Contains(RestrictionKind.RevenueThreshold) ? 1_000_000m : null,
        UseRestrictions: kinds.Contains(RestrictionKind.UseRestrictions),
        AcceptableUsePolicy: null,
        AcceptableUsePolicyCanChange: kinds.Contains(RestrictionKind.ChangeableUsePolicy),
        RestrictionsFlowToDerivatives: kinds.Contains(RestrictionKind.RestrictionsFlowToDerivatives),
        RemoteRestriction: kinds.Contains(RestrictionKind.RemoteRestriction),
        NoImprovingOtherModels: kinds.Contains(RestrictionKind.NoImprovingOtherModels),
        NamingRule: kinds.Contains(RestrictionKind.NamingRule) ? "start with Test" : null,
        AttributionDisplay: kinds.Contains(RestrictionKind.AttributionDisplay) ? "Built with Test" : null,
        NonCommercial: kinds.Contains(RestrictionKind.NonCommercial),
        ResearchOnly: kinds.Contains(RestrictionKind.ResearchOnly),
        TerritorialExclusions: kinds.Contains(RestrictionKind.TerritorialExclusion) ? ["EU"] : [],
        OsiApproved: false,
        GoverningLaw: null,
        Notes: null);

    /// <summary>The embedded catalog with two test AI licenses: one whose terms carry <paramref name="restrictions"/>, one with no terms yet.</summary>
    public static LicenseCatalog Catalog(params RestrictionKind[] restrictions)
    {
        var d = LicenseCatalog.Default;
        AiLicense[] extra =
        [
            new(Restricted, "Test Restricted Model License", ["test-restricted"], ["Test Restricted Model License"], Terms(restrictions)),
            new(Untermed, "Test Untermed Model License", ["test-untermed"], ["Test Untermed Model License"]),
        ];
        return new LicenseCatalog(d.Spdx.Values, d.OpenDataLicenses, d.ExtraOpenLicenses,
            d.TypeAppropriate.ToDictionary(kv => kv.Key, kv => (IReadOnlyCollection<string>)kv.Value),
            d.NotOpenInMotSnapshot, d.MotSnapshotVersion, d.AiLicenses.Values.Concat(extra), d.NameRules);
    }

    public static Assessor Assessor(params RestrictionKind[] restrictions) =>
        new(MofFrameworkLoader.Default, Catalog(restrictions));

    public static LicenseFactsReader Facts(params RestrictionKind[] restrictions) => new(Catalog(restrictions));

    /// <summary>A release with the given components under their own licenses (null: none stated, inherits the distribution license).</summary>
    public static ModelRelease Release(string name, string? distribution, params (string Component, string? License)[] components) =>
        Releases.With(distribution, components.Select(c => c.Component),
            components.Where(c => c.License is not null).ToDictionary(c => c.Component, c => c.License!))
        with { Name = name, Version = "7B" };

    /// <summary>Every OSAID component under one distribution license, with overrides per component; a null override removes it.</summary>
    public static ModelRelease OsaidRelease(string distribution = "Apache-2.0", params (string Component, string? License)[] overrides)
    {
        var byName = overrides.ToDictionary(o => o.Component, o => o.License);
        var components = OsaidComponents
            .Where(c => !byName.TryGetValue(c, out var l) || l is not null)
            .Select(c => (c, byName.GetValueOrDefault(c)))
            .Concat(overrides.Where(o => o.License is not null && !OsaidComponents.Contains(o.Component)))
            .ToArray();
        return Release("TestModel", distribution, components);
    }

    public static ModelRelease Without(this ModelRelease release, params string[] components) =>
        release with { Components = [.. release.Components.Where(c => !components.Contains(c.Name))] };

    public static ReleaseSignals Signals(
        bool? gated = null, long? parameters = null, long? tokens = null, double? flops = null,
        LicenseStatement? card = null, IEnumerable<LicenseStatement>? files = null, IEnumerable<OpennessClaim>? claims = null) =>
        ReleaseSignals.Empty with
        {
            Gated = gated,
            ParameterCount = parameters,
            TrainingTokens = tokens,
            ReportedTrainingFlops = flops,
            CardLicense = card,
            LicenseFiles = files?.ToImmutableArray() ?? [],
            OpennessClaims = claims?.ToImmutableArray() ?? [],
        };
}

using OpenGrade.Core.Domain;
using OpenGrade.Core.Evaluation.Flags;
using OpenGrade.Core.Licensing;
using static OpenGrade.Core.Tests.Judgements.Fixtures;

namespace OpenGrade.Core.Tests.Judgements;

public sealed class FlagDetectorTests
{
    private static IReadOnlyList<Flag> Flags(ModelRelease release, ReleaseSignals? signals = null, params RestrictionKind[] restrictions) =>
        Assessor(restrictions).Assess(release, signals).Flags;

    private static OpennessClaim Claim(string text = "a fully open-source model") => new(text, "README.md:3");

    /// <summary>Everything MOF Class I and OSAID need, under Apache-2.0.</summary>
    private static ModelRelease FullyOpen(string name = "TestModel") => Release(name, "Apache-2.0",
        [.. new[]
        {
            "Model architecture", "Model parameters (Final)", "Evaluation results", "Model card", "Data card", "Technical report",
            "Training code", "Inference code", "Evaluation code", "Evaluation data",
            "Datasets", "Data preprocessing code", "Model parameters (Intermediate)", "Research paper",
        }.Select(c => (c, (string?)null))]);

    [Fact]
    public void Flag_kinds_are_stable_names()
    {
        Assert.Equal(["openwashing", "license-conflict", "license-unnamed", "gated-weights"], FlagKinds.All);
    }

    [Fact]
    public void An_open_name_on_a_release_that_fails_OSAID_is_openwashing()
    {
        var flag = Assert.Single(Flags(Release("OpenTest-7B", "Llama 2 Community License", ("Model architecture", null), ("Model parameters (Final)", null))));
        Assert.Equal(FlagKinds.Openwashing, flag.Kind);
        Assert.Contains("not OSAID-conformant", flag.Message);
        Assert.Contains("MOF Class III", flag.Message);
        Assert.Contains(flag.Evidence, e => e.Kind == "claim" && e.Location == "release.name");
    }

    [Fact]
    public void A_card_claim_on_a_release_below_MOF_class_III_is_openwashing_even_when_OSAID_cannot_decide()
    {
        // Complete OSAID components, but the data information states no license: OSAID is undecided, MOF unclassified.
        var release = OsaidRelease(overrides: [("Datasets", "unlicensed"), ("Research paper", "unlicensed")]);
        var flag = Assert.Single(Flags(release, Signals(claims: [Claim()])));
        Assert.Equal(FlagKinds.Openwashing, flag.Kind);
        Assert.DoesNotContain("OSAID", flag.Message);
        Assert.Contains("MOF Class III", flag.Message);
        Assert.Contains(flag.Evidence, e => e.Location == "README.md:3");
    }

    [Theory]
    [InlineData("Open-access")]
    [InlineData("open weights")]
    [InlineData("openly available")]
    [InlineData("Open-science")]
    public void A_claim_of_access_is_not_belied_by_use_restrictions(string access)
    {
        var restricted = Release("Model", "Llama 2 Community License", ("Model architecture", null), ("Model parameters (Final)", null));
        Assert.DoesNotContain(Flags(restricted, Signals(claims: [Claim(access)])), f => f.Kind == FlagKinds.Openwashing);
        // A claim about the terms beside it is.
        var flag = Assert.Single(Flags(restricted, Signals(claims: [Claim(access), Claim("open source")])), f => f.Kind == FlagKinds.Openwashing);
        Assert.Contains("'open source'", flag.Message);
        // A gate belies it.
        Assert.Contains(Flags(restricted, Signals(gated: true, claims: [Claim(access)])), f => f.Kind == FlagKinds.GatedWeights);
    }

    [Fact]
    public void A_claim_on_a_release_whose_class_III_component_has_only_an_unknown_license_is_not_openwashing()
    {
        // The data card lives elsewhere and nobody could tell its license: MOF counts it unlicensed, a flag needs evidence.
        var unknown = FullyOpen() with
        {
            Components = [.. FullyOpen().Components.Select(c => c.Name == "Data card"
                ? c with { License = "unlicensed", LicenseUnknown = "lab/data not found there; its license is unknown" }
                : c)],
        };
        Assert.Equal(0, Assessor().Assess(unknown).MofRecognised.Class);
        Assert.Contains(Assessor().Assess(unknown).MofRecognised.NextClass, g => g.Component.Name == "Data card" && g.Message.Contains("could not be told"));
        Assert.DoesNotContain(Flags(unknown, Signals(claims: [Claim()])), f => f.Kind == FlagKinds.Openwashing);

        // Declared unlicensed (no reason of ours): that is evidence.
        var declared = unknown with { Components = [.. unknown.Components.Select(c => c with { LicenseUnknown = null })] };
        var flag = Assert.Single(Flags(declared, Signals(claims: [Claim()])), f => f.Kind == FlagKinds.Openwashing);
        Assert.Contains("Data card unlicensed", flag.Message);
    }

    [Fact]
    public void A_claim_on_a_release_whose_class_III_gaps_are_only_unknown_is_not_openwashing()
    {
        // Everything listed is open; what MOF Class III lacks is merely not shown (no file list): no evidence of "not open".
        var release = FullyOpen().Without("Evaluation results", "Technical report") with
        {
            Coverage = new ReleaseCoverage("no evidence found, and no complete file list to show it absent", []),
        };
        Assert.DoesNotContain(Flags(release, Signals(claims: [Claim()])), f => f.Kind == FlagKinds.Openwashing);

        var shownAbsent = release with
        {
            Coverage = new ReleaseCoverage("no evidence found", [new ComponentSilence("Evaluation results", Presence.Absent, "not in the file list (siblings.json)")]),
        };
        var flag = Assert.Single(Flags(shownAbsent, Signals(claims: [Claim()])), f => f.Kind == FlagKinds.Openwashing);
        Assert.Contains("Evaluation results: not in the file list", flag.Message);
    }

    [Fact]
    public void A_claim_on_a_release_under_restrictive_terms_names_the_restricted_freedoms()
    {
        var flag = Assert.Single(Flags(FullyOpen("OpenRestricted") with { Licenses = new GlobalLicenses(new LicenseDeclaration(Restricted, null), null, null, null) },
            null, RestrictionKind.UseRestrictions));
        Assert.Equal(FlagKinds.Openwashing, flag.Kind);
        Assert.Contains("use-restrictions", flag.Message);
    }

    [Fact]
    public void An_honest_open_claim_is_not_flagged()
    {
        Assert.Empty(Flags(FullyOpen("OpenHonest"), Signals(claims: [Claim()])));
    }

    [Fact]
    public void Without_a_claim_a_closed_release_is_not_openwashing()
    {
        Assert.Empty(Flags(Release("Closed-7B", "Llama 2 Community License", ("Model parameters (Final)", null))));
    }

    [Fact]
    public void Words_that_merely_contain_open_are_no_claim()
    {
        Assert.Empty(Flags(Release("Reopened-7B", "Llama 2 Community License", ("Model parameters (Final)", null))));
    }

    [Fact]
    public void A_card_license_that_differs_from_the_license_file_is_a_conflict()
    {
        var signals = Signals(card: new LicenseStatement("apache-2.0", "README.md:2"), files: [new LicenseStatement("MIT", "LICENSE:1")]);
        var flag = Assert.Single(Flags(FullyOpen(), signals));
        Assert.Equal(FlagKinds.LicenseConflict, flag.Kind);
        Assert.Contains("Apache-2.0", flag.Message);
        Assert.Contains("MIT", flag.Message);
        Assert.Contains(flag.Evidence, e => e.Location == "LICENSE:1");
    }

    [Theory]
    [InlineData("apache-2.0", "Apache-2.0")]
    [InlineData("Apache 2.0", "Apache-2.0")]
    [InlineData("apache-2.0 OR mit", "MIT")]
    [InlineData("llama2", "Llama 2 Community License Agreement")]
    public void The_same_license_in_other_spellings_is_no_conflict(string card, string file)
    {
        var signals = Signals(card: new LicenseStatement(card, "README.md:2"), files: [new LicenseStatement(file, "LICENSE:1")]);
        Assert.DoesNotContain(Flags(FullyOpen(), signals), f => f.Kind == FlagKinds.LicenseConflict);
    }

    [Fact]
    public void One_agreeing_file_among_several_is_no_conflict_and_an_unreadable_file_is_not_judged()
    {
        var several = Signals(card: new LicenseStatement("mit", "README.md:2"),
            files: [new LicenseStatement("Apache-2.0", "LICENSE-CODE:1"), new LicenseStatement("MIT", "LICENSE:1")]);
        var unreadable = Signals(card: new LicenseStatement("mit", "README.md:2"), files: [new LicenseStatement(null, "LICENSE:1")]);
        Assert.Empty(Flags(FullyOpen(), several));
        Assert.Empty(Flags(FullyOpen(), unreadable));
    }

    [Fact]
    public void License_other_with_neither_name_nor_link_is_unnamed()
    {
        var flag = Assert.Single(Flags(FullyOpen(), Signals(card: new LicenseStatement("other", "README.md:4"))));
        Assert.Equal(FlagKinds.LicenseUnnamed, flag.Kind);
        Assert.Equal("README.md:4", flag.Evidence.Single().Location);
    }

    [Theory]
    [InlineData("acme-model-license", null)]
    [InlineData(null, "LICENSE.md")]
    public void License_other_with_a_name_or_a_link_is_named(string? name, string? link)
    {
        Assert.Empty(Flags(FullyOpen(), Signals(card: new LicenseStatement("other", "README.md:4", name, link))));
    }

    [Fact]
    public void Gated_weights_of_a_release_called_open_are_flagged()
    {
        var flags = Flags(Release("Model", "Llama 2 Community License", ("Model parameters (Final)", null)), Signals(gated: true, claims: [Claim("open weights")]));
        Assert.Contains(flags, f => f.Kind == FlagKinds.GatedWeights && f.Message.Contains("'open weights'"));
    }

    [Fact]
    public void Gated_weights_under_an_open_license_are_flagged_without_a_claim()
    {
        var flag = Assert.Single(Flags(FullyOpen(), Signals(gated: true)));
        Assert.Equal(FlagKinds.GatedWeights, flag.Kind);
        Assert.Contains("Apache-2.0", flag.Message);
    }

    [Fact]
    public void Gated_weights_that_nobody_calls_open_are_not_flagged()
    {
        Assert.Empty(Flags(Release("Model", "Llama 2 Community License", ("Model parameters (Final)", null)), Signals(gated: true)));
        Assert.Empty(Flags(FullyOpen(), Signals(gated: false)));
    }
}

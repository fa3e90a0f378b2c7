using OpenGrade.Core.Evaluation;
using OpenGrade.Core.Evaluation.Osaid;
using OpenGrade.Core.Frameworks;
using OpenGrade.Core.Licensing;
using static OpenGrade.Core.Tests.Judgements.Fixtures;

namespace OpenGrade.Core.Tests.Judgements;

public sealed class OsaidEvaluatorTests
{
    private static OsaidResult Judge(Core.Domain.ModelRelease release, params RestrictionKind[] restrictions) =>
        Assessor(restrictions).Assess(release).Osaid!;

    private static OsaidRequirement Requirement(OsaidResult result, string id) => result.Requirements.Single(r => r.Id == id);

    [Fact]
    public void A_release_with_every_element_under_open_licenses_is_conformant()
    {
        var result = Judge(OsaidRelease());
        Assert.Equal(OsaidVerdict.Conformant, result.Verdict);
        Assert.All(result.Requirements, r => Assert.Equal(RequirementStatus.Met, r.Status));
        Assert.True(result.ComponentsComplete);
    }

    [Fact]
    public void Every_element_requirement_and_every_freedom_is_reported()
    {
        var ids = Judge(OsaidRelease()).Requirements.Select(r => r.Id);
        Assert.Equal(
            ["data-information", "data-processing-code", "training-code", "inference-code", "supporting-libraries",
             "model-architecture", "parameters", "freedom-use", "freedom-study", "freedom-modify", "freedom-share"],
            ids);
    }

    [Theory]
    [InlineData("Data preprocessing code", "data-processing-code")]
    [InlineData("Training code", "training-code")]
    [InlineData("Inference code", "inference-code")]
    [InlineData("Model architecture", "model-architecture")]
    [InlineData("Model parameters (Final)", "parameters")]
    public void A_missing_required_component_fails_its_requirement(string component, string requirement)
    {
        var result = Judge(OsaidRelease().Without(component));
        Assert.Equal(OsaidVerdict.NotConformant, result.Verdict);
        var r = Requirement(result, requirement);
        Assert.Equal(RequirementStatus.NotMet, r.Status);
        Assert.Contains("not listed in this record", r.Reason);
        Assert.False(result.ComponentsComplete);
    }

    [Theory]
    [InlineData("Data preprocessing code", "data-processing-code")]
    [InlineData("Training code", "training-code")]
    [InlineData("Inference code", "inference-code")]
    [InlineData("Model architecture", "model-architecture")]
    public void Code_under_an_open_license_that_is_not_OSI_approved_fails(string component, string requirement)
    {
        var result = Judge(OsaidRelease(overrides: (component, "CC-BY-4.0")));
        var r = Requirement(result, requirement);
        Assert.Equal(RequirementStatus.NotMet, r.Status);
        Assert.Contains("not an OSI-approved license", r.Reason);
        Assert.True(result.ComponentsComplete); // only the terms fail: OSI's "would pass with other terms"
    }

    [Fact]
    public void Parameters_and_data_information_accept_open_data_and_content_terms()
    {
        var result = Judge(OsaidRelease(overrides: [("Model parameters (Final)", "CC-BY-4.0"), ("Datasets", "CDLA-Permissive-2.0")]));
        Assert.Equal(OsaidVerdict.Conformant, result.Verdict);
    }

    [Fact]
    public void Parameters_under_a_license_that_is_not_open_fail()
    {
        var result = Judge(OsaidRelease(overrides: ("Model parameters (Final)", "CC-BY-NC-4.0")));
        Assert.Equal(RequirementStatus.NotMet, Requirement(result, "parameters").Status);
        Assert.Equal(OsaidVerdict.NotConformant, result.Verdict);
    }

    [Fact]
    public void Data_information_is_met_by_released_datasets_with_full_confidence()
    {
        var r = Requirement(Judge(OsaidRelease()), "data-information");
        Assert.Equal(RequirementStatus.Met, r.Status);
        Assert.StartsWith("Datasets released", r.Reason);
        Assert.Equal(1.0, r.Evidence.Single().Confidence);
    }

    [Fact]
    public void Data_information_may_come_from_a_paper_but_says_it_is_a_judgement()
    {
        var r = Requirement(Judge(OsaidRelease().Without("Datasets")), "data-information");
        Assert.Equal(RequirementStatus.Met, r.Status);
        Assert.Contains("Research paper", r.Reason);
        Assert.Contains("judgement", r.Reason);
        Assert.True(r.Evidence.Single().Confidence < 1.0);
    }

    [Fact]
    public void Data_information_fails_when_no_data_component_is_released()
    {
        var result = Judge(OsaidRelease().Without("Datasets", "Research paper"));
        Assert.Equal(RequirementStatus.NotMet, Requirement(result, "data-information").Status);
        Assert.False(result.ComponentsComplete);
    }

    [Fact]
    public void Data_information_with_no_license_stated_is_insufficient_information()
    {
        var result = Judge(OsaidRelease(overrides: [("Datasets", "unlicensed"), ("Research paper", "unlicensed")]));
        Assert.Equal(RequirementStatus.Unknown, Requirement(result, "data-information").Status);
        Assert.Equal(OsaidVerdict.InsufficientInformation, result.Verdict);
        Assert.Contains("no license stated", result.Reason);
    }

    [Fact]
    public void Supporting_libraries_not_listed_are_taken_as_unused()
    {
        var r = Requirement(Judge(OsaidRelease()), "supporting-libraries");
        Assert.Equal(RequirementStatus.Met, r.Status);
        Assert.Contains("not listed", r.Reason);
    }

    [Fact]
    public void Supporting_libraries_when_listed_need_an_OSI_approved_license()
    {
        var ok = Judge(OsaidRelease(overrides: ("Supporting libraries and tools", "MIT")));
        var bad = Judge(OsaidRelease(overrides: ("Supporting libraries and tools", "CC-BY-SA-4.0")));
        Assert.Equal(RequirementStatus.Met, Requirement(ok, "supporting-libraries").Status);
        Assert.Equal(RequirementStatus.NotMet, Requirement(bad, "supporting-libraries").Status);
    }

    [Fact]
    public void A_license_OpenGrade_does_not_know_makes_the_requirement_unknown()
    {
        var result = Judge(OsaidRelease(overrides: ("Training code", "Acme Internal Terms")));
        var r = Requirement(result, "training-code");
        Assert.Equal(RequirementStatus.Unknown, r.Status);
        Assert.Contains("does not know", r.Reason);
        Assert.Equal(OsaidVerdict.InsufficientInformation, result.Verdict);
    }

    [Fact]
    public void A_recognised_license_name_is_judged_by_the_id_it_means()
    {
        var result = Judge(OsaidRelease(overrides: ("Training code", "Apache 2.0")));
        Assert.Equal(RequirementStatus.Met, Requirement(result, "training-code").Status);
    }

    [Fact]
    public void An_expression_is_OSI_approved_when_a_licensee_can_choose_OSI_approved_terms()
    {
        Assert.Equal(RequirementStatus.Met, Requirement(Judge(OsaidRelease(overrides: ("Training code", "MIT OR CC-BY-4.0"))), "training-code").Status);
        Assert.Equal(RequirementStatus.NotMet, Requirement(Judge(OsaidRelease(overrides: ("Training code", "MIT AND CC-BY-4.0"))), "training-code").Status);
    }

    public static TheoryData<RestrictionKind, bool, bool, bool> FreedomCases() => new()
    {
        // restriction, breaks use, breaks modify, breaks share (study is never broken by terms)
        { RestrictionKind.UseRestrictions, true, true, true },
        { RestrictionKind.NonCommercial, true, true, true },
        { RestrictionKind.ResearchOnly, true, true, true },
        { RestrictionKind.UserThreshold, true, false, false },
        { RestrictionKind.RevenueThreshold, true, false, false },
        { RestrictionKind.TerritorialExclusion, true, false, true },
        { RestrictionKind.ChangeableUsePolicy, true, false, false },
        { RestrictionKind.RemoteRestriction, true, false, false },
        { RestrictionKind.NoImprovingOtherModels, true, true, false },
        { RestrictionKind.AttributionDisplay, false, false, false },
        { RestrictionKind.NamingRule, false, false, false },
        { RestrictionKind.RestrictionsFlowToDerivatives, false, false, false },
    };

    [Theory]
    [MemberData(nameof(FreedomCases))]
    public void Each_restriction_takes_away_the_freedoms_it_should(RestrictionKind kind, bool use, bool modify, bool share)
    {
        var result = Judge(OsaidRelease(overrides: ("Model parameters (Final)", Restricted)), kind);
        RequirementStatus Expect(bool broken) => broken ? RequirementStatus.NotMet : RequirementStatus.Met;
        Assert.Equal(Expect(use), Requirement(result, "freedom-use").Status);
        Assert.Equal(RequirementStatus.Met, Requirement(result, "freedom-study").Status);
        Assert.Equal(Expect(modify), Requirement(result, "freedom-modify").Status);
        Assert.Equal(Expect(share), Requirement(result, "freedom-share").Status);
        if (use) Assert.Contains(kind.Key(), Requirement(result, "freedom-use").Reason);
        // The AI license is never OSI-approved, so the parameters fail whatever its terms.
        Assert.Equal(OsaidVerdict.NotConformant, result.Verdict);
    }

    [Fact]
    public void Restrictions_of_an_AI_license_without_catalogued_terms_are_unknown_and_said_so()
    {
        var result = Judge(OsaidRelease(overrides: ("Model parameters (Final)", Untermed)));
        var use = Requirement(result, "freedom-use");
        Assert.Equal(RequirementStatus.Unknown, use.Status);
        Assert.Contains("not catalogued", use.Reason);
        Assert.Equal(RequirementStatus.NotMet, Requirement(result, "parameters").Status);
    }

    [Fact]
    public void The_embedded_data_places_every_restriction_kind()
    {
        var osaid = OsaidFrameworkLoader.Default;
        var placed = osaid.Freedoms.SelectMany(f => f.BrokenBy).Concat(osaid.AllowedConditions).ToHashSet();
        Assert.All(Enum.GetValues<RestrictionKind>(), k => Assert.Contains(k, placed));
        Assert.Equal(["Use", "Study", "Modify", "Share"], osaid.Freedoms.Select(f => f.Name));
    }

    [Fact]
    public void Data_naming_an_unknown_component_is_refused()
    {
        const string yaml = """
            framework: { id: osaid, name: OSAID, version: "1.0", date: "2024-10-28" }
            elements:
              - id: code
                name: Code
                requirements:
                  - { id: x, name: X, components: ["Trainng code"], terms: osi-approved, summary: x }
            freedoms: []
            allowed_conditions: []
            """;
        var e = Assert.Throws<FormatException>(() => OsaidFrameworkLoader.Parse(yaml, MofFrameworkLoader.Default));
        Assert.Contains("Trainng code", e.Message);
    }
}

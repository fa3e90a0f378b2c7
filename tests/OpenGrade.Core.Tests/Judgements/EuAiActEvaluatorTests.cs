using OpenGrade.Core.Domain;
using OpenGrade.Core.Evaluation;
using OpenGrade.Core.Evaluation.EuAiAct;
using OpenGrade.Core.Licensing;
using static OpenGrade.Core.Tests.Judgements.Fixtures;

namespace OpenGrade.Core.Tests.Judgements;

public sealed class EuAiActEvaluatorTests
{
    private static EuAiActResult Judge(ModelRelease release, ReleaseSignals? signals = null, params RestrictionKind[] restrictions) =>
        Assessor(restrictions).Assess(release, signals).EuAiAct!;

    private static EuAiActCondition Condition(EuAiActResult result, string id) => result.Conditions.Single(c => c.Id == id);

    [Fact]
    public void An_open_small_model_with_public_information_is_likely_exempt()
    {
        var result = Judge(OsaidRelease(), Signals(parameters: 7_000_000_000, tokens: 2_000_000_000_000));
        Assert.Equal(EuAiActVerdict.LikelyExempt, result.Verdict);
        Assert.All(result.Conditions, c => Assert.Equal(RequirementStatus.Met, c.Status));
        Assert.Equal(6 * 7e9 * 2e12, result.EstimatedTrainingFlops);
    }

    [Theory]
    [InlineData("Model-\u0B6E\u0B67B")] // Oriya digits: a letter-class digit that is no number to double.Parse
    [InlineData("Model-\u0667B")]
    public void A_name_with_digits_of_another_script_is_no_size_and_no_crash(string name)
    {
        var result = Judge(Release(name, "Apache-2.0", ("Model parameters (Final)", null)) with { Version = null });
        Assert.Equal(RequirementStatus.Unknown, Condition(result, "below-systemic-risk").Status);
    }

    [Fact]
    public void Every_answer_carries_the_not_legal_advice_label()
    {
        Assert.Contains("not legal advice", Judge(OsaidRelease()).Disclaimer);
        Assert.Contains("not legal advice", Judge(Release("Bare", null)).Disclaimer);
    }

    [Fact]
    public void The_conditions_are_license_public_information_and_compute()
    {
        Assert.Equal(
            ["free-open-source-license", "weights-public", "architecture-public", "usage-information-public", "below-systemic-risk"],
            Judge(OsaidRelease()).Conditions.Select(c => c.Id));
    }

    public static TheoryData<RestrictionKind> Disqualifying() =>
    [
        RestrictionKind.UseRestrictions, RestrictionKind.UserThreshold, RestrictionKind.RevenueThreshold,
        RestrictionKind.NonCommercial, RestrictionKind.ResearchOnly, RestrictionKind.TerritorialExclusion,
        RestrictionKind.ChangeableUsePolicy, RestrictionKind.RemoteRestriction, RestrictionKind.NoImprovingOtherModels,
    ];

    [Theory]
    [MemberData(nameof(Disqualifying))]
    public void A_license_limiting_use_takes_the_model_out_of_the_exemption(RestrictionKind kind)
    {
        var result = Judge(OsaidRelease(Restricted), Signals(parameters: 7_000_000_000, tokens: 1_000_000_000_000), kind);
        var license = Condition(result, "free-open-source-license");
        Assert.Equal(RequirementStatus.NotMet, license.Status);
        Assert.Contains(kind.Key(), license.Reason);
        Assert.Equal(EuAiActVerdict.NotExempt, result.Verdict);
    }

    [Theory]
    [InlineData(RestrictionKind.AttributionDisplay)]
    [InlineData(RestrictionKind.NamingRule)]
    [InlineData(RestrictionKind.RestrictionsFlowToDerivatives)]
    public void Attribution_naming_and_same_terms_conditions_keep_a_license_free_and_open(RestrictionKind kind)
    {
        var result = Judge(OsaidRelease(Restricted), Signals(parameters: 7_000_000_000, tokens: 1_000_000_000_000), kind);
        Assert.Equal(RequirementStatus.Met, Condition(result, "free-open-source-license").Status);
        Assert.Equal(EuAiActVerdict.LikelyExempt, result.Verdict);
    }

    [Fact]
    public void A_known_license_that_is_not_open_is_no_free_and_open_source_license()
    {
        var result = Judge(OsaidRelease("CC-BY-NC-4.0"));
        Assert.Equal(RequirementStatus.NotMet, Condition(result, "free-open-source-license").Status);
    }

    [Fact]
    public void An_AI_license_without_catalogued_terms_leaves_the_answer_unknown()
    {
        var result = Judge(OsaidRelease(Untermed), Signals(parameters: 7_000_000_000, tokens: 1_000_000_000_000));
        var license = Condition(result, "free-open-source-license");
        Assert.Equal(RequirementStatus.Unknown, license.Status);
        Assert.Contains("not catalogued", license.Reason);
        Assert.Equal(EuAiActVerdict.Unknown, result.Verdict);
    }

    [Fact]
    public void Weights_that_are_not_released_are_not_public()
    {
        var result = Judge(OsaidRelease().Without("Model parameters (Final)"));
        Assert.Equal(RequirementStatus.NotMet, Condition(result, "weights-public").Status);
        Assert.Equal(EuAiActVerdict.NotExempt, result.Verdict);
    }

    [Fact]
    public void Gated_weights_leave_public_availability_open()
    {
        var result = Judge(OsaidRelease(), Signals(gated: true, parameters: 7_000_000_000, tokens: 1_000_000_000_000));
        Assert.Equal(RequirementStatus.Unknown, Condition(result, "weights-public").Status);
        Assert.Equal(EuAiActVerdict.Unknown, result.Verdict);
    }

    [Fact]
    public void Architecture_information_needs_the_architecture_code_or_a_report()
    {
        var result = Judge(OsaidRelease().Without("Model architecture", "Research paper"));
        Assert.Equal(RequirementStatus.NotMet, Condition(result, "architecture-public").Status);
        var viaPaper = Judge(OsaidRelease().Without("Model architecture"));
        Assert.Equal(RequirementStatus.Met, Condition(viaPaper, "architecture-public").Status);
    }

    [Fact]
    public void Usage_information_needs_a_model_card_report_or_inference_code()
    {
        var result = Judge(OsaidRelease().Without("Model card", "Inference code"));
        Assert.Equal(RequirementStatus.NotMet, Condition(result, "usage-information-public").Status);
    }

    [Fact]
    public void A_reported_training_compute_at_the_threshold_means_systemic_risk()
    {
        var result = Judge(OsaidRelease(), Signals(flops: 1e25));
        var compute = Condition(result, "below-systemic-risk");
        Assert.Equal(RequirementStatus.NotMet, compute.Status);
        Assert.Contains("Art. 51", compute.Reason);
        Assert.Equal(EuAiActVerdict.NotExempt, result.Verdict);
    }

    [Fact]
    public void Six_N_D_above_the_threshold_means_systemic_risk()
    {
        // 400B parameters on 15T tokens: 3.6e25 FLOP.
        var result = Judge(OsaidRelease(), Signals(parameters: 400_000_000_000, tokens: 15_000_000_000_000));
        Assert.Equal(RequirementStatus.NotMet, Condition(result, "below-systemic-risk").Status);
        Assert.Equal(3.6e25, result.EstimatedTrainingFlops!.Value, 1e21);
    }

    [Fact]
    public void A_small_model_with_unknown_tokens_is_below_the_threshold_by_a_stated_assumption()
    {
        var compute = Condition(Judge(OsaidRelease(), Signals(parameters: 7_000_000_000)), "below-systemic-risk");
        Assert.Equal(RequirementStatus.Met, compute.Status);
        Assert.Contains("assumed ceiling", compute.Reason);
    }

    [Fact]
    public void A_large_model_with_unknown_tokens_is_unknown()
    {
        var compute = Condition(Judge(OsaidRelease(), Signals(parameters: 400_000_000_000)), "below-systemic-risk");
        Assert.Equal(RequirementStatus.Unknown, compute.Status);
    }

    [Fact]
    public void The_parameter_count_is_read_from_the_release_version_when_no_signal_gives_it()
    {
        var compute = Condition(Judge(OsaidRelease() with { Version = "6.9B" }), "below-systemic-risk");
        Assert.Equal(RequirementStatus.Met, compute.Status);
        Assert.Contains("release.version", compute.Evidence.Single().Location);
    }

    [Fact]
    public void With_no_size_at_all_the_compute_is_unknown()
    {
        var compute = Condition(Judge(OsaidRelease() with { Version = null, Name = "Nameless" }), "below-systemic-risk");
        Assert.Equal(RequirementStatus.Unknown, compute.Status);
    }
}

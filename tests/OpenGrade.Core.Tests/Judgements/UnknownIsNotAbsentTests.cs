using OpenGrade.Core.Domain;
using OpenGrade.Core.Evaluation;
using OpenGrade.Core.Evaluation.EuAiAct;
using OpenGrade.Core.Evaluation.Mof;
using OpenGrade.Core.Evaluation.Osaid;
using OpenGrade.Core.Licensing;
using static OpenGrade.Core.Tests.Judgements.Fixtures;

namespace OpenGrade.Core.Tests.Judgements;

/// <summary>
/// A "no" needs evidence of "no": a component nothing shows absent is unknown, and a judgement
/// that needs it answers insufficient-information / unknown rather than a negative verdict.
/// MOF keeps MOT's reading (unknown counts as missing), so its class never moves.
/// </summary>
public sealed class UnknownIsNotAbsentTests
{
    /// <summary>How a repository without a complete file list reads its silence.</summary>
    private static readonly ReleaseCoverage NoFileList = new("no evidence found", []);

    private static Assessment Assess(ModelRelease release, params RestrictionKind[] restrictions) =>
        Assessor(restrictions).Assess(release, Signals(parameters: 7_000_000_000, tokens: 1_000_000_000_000));

    private static ModelRelease Silent(ModelRelease release, params ComponentSilence[] silences) =>
        release with { Coverage = NoFileList with { Components = [.. silences] } };

    [Theory]
    [InlineData("Training code", "training-code")]
    [InlineData("Data preprocessing code", "data-processing-code")]
    [InlineData("Model parameters (Final)", "parameters")]
    public void A_component_nothing_shows_absent_leaves_its_requirement_unknown(string component, string requirement)
    {
        var a = Assess(Silent(OsaidRelease().Without(component)));
        var r = a.Osaid!.Requirements.Single(q => q.Id == requirement);
        Assert.Equal(RequirementStatus.Unknown, r.Status);
        Assert.Equal(OsaidVerdict.InsufficientInformation, a.Osaid.Verdict);
        Assert.DoesNotContain("not released", a.Osaid.Reason);
        Assert.Contains("no evidence found", r.Reason);
        Assert.False(a.Osaid.ComponentsComplete);
    }

    [Fact]
    public void A_component_shown_absent_fails_its_requirement()
    {
        var a = Assess(Silent(OsaidRelease().Without("Model parameters (Final)"),
            new ComponentSilence("Model parameters (Final)", Presence.Absent, "not in the file list (siblings)")));
        Assert.Equal(OsaidVerdict.NotConformant, a.Osaid!.Verdict);
        Assert.Contains("not in the file list", a.Osaid.Reason);
        Assert.Equal(RequirementStatus.NotMet, a.EuAiAct!.Conditions.Single(c => c.Id == "weights-public").Status);
    }

    [Fact]
    public void MOF_keeps_MOTs_reading_whatever_the_silence_means()
    {
        var listed = OsaidRelease().Without("Training code");
        var asRecord = Assess(listed);
        var asRepository = Assess(Silent(listed));
        Assert.Equal(asRecord.Mof.Class, asRepository.Mof.Class);
        Assert.Equal(asRecord.Mof.Progress, asRepository.Mof.Progress);
        var training = asRepository.Mof.Components.Single(v => v.Component.Name == "Training code");
        Assert.Equal(ComponentStatus.Missing, training.Status);
        Assert.Equal(Presence.Unknown, training.Presence);
        Assert.Equal(Presence.Absent, asRecord.Mof.Components.Single(v => v.Component.Name == "Training code").Presence);
    }

    [Fact]
    public void A_record_that_lists_neither_parameters_nor_code_is_too_thin_to_judge()
    {
        var thin = Release("Thin", "Apache-2.0", ("Datasets", null), ("Research paper", null));
        var a = Assess(thin);
        Assert.Equal(OsaidVerdict.InsufficientInformation, a.Osaid!.Verdict);
        Assert.Contains("neither the parameters nor any code", a.Osaid.Reason);
        Assert.Equal(EuAiActVerdict.Unknown, a.EuAiAct!.Verdict);
        Assert.All(a.Mof.Components.Where(v => !v.Present), v => Assert.Equal(Presence.Unknown, v.Presence));
    }

    [Fact]
    public void A_record_that_lists_the_parameters_reads_its_silence_as_not_listed()
    {
        var a = Assess(Release("Weights", "Apache-2.0", ("Model parameters (Final)", null), ("Model card", null)));
        Assert.Equal(OsaidVerdict.NotConformant, a.Osaid!.Verdict);
        Assert.Contains("Training code: not listed in this record", a.Osaid.Reason);
        Assert.DoesNotContain("not released", a.Osaid.Reason);
    }

    [Fact]
    public void Weights_of_unknown_presence_under_a_restrictive_declared_license_fail_on_the_terms()
    {
        var release = Silent(OsaidRelease().Without("Model parameters (Final)"),
            new ComponentSilence("Model parameters (Final)", Presence.Unknown, "no complete file list", Restricted));
        var a = Assess(release, RestrictionKind.UseRestrictions);
        var parameters = a.Osaid!.Requirements.Single(r => r.Id == "parameters");
        Assert.Equal(RequirementStatus.NotMet, parameters.Status);
        Assert.Equal(OsaidVerdict.NotConformant, a.Osaid.Verdict);
        Assert.Equal(RequirementStatus.NotMet, a.Osaid.Requirements.Single(r => r.Id == "freedom-use").Status);
        Assert.Equal(RequirementStatus.NotMet, a.EuAiAct!.Conditions.Single(c => c.Id == "free-open-source-license").Status);
    }

    [Fact]
    public void Weights_of_unknown_presence_under_an_open_declared_license_are_unknown_not_missing()
    {
        var release = Silent(OsaidRelease().Without("Model parameters (Final)"),
            new ComponentSilence("Model parameters (Final)", Presence.Unknown, "no complete file list", "Apache-2.0"));
        var a = Assess(release);
        Assert.Equal(RequirementStatus.Unknown, a.Osaid!.Requirements.Single(r => r.Id == "parameters").Status);
        Assert.Contains("declared under Apache-2.0", a.Osaid.Reason);
        var eu = a.EuAiAct!;
        Assert.Equal(RequirementStatus.Met, eu.Conditions.Single(c => c.Id == "free-open-source-license").Status);
        Assert.Equal(RequirementStatus.Unknown, eu.Conditions.Single(c => c.Id == "weights-public").Status);
        Assert.Equal(EuAiActVerdict.Unknown, eu.Verdict);
        var weights = a.Mof.Components.Single(v => v.Component.Name == "Model parameters (Final)");
        Assert.Equal("Apache-2.0", weights.DeclaredLicense);
        Assert.Null(weights.License); // MOT's field: a component not listed has no license there
    }
}

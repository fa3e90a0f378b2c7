using OpenGrade.Core.Domain;
using OpenGrade.Core.Evaluation;
using OpenGrade.Core.Evaluation.Mof;

namespace OpenGrade.Core.Tests.Evaluation;

/// <summary>MOT's evaluation rules one by one (reference/mot.md §4-6 and its probes).</summary>
public sealed class MofEvaluatorTests
{
    private static readonly Assessor Assessor = Assessor.CreateDefault();

    private static MofResult Mot(ModelRelease r) => Assessor.AssessAsMot(r);

    private static ComponentVerdict Verdict(MofResult r, string name) => r.Components.Single(v => v.Component.Name == name);

    [Fact]
    public void Class_three_components_under_an_open_license_reach_class_three()
    {
        var r = Mot(Releases.With("Apache-2.0", Releases.ClassThree));

        Assert.Equal(3, r.Class);
        Assert.Equal("Class III - Open Model", r.ClassLabel);
        Assert.Equal(100.0, r.Progress.Class3);
        Assert.Equal(60.0, r.Progress.Class2); // 6 of the 10 components class II needs
        Assert.Equal(0.0, r.Progress.Class1);  // class II incomplete: class I is not scored
    }

    [Fact]
    public void All_required_components_reach_class_one()
    {
        var r = Mot(Releases.With("Apache-2.0", [.. Releases.ClassThree, .. Releases.ClassTwoAdds, .. Releases.ClassOneAdds]));

        Assert.Equal(1, r.Class);
        Assert.Equal(100.0, r.Progress.Total);
        Assert.Empty(r.NextClass);
    }

    [Fact]
    public void A_less_open_class_incomplete_scores_the_more_open_class_zero()
    {
        // P07: class I components all open, one class II component missing.
        var components = Releases.ClassThree.Concat(Releases.ClassTwoAdds.Skip(1)).Concat(Releases.ClassOneAdds);
        var r = Mot(Releases.With("MIT", components));

        Assert.Equal(3, r.Class);
        Assert.Equal(90.0, r.Progress.Class2);
        Assert.Equal(0.0, r.Progress.Class1);
    }

    [Fact]
    public void Research_paper_replaces_a_missing_technical_report()
    {
        // P04: class III with the research paper instead of the technical report.
        var components = Releases.ClassThree.Where(c => c != "Technical report").Append("Research paper");
        var r = Mot(Releases.With("Apache-2.0", components));

        Assert.Equal(3, r.Class);
        Assert.True(r.ResearchPaperReplacesTechnicalReport);
        Assert.Equal(60.0, r.Progress.Class2);
        Assert.DoesNotContain(r.Lists.SelectMany(l => l.Missing), c => c.Name == "Technical report");
        Assert.DoesNotContain(r.NextClass, g => g.Component.Name == "Technical report");
    }

    [Fact]
    public void Research_paper_counts_one_fewer_for_class_one()
    {
        var components = Releases.ClassThree.Where(c => c != "Technical report").Concat(Releases.ClassTwoAdds).Concat(Releases.ClassOneAdds);
        var r = Mot(Releases.With("Apache-2.0", components));

        Assert.Equal(1, r.Class);
        Assert.Equal(100.0, r.Progress.Class1);
    }

    [Fact]
    public void An_invalid_technical_report_stays_invalid_while_the_paper_stands_in()
    {
        // P05: invalid technical report plus an open research paper still gives class III.
        var licenses = new Dictionary<string, string> { ["Technical report"] = "Proprietary" };
        var r = Mot(Releases.With("Apache-2.0", Releases.ClassThree.Append("Research paper"), licenses));

        Assert.Equal(3, r.Class);
        Assert.Contains(r.Lists.Single(l => l.Class == 3).Invalid, c => c.Name == "Technical report");
    }

    [Fact]
    public void Component_license_wins_over_global_licenses()
    {
        var licenses = new Dictionary<string, string> { ["Model card"] = "CC-BY-4.0" };
        var globals = new GlobalLicenses(new("MIT", null), null, null, new("CC0-1.0", null));
        var r = Mot(Releases.With(null, Releases.ClassThree, licenses, globals));

        Assert.Equal(("CC-BY-4.0", LicenseSource.Component), (Verdict(r, "Model card").License, Verdict(r, "Model card").LicenseSource));
        Assert.Equal(("CC0-1.0", LicenseSource.ContentTypeGlobal), (Verdict(r, "Data card").License, Verdict(r, "Data card").LicenseSource));
        Assert.Equal(("MIT", LicenseSource.Distribution), (Verdict(r, "Model architecture").License, Verdict(r, "Model architecture").LicenseSource));
    }

    [Theory]
    [InlineData("unlicensed")]
    [InlineData("")]
    public void Declared_unlicensed_blocks_the_global_fallback(string declared)
    {
        var licenses = new Dictionary<string, string> { ["Model card"] = declared };
        var r = Mot(Releases.With("Apache-2.0", Releases.ClassThree, licenses));

        Assert.Equal(ComponentStatus.Unlicensed, Verdict(r, "Model card").Status);
        Assert.Equal(0, r.Class);
        Assert.Contains(r.NextClass, g => g.Component.Name == "Model card" && g.Kind == GapKind.Unlicensed);
    }

    [Fact]
    public void Global_unlicensed_is_unlicensed_not_invalid()
    {
        // P03: a global name of "unlicensed" wins the fallback and then counts as unlicensed.
        var r = Mot(Releases.With("unlicensed", ["Model card"]));

        Assert.Equal(ComponentStatus.Unlicensed, Verdict(r, "Model card").Status);
    }

    [Fact]
    public void Capitalised_Unlicensed_is_an_invalid_license()
    {
        var r = Mot(Releases.With("Unlicensed", ["Model card"]));

        Assert.Equal(ComponentStatus.Invalid, Verdict(r, "Model card").Status);
    }

    [Fact]
    public void No_license_anywhere_is_unlicensed()
    {
        var r = Mot(Releases.With(null, ["Model card"]));

        Assert.Equal(ComponentStatus.Unlicensed, Verdict(r, "Model card").Status);
        Assert.Equal(LicenseSource.None, Verdict(r, "Model card").LicenseSource);
    }

    [Theory]
    [InlineData("Apache 2.0")]
    [InlineData("apache-2.0")]
    [InlineData(" MIT")]
    [InlineData("MIT license")]
    [InlineData("BSD-3")]
    [InlineData("Apache-2.0 OR MIT")]
    public void MOT_counts_only_exact_ids_as_open(string license)
    {
        var r = Mot(Releases.With(license, Releases.ClassThree));

        Assert.Equal(0, r.Class);
        Assert.All(r.Components.Where(v => v.Present), v => Assert.Equal(ComponentStatus.Invalid, v.Status));
    }

    [Theory]
    [InlineData("Apache 2.0", "Apache-2.0")]
    [InlineData("MIT license", "MIT")]
    [InlineData("BSD-3", "BSD-3-Clause")]
    [InlineData("apache-2.0 OR mit", "Apache-2.0 OR MIT")]
    public void The_recognised_evaluation_reads_names_and_reports_each_reading(string license, string readAs)
    {
        var a = Assessor.Assess(Releases.With(license, Releases.ClassThree));

        Assert.Equal(0, a.Mof.Class);
        Assert.Equal(3, a.MofRecognised.Class);
        var reading = Assert.Single(a.MofRecognised.Recognitions);
        Assert.Equal(readAs, reading.Id);
    }

    [Fact]
    public void Recognised_AI_licenses_stay_not_open()
    {
        var a = Assessor.Assess(Releases.With("Llama 3.1 Community License", Releases.ClassThree));

        Assert.Equal(0, a.MofRecognised.Class);
        Assert.Equal("LicenseRef-llama3.1", Assert.Single(a.MofRecognised.Recognitions).Id);
        Assert.All(a.MofRecognised.NextClass.Where(g => g.Class == 3), g => Assert.Equal(GapKind.NotOpen, g.Kind));
    }

    [Fact]
    public void Expressions_are_open_when_OR_has_an_open_branch_and_AND_has_all()
    {
        Assert.Equal(3, Assessor.Assess(Releases.With("MIT OR LicenseRef-llama2", Releases.ClassThree)).MofRecognised.Class);
        Assert.Equal(0, Assessor.Assess(Releases.With("MIT AND LicenseRef-llama2", Releases.ClassThree)).MofRecognised.Class);
        Assert.Equal(3, Assessor.Assess(Releases.With("(MIT AND Apache-2.0) OR LicenseRef-gemma", Releases.ClassThree)).MofRecognised.Class);
    }

    [Fact]
    public void Open_license_of_the_wrong_type_warns_but_still_counts()
    {
        // Apache-2.0 suits code and documents, not data (MOT's tagging).
        var r = Mot(Releases.With("Apache-2.0", Releases.ClassThree));

        Assert.Equal(3, r.Class);
        Assert.False(Verdict(r, "Model parameters (Final)").TypeAppropriate);
        Assert.Contains(r.NotTypeAppropriate, c => c.Name == "Model parameters (Final)");
        Assert.True(Verdict(r, "Model architecture").TypeAppropriate);
    }

    [Fact]
    public void Optional_components_never_block_a_class()
    {
        var licenses = new Dictionary<string, string> { ["Sample model outputs"] = "Proprietary" };
        var r = Mot(Releases.With("Apache-2.0", Releases.ClassThree.Append("Sample model outputs"), licenses));

        Assert.Equal(3, r.Class);
        Assert.Contains(r.Lists.Single(l => l.Class == 3).Invalid, c => c.Name == "Sample model outputs");
    }

    [Fact]
    public void Next_class_lists_each_gap_with_a_fix()
    {
        var licenses = new Dictionary<string, string> { ["Training code"] = "Proprietary" };
        var r = Mot(Releases.With("Apache-2.0", Releases.ClassThree.Concat(Releases.ClassTwoAdds), licenses));

        Assert.Equal(3, r.Class);
        var training = Assert.Single(r.NextClass, g => g.Class == 2);
        Assert.Equal(GapKind.NotOpen, training.Kind);
        Assert.Equal("Proprietary", training.License);
        Assert.Contains("MIT", training.SuggestedLicenses);
        Assert.Equal(4, r.NextClass.Count(g => g.Class == 1));
        Assert.Contains(r.NextClass, g => g.Class == 1 && g.Component.Name == "Datasets" && g.SuggestedLicenses.Contains("CDLA-Permissive-2.0"));
    }

    [Fact]
    public void Unknown_component_names_are_refused_not_filed_elsewhere()
    {
        var e = Assert.Throws<UnknownComponentException>(() => Mot(Releases.With("MIT", ["Model Card"])));

        Assert.Contains("did you mean 'Model card'", e.Message);
    }

    [Fact]
    public void Progress_values_are_MOTs_floats()
    {
        var r = Mot(Releases.With("MIT", ["Model architecture", "Model card"]));

        Assert.Equal(33.33333333333333, r.Progress.Class3);
        Assert.Equal(11.111111111111109, r.Progress.Total); // ((0 + 33.33…) + 0 + 0) / 3, summed in MOT's order
    }
}

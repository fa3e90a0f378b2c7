using OpenGrade.Core.Domain;
using OpenGrade.Core.Evaluation;
using OpenGrade.Core.Evaluation.Osaid;
using OpenGrade.Core.Frameworks;
using OpenGrade.Core.Licensing;
using OpenGrade.Core.Policy;
using OpenGrade.Testing;
using static OpenGrade.Core.Tests.Judgements.Fixtures;

namespace OpenGrade.Core.Tests.Judgements;

public sealed class PolicyParserTests
{
    private static readonly PolicyParser Parser = new(MofFrameworkLoader.Default, new LicenseRecognizer(Catalog()));

    private static Policy.Policy Parse(string yaml) => Parser.Parse(yaml, "policy.yaml");

    private static PolicyException Fails(string yaml) => Assert.Throws<PolicyException>(() => Parse(yaml));

    [Fact]
    public void Every_rule_is_read()
    {
        var p = Parse("""
            name: strict
            mof:
              minimum_class: II
              reading: mot
            osaid:
              required_verdict: [conformant, insufficient-information]
            licenses:
              allowed: [Apache-2.0, "MIT License"]
              denied: [llama2]
            restrictions:
              denied: [non-commercial, user-threshold]
            components:
              required: ["Training code"]
            """);
        Assert.Equal("strict", p.Name);
        Assert.Equal(2, p.Mof!.MinimumClass);
        Assert.True(p.Mof.MotReading);
        Assert.Equal(new SourceLocation("policy.yaml", 3, 3), p.Mof.Location);
        Assert.Equal([OsaidVerdict.Conformant, OsaidVerdict.InsufficientInformation], p.Osaid!.Accepted);
        Assert.Equal(["Apache-2.0", "MIT"], p.Licenses!.Allowed!.Value);
        Assert.Equal(["LicenseRef-llama2"], p.Licenses.Denied);
        Assert.Equal([RestrictionKind.NonCommercial, RestrictionKind.UserThreshold], p.Restrictions!.Denied);
        Assert.Equal("Training code", p.Components!.Required.Single().Name);
        Assert.Equal(6, p.RuleCount);
    }

    [Theory]
    [InlineData("III", 3)]
    [InlineData("Class I", 1)]
    [InlineData("2", 2)]
    public void The_minimum_class_may_be_written_as_roman_or_arabic(string written, int expected)
    {
        Assert.Equal(expected, Parse($"mof:\n  minimum_class: {written}\n").Mof!.MinimumClass);
    }

    [Fact]
    public void A_single_required_verdict_is_accepted()
    {
        Assert.Equal([OsaidVerdict.Conformant], Parse("osaid:\n  required_verdict: conformant\n").Osaid!.Accepted);
    }

    [Theory]
    [InlineData("mof:\n  minimum_clas: III\n", 2, "unknown key 'minimum_clas'")]
    [InlineData("mof:\n  minimum_class: IV\n", 2, "not a MOF class")]
    [InlineData("mof:\n  reading: exact\n  minimum_class: III\n", 2, "mof.reading 'exact'")]
    [InlineData("mof: {}\n", 1, "needs 'minimum_class'")]
    [InlineData("osaid:\n  required_verdict: open\n", 2, "not an OSAID verdict")]
    [InlineData("licenses:\n  allowed: [Apach-2.0]\n", 2, "'Apach-2.0' is not a license OpenGrade knows")]
    [InlineData("licenses:\n  allowed: MIT\n", 2, "must be a list")]
    [InlineData("licenses:\n  allowed: [MIT]\n  denied: [MIT]\n", 3, "both allowed and denied")]
    [InlineData("restrictions:\n  denied: [non-comercial]\n", 2, "not a restriction kind")]
    [InlineData("licenses:\n  allowed: []\n", 2, "lists nothing")]
    [InlineData("components:\n  required: [\"training code\"]\n", 2, "did you mean 'Training code'")]
    [InlineData("name: x\nname: y\nmof:\n  minimum_class: III\n", 2, "")]
    [InlineData("nmae: x\n", 1, "unknown key 'nmae'")]
    [InlineData("name: only a name\n", 1, "sets no rule")]
    [InlineData("- a list\n", 1, "must be a mapping")]
    [InlineData("mof: [\n", 2, "not valid YAML")]
    public void A_bad_policy_is_refused_with_the_line_of_the_problem(string yaml, int line, string problem)
    {
        var e = Fails(yaml);
        Assert.Equal(line, e.Line);
        Assert.StartsWith($"policy.yaml:{line}:", e.Message);
        Assert.Contains(problem, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void An_empty_policy_is_refused()
    {
        Assert.Contains("empty", Fails("").Message);
    }

    [Theory]
    [InlineData("permissive-only.yaml")]
    [InlineData("osaid-required.yaml")]
    [InlineData("research-ok.yaml")]
    public void The_shipped_example_policies_parse(string file)
    {
        var text = File.ReadAllText(Path.Combine(SharedCorpus.RepoRoot, "examples", "policies", file));
        var policy = Parser.Parse(text, file);
        Assert.Equal(Path.GetFileNameWithoutExtension(file), policy.Name);
        Assert.True(policy.RuleCount > 0);
    }
}

public sealed class PolicyEvaluatorTests
{
    private static readonly PolicyParser Parser = new(MofFrameworkLoader.Default, new LicenseRecognizer(Catalog()));

    private static PolicyOutcome Check(string policy, ModelRelease release, params RestrictionKind[] restrictions)
    {
        var assessment = Assessor(restrictions).Assess(release);
        return new PolicyEvaluator(Facts(restrictions)).Evaluate(Parser.Parse(policy, "policy.yaml"), assessment);
    }

    /// <summary>MOF Class III exactly: the six class-III components under Apache-2.0.</summary>
    private static ModelRelease ClassThree(string license = "Apache-2.0") => Release("Three", license,
        [.. new[] { "Model architecture", "Model parameters (Final)", "Evaluation results", "Model card", "Data card", "Technical report" }
            .Select(c => (c, (string?)null))]);

    [Fact]
    public void Minimum_class_passes_at_or_above_the_class_and_fails_below_or_unclassified()
    {
        Assert.True(Check("mof:\n  minimum_class: III\n", ClassThree()).Passed);
        var below = Check("mof:\n  minimum_class: II\n", ClassThree());
        var v = Assert.Single(below.Violations);
        Assert.Equal("mof.minimum_class", v.Rule);
        Assert.Equal(2, v.RuleLocation.Line);
        Assert.False(Check("mof:\n  minimum_class: III\n", ClassThree("Llama 2 Community License")).Passed);
    }

    [Fact]
    public void Minimum_class_on_MOTs_reading_does_not_recognise_license_names()
    {
        // "Apache 2.0" is Apache-2.0 to OpenGrade but an invalid license string to MOT.
        Assert.True(Check("mof:\n  minimum_class: III\n", ClassThree("Apache 2.0")).Passed);
        Assert.False(Check("mof:\n  minimum_class: III\n  reading: mot\n", ClassThree("Apache 2.0")).Passed);
    }

    [Fact]
    public void Required_OSAID_verdict()
    {
        Assert.True(Check("osaid:\n  required_verdict: conformant\n", OsaidRelease()).Passed);
        var v = Assert.Single(Check("osaid:\n  required_verdict: conformant\n", OsaidRelease().Without("Training code")).Violations);
        Assert.Equal("osaid.required_verdict", v.Rule);
        Assert.Contains("not-conformant", v.Message);
        var undecided = OsaidRelease(overrides: [("Datasets", "unlicensed"), ("Research paper", "unlicensed")]);
        Assert.True(Check("osaid:\n  required_verdict: [conformant, insufficient-information]\n", undecided).Passed);
    }

    [Fact]
    public void Allowed_licenses_cover_every_released_component()
    {
        Assert.True(Check("licenses:\n  allowed: [Apache-2.0]\n", OsaidRelease()).Passed);
        var v = Assert.Single(Check("licenses:\n  allowed: [Apache-2.0]\n", OsaidRelease(overrides: ("Training code", "GPL-3.0-only"))).Violations);
        Assert.Equal("licenses.allowed", v.Rule);
        Assert.Contains("Training code: GPL-3.0-only", v.Message);
    }

    [Fact]
    public void Allowed_licenses_need_a_license_to_be_stated()
    {
        var v = Assert.Single(Check("licenses:\n  allowed: [Apache-2.0]\n", OsaidRelease(overrides: ("Model card", "unlicensed"))).Violations);
        Assert.Contains("no license stated", v.Message);
    }

    [Fact]
    public void An_OR_passes_when_one_branch_is_allowed_and_an_AND_needs_both()
    {
        Assert.True(Check("licenses:\n  allowed: [MIT]\n", OsaidRelease("MIT OR GPL-3.0-only")).Passed);
        Assert.False(Check("licenses:\n  allowed: [MIT]\n", OsaidRelease("MIT AND GPL-3.0-only")).Passed);
    }

    [Fact]
    public void Denied_licenses_fail_unless_an_OR_offers_another_branch()
    {
        var v = Assert.Single(Check("licenses:\n  denied: [GPL-3.0-only]\n", OsaidRelease(overrides: ("Training code", "GPL-3.0-only"))).Violations);
        Assert.Equal("licenses.denied", v.Rule);
        Assert.True(Check("licenses:\n  denied: [GPL-3.0-only]\n", OsaidRelease("MIT OR GPL-3.0-only")).Passed);
    }

    [Fact]
    public void Denied_restriction_kinds_fail_a_license_that_carries_them()
    {
        var v = Assert.Single(Check("restrictions:\n  denied: [non-commercial]\n", OsaidRelease(Restricted), RestrictionKind.NonCommercial, RestrictionKind.AttributionDisplay).Violations);
        Assert.Equal("restrictions.denied", v.Rule);
        Assert.Contains("non-commercial", v.Message);
        Assert.DoesNotContain("attribution-display", v.Message);
        Assert.True(Check("restrictions:\n  denied: [user-threshold]\n", OsaidRelease(Restricted), RestrictionKind.NonCommercial).Passed);
    }

    [Fact]
    public void Denied_restriction_kinds_fail_closed_when_the_terms_are_unknown()
    {
        var v = Assert.Single(Check("restrictions:\n  denied: [non-commercial]\n", OsaidRelease(overrides: ("Model parameters (Final)", Untermed))).Violations);
        Assert.Contains("cannot be ruled out", v.Message);
        Assert.Contains("not catalogued", v.Message);
    }

    [Fact]
    public void Open_licenses_and_unlicensed_components_carry_no_denied_restriction()
    {
        Assert.True(Check("restrictions:\n  denied: [non-commercial, use-restrictions]\n", OsaidRelease(overrides: ("Model card", "unlicensed"))).Passed);
    }

    [Fact]
    public void Required_components_must_be_released()
    {
        Assert.True(Check("components:\n  required: [\"Training code\"]\n", OsaidRelease()).Passed);
        var v = Assert.Single(Check("components:\n  required: [\"Training code\", \"Evaluation code\"]\n", OsaidRelease().Without("Training code")).Violations);
        Assert.Equal("components.required", v.Rule);
        Assert.Contains("Training code, Evaluation code", v.Message);
    }

    [Fact]
    public void Every_broken_rule_is_reported()
    {
        var outcome = Check("""
            mof: { minimum_class: I }
            osaid: { required_verdict: conformant }
            components: { required: ["Evaluation code"] }
            """, ClassThree("Llama 2 Community License"));
        Assert.Equal(["mof.minimum_class", "osaid.required_verdict", "components.required"], outcome.Violations.Select(v => v.Rule));
    }
}

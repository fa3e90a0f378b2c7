using OpenGrade.Core.Licensing;
using static OpenGrade.Core.Tests.Judgements.Fixtures;

namespace OpenGrade.Core.Tests.Judgements;

public sealed class LicenseFactsTests
{
    [Fact]
    public void Open_licenses_are_known_to_carry_no_restriction()
    {
        var facts = Facts().Read("Apache-2.0");
        Assert.True(facts.Recognised);
        Assert.True(facts.OsiApproved);
        Assert.True(facts.Open);
        Assert.Empty(facts.Restrictions!.Value);
    }

    [Fact]
    public void An_open_data_license_is_open_but_not_OSI_approved()
    {
        var facts = Facts().Read("CC-BY-4.0");
        Assert.True(facts.Open);
        Assert.False(facts.OsiApproved);
    }

    [Fact]
    public void An_AI_license_carries_the_restrictions_of_its_terms()
    {
        var facts = Facts(RestrictionKind.UserThreshold, RestrictionKind.UseRestrictions).Read(Restricted);
        Assert.True(facts.NamesAiLicense);
        Assert.False(facts.OsiApproved);
        Assert.Equal([RestrictionKind.UserThreshold, RestrictionKind.UseRestrictions], facts.Restrictions!.Value);
    }

    [Fact]
    public void Unknown_terms_and_unknown_names_leave_the_restrictions_unknown_with_a_reason()
    {
        var untermed = Facts().Read(Untermed);
        Assert.Null(untermed.Restrictions);
        Assert.Contains("not catalogued", Assert.Single(untermed.Unknowns));
        var unknown = Facts().Read("Acme Internal Terms");
        Assert.False(unknown.Recognised);
        Assert.Contains("not a license OpenGrade knows", Assert.Single(unknown.Unknowns));
    }

    [Fact]
    public void Under_OR_the_licensee_picks_the_least_restricted_branch_and_AND_adds_both_sides()
    {
        var reader = Facts(RestrictionKind.NonCommercial);
        Assert.Empty(reader.Read($"MIT OR {Untermed}").Restrictions!.Value);
        Assert.Empty(reader.Read($"MIT OR {Restricted}").Restrictions!.Value);
        Assert.Equal([RestrictionKind.NonCommercial], reader.Read($"MIT AND {Restricted}").Restrictions!.Value);
        Assert.Null(reader.Read($"MIT AND {Untermed}").Restrictions);
    }

    [Theory]
    [InlineData(RestrictionKind.UserThreshold, "user-threshold")]
    [InlineData(RestrictionKind.NoImprovingOtherModels, "no-improving-other-models")]
    [InlineData(RestrictionKind.TerritorialExclusion, "territorial-exclusion")]
    public void Restriction_kinds_have_kebab_case_names_that_read_back(RestrictionKind kind, string name)
    {
        Assert.Equal(name, kind.Key());
        Assert.True(RestrictionKindNames.TryParse(name, out var back));
        Assert.Equal(kind, back);
        Assert.Equal(Enum.GetValues<RestrictionKind>().Length, RestrictionKindNames.All.Count);
    }
}

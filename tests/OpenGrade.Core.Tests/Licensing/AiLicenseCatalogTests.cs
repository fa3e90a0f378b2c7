using OpenGrade.Core.Licensing;
using OpenGrade.Testing;

namespace OpenGrade.Core.Tests.Licensing;

public sealed class AiLicenseCatalogTests
{
    private static readonly LicenseCatalog Catalog = LicenseCatalog.Default;

    [Fact]
    public void Every_id_of_the_shared_id_table_is_in_the_catalog()
    {
        var ids = File.ReadLines(SharedCorpus.PathTo("corpus", "ai-licenses", "IDS.md"))
            .Where(l => l.StartsWith("| LicenseRef-", StringComparison.Ordinal))
            .Select(l => l.Split('|', StringSplitOptions.TrimEntries)[1])
            .ToList();
        Assert.NotEmpty(ids);
        Assert.All(ids, id => Assert.True(Catalog.AiLicenses.ContainsKey(id), $"{id} is missing"));
    }

    [Fact]
    public void Every_ai_license_has_terms_and_every_licenseref_has_markers()
    {
        Assert.All(Catalog.AiLicenses.Values, l =>
        {
            Assert.NotNull(l.Terms);
            if (l.Id.StartsWith("LicenseRef-", StringComparison.Ordinal)) Assert.NotEmpty(l.Markers!.Titles);
        });
    }

    [Fact]
    public void Llama_3_1_terms_are_typed_facts()
    {
        var t = Catalog.AiLicenses["LicenseRef-llama3.1"].Terms!;
        Assert.Equal(700_000_000, t.MonthlyActiveUserThreshold);
        Assert.True(t.UseRestrictions);
        Assert.Equal("LicenseRef-llama3.1-use-policy", t.AcceptableUsePolicy);
        Assert.True(Catalog.UsePolicies.ContainsKey(t.AcceptableUsePolicy!));
        Assert.NotNull(t.NamingRule);
        Assert.False(t.OsiApproved);
        Assert.False(t.NoImprovingOtherModels); // dropped after Llama 3
        Assert.True(Catalog.AiLicenses["LicenseRef-llama3"].Terms!.NoImprovingOtherModels);
    }

    [Theory]
    [InlineData("LicenseRef-gemma", RestrictionKind.RemoteRestriction)]
    [InlineData("LicenseRef-deepseek-model", RestrictionKind.RestrictionsFlowToDerivatives)]
    [InlineData("LicenseRef-llama3.2", RestrictionKind.TerritorialExclusion)]
    [InlineData("LicenseRef-mistral-research", RestrictionKind.ResearchOnly)]
    [InlineData("LicenseRef-tongyi-qianwen", RestrictionKind.UserThreshold)]
    [InlineData("LicenseRef-falcon-tii-1.0", RestrictionKind.RevenueThreshold)]
    [InlineData("CC-BY-NC-4.0", RestrictionKind.NonCommercial)]
    public void Restrictions_follow_from_the_terms(string id, RestrictionKind kind) =>
        Assert.Contains(kind, Catalog.AiLicenses[id].Terms!.Restrictions);

    [Fact]
    public void Use_policies_point_at_licenses_of_the_catalog() =>
        Assert.All(Catalog.UsePolicies.Values, p => Assert.All(p.PolicyOf, id => Assert.True(Catalog.AiLicenses.ContainsKey(id), id)));
}

using OpenGrade.Core.Domain;
using OpenGrade.Core.Licensing;

namespace OpenGrade.Core.Tests.Licensing;

public sealed class LicenseCatalogTests
{
    private static readonly LicenseCatalog Catalog = LicenseCatalog.Default;

    [Theory]
    [InlineData("Apache-2.0", true)]
    [InlineData("GPL-2.0", true)]          // deprecated ids keep their flags
    [InlineData("CC-BY-4.0", true)]        // open-data list
    [InlineData("ODC-PDDL-1.0", true)]     // MOT's non-SPDX open-data id
    [InlineData("OpenMDW-1.0", true)]
    [InlineData("CC-BY-NC-4.0", false)]
    [InlineData("PDDL-1.0", false)]        // type-appropriate for data yet not open in MOT
    [InlineData("CDDL-1.1", false)]        // OSI approval recorded after MOT's SPDX snapshot
    [InlineData("apache-2.0", false)]      // exact match only
    [InlineData("LicenseRef-llama3.1", false)]
    public void Openness_is_MOTs(string id, bool open) => Assert.Equal(open, Catalog.IsOpenId(id));

    [Fact]
    public void Spdx_data_comes_with_both_flags()
    {
        Assert.True(Catalog.Spdx.Count > 700);
        Assert.True(Catalog.Spdx["MIT"].IsOsiApproved);
        Assert.True(Catalog.Spdx["CC0-1.0"].IsFsfLibre);
        Assert.True(Catalog.Spdx["GPL-2.0"].IsDeprecated);
    }

    [Theory]
    [InlineData("Apache-2.0", ContentType.Code, true)]
    [InlineData("Apache-2.0", ContentType.Document, true)]
    [InlineData("Apache-2.0", ContentType.Data, false)]
    [InlineData("CC0-1.0", ContentType.Data, false)]   // MOT's duplicate entry leaves CC0 document-only
    [InlineData("OpenMDW-1.0", ContentType.Data, true)]
    public void Type_appropriateness_is_MOTs(string id, ContentType type, bool suited) =>
        Assert.Equal(suited, Catalog.IsTypeAppropriateId(id, type));

    [Fact]
    public void Every_AI_license_id_is_unique_and_not_open()
    {
        Assert.NotEmpty(Catalog.AiLicenses);
        Assert.All(Catalog.AiLicenses.Keys.Where(k => k.StartsWith("LicenseRef-")), id => Assert.False(Catalog.IsOpenId(id)));
    }
}

using System.Text.Json.Nodes;
using OpenGrade.Reports.Aibom;
using OpenGrade.Testing;

namespace OpenGrade.Conformance.Tests.Aibom;

/// <summary>The OWASP-comparable completeness score (docs/exports.md): categories, weights, penalties.</summary>
public sealed class AibomCompletenessTests
{
    private static JsonObject Example(string file) =>
        JsonNode.Parse(File.ReadAllText(SharedCorpus.PathTo("schemas", "examples", file)))!.AsObject();

    [Fact]
    public void An_empty_BOM_scores_nothing_and_misses_every_field()
    {
        var score = AibomCompleteness.Of(new JsonObject());
        Assert.Equal(0, score.Score);
        Assert.Equal(AibomCompleteness.FieldNames.Count, score.Missing.Length);
        Assert.Equal(0.8 * 0.95, score.Penalty, 6);
    }

    [Fact]
    public void Required_fields_alone_earn_their_category_and_the_critical_penalty()
    {
        var bom = new JsonObject { ["bomFormat"] = "CycloneDX", ["specVersion"] = "1.6", ["serialNumber"] = "urn:uuid:x", ["version"] = 1 };
        var score = AibomCompleteness.Of(bom);
        Assert.Equal(20, score.Categories.Single(c => c.Name == "required_fields").Points);
        Assert.Equal(20 * 0.8 * 0.95, score.Score, 1);
    }

    [Fact]
    public void The_official_full_model_card_fixture_scores_above_the_minimal_one()
    {
        var full = AibomCompleteness.Of(Example("cyclonedx-1.6-valid-machine-learning.cdx.json"));
        var minimal = AibomCompleteness.Of(Example("ours-minimal-aibom.cdx-1.6.json"));
        Assert.True(full.Categories.Single(c => c.Name == "component_model_card").Present > minimal.Categories.Single(c => c.Name == "component_model_card").Present);
        Assert.InRange(minimal.Score, 1, 99);
        Assert.DoesNotContain("licenses", minimal.Missing);
        Assert.Contains("ethicalConsiderations", minimal.Missing);
    }

    [Fact]
    public void OpenGrade_export_of_a_Hub_model_names_supplier_version_purl_licenses_and_distribution()
    {
        var folder = AibomFixtures.HubFolders().FirstOrDefault() ?? SharedCorpus.PathTo("corpus", "hf", "models");
        var score = AibomFormats.Completeness(AibomFixtures.Hub(folder), AibomFixtures.Context);
        foreach (var field in new[] { "bomFormat", "specVersion", "serialNumber", "version", "suppliedBy", "name", "type", "component_version", "purl", "description", "licenses", "downloadLocation" })
        {
            Assert.DoesNotContain(field, score.Missing);
        }
    }
}

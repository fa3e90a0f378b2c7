using System.Text.Json.Nodes;
using OpenGrade.Reports.Aibom;
using OpenGrade.Testing;

namespace OpenGrade.Conformance.Tests.Aibom;

/// <summary>What a model card states goes into the CycloneDX model card and the SPDX AI fields: metrics from model-index, intended use, limitations, datasets.</summary>
public sealed class AibomCardTests
{
    private static string Folder(string name) => SharedCorpus.PathTo("corpus", "hf", "models", name);

    [Fact]
    public void Model_index_metrics_become_performance_metrics_and_ai_metric_entries()
    {
        var target = AibomFixtures.Hub(Folder("bigscience__bloom"));
        var cdx = AibomFormats.ToJson(target, "cyclonedx", AibomFixtures.Context);
        Assert.Null(AibomSchemas.Validate(cdx));
        var metrics = cdx["metadata"]!["component"]!["modelCard"]!["quantitativeAnalysis"]!["performanceMetrics"]!.AsArray();
        var pass1 = metrics.Single(m => (string?)m!["type"] == "pass@1")!;
        Assert.Equal("0.15542682926829265", (string)pass1["value"]!);
        Assert.Equal("text-generation / humaneval", (string)pass1["slice"]!);

        var spdx = AibomFormats.ToJson(target, "spdx3", AibomFixtures.Context);
        var model = spdx["@graph"]!.AsArray().Single(o => ((string?)o!["spdxId"])?.EndsWith("#model", StringComparison.Ordinal) == true)!;
        Assert.Contains(model["ai_metric"]!.AsArray(), e => (string?)e!["key"] == "pass@1 (text-generation / humaneval)" && (string?)e["value"] == "0.15542682926829265");
        Assert.Equal(metrics.Count, model["ai_metric"]!.AsArray().Count);
    }

    [Fact]
    public void Intended_use_limitations_and_card_datasets_are_carried()
    {
        var target = AibomFixtures.Hub(Folder("EleutherAI__pythia-12b-deduped"));
        var card = target.Inventory!.Snapshot.Metadata!.Strings("datasets");
        Assert.NotEmpty(card);
        var cdx = AibomFormats.ToJson(target, "cyclonedx-1.7", AibomFixtures.Context);
        Assert.Null(AibomSchemas.Validate(cdx));
        var modelCard = cdx["metadata"]!["component"]!["modelCard"]!;
        var useCase = (string)modelCard["considerations"]!["useCases"]![0]!;
        var limitation = (string)modelCard["considerations"]!["technicalLimitations"]![0]!;
        Assert.False(string.IsNullOrWhiteSpace(useCase));
        Assert.False(string.IsNullOrWhiteSpace(limitation));
        Assert.True(useCase.Length <= CardFacts.MaxText + 1 && limitation.Length <= CardFacts.MaxText + 1);
        var inline = modelCard["modelParameters"]!["datasets"]!.AsArray().Where(d => d!["name"] is not null).Select(d => (string)d!["name"]!);
        Assert.Equal(card, inline);

        var spdx = AibomFormats.ToJson(target, "spdx3", AibomFixtures.Context);
        var model = spdx["@graph"]!.AsArray().Single(o => ((string?)o!["spdxId"])?.EndsWith("#model", StringComparison.Ordinal) == true)!;
        Assert.Equal(limitation, (string)model["ai_limitation"]!);
        Assert.Contains(useCase, (string)model["ai_informationAboutApplication"]!, StringComparison.Ordinal);
    }

    [Fact]
    public void A_MOT_file_has_no_card_and_so_no_card_fields()
    {
        var cdx = AibomFormats.ToJson(AibomFixtures.MotNamed("OLMo-7B.yml"), "cyclonedx", AibomFixtures.Context);
        var modelCard = cdx["metadata"]!["component"]!["modelCard"];
        Assert.Null(modelCard?["considerations"]);
        Assert.Null(modelCard?["quantitativeAnalysis"]);
    }
}

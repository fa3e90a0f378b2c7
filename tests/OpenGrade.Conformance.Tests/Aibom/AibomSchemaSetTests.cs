using System.Text.Json.Nodes;
using OpenGrade.Reports.Aibom;
using OpenGrade.Testing;

namespace OpenGrade.Conformance.Tests.Aibom;

/// <summary>
/// The per-class first pass of SPDX validation gives the whole schema's verdicts: valid documents
/// pass both ways, and a broken one fails both ways with the failing location named. The
/// documents are the small worked example (the whole schema takes seconds on large ones).
/// </summary>
public sealed class AibomSchemaSetTests
{
    private static JsonObject Spdx() => JsonNode.Parse(File.ReadAllText(SharedCorpus.PathTo("schemas", "examples", "ours-minimal-aibom.spdx3.json")))!.AsObject();

    [Fact]
    public void A_valid_SPDX_document_is_valid_both_ways()
    {
        var doc = Spdx();
        Assert.Null(AibomSchemas.Schemas.Validate(doc));
        Assert.Null(AibomSchemas.Schemas.ValidateWhole(doc));
    }

    public static TheoryData<string> Breakages() => new() { "unknown property", "ai property on a plain package", "missing dataset type" };

    [Theory]
    [MemberData(nameof(Breakages))]
    public void A_broken_SPDX_document_is_invalid_both_ways(string breakage)
    {
        var doc = Spdx();
        var graph = doc["@graph"]!.AsArray().OfType<JsonObject>().ToList();
        switch (breakage)
        {
            case "unknown property": graph.First(o => (string?)o["type"] == "ai_AIPackage")["ai_notAProperty"] = "x"; break;
            case "ai property on a plain package": graph.First(o => (string?)o["type"] == "software_Package")["ai_limitation"] = "x"; break;
            default: graph.First(o => (string?)o["type"] == "dataset_DatasetPackage").Remove("dataset_datasetType"); break;
        }
        Assert.NotNull(AibomSchemas.Schemas.ValidateWhole(doc));
        var error = AibomSchemas.Schemas.Validate(doc);
        Assert.NotNull(error);
        Assert.Contains("/@graph/", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_schema_files_are_named()
    {
        var e = Assert.Throws<FileNotFoundException>(() => AibomSchemaSet.Load(Path.GetTempPath()));
        Assert.Contains(AibomSchemaSet.Spdx, e.Message, StringComparison.Ordinal);
    }
}

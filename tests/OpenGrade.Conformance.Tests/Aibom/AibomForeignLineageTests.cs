using OpenGrade.Core.Evaluation.Flags;
using OpenGrade.Sources.Aibom;

namespace OpenGrade.Conformance.Tests.Aibom;

/// <summary>Another tool's AI-BOM that names base models (CycloneDX pedigree, SPDX descendantOf) is judged with that lineage.</summary>
public sealed class AibomForeignLineageTests
{
    private const string Cdx = """
        {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
         "metadata": {"component": {"type": "machine-learning-model", "name": "derived-7b", "purl": "pkg:huggingface/example/derived-7b@abc",
           "licenses": [{"license": {"id": "Apache-2.0"}}],
           "pedigree": {"ancestors": [
             {"type": "machine-learning-model", "name": "Llama-2-7b-hf", "purl": "pkg:huggingface/meta-llama/Llama-2-7b-hf",
              "licenses": [{"expression": "LicenseRef-llama2"}],
              "pedigree": {"ancestors": [{"type": "machine-learning-model", "name": "some-root"}]}}]}}}}
        """;

    private const string Spdx = """
        {"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": [
          {"type": "ai_AIPackage", "spdxId": "urn:x#model", "name": "derived-7b", "externalIdentifier": [{"type": "ExternalIdentifier", "externalIdentifierType": "packageUrl", "identifier": "pkg:huggingface/example/derived-7b"}]},
          {"type": "ai_AIPackage", "spdxId": "urn:x#base", "name": "meta-llama/Llama-2-7b-hf"},
          {"type": "ai_AIPackage", "spdxId": "urn:x#root", "name": "some-root"},
          {"type": "ai_AIPackage", "spdxId": "urn:x#checkpoint", "name": "step-1000"},
          {"type": "simplelicensing_LicenseExpression", "spdxId": "urn:x#l1", "simplelicensing_licenseExpression": "Apache-2.0"},
          {"type": "simplelicensing_LicenseExpression", "spdxId": "urn:x#l2", "simplelicensing_licenseExpression": "LicenseRef-llama2"},
          {"type": "Relationship", "spdxId": "urn:x#r1", "from": "urn:x#model", "relationshipType": "hasDeclaredLicense", "to": ["urn:x#l1"]},
          {"type": "Relationship", "spdxId": "urn:x#r2", "from": "urn:x#base", "relationshipType": "hasDeclaredLicense", "to": ["urn:x#l2"]},
          {"type": "Relationship", "spdxId": "urn:x#r3", "from": "urn:x#model", "relationshipType": "descendantOf", "to": ["urn:x#base"]},
          {"type": "Relationship", "spdxId": "urn:x#r4", "from": "urn:x#base", "relationshipType": "descendantOf", "to": ["urn:x#root"]},
          {"type": "Relationship", "spdxId": "urn:x#r5", "from": "urn:x#checkpoint", "relationshipType": "ancestorOf", "to": ["urn:x#model"]}
        ]}
        """;

    [Theory]
    [InlineData("cdx")]
    [InlineData("spdx")]
    public void Base_models_become_the_lineage_and_a_conflicting_license_is_flagged(string which)
    {
        var read = AibomReader.Read(which == "cdx" ? Cdx : Spdx, $"theirs.{which}.json");
        Assert.False(read.Ours);
        var lineage = read.Release.Lineage;
        Assert.Equal(["meta-llama/Llama-2-7b-hf", "some-root"], lineage.Select(a => a.Id));
        Assert.Equal([1, 2], lineage.Select(a => a.Depth));
        Assert.Equal(["example/derived-7b", "meta-llama/Llama-2-7b-hf"], lineage.Select(a => a.Child));
        Assert.Equal("LicenseRef-llama2", lineage[0].License);
        Assert.True(lineage[0].Known);
        Assert.False(lineage[1].Known);
        Assert.All(lineage, a => Assert.Equal("unknown", a.Relation));
        Assert.All(lineage, a => Assert.StartsWith($"theirs.{which}.json:", Assert.Single(a.Evidence).Location, StringComparison.Ordinal));

        var assessment = AibomFixtures.Assessor.Assess(read.Release, read.Signals);
        Assert.Contains(assessment.Flags, f => f.Kind == FlagKinds.LicenseConflict);
    }

    [Fact]
    public void A_checkpoint_is_intermediate_parameters_not_a_base_model()
    {
        var read = AibomReader.Read(Spdx, "theirs.spdx.json");
        Assert.Contains(read.Release.Components, c => c.Name == "Model parameters (Intermediate)");
        Assert.DoesNotContain(read.Release.Lineage, a => a.Id == "step-1000");
    }
}

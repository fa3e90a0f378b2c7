using System.Text.Json.Nodes;
using OpenGrade.Core.Domain;
using OpenGrade.Reports;
using OpenGrade.Reports.Aibom;
using OpenGrade.Sources.Aibom;

namespace OpenGrade.Conformance.Tests.Aibom;

/// <summary>
/// Components a source does not show are not exported as released: they get no element, and the
/// model says per component whether it is absent or unknown, why, and any license declared anyway.
/// </summary>
public sealed class AibomPresenceTests
{
    private static AssessedTarget Silent()
    {
        var at = new SourceLocation("hub-snapshot");
        var release = new ModelRelease("Quiet-1B", null, "Example Org", null, null, null, "https://github.com/example/quiet", "https://huggingface.co/example/quiet-1b",
            GlobalLicenses.None,
            [new ComponentEntry("Model card", null, "CC-BY-4.0", null, null, at), new ComponentEntry("Inference code", null, "MIT", null, null, at)])
        {
            Coverage = new ReleaseCoverage("not in the file list", [
                new ComponentSilence("Model parameters (Final)", Presence.Unknown, "the file list was not read", "Apache-2.0", "LICENSE"),
                new ComponentSilence("Training code", Presence.Absent, "the repository holds no training scripts"),
            ]),
        };
        return AssessedTarget.Ok("quiet", AibomFixtures.Assessor.Assess(release));
    }

    private static Dictionary<string, string> ModelProperties(JsonObject doc) => doc["@context"] is not null
        ? doc["@graph"]!.AsArray().Single(o => ((string?)o!["spdxId"])?.EndsWith("#model", StringComparison.Ordinal) == true)!["extension"]![0]!["extension_cdxProperty"]!.AsArray()
            .GroupBy(p => (string)p!["extension_cdxPropName"]!).ToDictionary(g => g.Key, g => (string)g.First()!["extension_cdxPropValue"]!)
        : doc["metadata"]!["component"]!["properties"]!.AsArray().GroupBy(p => (string)p!["name"]!).ToDictionary(g => g.Key, g => (string)g.First()!["value"]!);

    [Theory]
    [InlineData("cyclonedx")]
    [InlineData("cyclonedx-1.7")]
    [InlineData("spdx3")]
    public void Unknown_and_absent_components_are_named_on_the_model_not_exported_as_elements(string format)
    {
        var doc = AibomFormats.ToJson(Silent(), format, AibomFixtures.Context);
        Assert.Null(AibomSchemas.Validate(doc));
        var props = ModelProperties(doc);
        Assert.Equal("unknown", props[OpennessKeys.ComponentPresencePrefix + "final-model-parameters"]);
        Assert.Equal("the file list was not read", props[OpennessKeys.ComponentPresenceReasonPrefix + "final-model-parameters"]);
        Assert.Equal("Apache-2.0", props[OpennessKeys.ComponentDeclaredLicensePrefix + "final-model-parameters"]);
        Assert.Equal("absent", props[OpennessKeys.ComponentPresencePrefix + "training-code"]);
        Assert.Equal("unknown", props[OpennessKeys.ComponentPresencePrefix + "datasets"]);
        Assert.False(props.ContainsKey(OpennessKeys.ComponentPresencePrefix + "inference-code"));
        Assert.DoesNotContain("final-model-parameters", props[OpennessKeys.CncfComponents], StringComparison.Ordinal);
        Assert.False(props.ContainsKey(OpennessKeys.MofStatus), "the weights are not shown: no MOF status is claimed for them");

        var text = doc.ToJsonString();
        Assert.DoesNotContain("mof-training-code", text, StringComparison.Ordinal);
        Assert.DoesNotContain("component-training-code", text, StringComparison.Ordinal);
        Assert.Contains("\"present\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_license_declared_for_unlisted_weights_is_the_models_declared_license()
    {
        var cdx = AibomFormats.ToJson(Silent(), "cyclonedx", AibomFixtures.Context);
        var license = cdx["metadata"]!["component"]!["licenses"]![0]!["license"]!;
        Assert.Equal("Apache-2.0", (string)license["id"]!);
        Assert.Equal("declared", (string)license["acknowledgement"]!);
    }

    [Theory]
    [InlineData("cyclonedx")]
    [InlineData("spdx3")]
    public void Presence_round_trips_to_the_same_judgements(string format)
    {
        var target = Silent();
        var read = AibomReader.Read(AibomFormats.Render(target, format, AibomFixtures.Context), $"quiet.{format}.json");
        var again = AibomFixtures.Assessor.Assess(read.Release, read.Signals);
        Assert.Equal(
            target.Assessment!.Mof.Components.Select(v => $"{v.Component.Name} {v.Presence} {v.PresenceReason} {v.DeclaredLicense}"),
            again.Mof.Components.Select(v => $"{v.Component.Name} {v.Presence} {v.PresenceReason} {v.DeclaredLicense}"));
        Assert.Equal(target.Assessment!.Osaid!.Verdict, again.Osaid!.Verdict);
    }
}

using System.Text.Json.Nodes;
using OpenGrade.Reports.Aibom;

namespace OpenGrade.Conformance.Tests.Aibom;

/// <summary>The exporters on a few MOT models: schema-valid, referentially sound, deterministic, one element and license per component.</summary>
public sealed class AibomExportTests
{
    private static readonly string[] Formats = ["spdx3", "cyclonedx", "cyclonedx-1.7"];

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in new[] { "OLMo-7B.yml", "Llama-2-7B.yml", "Amber.yml" })
        {
            foreach (var format in Formats) data.Add(file, format);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Export_is_valid_against_the_official_schema_and_the_checks_no_schema_makes(string file, string format)
    {
        var target = AibomFixtures.MotNamed(file);
        var doc = AibomFormats.ToJson(target, format, AibomFixtures.Context);

        Assert.Null(AibomSchemas.Validate(doc));
        var problems = format == "spdx3"
            ? AibomIntegrity.CheckSpdx(doc, AibomFixtures.Assessor.Catalog, ours: true)
            : AibomIntegrity.CheckCycloneDx(doc, AibomFixtures.Assessor.Catalog);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Same_assessment_and_time_give_the_same_bytes_and_another_time_another_serial()
    {
        var target = AibomFixtures.MotNamed("OLMo-7B.yml");
        var later = AibomFixtures.Context with { AssessedAt = AibomFixtures.Context.AssessedAt.AddSeconds(1) };
        foreach (var format in AibomFormats.Names)
        {
            // Every format, the PNG badges too: byte for byte.
            Assert.Equal(AibomFormats.RenderBytes(target, format, AibomFixtures.Context), AibomFormats.RenderBytes(target, format, AibomFixtures.Context));
        }
        var a = AibomFormats.ToJson(target, "cyclonedx", AibomFixtures.Context);
        var b = AibomFormats.ToJson(target, "cyclonedx", later);
        Assert.NotEqual((string?)a["serialNumber"], (string?)b["serialNumber"]);
        Assert.Matches("^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", (string?)a["serialNumber"]);
    }

    [Fact]
    public void Every_present_MOF_component_is_its_own_element_with_one_declared_and_one_concluded_license()
    {
        var target = AibomFixtures.MotNamed("OLMo-7B.yml");
        var present = target.Assessment!.Mof.Components.Where(v => v.Present).Select(v => v.Component.Name).ToHashSet();
        var spdx = AibomFormats.ToJson(target, "spdx3", AibomFixtures.Context);
        var graph = spdx["@graph"]!.AsArray().OfType<JsonObject>().ToList();
        var named = graph.Where(o => o["extension"] is not null)
            .SelectMany(o => o["extension"]![0]!["extension_cdxProperty"]!.AsArray().OfType<JsonObject>()
                .Where(p => (string?)p["extension_cdxPropName"] == OpennessVocabulary.MofComponent)
                .Select(p => ((string)o["spdxId"]!, (string)p["extension_cdxPropValue"]!)))
            .ToList();
        Assert.Equal(present.Order(), named.Select(n => n.Item2).Order());
        Assert.Equal(named.Count, named.Select(n => n.Item1).Distinct().Count());

        var cdx = AibomFormats.ToJson(target, "cyclonedx", AibomFixtures.Context);
        var cdxNamed = cdx["components"]!.AsArray().OfType<JsonObject>().Append(cdx["metadata"]!["component"]!.AsObject())
            .SelectMany(c => c["properties"]!.AsArray().OfType<JsonObject>().Where(p => (string?)p["name"] == OpennessVocabulary.MofComponent).Select(p => (string)p["value"]!));
        Assert.Equal(present.Order(), cdxNamed.Order());
    }

    [Fact]
    public void A_model_license_outside_the_SPDX_list_is_a_named_license_in_CycloneDX_and_a_LicenseRef_in_SPDX()
    {
        var target = AibomFixtures.MotNamed("Llama-2-7B.yml");
        var cdx = AibomFormats.ToJson(target, "cyclonedx", AibomFixtures.Context);
        var licenses = cdx["metadata"]!["component"]!["licenses"]!.AsArray().OfType<JsonObject>().ToList();
        Assert.NotEmpty(licenses);
        Assert.All(licenses, l => Assert.Null(l["expression"]));
        Assert.All(licenses, l => Assert.Null(l["license"]!["id"]));
        Assert.Contains(licenses, l => (string?)l["license"]!["acknowledgement"] == "declared");

        var spdx = AibomFormats.ToJson(target, "spdx3", AibomFixtures.Context);
        var expressions = spdx["@graph"]!.AsArray().OfType<JsonObject>()
            .Where(o => (string?)o["type"] == "simplelicensing_LicenseExpression")
            .Select(o => (string)o["simplelicensing_licenseExpression"]!).ToList();
        Assert.Contains(expressions, e => e.StartsWith("LicenseRef-", StringComparison.Ordinal));
    }

    [Fact]
    public void The_judgements_are_properties_with_the_CNCF_keys()
    {
        var target = AibomFixtures.MotNamed("OLMo-7B.yml");
        var a = target.Assessment!;
        var cdx = AibomFormats.ToJson(target, "cyclonedx", AibomFixtures.Context);
        var props = cdx["metadata"]!["component"]!["properties"]!.AsArray().OfType<JsonObject>()
            .GroupBy(p => (string)p["name"]!).ToDictionary(g => g.Key, g => (string)g.First()["value"]!);
        Assert.Equal(a.Mof.ClassLabel, props[OpennessVocabulary.MofClass]);
        Assert.Equal("1.0", props[OpennessVocabulary.CncfVersion]);
        Assert.Equal(a.Osaid!.Verdict.ToString() switch { "Conformant" => "conformant", "NotConformant" => "not-conformant", _ => "insufficient-information" }, props[OpennessVocabulary.OsaidVerdict]);
        Assert.Contains("final-model-parameters", props[OpennessVocabulary.CncfComponents].Split(','));

        var oci = AibomFormats.ToJson(target, "oci-annotations", AibomFixtures.Context);
        Assert.All(oci, kv => Assert.IsType<string>(kv.Value!.GetValue<string>()));
        if (a.Mof.Class > 0) Assert.Equal(new[] { "I", "II", "III" }[a.Mof.Class - 1], (string?)oci[OpennessVocabulary.CncfClass]);
    }

    [Fact]
    public void Judgements_left_out_by_the_framework_selection_are_not_written()
    {
        var target = AibomFixtures.MotNamed("OLMo-7B.yml");
        var ctx = AibomFixtures.Context with { Frameworks = Reports.Judgements.Frameworks.Mof };
        var cdx = AibomFormats.ToJson(target, "cyclonedx", ctx);
        var names = cdx["metadata"]!["component"]!["properties"]!.AsArray().Select(p => (string)p!["name"]!).ToList();
        Assert.Contains(OpennessVocabulary.MofClass, names);
        Assert.DoesNotContain(names, n => n.StartsWith("openness:osaid:", StringComparison.Ordinal) || n.StartsWith("openness:eu-ai-act:", StringComparison.Ordinal));
        Assert.DoesNotContain("OSAID", AibomFormats.Render(target, "html", ctx), StringComparison.Ordinal);
    }
}

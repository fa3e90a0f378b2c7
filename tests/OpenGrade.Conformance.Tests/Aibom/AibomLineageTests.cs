using System.Text.Json.Nodes;
using OpenGrade.Core.Domain;
using OpenGrade.Core.Evaluation;
using OpenGrade.Core.Evaluation.Flags;
using OpenGrade.Reports;
using OpenGrade.Reports.Aibom;
using OpenGrade.Sources.Aibom;

namespace OpenGrade.Conformance.Tests.Aibom;

/// <summary>
/// A fine-tune of a Llama 2 model that declares Apache-2.0 for its weights: its lineage travels in
/// every AI-BOM format (SPDX descendantOf elements, CycloneDX nested pedigree ancestors, an HTML
/// section) and reads back to the same inherited terms and the same license-conflict flag.
/// </summary>
public sealed class AibomLineageTests
{
    private const string Release = "example/derived-7b";
    private const string Base = "meta-llama/Llama-2-7b-hf";
    private const string Grand = "meta-llama/Llama-2-7b";
    private const string Unread = "someone/unreadable-base";

    private static AssessedTarget Derived()
    {
        var at = new SourceLocation("derived.yml", 3, 1);
        var release = new ModelRelease("Derived-7B", "1.0", "Example Org", "2026-01-02", "language", "transformer decoder", null, "https://huggingface.co/" + Release,
            new GlobalLicenses(new LicenseDeclaration("Apache-2.0", "LICENSE"), null, null, null),
            [
                new ComponentEntry("Model parameters (Final)", null, "Apache-2.0", "LICENSE", null, at),
                new ComponentEntry("Model architecture", null, "Apache-2.0", null, null, at),
                new ComponentEntry("Model card", null, "CC-BY-4.0", null, null, at),
            ])
        {
            Lineage =
            [
                new Ancestor(Base, "finetune", 1, Release, "LicenseRef-llama2", "card license of " + Base, true, [new Evidence("base-model", "https://huggingface.co/" + Base, "license: llama2")]),
                new Ancestor(Unread, "adapter", 1, Release, null, "its record could not be read", false, []),
                new Ancestor(Grand, "finetune", 2, Base, "LicenseRef-llama2", "card license of " + Grand, true, [new Evidence("base-model", "https://huggingface.co/" + Grand, "license: llama2", 0.9)]),
            ],
        };
        return AssessedTarget.Ok("derived.yml", AibomFixtures.Assessor.Assess(release));
    }

    private static string Terms(Assessment a) =>
        string.Join("\n", a.Lineage.Select(t => $"{t.Ancestor} restrictions={(t.Restrictions is { } r ? string.Join(",", r) : "unknown")} binds={t.Binds} evidence={string.Join("|", t.Ancestor.Evidence)}"))
        // Evidence about the release's own components cites the document read (derived.yml, then the AI-BOM): compared apart from that.
        + "\nflags " + string.Join("\n", a.Flags.Select(f => $"{f.Kind}: {f.Message} [{string.Join("|", f.Evidence.Where(e => !e.Location.StartsWith("derived", StringComparison.Ordinal)))}]"))
        + $"\nosaid {a.Osaid?.Verdict} {a.Osaid?.Reason}\neu {a.EuAiAct?.Verdict} {a.EuAiAct?.Reason}\nmof {a.Mof.Class} {a.MofRecognised.Class}";

    [Fact]
    public void The_fixture_has_a_lineage_conflict_and_inherited_restrictions()
    {
        var a = Derived().Assessment!;
        Assert.True(a.Flags.Any(f => f.Kind == FlagKinds.LicenseConflict), Terms(a));
        Assert.Contains(a.Flags, f => f.Kind == FlagKinds.LicenseConflict);
        Assert.Contains(a.Lineage, t => t.Binds && t.Restrictions is { IsEmpty: false });
        Assert.Contains(a.Lineage, t => t.Restrictions is null);
    }

    [Theory]
    [InlineData("cyclonedx")]
    [InlineData("cyclonedx-1.7")]
    [InlineData("spdx3")]
    public void Lineage_round_trips_to_the_same_inherited_terms_and_flags(string format)
    {
        var target = Derived();
        var text = AibomFormats.Render(target, format, AibomFixtures.Context);
        var read = AibomReader.Read(text, $"derived.{format}.json");
        Assert.True(read.Ours);
        Assert.Equal(target.Assessment!.Release.Lineage, read.Release.Lineage, (x, y) => AncestorText.ToText(x) == AncestorText.ToText(y));
        Assert.Equal(Terms(target.Assessment!), Terms(AibomFixtures.Assessor.Assess(read.Release, read.Signals)));
    }

    [Theory]
    [InlineData("cyclonedx")]
    [InlineData("cyclonedx-1.7")]
    [InlineData("spdx3")]
    public void Documents_with_a_lineage_validate_and_pass_the_integrity_checks(string format)
    {
        var doc = AibomFormats.ToJson(Derived(), format, AibomFixtures.Context);
        Assert.Null(AibomSchemas.Validate(doc));
        var problems = doc["@context"] is not null
            ? AibomIntegrity.CheckSpdx(doc, AibomFixtures.Assessor.Catalog, ours: true)
            : AibomIntegrity.CheckCycloneDx(doc, AibomFixtures.Assessor.Catalog);
        Assert.Empty(problems);
    }

    [Fact]
    public void SPDX_names_each_ancestor_an_AIPackage_with_licenses_and_descendantOf_along_the_chain()
    {
        var graph = AibomFormats.ToJson(Derived(), "spdx3", AibomFixtures.Context)["@graph"]!.AsArray().OfType<JsonObject>().ToList();
        var byName = graph.Where(o => (string?)o["type"] == "ai_AIPackage").ToDictionary(o => (string)o["name"]!, o => (string)o["spdxId"]!);
        Assert.True(byName.ContainsKey(Base) && byName.ContainsKey(Grand) && byName.ContainsKey(Unread));
        var model = graph.Single(o => ((string?)o["spdxId"])?.EndsWith("#model", StringComparison.Ordinal) == true)["spdxId"]!.GetValue<string>();
        var descendant = graph.Where(o => (string?)o["relationshipType"] == "descendantOf").Select(o => ((string)o["from"]!, (string)o["to"]![0]!)).ToHashSet();
        Assert.True(descendant.SetEquals([(model, byName[Base]), (model, byName[Unread]), (byName[Base], byName[Grand])]), string.Join("; ", descendant));
        string LicenseOf(string id, string kind) => graph.Where(o => (string?)o["relationshipType"] == kind && (string?)o["from"] == id).Select(o => (string)o["to"]![0]!).Single();
        var baseLicense = graph.Single(o => (string?)o["spdxId"] == LicenseOf(byName[Base], "hasDeclaredLicense"));
        Assert.StartsWith("LicenseRef-", (string)baseLicense["simplelicensing_licenseExpression"]!, StringComparison.Ordinal);
        Assert.Equal(Spdx3Export.NoAssertionLicense, LicenseOf(byName[Unread], "hasDeclaredLicense"));
        var props = graph.Single(o => (string?)o["spdxId"] == byName[Grand])["extension"]![0]!["extension_cdxProperty"]!.AsArray()
            .ToDictionary(p => (string)p!["extension_cdxPropName"]!, p => (string)p!["extension_cdxPropValue"]!);
        Assert.Equal("2", props[OpennessKeys.LineageDepth]);
        Assert.Equal("finetune", props[OpennessKeys.LineageRelation]);
        Assert.Equal(Base, props[OpennessKeys.LineageChild]);
    }

    [Fact]
    public void CycloneDX_nests_the_base_of_the_base_inside_its_pedigree()
    {
        var model = AibomFormats.ToJson(Derived(), "cyclonedx", AibomFixtures.Context)["metadata"]!["component"]!;
        var top = model["pedigree"]!["ancestors"]!.AsArray();
        Assert.Equal([Base, Unread], top.Select(a => (string)a!["name"]!));
        var first = top[0]!;
        Assert.Equal(Grand, (string)first["pedigree"]!["ancestors"]![0]!["name"]!);
        Assert.Null(top[1]!["licenses"]);
        Assert.Contains(first["properties"]!.AsArray(), p => (string)p!["name"]! == OpennessKeys.LineageRelation && (string)p["value"]! == "finetune");
        Assert.Equal("declared", (string)first["licenses"]![0]!["license"]!["acknowledgement"]!);
    }

    [Fact]
    public void The_HTML_report_has_a_lineage_section_with_every_ancestor()
    {
        var html = HtmlReport.Render(Derived(), AibomFixtures.Context);
        var section = html[html.IndexOf("<h2 id=\"lineage\">", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("</section>", StringComparison.Ordinal)];
        foreach (var id in new[] { Base, Grand, Unread }) Assert.Contains(id, section, StringComparison.Ordinal);
        Assert.Contains("finetune", section, StringComparison.Ordinal);
        Assert.Contains("unknown", section, StringComparison.Ordinal);
    }
}

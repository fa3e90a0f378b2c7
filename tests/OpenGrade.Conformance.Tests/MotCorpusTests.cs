using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using OpenGrade.Core.Domain;
using OpenGrade.Core.Evaluation;
using OpenGrade.Core.Licensing;
using OpenGrade.Sources.Mot;
using OpenGrade.Testing;
using YamlDotNet.RepresentationModel;

namespace OpenGrade.Conformance.Tests;

/// <summary>MOT's real data: every model file loads, and our license and schema facts equal MOT's.</summary>
public sealed class MotCorpusTests
{
    private static readonly Assessor Assessor = Assessor.CreateDefault();
    private static readonly MotModelReader Reader = new(Assessor.Framework);

    private static string[] CorpusFiles() =>
    [
        .. Directory.GetFiles(SharedCorpus.PathTo("corpus", "mot", "models"), "*.yml"),
        .. Directory.GetFiles(SharedCorpus.PathTo("corpus", "mot", "Test_Data"), "*.yml"),
        SharedCorpus.PathTo("corpus", "mot", "schema", "sample_model.yml"),
    ];

    [Fact]
    public void All_273_model_files_and_27_test_files_load_and_assess()
    {
        var files = CorpusFiles();
        Assert.Equal(273 + 27 + 1, files.Length);
        foreach (var file in files)
        {
            var a = Assessor.Assess(Reader.ReadFile(file));
            Assert.InRange(a.Mof.Class, 0, 3);
        }
    }

    [Fact]
    public void Our_schema_accepts_what_MOTs_schema_accepts_on_the_corpus()
    {
        var motSchema = JsonSchema.FromText(File.ReadAllText(SharedCorpus.PathTo("corpus", "mot", "schema", "mof_schema.json")));
        foreach (var file in CorpusFiles())
        {
            var json = ToJson(File.ReadAllText(file));
            Assert.True(motSchema.Evaluate(json, new EvaluationOptions { RequireFormatValidation = true }).IsValid, $"MOT's schema rejects {file}");
            Reader.ReadFile(file); // ours accepts it too, or throws with the place
        }
    }

    [Theory]
    [InlineData("release.name", "\"\"")]
    [InlineData("release.type", "\"spaceship\"")]
    [InlineData("release.architecture", "\"quantum\"")]
    [InlineData("release.treatment", "\"fine\"")]
    [InlineData("release.components", "{}")]
    [InlineData("release.license", "\"MIT\"")]
    [InlineData("release.version", "7")]
    [InlineData("framework.name", "\"Other Framework\"")]
    [InlineData("framework.date", "\"last year\"")]
    [InlineData("release.components[0].license", "3")]
    public void Both_schemas_reject_the_same_broken_documents(string field, string jsonValue)
    {
        var motSchema = JsonSchema.FromText(File.ReadAllText(SharedCorpus.PathTo("corpus", "mot", "schema", "mof_schema.json")));
        var sample = ToJson(File.ReadAllText(SharedCorpus.PathTo("corpus", "mot", "schema", "sample_model.yml")))!;
        SetField(sample, field, JsonNode.Parse(jsonValue));

        Assert.False(motSchema.Evaluate(sample, new EvaluationOptions { RequireFormatValidation = true }).IsValid);
        var e = Assert.Throws<ModelFileException>(() => Reader.Parse(sample.ToJsonString(), "broken.json"));
        Assert.Contains("schema violation", e.Message);
    }

    /// <summary>
    /// MOT's openness for every license id it knows, computed the way its importer and license
    /// handler do (licenses.json, then mof-licenses.json upserted over it; OSI or FSF flag, or
    /// the open-data list, or OpenMDW), must equal ours.
    /// </summary>
    [Fact]
    public void License_openness_and_type_appropriateness_equal_MOTs_for_every_id()
    {
        var mot = new Dictionary<string, (bool Osi, bool Fsf, string[] Types)>(StringComparer.Ordinal);
        foreach (var file in new[] { "licenses.json", "mof-licenses.json" })
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(SharedCorpus.PathTo("corpus", "mot", "web", "modules", "mof", file)));
            foreach (var l in doc.RootElement.GetProperty("licenses").EnumerateArray())
            {
                var types = l.TryGetProperty("ContentType", out var ct)
                    ? ct.ValueKind == JsonValueKind.Array ? [.. ct.EnumerateArray().Select(x => x.GetString()!)] : [ct.GetString()!]
                    : Array.Empty<string>();
                mot[l.GetProperty("licenseId").GetString()!] = (
                    l.TryGetProperty("isOsiApproved", out var osi) && osi.ValueKind == JsonValueKind.True,
                    l.TryGetProperty("isFsfLibre", out var fsf) && fsf.ValueKind == JsonValueKind.True,
                    types);
            }
        }
        var catalog = LicenseCatalog.Default;
        var ids = mot.Keys.Concat(catalog.Spdx.Keys).Concat(catalog.OpenDataLicenses).Distinct().ToList();
        var openData = catalog.OpenDataLicenses; // the list itself is checked against MOT's handler in docs/mof.md
        var mismatches = new List<string>();
        foreach (var id in ids)
        {
            var motOpen = (mot.TryGetValue(id, out var m) && (m.Osi || m.Fsf)) || openData.Contains(id) || id == "OpenMDW-1.0";
            if (motOpen != catalog.IsOpenId(id)) mismatches.Add($"{id}: MOT {(motOpen ? "open" : "not open")}");
            foreach (var type in Enum.GetValues<ContentType>())
            {
                var motSuited = m.Types?.Contains(type.ToKey()) == true;
                if (motSuited != catalog.IsTypeAppropriateId(id, type)) mismatches.Add($"{id} for {type.ToKey()}: MOT {motSuited}");
            }
        }
        Assert.True(mismatches.Count == 0, string.Join("; ", mismatches));
        Assert.Equal(225, mot.Keys.Count(catalog.IsOpenId)); // MOT's 225 open license entities (reference/mot.md §3)
    }

    private static JsonNode? ToJson(string yaml)
    {
        // A plain conversion for MOT's schema (the corpus quotes every string MOT expects as a string).
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return Convert(stream.Documents[0].RootNode);
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(kv => KeyValuePair.Create(((YamlScalarNode)kv.Key).Value!, Convert(kv.Value)))),
        YamlSequenceNode seq => new JsonArray([.. seq.Children.Select(Convert)]),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: "" or null or "~" or "null" } => null,
        YamlScalarNode s => JsonValue.Create(s.Value),
        _ => null,
    };

    private static void SetField(JsonNode root, string dotted, JsonNode? value)
    {
        var parts = dotted.Replace("[", ".[").Split('.');
        var node = root;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            node = parts[i].StartsWith('[') ? node![int.Parse(parts[i].Trim('[', ']'))] : node![parts[i]];
        }
        var last = parts[^1];
        if (last.StartsWith('[')) node![int.Parse(last.Trim('[', ']'))] = value;
        else node![last] = value;
    }
}

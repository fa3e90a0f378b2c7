using System.Text.Json.Nodes;
using OpenGrade.Batch.Records;

namespace OpenGrade.Batch.Tests;

/// <summary>
/// Batch grading is assess: every model of the shared corpus with a recorded Hub answer, expressed as a
/// listing line (its README as <c>card</c>), gets from <c>batch</c> the object <c>assess</c> gives for a
/// folder holding the same facts (that answer and that README), minus <c>target</c> and <c>listing</c>.
/// </summary>
public sealed class AgreementTests : TempFolderTest
{
    /// <summary>Fields whose text names where a fact was read: the folder says api_model.json, a listing line says so.</summary>
    private static readonly HashSet<string> PlaceFields = ["location", "license_basis", "source", "from"];

    [Fact]
    public void Batch_and_assess_agree_on_every_model_of_the_corpus()
    {
        var models = Listings.CorpusModels();
        var listing = Listings.WriteFile(Dir, "corpus.jsonl", models.Select(m => m.Model.ToJsonString()));
        var folders = AsFolders(models, Path.Combine(Dir, "folders"));
        var output = Path.Combine(Dir, "graded.jsonl");

        var batch = CliRunner.Run("batch", listing, "-o", output, "--jobs", "2");
        // Batch grading follows no links (only --deep would): assess is compared without them.
        var assess = CliRunner.Run(["assess", .. folders, "--no-follow", "--format", "jsonl"]);

        Assert.Equal(0, batch.ExitCode);
        Assert.Equal(0, assess.ExitCode);
        var graded = File.ReadAllLines(output).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        var assessed = assess.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        Assert.Equal(models.Count, graded.Count);
        Assert.Equal(models.Count, assessed.Count);
        for (var i = 0; i < models.Count; i++)
        {
            var id = models[i].Model["id"]!.GetValue<string>();
            Assert.Equal("hf:" + id, graded[i]["target"]!.GetValue<string>());
            Assert.Equal(id, graded[i]["listing"]!["id"]!.GetValue<string>());
            Assert.NotNull(graded[i]["mof"]);
            graded[i].Remove("target");
            graded[i].Remove("listing");
            assessed[i].Remove("target");
            Assert.DoesNotContain("api_model.json", graded[i].ToJsonString());
            var expected = Relabel(assessed[i]);
            Assert.True(JsonNode.DeepEquals(expected, graded[i]),
                $"{id}: batch and assess differ\nassess: {expected.ToJsonString()}\nbatch:  {graded[i].ToJsonString()}");
        }
    }

    /// <summary>Each corpus model as a folder holding what a listing line can carry: the model answer and the README (not LICENSE files or a separate siblings.json).</summary>
    internal static List<string> AsFolders(IReadOnlyList<(string Folder, JsonObject Model)> models, string root)
    {
        var folders = new List<string>();
        foreach (var (folder, _) in models)
        {
            var copy = Directory.CreateDirectory(Path.Combine(root, Path.GetFileName(folder))).FullName;
            File.Copy(Path.Combine(folder, "api_model.json"), Path.Combine(copy, "api_model.json"));
            if (File.Exists(Path.Combine(folder, "README.md"))) File.Copy(Path.Combine(folder, "README.md"), Path.Combine(copy, "README.md"));
            folders.Add(copy);
        }
        return folders;
    }

    /// <summary>The assess object with its record name (api_model.json) said as a listing line says it, in the fields that name places only.</summary>
    internal static JsonNode Relabel(JsonNode node, string? key = null) => node switch
    {
        JsonObject o => new JsonObject(o.Select(kv => KeyValuePair.Create(kv.Key, kv.Value is null ? null : Relabel(kv.Value, kv.Key)))),
        JsonArray a => new JsonArray([.. a.Select(x => x is null ? null : Relabel(x, key))]),
        JsonValue v when key is not null && PlaceFields.Contains(key) && v.TryGetValue<string>(out var s) =>
            JsonValue.Create(s.Replace("api_model.json", ListingRecords.SourceLabel, StringComparison.Ordinal)),
        _ => node.DeepClone(),
    };
}

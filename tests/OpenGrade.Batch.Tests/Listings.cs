using System.Text.Json.Nodes;
using OpenGrade.Batch.Grading;
using OpenGrade.Batch.Output;
using OpenGrade.Batch.Running;
using OpenGrade.Batch.Sources;
using OpenGrade.Core.Evaluation;

namespace OpenGrade.Batch.Tests;

/// <summary>Listing lines made from the shared corpus's recorded Hub answers, and an in-memory sink.</summary>
public static class Listings
{
    /// <summary>Every model folder of the corpus with a recorded 200 answer: (folder, the model object with its README as <c>card</c>).</summary>
    public static IReadOnlyList<(string Folder, JsonObject Model)> CorpusModels()
    {
        var root = SharedCorpus.PathTo("corpus", "hf", "models");
        var models = new List<(string, JsonObject)>();
        foreach (var folder in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            var api = Path.Combine(folder, "api_model.json");
            if (!File.Exists(api)) continue;
            var recorded = JsonNode.Parse(File.ReadAllText(api))!.AsObject();
            JsonObject model;
            if (recorded["response"] is JsonObject response)
            {
                if (response["status"]?["code"]?.GetValue<int>() is int code && code != 200) continue;
                model = JsonNode.Parse(response["body"]!.GetValue<string>())!.AsObject();
            }
            else
            {
                model = recorded;
            }
            var readme = Path.Combine(folder, "README.md");
            if (File.Exists(readme)) model["card"] = File.ReadAllText(readme);
            models.Add((folder, model));
        }
        Assert.True(models.Count >= 10, $"the corpus has only {models.Count} recorded model answers");
        return models;
    }

    /// <summary>The corpus models copied under many ids (<c>org/name-N</c>): a listing as long as a test needs.</summary>
    public static IEnumerable<string> Lines(int count)
    {
        var models = CorpusModels();
        for (var i = 0; i < count; i++)
        {
            var model = models[i % models.Count].Model.DeepClone().AsObject();
            model["id"] = $"{model["id"]!.GetValue<string>()}-{i}";
            model.Remove("modelId");
            yield return model.ToJsonString();
        }
    }

    public static string WriteFile(string folder, string name, IEnumerable<string> lines)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    public static async Task<(BatchCounts Counts, ListSink Sink, List<string> Problems)> RunAsync(IReadOnlyList<IRecordSource> sources,
        BatchOptions? options = null, ListSink? sink = null)
    {
        sink ??= new ListSink();
        var problems = new List<string>();
        var counts = await new BatchRunner(Assessor.CreateDefault(), sink).RunAsync(sources,
            (options ?? new BatchOptions(Jobs: 2)) with { Malformed = p => problems.Add($"{p.Where}: {p.Problem}") }, TestContext.Current.CancellationToken);
        return (counts, sink, problems);
    }
}

/// <summary>A sink that keeps the lines in memory (what a JSONL file would hold, in order).</summary>
public sealed class ListSink : IBatchSink
{
    public List<GradedModel> Models { get; } = [];

    public StoredVersions Stored { get; } = new();

    public string? Repaired => null;

    public void Write(IReadOnlyList<GradedModel> models) => Models.AddRange(models);

    public void Dispose()
    {
    }
}

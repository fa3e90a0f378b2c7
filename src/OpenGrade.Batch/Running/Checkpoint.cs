using System.Text.Json;
using System.Text.Json.Nodes;
using OpenGrade.Batch.Sources;

namespace OpenGrade.Batch.Running;

/// <summary>
/// Where a run stands, beside its output (<c>OUT.checkpoint.json</c>): per source, the ordinal up to
/// which every record is written or counted, and for a listing the page that holds the next one.
/// Written whole to a temporary file and renamed over the old one, after the output it describes was
/// flushed: a kill at any moment leaves the previous checkpoint or the new one, never half of one.
/// </summary>
public sealed record Checkpoint(IReadOnlyList<string> Sources, IReadOnlyList<SourcePosition> Positions)
{
    public const string Format = "opengrade-batch-checkpoint/1";

    public static string PathFor(string output) => output + ".checkpoint.json";

    public void Save(string path)
    {
        var json = new JsonObject
        {
            ["format"] = Format,
            ["sources"] = new JsonArray([.. Sources.Zip(Positions).Select(p => (JsonNode)new JsonObject
            {
                ["source"] = p.First,
                ["done"] = p.Second.Done,
                ["page"] = p.Second.Page,
                ["page_first"] = p.Second.PageFirst,
                ["finished"] = p.Second.Finished,
            })]),
        };
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        RemoveLeftovers(path);
        File.WriteAllText(temporary, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Temporary checkpoints a killed run left (their process is gone): removed, so kills do not pile them up.</summary>
    private static void RemoveLeftovers(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var prefix = Path.GetFileName(path) + ".";
        foreach (var file in Directory.EnumerateFiles(folder, prefix + "*.tmp"))
        {
            var pid = Path.GetFileName(file)[prefix.Length..^4];
            if (int.TryParse(pid, out var id) && id != Environment.ProcessId && !OpenGrade.Sources.Files.RunningProcesses.IsRunning(id)) File.Delete(file);
        }
    }

    /// <summary>The checkpoint at <paramref name="path"/>, or null when there is none; a damaged one is one clear error.</summary>
    public static Checkpoint? Load(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            var text = OpenGrade.Sources.Files.RegularFile.ReadText(path, 16 << 20);
            if (JsonNode.Parse(text) is not JsonObject root || root["format"]?.GetValue<string>() != Format || root["sources"] is not JsonArray items)
            {
                throw new FormatException("not an OpenGrade batch checkpoint");
            }
            var names = new List<string>();
            var positions = new List<SourcePosition>();
            foreach (var item in items.OfType<JsonObject>())
            {
                names.Add(item["source"]!.GetValue<string>());
                positions.Add(new SourcePosition(item["done"]!.GetValue<long>(), item["page"]?.GetValue<string>(),
                    item["page_first"]?.GetValue<long>() ?? 0, item["finished"]?.GetValue<bool>() ?? false));
            }
            return new Checkpoint(names, positions);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or NullReferenceException or IOException)
        {
            throw new SourceException($"{path}: a damaged checkpoint ({e.Message}); remove it to start over");
        }
    }
}

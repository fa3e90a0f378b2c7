using System.Collections.Immutable;
using System.Text.Json.Nodes;
using OpenGrade.Core.Inventory;

namespace OpenGrade.Sources.Local;

/// <summary>
/// Known dataset metadata kept in a folder of <c>owner__name/metadata.json</c> files (a recorded
/// dataset answer, or transcribed Hub page values). Only the datasets a release names are read.
/// </summary>
public static class DatasetCatalog
{
    public static ImmutableArray<DatasetFacts> Read(string folder, IEnumerable<string> ids)
    {
        if (!Directory.Exists(folder)) throw new SnapshotException(folder, 0, "no such datasets folder");
        var facts = new List<DatasetFacts>();
        foreach (var id in ids.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var path = Path.Combine(folder, id.Replace("/", "__"), "metadata.json");
            if (!File.Exists(path)) continue;
            var source = Path.GetRelativePath(folder, path).Replace('\\', '/');
            JsonNode? node;
            try
            {
                node = JsonNode.Parse(File.ReadAllText(path));
            }
            catch (System.Text.Json.JsonException e)
            {
                throw new SnapshotException(path, (int)(e.LineNumber ?? -1) + 1, "invalid JSON");
            }
            if (node is not JsonObject obj) throw new SnapshotException(path, 0, "expected a JSON object with the dataset's metadata");
            var card = obj["card_metadata_as_displayed"] as JsonObject ?? obj["cardData"] as JsonObject ?? obj;
            var license = card["license"] is JsonValue v && v.TryGetValue<string>(out var l) && l.Length > 0 ? l : null;
            facts.Add(new DatasetFacts(id, license, source));
        }
        return [.. facts];
    }
}

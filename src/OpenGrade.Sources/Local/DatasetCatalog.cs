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
        if (!Directory.Exists(folder)) throw new SnapshotException(folder, 0, "no such datasets folder", withinSnapshot: false);
        var facts = new List<DatasetFacts>();
        var within = Path.GetFullPath(folder) + Path.DirectorySeparatorChar;
        foreach (var id in ids.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var path = Path.Combine(folder, id.Replace("/", "__"), "metadata.json");
            // The ids come from the card: one like ".." must not reach outside the folder.
            if (!Path.GetFullPath(path).StartsWith(within, StringComparison.Ordinal) || !File.Exists(path)) continue;
            var source = Path.GetRelativePath(folder, path).Replace('\\', '/');
            JsonNode? node;
            try
            {
                node = JsonNode.Parse(SnapshotFiles.ReadText(path, path, SnapshotFiles.MaxHubAnswerBytes));
            }
            catch (System.Text.Json.JsonException e)
            {
                throw new SnapshotException(path, (int)(e.LineNumber ?? -1) + 1, "invalid JSON");
            }
            if (node is not JsonObject obj) throw new SnapshotException(path, 0, "expected a JSON object with the dataset's metadata");
            facts.Add(new DatasetFacts(id, LicenseOf(obj), source));
        }
        return [.. facts];
    }

    /// <summary>Dataset info answers (<c>GET /api/datasets/{id}</c>) saved beside a Hub snapshot, one JSON file each.</summary>
    public static ImmutableArray<DatasetFacts> ReadFetched(string folder)
    {
        if (!Directory.Exists(folder)) return [];
        var facts = new List<DatasetFacts>();
        foreach (var path in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            if (!SnapshotFiles.IsOwn(folder, Path.GetFileName(path))) continue;
            var shownAs = ".hub/datasets/" + Path.GetFileName(path);
            JsonNode? node;
            try
            {
                node = JsonNode.Parse(SnapshotFiles.ReadText(path, shownAs, SnapshotFiles.MaxHubAnswerBytes));
            }
            catch (System.Text.Json.JsonException e)
            {
                throw new SnapshotException(shownAs, (int)(e.LineNumber ?? -1) + 1, "invalid JSON");
            }
            if (node is not JsonObject obj || obj["id"] is not JsonValue idValue || !idValue.TryGetValue<string>(out var id)) continue;
            var license = LicenseOf(obj) ?? (obj["tags"] as JsonArray)?.Select(t => t?.ToString() ?? "")
                .FirstOrDefault(t => t.StartsWith("license:", StringComparison.Ordinal))?["license:".Length..];
            facts.Add(new DatasetFacts(id, license, shownAs));
        }
        return [.. facts];
    }

    private static string? LicenseOf(JsonObject obj)
    {
        var card = obj["card_metadata_as_displayed"] as JsonObject ?? obj["cardData"] as JsonObject ?? obj;
        return card["license"] switch
        {
            // "unknown" is the Hub's way of saying no license is stated.
            JsonValue v when v.TryGetValue<string>(out var l) && l.Length > 0 && !l.Equals("unknown", StringComparison.OrdinalIgnoreCase) => l,
            JsonArray a when a.Count > 0 => string.Join(" AND ", a.Select(x => x?.ToString())),
            _ => null,
        };
    }
}

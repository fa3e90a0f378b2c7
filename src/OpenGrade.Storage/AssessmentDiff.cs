using System.Text.Json.Nodes;

namespace OpenGrade.Storage;

/// <summary>
/// What changed between two versions of a model: the judgements, the license ids (a license
/// change is flagged as such), each MOF component's status and license, and the flags.
/// Pure: two stored versions in, one JSON object out (the API and the UI show the same diff).
/// </summary>
public static class AssessmentDiff
{
    public static JsonObject Between(StoredVersion from, StoredVersion to)
    {
        var a = from.Assessment;
        var b = to.Assessment;
        var judgements = new JsonObject();
        void Judgement(string key, JsonNode? x, JsonNode? y)
        {
            if (!JsonNode.DeepEquals(x, y)) judgements[key] = new JsonObject { ["from"] = x?.DeepClone(), ["to"] = y?.DeepClone() };
        }
        Judgement("mof_class", a["mof"]?["class"], b["mof"]?["class"]);
        Judgement("mof_total_progress", a["mof"]?["total_progress"], b["mof"]?["total_progress"]);
        Judgement("mof_recognised_class", a["mof_recognised"]?["class"], b["mof_recognised"]?["class"]);
        Judgement("osaid", a["osaid"]?["verdict"], b["osaid"]?["verdict"]);
        Judgement("eu_ai_act", a["eu_ai_act"]?["verdict"], b["eu_ai_act"]?["verdict"]);

        var before = from.Info.Licenses;
        var after = to.Info.Licenses;
        var components = new JsonArray();
        var old = Components(a);
        var now = Components(b);
        foreach (var name in old.Keys.Union(now.Keys).Order(StringComparer.Ordinal))
        {
            old.TryGetValue(name, out var x);
            now.TryGetValue(name, out var y);
            if (JsonNode.DeepEquals(x, y)) continue;
            components.Add(new JsonObject { ["name"] = name, ["from"] = x?.DeepClone(), ["to"] = y?.DeepClone() });
        }
        var flagsBefore = Flags(a);
        var flagsAfter = Flags(b);
        return new JsonObject
        {
            ["id"] = to.Info.ModelId,
            ["from"] = from.Info.Version,
            ["to"] = to.Info.Version,
            ["license_change"] = !before.SequenceEqual(after),
            ["licenses"] = new JsonObject
            {
                ["from"] = Array(before),
                ["to"] = Array(after),
                ["added"] = Array(after.Except(before)),
                ["removed"] = Array(before.Except(after)),
            },
            ["judgements"] = judgements,
            ["components"] = components,
            ["flags"] = new JsonObject { ["added"] = Array(flagsAfter.Except(flagsBefore)), ["removed"] = Array(flagsBefore.Except(flagsAfter)) },
        };
    }

    /// <summary>Each MOF component's status and license (MOT's exact reading).</summary>
    private static Dictionary<string, JsonObject> Components(JsonObject assessment)
    {
        var map = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        if (assessment["mof"]?["components"] is not JsonArray list) return map;
        foreach (var c in list.OfType<JsonObject>())
        {
            if (c["name"]?.GetValue<string>() is not { } name) continue;
            map[name] = new JsonObject { ["status"] = c["status"]?.DeepClone(), ["license"] = c["license"]?.DeepClone() };
        }
        return map;
    }

    private static List<string> Flags(JsonObject assessment) =>
        assessment["flags"] is JsonArray flags ? [.. flags.OfType<JsonObject>().Select(f => f["kind"]?.GetValue<string>() ?? "").Distinct().Order(StringComparer.Ordinal)] : [];

    private static JsonArray Array(IEnumerable<string> items) => new([.. items.Select(i => (JsonNode)i)]);
}

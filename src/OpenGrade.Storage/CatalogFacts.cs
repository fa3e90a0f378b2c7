using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace OpenGrade.Storage;

/// <summary>
/// The indexed facts of one assessment, read from its JSON (docs/json-output.md) by one pure
/// function: whatever produced the JSON (an import, the batch grader, the bench), the filters
/// see the same facts.
/// </summary>
public sealed record CatalogFacts(
    string Name,
    string Producer,
    string Type,
    string ReleaseDate,
    int MofClass,
    double MofTotal,
    string Osaid,
    string Eu,
    IReadOnlyList<string> Licenses,
    IReadOnlyList<string> Flags,
    string FrameworkVersions,
    string ContentHash,
    string EvidenceHash)
{
    public static CatalogFacts From(JsonObject assessment, JsonObject mot) => From(assessment, mot, assessment.ToJsonString());

    /// <param name="assessmentJson">The assessment as compact JSON (serialised once by the caller, who also stores it).</param>
    public static CatalogFacts From(JsonObject assessment, JsonObject mot, string assessmentJson)
    {
        var release = assessment["release"] as JsonObject;
        var mof = assessment["mof"] as JsonObject;
        var recognised = assessment["mof_recognised"] as JsonObject;
        var licenses = new SortedSet<string>(StringComparer.Ordinal);
        // The license ids OpenGrade read (recognised names), else MOT's exact strings.
        foreach (var section in new[] { recognised, mof })
        {
            if (section?["components"] is not JsonArray components) continue;
            foreach (var c in components.OfType<JsonObject>())
            {
                if (Text(c["license"]) is { Length: > 0 and <= 200 } id && id != "unlicensed") licenses.Add(id);
            }
            if (licenses.Count > 0) break;
        }
        var flags = new SortedSet<string>(StringComparer.Ordinal);
        if (assessment["flags"] is JsonArray fs)
        {
            foreach (var f in fs.OfType<JsonObject>()) if (Text(f["kind"]) is { Length: > 0 } k) flags.Add(k);
        }
        var versions = new List<string>();
        if (Text(mof?["framework_version"]) is { } mv) versions.Add("mof=" + mv);
        if (Text(assessment["osaid"]?["framework_version"]) is { } ov) versions.Add("osaid=" + ov);
        if (assessment["eu_ai_act"] is JsonObject) versions.Add("eu-ai-act=2024/1689");
        return new CatalogFacts(
            Name: Text(release?["name"]) ?? "",
            Producer: Text(release?["producer"]) ?? "",
            Type: Text(release?["type"]) ?? "",
            ReleaseDate: Text(release?["date"]) ?? "",
            MofClass: mof?["class"] is JsonValue cv && cv.TryGetValue<int>(out var cls) ? cls : 0,
            MofTotal: mof?["total_progress"] is JsonValue tv && tv.TryGetValue<double>(out var total) ? total : 0,
            Osaid: Text(assessment["osaid"]?["verdict"]) ?? "",
            Eu: Text(assessment["eu_ai_act"]?["verdict"]) ?? "",
            Licenses: [.. licenses],
            Flags: [.. flags],
            FrameworkVersions: string.Join(";", versions),
            ContentHash: ContentHashOf(assessmentJson, Text(assessment["target"])),
            EvidenceHash: Hash((assessment["inventory"] ?? mot["release"])?.ToJsonString() ?? ""));
    }

    /// <summary>
    /// The hash that makes a re-import idempotent: the assessment without <c>target</c>, and with
    /// the target's path left out of evidence locations (the same file named by another path is
    /// the same assessment).
    /// </summary>
    public static string ContentHashOf(JsonObject assessment) => ContentHashOf(assessment.ToJsonString(), Text(assessment["target"]));

    /// <summary>The same hash from the compact JSON: the target (and every quote of it) becomes <c>&lt;target&gt;</c>.</summary>
    public static string ContentHashOf(string assessmentJson, string? target)
    {
        if (target is { Length: > 0 })
        {
            var encoded = JsonValue.Create(target).ToJsonString()[1..^1];
            assessmentJson = assessmentJson.Replace(encoded, "<target>", StringComparison.Ordinal);
        }
        return Hash(assessmentJson);
    }

    public static string Hash(string text) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}

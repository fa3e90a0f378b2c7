using System.Buffers;
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
    public static CatalogFacts From(JsonObject assessment, JsonObject mot)
    {
        using var json = CompactJson.Of(assessment, EvidenceMember);
        return From(assessment, mot, json);
    }

    /// <summary>The assessment's member whose bytes the evidence hash reads.</summary>
    public const string EvidenceMember = "inventory";

    /// <param name="assessmentJson">The assessment as compact JSON with its <see cref="EvidenceMember"/> located (written once by the caller, who also stores it).</param>
    public static CatalogFacts From(JsonObject assessment, JsonObject mot, CompactJson assessmentJson)
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
            ContentHash: ContentHashOf(assessmentJson.Bytes, Text(assessment["target"])),
            EvidenceHash: EvidenceHashOf(assessmentJson, mot));
    }

    /// <summary>
    /// The hash that makes a re-import idempotent: the assessment without <c>target</c>, and with
    /// the target's path left out of evidence locations (the same file named by another path is
    /// the same assessment).
    /// </summary>
    public static string ContentHashOf(JsonObject assessment)
    {
        using var json = CompactJson.Of(assessment);
        return ContentHashOf(json.Bytes, Text(assessment["target"]));
    }

    /// <summary>
    /// The same hash from the compact JSON: the target (and every quote of it) becomes <c>&lt;target&gt;</c>.
    /// The hash of the text with its quotes replaced (ordinal, left to right), computed on the bytes
    /// as they stream through: compact JSON with the default encoder is ASCII (every other character
    /// is escaped), so the text's matches and the bytes' matches are the same places.
    /// </summary>
    public static string ContentHashOf(ReadOnlySpan<byte> assessmentJson, string? target)
    {
        if (target is not { Length: > 0 }) return Hash(assessmentJson);
        var quoted = Encoding.UTF8.GetBytes(JsonValue.Create(target).ToJsonString()[1..^1]);
        var found = assessmentJson.Count(quoted);
        if (found == 0) return Hash(assessmentJson);
        // The text with its quotes replaced, in a pooled buffer, then hashed in one call: an incremental
        // hash costs more to set up (OpenSSL context per record) than the copy.
        var length = assessmentJson.Length + found * (Placeholder.Length - quoted.Length);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var to = buffer.AsSpan();
            var rest = assessmentJson;
            int at;
            while ((at = rest.IndexOf(quoted)) >= 0)
            {
                rest[..at].CopyTo(to);
                Placeholder.CopyTo(to[at..]);
                to = to[(at + Placeholder.Length)..];
                rest = rest[(at + quoted.Length)..];
            }
            rest.CopyTo(to);
            return Hash(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static ReadOnlySpan<byte> Placeholder => "<target>"u8;

    /// <summary>The hash of the inventory's JSON (its bytes inside the assessment's), else of MOT's release view.</summary>
    private static string EvidenceHashOf(CompactJson assessment, JsonObject mot)
    {
        if (assessment.HasMember) return Hash(assessment.Member);
        if (mot["release"] is not { } release) return Hash(""u8);
        using var json = CompactJson.Of(release);
        return Hash(json.Bytes);
    }

    public static string Hash(string text) => Hash(Encoding.UTF8.GetBytes(text));

    public static string Hash(ReadOnlySpan<byte> utf8) => Format(SHA256.HashData(utf8));

    private static string Format(byte[] sha256) => "sha256:" + Convert.ToHexStringLower(sha256);

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}

using System.Text.Json;
using System.Text.Json.Nodes;
using OpenGrade.Sources.Hub;
using OpenGrade.Sources.Local;

namespace OpenGrade.Batch.Records;

/// <summary>
/// A Hub model object read from a listing line (the entry <c>GET /api/models?full=true&amp;cardData=true</c>
/// returns, optionally with the README text in <c>card</c>), its id validated, in the inventory's terms.
/// </summary>
public sealed record ListingRecord(
    string Id,
    string? Sha,
    string? LastModified,
    string? CreatedAt,
    long? Downloads,
    long? Likes,
    HubModelRecord Hub,
    string? Card)
{
    /// <summary>
    /// What identifies this version of the model for idempotent re-runs: the commit when the record has
    /// one, else its last modification time; a record with neither is graded once.
    /// </summary>
    public string Version => VersionOf(Sha, LastModified);

    public static string VersionOf(string? sha, string? lastModified) =>
        sha is not null ? "sha:" + sha : lastModified is not null ? "modified:" + lastModified : "unversioned";
}

/// <summary>
/// Parses one raw record: JSON within bounds, each field of the type the Hub gives it, the id and the
/// commit checked against the Hub's naming rules before they reach a file or a terminal.
/// </summary>
public static class ListingRecords
{
    /// <summary>The label evidence carries for facts that came from a listing record (the folder reader says <c>api_model.json</c>).</summary>
    public const string SourceLabel = "Hub listing";

    /// <summary>The longest record read (a model with ~100,000 files lists about 10 MiB of siblings).</summary>
    public const int MaxRecordBytes = 16 << 20;

    private static readonly JsonDocumentOptions Options = new() { AllowDuplicateProperties = false, MaxDepth = 64 };

    public static ListingRecord Parse(RawRecord raw) => TryParse(raw, out var record, out var problem)
        ? record! : throw new FormatException(problem);

    public static bool TryParse(RawRecord raw, out ListingRecord? record, out string? problem)
    {
        record = null;
        problem = Problem(raw, ref record);
        return problem is null;
    }

    private static string? Problem(RawRecord raw, ref ListingRecord? record)
    {
        JsonObject model;
        if (raw.Object is { } given)
        {
            model = given;
        }
        else
        {
            if (raw.Json.Length > MaxRecordBytes) return $"a record longer than {MaxRecordBytes >> 20} MiB";
            JsonNode? node;
            try
            {
                node = JsonNode.Parse(raw.Json.Span, documentOptions: Options);
            }
            catch (JsonException e)
            {
                return $"invalid JSON ({e.Message.Split(" Path:")[0].Split(" LineNumber:")[0]})";
            }
            catch (ArgumentException)
            {
                return "invalid JSON (not UTF-8 text)";
            }
            if (node is not JsonObject obj) return "not a JSON object (a Hub model object per line is expected)";
            model = obj;
        }
        string? card = null;
        if (model["card"] is { } cardNode)
        {
            if (!TryString(cardNode, out card)) return "'card' is not a string";
            model.Remove("card");
        }
        var idNode = model["id"] ?? model["modelId"];
        if (idNode is null) return "no 'id'";
        if (!TryString(idNode, out var id) || id is null) return "'id' is not a string";
        if (!HubNames.IsRepoId(id)) return $"'{Clip(id)}' is not a Hub model id";
        if (!OptionalString(model, "sha", out var sha)) return "'sha' is not a string";
        if (sha is not null && !HubNames.IsCommit(sha)) return $"'sha' of {id} is not a commit id";
        if (!OptionalString(model, "lastModified", out var modified)) return "'lastModified' is not a string";
        if (!OptionalString(model, "createdAt", out var created)) return "'createdAt' is not a string";
        if (!OptionalCount(model, "downloads", out var downloads)) return "'downloads' is not a count";
        if (!OptionalCount(model, "likes", out var likes)) return "'likes' is not a count";
        foreach (var (key, kind) in Shapes)
        {
            if (model[key] is { } value && value.GetValueKind() != kind && value.GetValueKind() != JsonValueKind.Null)
            {
                return $"'{key}' is not {(kind == JsonValueKind.Array ? "an array" : "an object")}";
            }
        }
        HubModelRecord hub;
        try
        {
            hub = HubRecords.ReadModelObject(model, SourceLabel);
        }
        catch (SnapshotException e)
        {
            return e.Problem;
        }
        record = new ListingRecord(id, sha, modified, created, downloads, likes, hub with { Id = id }, card);
        return null;
    }

    private static readonly (string Key, JsonValueKind Kind)[] Shapes =
    [
        ("tags", JsonValueKind.Array), ("siblings", JsonValueKind.Array), ("cardData", JsonValueKind.Object), ("config", JsonValueKind.Object),
    ];

    private static bool TryString(JsonNode node, out string? value)
    {
        value = null;
        if (node.GetValueKind() == JsonValueKind.Null) return true;
        return node is JsonValue v && v.TryGetValue(out value);
    }

    private static bool OptionalString(JsonObject o, string key, out string? value)
    {
        value = null;
        return o[key] is not { } node || TryString(node, out value);
    }

    private static bool OptionalCount(JsonObject o, string key, out long? value)
    {
        value = null;
        if (o[key] is not { } node || node.GetValueKind() == JsonValueKind.Null) return true;
        if (node is JsonValue v && v.TryGetValue<long>(out var n) && n >= 0)
        {
            value = n;
            return true;
        }
        return false;
    }

    private static string Clip(string s) => Core.Text.TerminalText.Clip(s, 120);
}

using System.Text;
using System.Text.Json;
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
        // A Parquet row arrives as a node tree: written out once, it is read by the same code as a line.
        var json = raw.Object is { } given ? Encoding.UTF8.GetBytes(given.ToJsonString()) : raw.Json;
        if (json.Length > MaxRecordBytes) return $"a record longer than {MaxRecordBytes >> 20} MiB";
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Options);
        }
        catch (JsonException e)
        {
            return $"invalid JSON ({e.Message.Split(" Path:")[0].Split(" LineNumber:")[0]})";
        }
        catch (ArgumentException)
        {
            return "invalid JSON (not UTF-8 text)";
        }
        using (document)
        {
            try
            {
                return Read(document.RootElement, ref record);
            }
            catch (InvalidOperationException)
            {
                // A string that cannot become text (a lone surrogate escaped in it).
                return "a string that is not valid Unicode text";
            }
        }
    }

    private static string? Read(JsonElement model, ref ListingRecord? record)
    {
        if (model.ValueKind != JsonValueKind.Object) return "not a JSON object (a Hub model object per line is expected)";
        if (!OptionalString(model, "card", out var card)) return "'card' is not a string";
        var idNode = HubRecords.Property(model, "id") ?? HubRecords.Property(model, "modelId");
        if (idNode is not { } idValue) return "no 'id'";
        if (idValue.ValueKind != JsonValueKind.String) return "'id' is not a string";
        var id = idValue.GetString()!;
        if (!HubNames.IsRepoId(id)) return $"'{Clip(id)}' is not a Hub model id";
        if (!OptionalString(model, "sha", out var sha)) return "'sha' is not a string";
        if (sha is not null && !HubNames.IsCommit(sha)) return $"'sha' of {id} is not a commit id";
        if (!OptionalString(model, "lastModified", out var modified)) return "'lastModified' is not a string";
        if (!OptionalString(model, "createdAt", out var created)) return "'createdAt' is not a string";
        if (!OptionalCount(model, "downloads", out var downloads)) return "'downloads' is not a count";
        if (!OptionalCount(model, "likes", out var likes)) return "'likes' is not a count";
        foreach (var (key, kind) in Shapes)
        {
            if (HubRecords.Property(model, key) is { } value && value.ValueKind != kind)
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

    private static bool OptionalString(JsonElement o, string key, out string? value)
    {
        value = null;
        if (HubRecords.Property(o, key) is not { } node) return true;
        if (node.ValueKind != JsonValueKind.String) return false;
        value = node.GetString();
        return true;
    }

    private static bool OptionalCount(JsonElement o, string key, out long? value)
    {
        value = null;
        if (HubRecords.Property(o, key) is not { } node) return true;
        if (node.ValueKind == JsonValueKind.Number && node.TryGetInt64(out var n) && n >= 0)
        {
            value = n;
            return true;
        }
        return false;
    }

    private static string Clip(string s) => Core.Text.TerminalText.Clip(s, 120);
}

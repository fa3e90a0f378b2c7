using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenGrade.Core.Inventory;

namespace OpenGrade.Sources.Local;

/// <summary>What a recorded <c>GET /api/models/{id}</c> answer says, already in the inventory's terms.</summary>
public sealed record HubModelRecord(
    string? Id,
    string? Sha,
    HubFacts Facts,
    CardMetadata? CardData,
    ModelConfig? Config,
    ImmutableArray<RepoFile> Siblings);

/// <summary>A recorded file list of a repository; <see cref="Partial"/> when it is known to miss files.</summary>
public sealed record HubSiblings(string? Id, string? Sha, ImmutableArray<RepoFile> Files, bool Partial);

/// <summary>
/// Reads the Hub's JSON shapes (model info, siblings, refs) into the inventory's records. Shared
/// by the local source (recorded files beside a snapshot) and, later, the Hub client, so that both
/// give the inventory the same record for the same repository.
/// </summary>
public static class HubRecords
{
    public static HubModelRecord? ReadModelInfo(string json, string source) => Guarded(source, () => ModelInfo(json, source));

    /// <summary>
    /// A Hub model object already parsed: one entry of the listing (<c>GET /api/models?full=true&amp;cardData=true</c>)
    /// or the body of <c>GET /api/models/{id}</c>. The same reading as <see cref="ReadModelInfo"/>, without the text.
    /// </summary>
    public static HubModelRecord ReadModelObject(JsonObject info, string source) => Guarded(source, () => ModelObject(info, source));

    public static HubSiblings ReadSiblings(string json, string source) => Guarded(source, () => SiblingsOf(json, source));

    public static ImmutableArray<GitRef> ReadRefs(string json, string source) => Guarded(source, () => RefsOf(json, source));

    /// <summary>
    /// JSON that parses can still fail when read: a string with a lone surrogate cannot become text,
    /// a value of an unexpected kind cannot be converted. That is a malformed record, said in one line.
    /// </summary>
    private static T Guarded<T>(string source, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            throw new SnapshotException(source, 0, $"malformed JSON record: {e.Message}");
        }
    }

    /// <summary>A model info body, or a recorded HTTP exchange holding one (<c>response.body</c> as text).</summary>
    private static HubModelRecord? ModelInfo(string json, string source)
    {
        var root = Parse(json, source);
        if (root is JsonObject { } exchange && exchange["response"] is JsonObject response)
        {
            var status = response["status"] is JsonObject recorded && recorded["code"] is JsonValue code && code.TryGetValue<int>(out var number) ? number : 200;
            // A redirect or an error recorded in place of the model answers nothing about the model.
            if (status != 200 || response["body"] is not JsonValue body || !body.TryGetValue<string>(out var text)) return null;
            root = Parse(text, source + " (response body)");
        }
        if (root is not JsonObject info) throw new SnapshotException(source, 0, "expected a JSON object (a Hub model answer)");
        return ModelObject(info, source);
    }

    private static HubModelRecord ModelObject(JsonObject info, string source)
    {
        var tags = info["tags"] is JsonArray t ? t.Select(x => x?.ToString() ?? "").Where(x => x.Length > 0).ToImmutableArray() : [];
        var gated = info["gated"] switch
        {
            JsonValue v when v.TryGetValue<string>(out var g) => g,
            JsonValue v when v.TryGetValue<bool>(out var b) && b => "true",
            _ => null,
        };
        long? parameters = info["safetensors"] is JsonObject st && st["total"] is JsonValue total && total.TryGetValue<long>(out var n) ? n : null;
        var facts = new HubFacts(gated, Str(info, "library_name"), Str(info, "pipeline_tag"), tags, parameters, source);
        var cardData = info["cardData"] is JsonObject cd ? new CardMetadata(source + " cardData", (MetaMap)ToMeta(cd)) : null;
        // The Hub also returns model-index at the top level; keep it with the card data when that lacks it.
        if (cardData is not null && !cardData.Has("model-index") && info["model-index"] is JsonArray mi)
        {
            cardData = cardData with { Root = cardData.Root with { Entries = cardData.Root.Entries.Add(new MetaEntry("model-index", ToMeta(mi))) } };
        }
        ModelConfig? config = info["config"] is JsonObject c && c["architectures"] is JsonArray arch
            ? new ModelConfig([.. arch.Select(a => a?.ToString() ?? "")], Str(c, "model_type"), source + " config")
            : null;
        return new HubModelRecord(Str(info, "id"), Str(info, "sha"), facts, cardData, config, Siblings(info["siblings"]));
    }

    /// <summary>A siblings file: <c>{"id", "sha", "siblings": [...]}</c> or a bare array of siblings.</summary>
    private static HubSiblings SiblingsOf(string json, string source)
    {
        var root = Parse(json, source);
        if (root is JsonArray array) return new(null, null, Siblings(array), false);
        if (root is not JsonObject obj) throw new SnapshotException(source, 0, "expected a siblings object or array");
        // The corpus marks listings it knows to be incomplete in its note.
        var partial = Str(obj, "_note")?.Contains("PARTIAL", StringComparison.Ordinal) == true || obj["complete"] is JsonValue complete && complete.TryGetValue<bool>(out var whole) && !whole;
        return new(Str(obj, "id"), Str(obj, "sha"), Siblings(obj["siblings"]), partial);
    }

    /// <summary>A refs answer: <c>{"branches": [{name}], "tags": [{name}]}</c>.</summary>
    private static ImmutableArray<GitRef> RefsOf(string json, string source)
    {
        if (Parse(json, source) is not JsonObject obj) throw new SnapshotException(source, 0, "expected a refs object with branches and tags");
        IEnumerable<GitRef> Of(string key, GitRefKind kind) => obj[key] is JsonArray a
            ? a.OfType<JsonObject>().Select(r => Str(r, "name")).Where(n => n is not null).Select(n => new GitRef(n!, kind, source))
            : [];
        ImmutableArray<GitRef> refs = [.. Of("branches", GitRefKind.Branch), .. Of("tags", GitRefKind.Tag)];
        return refs.Length > GitRefs.MaxRefs ? throw GitRefs.TooMany(source) : refs;
    }

    public static MetaValue ToMeta(JsonNode? node) => node switch
    {
        JsonObject o => new MetaMap([.. o.Select(kv => new MetaEntry(kv.Key, ToMeta(kv.Value)))], 0),
        JsonArray a => new MetaList([.. a.Select(ToMeta)], 0),
        JsonValue v when v.TryGetValue<string>(out var s) => new MetaScalar(s, 0),
        null => new MetaScalar(null, 0),
        _ => new MetaScalar(node.ToJsonString(), 0),
    };

    private static ImmutableArray<RepoFile> Siblings(JsonNode? node) => node is JsonArray items
        ? [.. items.OfType<JsonObject>().Where(s => Str(s, "rfilename") is not null).Select(s => new RepoFile(Str(s, "rfilename")!, SizeOf(s)))]
        : [];

    private static long? SizeOf(JsonObject s) =>
        s["lfs"] is JsonObject lfs && lfs["size"] is JsonValue ls && ls.TryGetValue<long>(out var l) ? l
        : s["size"] is JsonValue v && v.TryGetValue<long>(out var n) ? n : null;

    private static string? Str(JsonObject o, string key) =>
        o[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>Parses with System.Text.Json's default depth limit (64), which also bounds the recursion of <see cref="ToMeta"/>.</summary>
    private static JsonNode? Parse(string json, string source)
    {
        try
        {
            // A key given twice would be read as either value by different tools: refused.
            return JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            throw new SnapshotException(source, (int)(e.LineNumber ?? -1) + 1, $"invalid JSON: {e.Message.Split(" Path:")[0].Split(" LineNumber:")[0]}");
        }
    }
}

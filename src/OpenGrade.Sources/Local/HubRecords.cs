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
    /// Read from the parsed document, never from a tree of nodes: building nodes for every sibling and
    /// tag was most of a listing line's reading time.
    /// </summary>
    public static HubModelRecord ReadModelObject(JsonElement info, string source) => Guarded(source, () => ModelObject(info, source));

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
        using var document = Parse(json, source);
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Object && Property(root, "response") is { ValueKind: JsonValueKind.Object } response)
        {
            var status = Property(response, "status") is { ValueKind: JsonValueKind.Object } recorded
                && Property(recorded, "code") is { ValueKind: JsonValueKind.Number } code && code.TryGetInt32(out var number) ? number : 200;
            // A redirect or an error recorded in place of the model answers nothing about the model.
            if (status != 200 || Str(response, "body") is not { } text) return null;
            using var body = Parse(text, source + " (response body)");
            return Model(body.RootElement, source);
        }
        return Model(root, source);
    }

    private static HubModelRecord Model(JsonElement info, string source) => info.ValueKind == JsonValueKind.Object
        ? ModelObject(info, source)
        : throw new SnapshotException(source, 0, "expected a JSON object (a Hub model answer)");

    private static HubModelRecord ModelObject(JsonElement info, string source)
    {
        var tags = Property(info, "tags") is { ValueKind: JsonValueKind.Array } t
            ? t.EnumerateArray().Select(Text).Where(x => x.Length > 0).ToImmutableArray() : [];
        var gated = Property(info, "gated") switch
        {
            { ValueKind: JsonValueKind.String } g => g.GetString(),
            { ValueKind: JsonValueKind.True } => "true",
            _ => null,
        };
        long? parameters = Property(info, "safetensors") is { ValueKind: JsonValueKind.Object } st
            && Property(st, "total") is { ValueKind: JsonValueKind.Number } total && total.TryGetInt64(out var n) ? n : null;
        var facts = new HubFacts(gated, Str(info, "library_name"), Str(info, "pipeline_tag"), tags, parameters, source);
        var cardData = Property(info, "cardData") is { ValueKind: JsonValueKind.Object } cd ? new CardMetadata(source + " cardData", (MetaMap)ToMeta(cd)) : null;
        // The Hub also returns model-index at the top level; keep it with the card data when that lacks it.
        if (cardData is not null && !cardData.Has("model-index") && Property(info, "model-index") is { ValueKind: JsonValueKind.Array } mi)
        {
            cardData = cardData with { Root = cardData.Root with { Entries = cardData.Root.Entries.Add(new MetaEntry("model-index", ToMeta(mi))) } };
        }
        ModelConfig? config = Property(info, "config") is { ValueKind: JsonValueKind.Object } c && Property(c, "architectures") is { ValueKind: JsonValueKind.Array } arch
            ? new ModelConfig([.. arch.EnumerateArray().Select(Text)], Str(c, "model_type"), source + " config")
            : null;
        return new HubModelRecord(Str(info, "id"), Str(info, "sha"), facts, cardData, config, Siblings(Property(info, "siblings")));
    }

    /// <summary>A siblings file: <c>{"id", "sha", "siblings": [...]}</c> or a bare array of siblings.</summary>
    private static HubSiblings SiblingsOf(string json, string source)
    {
        using var document = Parse(json, source);
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Array) return new(null, null, Siblings(root), false);
        if (root.ValueKind != JsonValueKind.Object) throw new SnapshotException(source, 0, "expected a siblings object or array");
        // The corpus marks listings it knows to be incomplete in its note.
        var partial = Str(root, "_note")?.Contains("PARTIAL", StringComparison.Ordinal) == true || Property(root, "complete") is { ValueKind: JsonValueKind.False };
        return new(Str(root, "id"), Str(root, "sha"), Siblings(Property(root, "siblings")), partial);
    }

    /// <summary>A refs answer: <c>{"branches": [{name}], "tags": [{name}]}</c>.</summary>
    private static ImmutableArray<GitRef> RefsOf(string json, string source)
    {
        using var document = Parse(json, source);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new SnapshotException(source, 0, "expected a refs object with branches and tags");
        IEnumerable<GitRef> Of(string key, GitRefKind kind) => Property(root, key) is { ValueKind: JsonValueKind.Array } a
            ? a.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.Object).Select(r => Str(r, "name")).Where(n => n is not null).Select(n => new GitRef(n!, kind, source))
            : [];
        ImmutableArray<GitRef> refs = [.. Of("branches", GitRefKind.Branch), .. Of("tags", GitRefKind.Tag)];
        return refs.Length > GitRefs.MaxRefs ? throw GitRefs.TooMany(source) : refs;
    }

    /// <summary>A JSON value as metadata: objects and arrays kept, strings as they are, other scalars as their JSON text.</summary>
    public static MetaValue ToMeta(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => new MetaMap([.. value.EnumerateObject().Select(p => new MetaEntry(p.Name, ToMeta(p.Value)))], 0),
        JsonValueKind.Array => new MetaList([.. value.EnumerateArray().Select(ToMeta)], 0),
        JsonValueKind.String => new MetaScalar(value.GetString(), 0),
        JsonValueKind.Null or JsonValueKind.Undefined => new MetaScalar(null, 0),
        _ => new MetaScalar(value.GetRawText(), 0),
    };

    /// <summary>The same reading for a node already built (a link's answer): through its JSON text, so that one rule reads both.</summary>
    public static MetaValue ToMeta(JsonNode? node)
    {
        if (node is null) return new MetaScalar(null, 0);
        using var document = JsonDocument.Parse(node.ToJsonString());
        return ToMeta(document.RootElement);
    }

    private static ImmutableArray<RepoFile> Siblings(JsonElement? node) => node is { ValueKind: JsonValueKind.Array } items
        ? [.. items.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.Object && Str(s, "rfilename") is not null).Select(s => new RepoFile(Str(s, "rfilename")!, SizeOf(s)))]
        : [];

    private static long? SizeOf(JsonElement s) =>
        Property(s, "lfs") is { ValueKind: JsonValueKind.Object } lfs && Property(lfs, "size") is { ValueKind: JsonValueKind.Number } ls && ls.TryGetInt64(out var l) ? l
        : Property(s, "size") is { ValueKind: JsonValueKind.Number } v && v.TryGetInt64(out var n) ? n : null;

    /// <summary>The value of a property of an object, or none (an absent property and JSON null are the same: nothing said).</summary>
    public static JsonElement? Property(JsonElement o, string key) =>
        o.TryGetProperty(key, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static string? Str(JsonElement o, string key) => Property(o, key) is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;

    /// <summary>A tag or an architecture as text: a string as it is, JSON null as nothing, another value as its JSON text.</summary>
    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Null => "",
        _ => value.GetRawText(),
    };

    /// <summary>Parses with System.Text.Json's default depth limit (64), which also bounds the recursion of <see cref="ToMeta(JsonElement)"/>.</summary>
    private static JsonDocument Parse(string json, string source)
    {
        try
        {
            // A key given twice would be read as either value by different tools: refused.
            return JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            throw new SnapshotException(source, (int)(e.LineNumber ?? -1) + 1, $"invalid JSON: {e.Message.Split(" Path:")[0].Split(" LineNumber:")[0]}");
        }
    }
}

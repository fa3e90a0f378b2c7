using System.Buffers;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenGrade.Batch.Records;
using OpenGrade.Core.Evaluation;
using OpenGrade.Core.Inventory;
using OpenGrade.Reports;
using OpenGrade.Sources.Files;
using OpenGrade.Sources.Local;
using OpenGrade.Sources.Pipeline;

namespace OpenGrade.Batch.Grading;

/// <summary>
/// One model graded: its id and version (for idempotence) and the JSON line written for it, as
/// UTF-8 with its newline (the bytes a file sink writes in one call, encoded once on a worker
/// thread); for a sink that stores objects rather than lines (a catalog), no line but the assessed
/// target, its assess object and the listing facts, which the sink then packs into <see cref="Prepared"/>.
/// </summary>
public sealed record GradedModel(string Id, string Version, byte[] Utf8Line, bool Failed,
    AssessedTarget? Assessed = null, JsonObject? Json = null, JsonObject? Listing = null, Storage.PreparedRecord? Prepared = null)
{
    /// <summary>The line as text, without its newline (empty when the model carries objects instead).</summary>
    public string Line => Utf8Line.Length == 0 ? "" : Encoding.UTF8.GetString(Utf8Line, 0, Utf8Line.Length - 1);
}

/// <summary>
/// Writes assessment objects as compact UTF-8 JSON lines (the serialisation of <see cref="JsonReport.Render"/>
/// with <c>indented: false</c>), reusing one growing buffer: a worker writes tens of kilobytes per record,
/// and a fresh buffer each time would be the biggest allocation of all. Not thread-safe: one per worker.
/// </summary>
public sealed class JsonLineWriter
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private readonly Utf8JsonWriter _writer;

    public JsonLineWriter() => _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = Compact.Encoder, Indented = false });

    /// <summary>The line and its newline.</summary>
    public byte[] Write(JsonNode json)
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        json.WriteTo(_writer, Compact);
        _writer.Flush();
        var line = new byte[_buffer.WrittenCount + 1];
        _buffer.WrittenSpan.CopyTo(line);
        line[^1] = (byte)'\n';
        return line;
    }
}

/// <summary>
/// Where the time of one record went, in stopwatch ticks, and what each stage allocated, in bytes
/// (the bench adds these up: allocation is what the garbage collector later pays for).
/// </summary>
public sealed class StageTimes
{
    public long Parse, Snapshot, Inventory, Judgements, Serialise;
    public long ParseBytes, SnapshotBytes, InventoryBytes, JudgementsBytes, SerialiseBytes;

    public void Add(StageTimes other)
    {
        Parse += other.Parse;
        Snapshot += other.Snapshot;
        Inventory += other.Inventory;
        Judgements += other.Judgements;
        Serialise += other.Serialise;
        ParseBytes += other.ParseBytes;
        SnapshotBytes += other.SnapshotBytes;
        InventoryBytes += other.InventoryBytes;
        JudgementsBytes += other.JudgementsBytes;
        SerialiseBytes += other.SerialiseBytes;
    }
}

/// <summary>The current thread's CPU clock (<see cref="Running.ThreadCpuTime"/>) and allocation counter, read together at each stage's end.</summary>
public struct StageClock
{
    private long _ticks, _bytes;

    public static StageClock Start() => new() { _ticks = Running.ThreadCpuTime.Now(), _bytes = GC.GetAllocatedBytesForCurrentThread() };

    /// <summary>Ticks and bytes since the last lap (or the start), and a new lap begins.</summary>
    public (long Ticks, long Bytes) Lap()
    {
        var (ticks, bytes) = (Running.ThreadCpuTime.Now(), GC.GetAllocatedBytesForCurrentThread());
        var lap = (ticks - _ticks, bytes - _bytes);
        (_ticks, _bytes) = (ticks, bytes);
        return lap;
    }
}

/// <summary>
/// Grades a listing record with the code <c>assess</c> runs for a folder: the record becomes a
/// <see cref="RepositorySnapshot"/> through <see cref="HubModelSnapshot"/> (the folder reader's own
/// composition), then <see cref="Inventories.Take(RepositorySnapshot)"/>, <see cref="Assessor.Assess"/>
/// and <see cref="JsonReport"/>. The line is the object <c>assess --format jsonl</c> prints, with
/// <c>target</c> = <c>hf:org/name</c> and one added field, <c>listing</c>: the record's popularity and
/// version facts (downloads, dates, sha), which are not judgements. One grader per worker thread.
/// </summary>
public sealed class RecordGrader(Assessor assessor, Func<IEnumerable<string>, ImmutableArray<DatasetFacts>>? knownDatasets = null)
{
    private readonly Inventories _inventories = new(assessor);
    private readonly JsonLineWriter _lines = new();

    /// <summary>A snapshot's listing source label for records, as evidence shows it.</summary>
    public static string Target(string id) => "hf:" + id;

    /// <param name="line">False: no line is serialised; the model carries its assessed target, assess object and listing facts (a catalog stores those).</param>
    public GradedModel Grade(ListingRecord record, StageTimes? times = null, bool line = true)
    {
        var clock = StageClock.Start();
        var assessed = Assess(record, times, ref clock);
        return Output(record, assessed, times, clock, line);
    }

    /// <summary>
    /// Grades the model as <c>assess hf:ORG/NAME</c> does (<paramref name="deep"/>: the per-model Hub calls
    /// and link following), with the record's listing facts added. When the Hub cannot give the model,
    /// it is graded from the listing line instead; <paramref name="fellBack"/> says so.
    /// </summary>
    public GradedModel GradeDeep(ListingRecord record, Func<string, AssessedTarget> deep, out bool fellBack, StageTimes? times = null, bool line = true)
    {
        var clock = StageClock.Start();
        var assessed = deep(Target(record.Id));
        if (times is not null)
        {
            var (ticks, bytes) = clock.Lap();
            times.Inventory += ticks;
            times.InventoryBytes += bytes;
        }
        fellBack = assessed.Assessment is null;
        if (fellBack) assessed = Assess(record, times, ref clock);
        return Output(record, assessed, times, clock, line);
    }

    private AssessedTarget Assess(ListingRecord record, StageTimes? times, ref StageClock clock)
    {
        var target = Target(record.Id);
        AssessedTarget assessed;
        try
        {
            var snapshot = HubModelSnapshot.FromModel(record.Id, record.Hub, CardText(record.Card), knownDatasets);
            var (snapshotTicks, snapshotBytes) = clock.Lap();
            var inventory = _inventories.Take(snapshot);
            var (inventoryTicks, inventoryBytes) = clock.Lap();
            assessed = AssessedTarget.Ok(target, assessor.Assess(inventory.Release, inventory.Signals), inventory);
            var (judgementTicks, judgementBytes) = clock.Lap();
            if (times is not null)
            {
                times.Snapshot += snapshotTicks;
                times.Inventory += inventoryTicks;
                times.Judgements += judgementTicks;
                times.SnapshotBytes += snapshotBytes;
                times.InventoryBytes += inventoryBytes;
                times.JudgementsBytes += judgementBytes;
            }
        }
        catch (Exception e) when (e is SnapshotException or IOException or UnauthorizedAccessException or FormatException or InvalidOperationException)
        {
            // The card cannot be read (front matter never closed, invalid YAML): an error record, as assess writes one.
            assessed = AssessedTarget.Failed(target, $"{target}: {e.Message}");
        }
        return assessed;
    }

    /// <summary>The assess object with the listing facts: a line, or (<paramref name="line"/> false) the objects a catalog stores.</summary>
    private GradedModel Output(ListingRecord record, AssessedTarget assessed, StageTimes? times, StageClock clock, bool line)
    {
        var json = JsonReport.ToJson(assessed);
        var failed = assessed.Assessment is null;
        GradedModel model;
        if (line)
        {
            json.Insert(1, "listing", ListingFacts(record));
            model = new GradedModel(record.Id, record.Version, _lines.Write(json), failed);
        }
        else
        {
            model = new GradedModel(record.Id, record.Version, [], failed, assessed, json, ListingFacts(record));
        }
        if (times is not null)
        {
            var (ticks, bytes) = clock.Lap();
            times.Serialise += ticks;
            times.SerialiseBytes += bytes;
        }
        return model;
    }

    /// <summary>The card cut where the folder reader cuts a README (<see cref="SnapshotFiles.MaxTextBytes"/>, start kept), so both read the same text.</summary>
    public static string? CardText(string? card)
    {
        if (card is null || card.Length <= SnapshotFiles.MaxTextBytes / 3) return card;
        var bytes = Encoding.UTF8.GetBytes(card);
        return bytes.Length <= SnapshotFiles.MaxTextBytes ? card : TextDecoding.Decode(bytes.AsSpan(0, (int)SnapshotFiles.MaxTextBytes));
    }

    private static JsonObject ListingFacts(ListingRecord r) => new()
    {
        ["id"] = r.Id,
        ["sha"] = r.Sha,
        ["last_modified"] = r.LastModified,
        ["created_at"] = r.CreatedAt,
        ["downloads"] = r.Downloads,
        ["likes"] = r.Likes,
        ["pipeline_tag"] = r.Hub.Facts.PipelineTag,
        ["base_models"] = new JsonArray([.. BaseModels(r.Hub.Facts.Tags).Select(b => (JsonNode)new JsonObject { ["id"] = b.Id, ["relation"] = b.Relation })]),
    };

    private static readonly string[] Relations = ["finetune", "quantized", "adapter", "merge"];

    /// <summary>
    /// The models this one derives from, as the Hub tags them: <c>base_model:ID</c> and
    /// <c>base_model:RELATION:ID</c> (finetune, quantized, adapter, merge); ids that are not Hub ids are left out.
    /// </summary>
    public static IEnumerable<(string Id, string? Relation)> BaseModels(IEnumerable<string> tags)
    {
        var found = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var tag in tags.Where(t => t.StartsWith("base_model:", StringComparison.Ordinal)))
        {
            var rest = tag["base_model:".Length..];
            var relation = Relations.FirstOrDefault(r => rest.StartsWith(r + ":", StringComparison.Ordinal));
            var id = relation is null ? rest : rest[(relation.Length + 1)..];
            if (!OpenGrade.Sources.Hub.HubNames.IsRepoId(id)) continue;
            if (relation is not null || !found.ContainsKey(id)) found[id] = relation;
        }
        return found.Select(kv => (kv.Key, kv.Value));
    }
}

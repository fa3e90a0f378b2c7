using System.Text.Json.Nodes;

namespace OpenGrade.Batch.Records;

/// <summary>
/// One record as a source read it, before it is parsed: the bytes of a JSON line or of a listing
/// page's element, or a Parquet row already turned into a Hub model object. <see cref="Ordinal"/> is
/// its 1-based position in its source (line number, row number, listing item), <see cref="Where"/>
/// says it in words for a report ("models.jsonl:12"). A source that cannot even cut a record out (a
/// line over the length cap, a listing page that is not JSON) gives one with a <see cref="Problem"/>.
/// A listing record carries the page it came from (<see cref="Page"/>, whose first item is
/// <see cref="PageFirst"/>), which is where a resumed run starts again.
/// </summary>
public sealed record RawRecord(int Source, long Ordinal, string Where, ReadOnlyMemory<byte> Json, JsonObject? Object = null,
    string? Problem = null, string? Page = null, long PageFirst = 0);

/// <summary>A record that could not be graded as a model: counted and reported with its place, never written.</summary>
public sealed record MalformedRecord(string Where, string Problem);

using System.Text.Json.Nodes;

namespace OpenGrade.Storage;

/// <summary>
/// One assessment to store: the JSON of <c>assess --format json</c> for one target (the object the
/// catalog serves), MOT's model view of the same release (for the MOT-compatible API), and
/// where it came from.
/// </summary>
/// <param name="ModelId">The stable id: <c>org/name</c> for Hub models, the file's name for MOT records.</param>
/// <param name="SourceRevision">The source's revision (a Hub commit sha, a file's sha256), when known.</param>
/// <param name="Downloads">Downloads on the Hub, when known.</param>
/// <param name="Listing">
/// For a model graded by <c>batch</c>: its listing facts (version, popularity, lineage; not judgements),
/// stored beside the assessment, which stays exactly the object <c>assess</c> gives.
/// </param>
/// <param name="ListingVersion">The listing version (<c>sha:…</c>, <c>modified:…</c>) a re-run of <c>batch</c> compares.</param>
public sealed record CatalogRecord(
    string ModelId,
    DateTimeOffset AssessedAt,
    string? SourceRevision,
    string ToolVersion,
    JsonObject Assessment,
    JsonObject Mot,
    long? Downloads = null,
    JsonObject? Listing = null,
    string? ListingVersion = null);

/// <summary>What storing one record did.</summary>
public enum StoreOutcome { Added, NewVersion, Unchanged }

public sealed record StoreResult(string ModelId, long Version, StoreOutcome Outcome, LicenseChange? LicenseChange);

/// <summary>A license change between two versions of a model: a first-class event.</summary>
public sealed record LicenseChange(string ModelId, long FromVersion, long ToVersion, string At, IReadOnlyList<string> Before, IReadOnlyList<string> After);

/// <summary>
/// Where one batch run stands, stored in the same transaction as the models it covers (<c>batch --db</c>):
/// <paramref name="RunKey"/> names the run (its shard and sources), one position per source.
/// </summary>
public sealed record RunPosition(string RunKey, string Run, IReadOnlyList<SourceMark> Sources);

/// <summary>One source of a run: every record up to <paramref name="Done"/> is stored or counted; a listing's next page.</summary>
public sealed record SourceMark(string Source, long Done, string? Page, long PageFirst, bool Finished);

/// <summary>A model's latest version as batch compares it: the listing version it stored, else the source revision.</summary>
public sealed record HeldVersion(string ModelId, string? ListingVersion, string? SourceRevision);

/// <summary>A model's latest assessment (compact UTF-8 JSON) and its listing facts when batch stored them.</summary>
public sealed record LatestDocument(string ModelId, byte[] Assessment, byte[]? Listing);

/// <summary>
/// A record made ready to store, outside any transaction: its facts and its documents packed. The
/// record keeps its provenance only (its documents are dropped once packed), so a batch can prepare
/// records on its grading threads and hand only bytes to the writer.
/// </summary>
public sealed record PreparedRecord(CatalogRecord Record, CatalogFacts Facts, byte[] Assessment, byte[] Mot, byte[]? Listing)
{
    public static PreparedRecord Of(CatalogRecord r)
    {
        ModelIds.Validate(r.ModelId);
        // Serialised once: the same bytes are hashed (the inventory's in place) and stored.
        using var json = CompactJson.Of(r.Assessment, CatalogFacts.EvidenceMember);
        return new PreparedRecord(r with { Assessment = [], Mot = [], Listing = null }, CatalogFacts.From(r.Assessment, r.Mot, json),
            Documents.Pack(json.Bytes), Documents.Pack(r.Mot), r.Listing is { } listing ? Documents.Pack(listing) : null);
    }
}

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
public sealed record CatalogRecord(
    string ModelId,
    DateTimeOffset AssessedAt,
    string? SourceRevision,
    string ToolVersion,
    JsonObject Assessment,
    JsonObject Mot,
    long? Downloads = null);

/// <summary>What storing one record did.</summary>
public enum StoreOutcome { Added, NewVersion, Unchanged }

public sealed record StoreResult(string ModelId, long Version, StoreOutcome Outcome, LicenseChange? LicenseChange);

/// <summary>A license change between two versions of a model: a first-class event.</summary>
public sealed record LicenseChange(string ModelId, long FromVersion, long ToVersion, string At, IReadOnlyList<string> Before, IReadOnlyList<string> After);

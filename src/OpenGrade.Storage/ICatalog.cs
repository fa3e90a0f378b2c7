using System.Text.Json.Nodes;

namespace OpenGrade.Storage;

/// <summary>
/// The catalog of assessments, as the CLI, the server and the batch grader use it. Every write
/// is transactional: a record is stored whole or not at all.
/// </summary>
public interface ICatalog : IDisposable
{
    /// <summary>Which database this is (for messages; no password).</summary>
    string Display { get; }

    /// <summary>Stores one assessment as a new version of its model (nothing when the latest version has the same content).</summary>
    StoreResult Store(CatalogRecord record);

    /// <summary>Stores many, <paramref name="batchSize"/> per transaction; a failure rolls back only its batch.</summary>
    IReadOnlyList<StoreResult> StoreMany(IEnumerable<CatalogRecord> records, int batchSize = 500, IProgress<int>? progress = null);

    /// <summary>
    /// Stores the records in one transaction, and <paramref name="position"/> with them when given (a batch
    /// run's checkpoint: a crash can never separate the two). A record with a listing whose assessment is
    /// unchanged keeps its version and takes the new listing facts.
    /// </summary>
    IReadOnlyList<StoreResult> StoreBatch(IReadOnlyList<CatalogRecord> records, RunPosition? position = null);

    /// <summary>As <see cref="StoreBatch"/>, for records already prepared (by <see cref="PreparedRecord.Of"/>, on the caller's threads).</summary>
    IReadOnlyList<StoreResult> StorePrepared(IReadOnlyList<PreparedRecord> records, RunPosition? position = null);

    /// <summary>
    /// Before a first load into an empty catalog: drops its secondary indexes and triggers
    /// (<see cref="Migrations.Deferrable"/>), so each model is appended instead of landing at random
    /// places in a dozen indexes; <see cref="RestoreIndexes"/> builds them once at the end. True when the
    /// indexes are deferred (now, or by an earlier load that did not finish: it goes on); false, and
    /// nothing done, when the catalog already holds models.
    /// </summary>
    bool DeferIndexesForLoad();

    /// <summary>
    /// Builds what a load deferred, and any index or trigger of the migrations the database lacks
    /// (<c>catalog check</c> reports them): how many were made; 0 when nothing was missing.
    /// </summary>
    int RestoreIndexes();

    /// <summary>The checkpoint a batch run stored under <paramref name="runKey"/>, or null.</summary>
    RunPosition? LoadPosition(string runKey);

    /// <summary>Every model's latest version (listing version, source revision), streamed in id order, a page at a time.</summary>
    IEnumerable<HeldVersion> HeldVersions();

    /// <summary>Every model's latest assessment and listing facts, streamed in id order, a page at a time (the census reads these).</summary>
    IEnumerable<LatestDocument> LatestDocuments();

    ModelPage List(ModelQuery query);

    /// <summary>How many models match the query's filters (a full count: slower than a page on big catalogs).</summary>
    long Count(ModelQuery query);

    /// <summary>The number of models (kept as a counter: constant time).</summary>
    long ModelCount();

    /// <summary>A model's latest (or given) version, with its documents.</summary>
    StoredVersion? Get(string modelId, long? version = null);

    /// <summary>The MOT-compatible view of the models whose dense serial numbers fall in [first, first + count).</summary>
    IReadOnlyList<MotModel> MotPage(long first, int count);

    MotModel? MotModel(long seq);

    IReadOnlyList<VersionInfo> History(string modelId);

    IReadOnlyList<LicenseChange> LicenseChanges(string modelId);

    /// <summary>License ids used by the latest versions, with the number of models using each.</summary>
    IReadOnlyList<LicenseUsage> Licenses();

    /// <summary>Creates an API token and returns it (the only time it is shown; only its hash is stored).</summary>
    CreatedToken CreateToken(string name);

    /// <summary>Whether <paramref name="token"/> is one of the stored tokens (compared in constant time).</summary>
    bool VerifyToken(string token);

    /// <summary>Whether any token exists (no token: every write is closed).</summary>
    bool HasTokens();

    /// <summary>Checks that every model's latest version exists and every stored document reads whole.</summary>
    IntegrityReport CheckIntegrity();
}

/// <summary>Filters, sort and cursor of a model list. Null filters do not filter.</summary>
public sealed record ModelQuery(
    int? MofClass = null,
    string? Osaid = null,
    string? Eu = null,
    string? License = null,
    string? Flag = null,
    string? Producer = null,
    string? Type = null,
    string? Text = null,
    string Sort = "-progress",
    string? Cursor = null,
    int Limit = 20,
    bool WithDocuments = true);

/// <summary>
/// One row of a model list: the latest version's indexed facts and, when asked, its assessment as
/// stored (compact UTF-8 JSON: a server copies it into a page without parsing it).
/// </summary>
public sealed record ModelSummary(
    string Id, long Seq, string Name, string Producer, string Type, string ReleaseDate,
    int MofClass, double MofTotal, string Osaid, string Eu, long? Downloads,
    string AssessedAt, long Version, string ContentHash, byte[]? AssessmentJson)
{
    /// <summary>The assessment, parsed (each call parses anew).</summary>
    public JsonObject? Assessment => AssessmentJson is { } json ? JsonNode.Parse(json)?.AsObject() : null;
}

public sealed record ModelPage(IReadOnlyList<ModelSummary> Items, string? NextCursor);

public sealed record VersionInfo(
    string ModelId, long Version, string AssessedAt, string? SourceRevision, string ToolVersion,
    string FrameworkVersions, string ContentHash, string EvidenceHash, IReadOnlyList<string> Licenses,
    int MofClass, string Osaid, string Eu);

public sealed record StoredVersion(VersionInfo Info, long Seq, JsonObject Assessment, JsonObject Mot);

/// <summary>A model in MOT's shape: <c>{framework, release, classification}</c> and its serial id.</summary>
public sealed record MotModel(long Seq, string ModelId, JsonObject Mot);

public sealed record LicenseUsage(string LicenseId, long Models);

public sealed record CreatedToken(string Id, string Name, string Token);

public sealed record IntegrityReport(long Models, long Versions, long CounterModels, IReadOnlyList<string> Problems)
{
    public bool Ok => Problems.Count == 0;

    /// <summary>How text search (<c>q=</c>) finds its models: by which index, or by a scan and why.</summary>
    public string TextSearch { get; init; } = "";
}

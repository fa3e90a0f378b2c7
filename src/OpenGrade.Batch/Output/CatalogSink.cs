using System.Security.Cryptography;
using System.Text;
using OpenGrade.Batch.Grading;
using OpenGrade.Batch.Running;
using OpenGrade.Batch.Sources;
using OpenGrade.Sources.Hub;
using OpenGrade.Storage;

namespace OpenGrade.Batch.Output;

/// <summary>
/// Graded models into a catalog (<c>batch --db</c>): each <see cref="Write"/> is one transaction holding
/// the models and the run's checkpoint. A model is stored as <c>catalog import</c> stores it (the same
/// <see cref="CatalogEntries.From"/> over the same assess object), with its listing facts beside it; a
/// model at a new version becomes a new catalog version, with history and license events as for an
/// import. A model that could not be graded is counted and not stored, as <c>catalog import</c> skips a
/// target that fails (a re-run tries it again).
/// </summary>
public sealed class CatalogSink : ICheckpointingSink
{
    private readonly ICatalog _catalog;
    private readonly string _run;

    private CatalogSink(ICatalog catalog, string run, StoredVersions stored, bool loading)
    {
        _catalog = catalog;
        _run = run;
        Stored = stored;
        Loading = loading;
    }

    /// <summary>
    /// Whether this run is a first load (the catalog was empty, or an earlier first load did not finish):
    /// the secondary indexes are dropped while it runs and built once by <see cref="Finish"/>.
    /// </summary>
    public bool Loading { get; }

    public StoredVersions Stored { get; }

    public string? Repaired => null;

    public bool TakesLines => false;

    /// <summary>What the writes did: models new to the catalog, new versions of held ones, assessments equal to the held one.</summary>
    public long Added { get; private set; }

    public long NewVersions { get; private set; }

    public long Same { get; private set; }

    public string Display => _catalog.Display;

    /// <summary>Reads the version of every held model (streamed, a page at a time) and keeps the catalog for the writes.</summary>
    /// <param name="shard">The run's shard: each shard keeps its own checkpoint, so N processes share one catalog.</param>
    /// <param name="load">Whether an empty catalog may be loaded with its indexes deferred (<see cref="ICatalog.DeferIndexesForLoad"/>).</param>
    public static CatalogSink Open(ICatalog catalog, Shard? shard, bool load = true)
    {
        var stored = new StoredVersions();
        foreach (var held in catalog.HeldVersions())
        {
            if (VersionOf(held) is { } version) stored.Set(held.ModelId, version);
        }
        return new CatalogSink(catalog, shard is null ? "all" : $"{shard.Index}/{shard.Count}", stored, load && catalog.DeferIndexesForLoad());
    }

    /// <summary>
    /// After a run that finished: builds the indexes a first load deferred (another shard's run may have
    /// built them already: then nothing). How many were built.
    /// </summary>
    public int Finish() => Loading ? _catalog.RestoreIndexes() : 0;

    /// <summary>
    /// The listing version batch stored; for a model imported by <c>catalog import hf:X</c>, its Hub
    /// commit (the same commit is the same model: a listing line does not replace a per-model assessment).
    /// </summary>
    public static string? VersionOf(HeldVersion held) =>
        held.ListingVersion ?? (held.SourceRevision is { } revision && HubNames.IsCommit(revision) ? Records.ListingRecord.VersionOf(revision, null) : null);

    public void Write(IReadOnlyList<GradedModel> models) => Store(models, null);

    public void Write(IReadOnlyList<GradedModel> models, Checkpoint checkpoint) => Store(models, Position(checkpoint));

    public Checkpoint? Load(IReadOnlyList<string> sources)
    {
        if (_catalog.LoadPosition(Key(sources)) is not { } position) return null;
        return new Checkpoint([.. position.Sources.Select(s => s.Source)],
            [.. position.Sources.Select(s => new SourcePosition(s.Done, s.Page, s.PageFirst, s.Finished))]);
    }

    /// <summary>Made and packed on the grading thread: only the packed record (a few kB) waits for the writer, not the objects.</summary>
    public GradedModel Prepare(GradedModel model) =>
        model.Failed ? new GradedModel(model.Id, model.Version, [], true)
        : new GradedModel(model.Id, model.Version, [], false, Prepared: PreparedRecord.Of(Record(model, DateTimeOffset.UtcNow)));

    private void Store(IReadOnlyList<GradedModel> models, RunPosition? position)
    {
        var at = DateTimeOffset.UtcNow;
        var records = models.Where(m => !m.Failed).Select(m => m.Prepared ?? PreparedRecord.Of(Record(m, at))).ToList();
        foreach (var result in _catalog.StorePrepared(records, position))
        {
            switch (result.Outcome)
            {
                case StoreOutcome.Added: Added++; break;
                case StoreOutcome.NewVersion: NewVersions++; break;
                default: Same++; break;
            }
        }
    }

    /// <summary>The catalog record <c>catalog import</c> makes for the same assessed target, plus the listing facts.</summary>
    public static CatalogRecord Record(GradedModel model, DateTimeOffset at)
    {
        var assessed = model.Assessed ?? throw new InvalidOperationException("a catalog sink needs graded objects (TakesLines is false)");
        var record = CatalogEntries.From(assessed, at, model.Id, model.Json);
        var downloads = model.Listing?["downloads"] is { } d ? d.GetValue<long>() : (long?)null;
        return record with { Downloads = downloads, Listing = model.Listing, ListingVersion = model.Version };
    }

    private RunPosition Position(Checkpoint checkpoint) => new(Key(checkpoint.Sources), _run,
        [.. checkpoint.Sources.Zip(checkpoint.Positions).Select(p => new SourceMark(p.First, p.Second.Done, p.Second.Page, p.Second.PageFirst, p.Second.Finished))]);

    /// <summary>A run is its shard and its sources: a resumed run finds its own checkpoint, never another shard's.</summary>
    private string Key(IReadOnlyList<string> sources) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(_run + "\n" + string.Join("\n", sources))));

    /// <summary>The catalog belongs to whoever opened it.</summary>
    public void Dispose()
    {
    }
}

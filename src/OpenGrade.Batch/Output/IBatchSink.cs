using OpenGrade.Batch.Grading;
using OpenGrade.Batch.Running;

namespace OpenGrade.Batch.Output;

/// <summary>
/// Where graded models go. The batch writes from one thread, in source order; what
/// <see cref="Write"/> stored is durable when it returns (the checkpoint is written after it).
/// A catalog sink upserts by <see cref="GradedModel.Id"/>, keeping <see cref="GradedModel.Version"/>
/// so that a re-run can tell unchanged models (docs/batch.md, "Into a catalog").
/// </summary>
public interface IBatchSink : IDisposable
{
    /// <summary>The version held for every model when the run began (read once, before any write).</summary>
    StoredVersions Stored { get; }

    /// <summary>What the sink had to repair when it opened (an incomplete last line after a kill), for the user; null when nothing.</summary>
    string? Repaired { get; }

    /// <summary>Stores the models: a model stored before at another version is replaced (a JSONL sink appends; the last line wins).</summary>
    void Write(IReadOnlyList<GradedModel> models);

    /// <summary>
    /// Whether the sink stores <see cref="GradedModel.Line"/> (a JSONL file does). A catalog stores the
    /// assess object and the listing facts instead (<see cref="GradedModel.Json"/>, <see cref="GradedModel.Listing"/>),
    /// so the graders do not serialise a line nobody reads.
    /// </summary>
    bool TakesLines => true;

    /// <summary>
    /// Turns a graded model into what this sink stores, on the grading thread that made it (in parallel,
    /// before the one writer): a catalog packs it here, so only bytes wait for the writer. Default: as is.
    /// </summary>
    GradedModel Prepare(GradedModel model) => model;
}

/// <summary>
/// A sink that keeps the run's checkpoint itself, written with the models it covers in one transaction
/// (a catalog): a kill can never leave models stored past their checkpoint, nor a checkpoint past its models.
/// </summary>
public interface ICheckpointingSink : IBatchSink
{
    /// <summary>The checkpoint stored for a run over these sources (and this sink's shard), or null.</summary>
    Checkpoint? Load(IReadOnlyList<string> sources);

    /// <summary>Stores the models (none: only the checkpoint) and the checkpoint together; durable when it returns.</summary>
    void Write(IReadOnlyList<GradedModel> models, Checkpoint checkpoint);
}

using OpenGrade.Batch.Grading;

namespace OpenGrade.Batch.Output;

/// <summary>
/// Where graded models go. The batch writes from one thread, in source order; what
/// <see cref="Write"/> stored is durable when it returns (the checkpoint is written after it).
/// A catalog sink upserts by <see cref="GradedModel.Id"/>, keeping <see cref="GradedModel.Version"/>
/// so that a re-run can tell unchanged models (docs/batch.md, "What a catalog sink must offer").
/// </summary>
public interface IBatchSink : IDisposable
{
    /// <summary>The version held for every model when the run began (read once, before any write).</summary>
    StoredVersions Stored { get; }

    /// <summary>What the sink had to repair when it opened (an incomplete last line after a kill), for the user; null when nothing.</summary>
    string? Repaired { get; }

    /// <summary>Stores the models: a model stored before at another version is replaced (a JSONL sink appends; the last line wins).</summary>
    void Write(IReadOnlyList<GradedModel> models);
}

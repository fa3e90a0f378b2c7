using OpenGrade.Batch.Grading;

namespace OpenGrade.Batch.Output;

/// <summary>Graded lines to standard output (no -o): nothing is held before, so nothing is skipped; no resume.</summary>
public sealed class StandardOutputSink(TextWriter output) : IBatchSink
{
    public StoredVersions Stored { get; } = new();

    public string? Repaired => null;

    public void Write(IReadOnlyList<GradedModel> models)
    {
        foreach (var model in models) output.Write(model.Line + "\n");
        output.Flush();
    }

    public void Dispose()
    {
    }
}

using OpenGrade.Core.Evaluation;
using OpenGrade.Core.Inventory;
using OpenGrade.Core.Licensing.Detection;
using OpenGrade.Reports;
using OpenGrade.Reports.Aibom;
using OpenGrade.Sources.Local;
using OpenGrade.Sources.Mot;
using OpenGrade.Testing;

namespace OpenGrade.Conformance.Tests.Aibom;

/// <summary>Assessed targets from the shared corpus, made the way <c>assess FILE</c> and <c>assess DIR</c> make them.</summary>
public static class AibomFixtures
{
    public static readonly Assessor Assessor = Assessor.CreateDefault();
    private static readonly MotModelReader Reader = new(Assessor.Framework);
    private static readonly InventoryTaker Taker = new(Assessor.Framework, Assessor.Catalog,
        new FirstAnswerIdentifier(LicenseIdentifier.Default, new LicenseTitleIdentifier(Assessor.Catalog)));

    /// <summary>A fixed assessment time: the documents are golden, never clock-dependent.</summary>
    public static readonly ExportContext Context = new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero), "0.1.0-test");

    public static string[] MotFiles() =>
        SharedCorpus.Root is { } root && Directory.Exists(Path.Combine(root, "corpus", "mot", "models"))
            ? [.. Directory.GetFiles(Path.Combine(root, "corpus", "mot", "models"), "*.yml").Order(StringComparer.Ordinal)]
            : [];

    public static string[] HubFolders() =>
        SharedCorpus.Root is { } root && Directory.Exists(Path.Combine(root, "corpus", "hf", "models"))
            ? [.. Directory.GetDirectories(Path.Combine(root, "corpus", "hf", "models")).Order(StringComparer.Ordinal)]
            : [];

    public static AssessedTarget Mot(string path) => AssessedTarget.Ok(path, Assessor.Assess(Reader.ReadFile(path)));

    public static AssessedTarget MotNamed(string file) => Mot(SharedCorpus.PathTo("corpus", "mot", "models", file));

    public static AssessedTarget Hub(string folder)
    {
        var datasets = SharedCorpus.Root is { } root && Directory.Exists(Path.Combine(root, "corpus", "hf", "datasets")) ? Path.Combine(root, "corpus", "hf", "datasets") : null;
        var inventory = Taker.Take(new LocalSnapshotReader().Read(folder, datasets));
        return AssessedTarget.Ok(folder, Assessor.Assess(inventory.Release, inventory.Signals), inventory);
    }
}

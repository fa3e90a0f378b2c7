using OpenGrade.Core.Evaluation;
using OpenGrade.Core.Inventory;
using OpenGrade.Core.Licensing.Detection;
using OpenGrade.Sources.Local;

namespace OpenGrade.Cli;

/// <summary>
/// Reads a repository folder and takes its inventory, wired once for every command. The license
/// identifier is chosen here, and only here.
/// </summary>
public sealed class Inventories(Assessor assessor)
{
    /// <summary>Where dataset metadata (<c>owner__name/metadata.json</c>) is looked up when no option names a folder.</summary>
    public const string DatasetsVariable = "OPENGRADE_DATASETS";

    private readonly LocalSnapshotReader _reader = new();
    private readonly InventoryTaker _taker = new(assessor.Framework, assessor.Catalog, Identifier(assessor));

    /// <summary>
    /// The license identifier for license files. Until the text identifier of issue 3 is merged,
    /// only file titles are read; put the full identifier first in this list when it lands.
    /// </summary>
    private static ILicenseIdentifier Identifier(Assessor assessor) =>
        new FirstAnswerIdentifier(new LicenseTitleIdentifier(assessor.Catalog));

    public ModelInventory Take(string folder, string? datasets = null) =>
        _taker.Take(_reader.Read(folder, datasets ?? DefaultDatasets()));

    private static string? DefaultDatasets() =>
        Environment.GetEnvironmentVariable(DatasetsVariable) is { Length: > 0 } d && Directory.Exists(d) ? d : null;
}

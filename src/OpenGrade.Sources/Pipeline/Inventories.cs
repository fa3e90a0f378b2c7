using OpenGrade.Core.Evaluation;
using OpenGrade.Core.Inventory;
using OpenGrade.Core.Licensing.Detection;
using OpenGrade.Sources.Local;

namespace OpenGrade.Sources.Pipeline;

/// <summary>
/// Reads a repository folder (or takes a snapshot already built) and takes its inventory, wired
/// once for every caller: the CLI commands, batch grading and the server. The license identifier
/// is chosen here, and only here.
/// </summary>
public sealed class Inventories(Assessor assessor)
{
    /// <summary>Where dataset metadata (<c>owner__name/metadata.json</c>) is looked up when no option names a folder.</summary>
    public const string DatasetsVariable = "OPENGRADE_DATASETS";

    private readonly LocalSnapshotReader _reader = new();
    private readonly InventoryTaker _taker = new(assessor.Framework, assessor.Catalog, Identifier(assessor));

    /// <summary>
    /// The license identifier for license files: the full text identifier first (SPDX texts,
    /// notices, identifiers, AI license markers), then the title reader for what it leaves unnamed.
    /// </summary>
    private static ILicenseIdentifier Identifier(Assessor assessor) =>
        new FirstAnswerIdentifier(LicenseIdentifier.Default, new LicenseTitleIdentifier(assessor.Catalog));

    public ModelInventory Take(string folder, string? datasets = null) =>
        _taker.Take(Read(folder, datasets));

    /// <summary>A folder's snapshot, before its inventory (to add what following its links learned).</summary>
    public RepositorySnapshot Read(string folder, string? datasets = null) =>
        _reader.Read(folder, datasets ?? DefaultDatasets());

    public ModelInventory Take(RepositorySnapshot snapshot) => _taker.Take(snapshot);

    /// <summary>
    /// The inventory after following its links: a first inventory names the places (GitHub code,
    /// arXiv papers, Hub datasets, base models), the resolver answers for each (from the network or
    /// its cache), and the inventory is taken again
    /// with what they said. A place that cannot be followed leaves its component's license unknown.
    /// </summary>
    public async Task<ModelInventory> TakeFollowingAsync(RepositorySnapshot snapshot, Links.LinkResolver resolver, CancellationToken ct)
    {
        var first = Take(snapshot);
        // Not following is the inventory without linked places: what batch grading (without --deep) takes too.
        if (!resolver.Follows) return first;
        var targets = LinkTargets.Of(first);
        if (targets.IsEmpty) return first;
        var places = await resolver.ResolveAsync(targets, ct);
        return Take(snapshot with { Linked = places });
    }

    private static string? DefaultDatasets() =>
        Environment.GetEnvironmentVariable(DatasetsVariable) is { Length: > 0 } d && Directory.Exists(d) ? d : null;
}

using OpenGrade.Core.Evaluation;
using OpenGrade.Core.Inventory;
using OpenGrade.Core.Licensing.Detection;
using OpenGrade.Sources.Local;
using OpenGrade.Testing;

namespace OpenGrade.Conformance.Tests.Inventory;

/// <summary>
/// Builds snapshot folders in a temp directory from the shared corpus at test time (the card,
/// license files and recorded listing of one model), so that nothing of ../shared is committed.
/// </summary>
public sealed class CorpusSnapshots : IDisposable
{
    private static readonly string[] Copied = ["README.md", "api_model.json", "siblings.json", "refs.json"];

    public static readonly Assessor Assessor = Assessor.CreateDefault();

    /// <summary>The title reader stands in for the full text identifier until issue 3 is merged.</summary>
    public static readonly InventoryTaker Taker = new(Assessor.Framework, Assessor.Catalog, new LicenseTitleIdentifier(Assessor.Catalog));

    private readonly string _root = Directory.CreateTempSubdirectory("opengrade-inventory-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    public static TheoryData<string> ModelFolders()
    {
        var data = new TheoryData<string>();
        var dir = SharedCorpus.Root is { } root ? Path.Combine(root, "corpus", "hf", "models") : null;
        if (dir is null || !Directory.Exists(dir)) { data.Add("(corpus absent)"); return data; }
        foreach (var d in Directory.GetDirectories(dir).Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(d));
        return data;
    }

    /// <summary>A temp folder named like the corpus folder, holding its card, license files and listing.</summary>
    public string Build(string model)
    {
        var source = SharedCorpus.PathTo("corpus", "hf", "models", model);
        var target = Path.Combine(_root, model);
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            var name = Path.GetFileName(file);
            if (Copied.Contains(name) || name.StartsWith("LICENSE", StringComparison.Ordinal) || name.StartsWith("USE_POLICY", StringComparison.Ordinal))
            {
                File.Copy(file, Path.Combine(target, name));
            }
        }
        return target;
    }

    /// <summary>A temp folder with the given files (name → text).</summary>
    public string BuildFrom(string name, IReadOnlyDictionary<string, string> files)
    {
        var target = Path.Combine(_root, name);
        foreach (var (path, text) in files)
        {
            var full = Path.Combine(target, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }
        return target;
    }

    public static string Datasets => SharedCorpus.PathTo("corpus", "hf", "datasets");

    public ModelInventory Inventory(string model) => Taker.Take(new LocalSnapshotReader().Read(Build(model), Datasets));

    public static ModelInventory InventoryOf(string folder) => Taker.Take(new LocalSnapshotReader().Read(folder, Datasets));
}

/// <summary>A license identifier that answers one fixed license for any text: isolates inventory rules from detection.</summary>
public sealed class FixedIdentifier(string? license) : ILicenseIdentifier
{
    public LicenseDetection Identify(string text) =>
        license is null ? LicenseDetection.None : new LicenseDetection(license, 1.0, [new LicenseMatch(license, 1.0, MatchKind.Exact, 1, 1)]);
}

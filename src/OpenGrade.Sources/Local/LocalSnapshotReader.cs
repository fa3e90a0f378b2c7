using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenGrade.Core.Inventory;
using OpenGrade.Core.Inventory.Rules;
using OpenGrade.Sources.Files;

namespace OpenGrade.Sources.Local;

/// <summary>
/// Reads a model repository from a folder (a git clone or a downloaded snapshot) into a
/// <see cref="RepositorySnapshot"/>. Recorded Hub answers beside the files (api_model.json,
/// siblings.json, refs.json) stand in for what is not on disk. All I/O of the inventory is here.
/// </summary>
public sealed class LocalSnapshotReader
{
    /// <summary>Files that record Hub answers about the repository; they are not part of it.</summary>
    public static readonly ImmutableArray<string> RecordFiles = ["api_model.json", "siblings.json", "refs.json", ".opengrade-hub.json"];

    private const long MaxSafetensorsHeader = 100L << 20;

    /// <summary>Reads the folder; <paramref name="datasetsFolder"/> holds known dataset metadata (<c>owner__name/metadata.json</c>).</summary>
    /// <remarks>Every <see cref="SnapshotException"/> it throws names the file as the user can find it: under <paramref name="folder"/>.</remarks>
    public RepositorySnapshot Read(string folder, string? datasetsFolder = null)
    {
        if (!Directory.Exists(folder))
        {
            throw new SnapshotException(folder, 0, File.Exists(folder) ? "is a file, not a model repository folder" : "no such folder", withinSnapshot: false);
        }
        var known = datasetsFolder is null ? null : (Func<IEnumerable<string>, ImmutableArray<DatasetFacts>>)(names => DatasetCatalog.Read(datasetsFolder, names));
        try
        {
            return ReadSnapshot(Path.GetFullPath(folder), known);
        }
        catch (SnapshotException e) when (e.WithinSnapshot)
        {
            throw new SnapshotException(Path.Combine(folder, e.Path), e.Line, e.Problem);
        }
    }

    private static RepositorySnapshot ReadSnapshot(string root, Func<IEnumerable<string>, ImmutableArray<DatasetFacts>>? knownDatasets)
    {
        var onDisk = ListFolder(root);
        var hub = ReadIfPresent(root, "api_model.json", HubRecords.ReadModelInfo);
        var siblings = ReadIfPresent(root, "siblings.json", HubRecords.ReadSiblings);
        var refs = ReadIfPresent(root, "refs.json", (json, source) => (ImmutableArray<GitRef>?)HubRecords.ReadRefs(json, source)) ?? [];

        var listing = Listing(root, onDisk, hub, siblings);
        CardMetadata? metadata = null;
        CardDocument? card = null;
        var readme = onDisk.FirstOrDefault(f => f.Path.Equals("README.md", StringComparison.OrdinalIgnoreCase));
        if (readme is not null)
        {
            (metadata, card) = CardReader.Read(ReadText(root, readme.Path), readme.Path);
        }
        var config = ReadConfig(root, onDisk);
        var id = hub?.Id ?? siblings?.Id ?? IdFromFolder(root);
        var gitRefs = GitRefs.Read(root);
        var allRefs = refs.Concat(gitRefs).ToImmutableArray();
        var texts = ReadLegalTexts(root, onDisk);
        // Dataset answers fetched with a Hub snapshot (.hub/datasets) come first; a known-datasets folder fills in.
        var fetched = SnapshotFiles.IsOwn(root, ".hub/datasets") ? DatasetCatalog.ReadFetched(Path.Combine(root, ".hub", "datasets")) : [];
        Func<IEnumerable<string>, ImmutableArray<DatasetFacts>>? known = knownDatasets is null ? null : names => ReadOutside(() => knownDatasets(names));
        return HubModelSnapshot.Compose(id, hub?.Sha ?? siblings?.Sha, listing, metadata, card, hub, config, allRefs, texts, fetched, known,
            CountParameters(root, onDisk));
    }

    /// <summary>Reads files outside the snapshot (a datasets folder the user named): their errors already carry the user's path.</summary>
    private static T ReadOutside<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (SnapshotException e)
        {
            throw new SnapshotException(e.Path, e.Line, e.Problem, withinSnapshot: false);
        }
    }

    /// <summary>
    /// The most license, notice and use-policy files read from the top of a repository (each up to
    /// <see cref="SnapshotFiles.MaxTextBytes"/>); real ones have a handful.
    /// </summary>
    public const int MaxLegalTexts = 64;

    private static ImmutableArray<TextFile> ReadLegalTexts(string root, ImmutableArray<RepoFile> onDisk)
    {
        var legal = onDisk.Where(f => IsLegalText(f.Path)).ToList();
        if (legal.Count > MaxLegalTexts)
        {
            // Refused rather than cut: which of them govern cannot be known from the first few.
            throw new SnapshotException(legal[MaxLegalTexts].Path, 0,
                $"one of {legal.Count} license, notice and use-policy files at the top of the repository; more than {MaxLegalTexts} are refused");
        }
        return [.. legal.Select(f => new TextFile(f.Path, ReadText(root, f.Path)))];
    }

    /// <summary>License, notice and use-policy files at the top of the repository: their text is read.</summary>
    private static bool IsLegalText(string path) =>
        LicenseAnalysis.ScopeOf(path) is not null
        || !path.Contains('/') && (path.StartsWith("NOTICE", StringComparison.OrdinalIgnoreCase) || path.StartsWith("USE_POLICY", StringComparison.OrdinalIgnoreCase));

    private static FileListing Listing(string root, ImmutableArray<RepoFile> onDisk, HubModelRecord? hub,
        HubSiblings? siblings)
    {
        ImmutableArray<RepoFile> Union(ImmutableArray<RepoFile> listed)
        {
            var paths = listed.Select(l => l.Path).ToHashSet(StringComparer.Ordinal);
            return [.. listed.Concat(onDisk.Where(f => !paths.Contains(f.Path))).OrderBy(f => f.Path, StringComparer.Ordinal)];
        }
        if (siblings is { Files.IsDefaultOrEmpty: false } s)
        {
            return new FileListing(Union(s.Files), s.Partial ? ListingCompleteness.Partial : ListingCompleteness.Complete, "siblings.json");
        }
        if (hub is { Siblings.IsDefaultOrEmpty: false }) return new FileListing(Union(hub.Siblings), ListingCompleteness.Complete, "api_model.json");
        // A folder with only a card is a copy of the card, not of the repository: absence proves nothing.
        var looksWhole = Directory.Exists(Path.Combine(root, ".git"))
            || onDisk.Any(f => WeightFilesRule.IsWeightFile(f.Path) || f.Path.Equals("config.json", StringComparison.OrdinalIgnoreCase)
                                || f.Path.Equals("model_index.json", StringComparison.OrdinalIgnoreCase));
        return new FileListing(onDisk, looksWhole ? ListingCompleteness.Complete : ListingCompleteness.None, "folder");
    }

    private static ImmutableArray<RepoFile> ListFolder(string root)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        return [.. Directory.EnumerateFiles(root, "*", options)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(p => !p.StartsWith(".git/", StringComparison.Ordinal) && !p.StartsWith(".hub/", StringComparison.Ordinal)
                        && !RecordFiles.Contains(p, StringComparer.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .Select(p => new RepoFile(p, new FileInfo(Path.Combine(root, p)).Length))];
    }

    /// <summary>A recorded Hub answer beside the files, when there is one (a FIFO or device there is refused, not skipped).</summary>
    private static T? ReadIfPresent<T>(string root, string name, Func<string, string, T?> read)
    {
        var path = Path.Combine(root, name);
        return File.Exists(path) && SnapshotFiles.IsOwn(root, name) ? read(SnapshotFiles.ReadText(path, name, SnapshotFiles.MaxHubAnswerBytes), name) : default;
    }

    /// <summary>A text read for its head: only the start of a huge license or card matters.</summary>
    private static string ReadText(string root, string relative) =>
        SnapshotFiles.ReadText(Path.Combine(root, relative), relative, SnapshotFiles.MaxTextBytes, OverBudget.KeepStart);

    private static ModelConfig? ReadConfig(string root, ImmutableArray<RepoFile> onDisk)
    {
        if (!onDisk.Any(f => f.Path == "config.json")) return null;
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(SnapshotFiles.ReadText(Path.Combine(root, "config.json"), "config.json", SnapshotFiles.MaxConfigBytes));
        }
        catch (JsonException e)
        {
            throw new SnapshotException("config.json", (int)(e.LineNumber ?? -1) + 1, "invalid JSON");
        }
        if (node is not JsonObject config) return null;
        var architectures = config["architectures"] is JsonArray a ? a.Select(x => x?.ToString() ?? "").Where(x => x.Length > 0).ToImmutableArray() : [];
        var type = config["model_type"] is JsonValue v && v.TryGetValue<string>(out var t) ? t : null;
        return new ModelConfig(architectures, type, "config.json");
    }

    /// <summary>Sums the tensor shapes in the headers of safetensors files on disk (LFS pointers are skipped).</summary>
    private static CountedParameters? CountParameters(string root, ImmutableArray<RepoFile> onDisk)
    {
        long total = 0;
        var counted = new List<string>();
        foreach (var file in onDisk.Where(f => f.Path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase) && !f.Path.Contains('/') && f.Size > 8))
        {
            if (SafetensorsParameters(Path.Combine(root, file.Path)) is not long n) continue;
            total += n;
            counted.Add(file.Path);
        }
        return counted.Count == 0 ? null : new CountedParameters(total, $"safetensors headers ({string.Join(", ", counted.Take(3))}{(counted.Count > 3 ? ", …" : "")})");
    }

    private static long? SafetensorsParameters(string path)
    {
        try
        {
            using var stream = RegularFile.Open(path);
            var lengthBytes = new byte[8];
            if (stream.Read(lengthBytes, 0, 8) != 8) return null;
            var length = BitConverter.ToInt64(lengthBytes, 0);
            if (length <= 0 || length > MaxSafetensorsHeader || length > stream.Length - 8) return null;
            var header = new byte[length];
            stream.ReadExactly(header);
            using var doc = JsonDocument.Parse(header);
            long sum = 0;
            foreach (var tensor in doc.RootElement.EnumerateObject().Where(p => p.Name != "__metadata__"))
            {
                if (!tensor.Value.TryGetProperty("shape", out var shape)) continue;
                sum = checked(sum + shape.EnumerateArray().Aggregate(1L, (acc, d) => checked(acc * Dimension(d))));
            }
            return sum;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException
                                       or FormatException or OverflowException)
        {
            // Not a real safetensors file (an LFS pointer, a truncated download, a FIFO or device in its place,
            // shapes no tensor has): it only costs the parameter count, so it is skipped rather than refused.
            return null;
        }
    }

    private static long Dimension(JsonElement d) =>
        d.GetInt64() is var n and >= 0 ? n : throw new FormatException("a negative tensor dimension");

    /// <summary>Hub-style folder names: <c>owner__name</c> (this corpus) and <c>models--owner--name</c> (the Hub cache).</summary>
    public static string IdFromFolder(string folder)
    {
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));
        if (name.StartsWith("models--", StringComparison.Ordinal)) return name["models--".Length..].Replace("--", "/");
        var sep = name.IndexOf("__", StringComparison.Ordinal);
        return sep > 0 ? name[..sep] + "/" + name[(sep + 2)..] : name;
    }
}

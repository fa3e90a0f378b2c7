using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenGrade.Sources.Hub;

/// <summary>A Hub model materialised as a local snapshot folder, ready for the same inventory as a cloned repo.</summary>
public sealed record HubSnapshot(string Directory, string RequestedId, string CanonicalId, string Revision, string Commit, bool FromCache, IReadOnlyList<string> Skipped);

/// <summary>
/// Fetches what the inventory needs from the Hub (model info with its file list and card data,
/// refs, dataset info, and small text files) into a folder laid out like a downloaded snapshot,
/// cached by commit sha. With <see cref="HubOptions.Offline"/> it answers from the cache alone.
/// </summary>
public sealed class HubSnapshotFetcher(HubOptions options, HubClient client, IProgress<string>? progress = null)
{
    /// <summary>Marks a complete snapshot folder; its absence means an interrupted fetch.</summary>
    public const string ManifestName = ".opengrade-hub.json";

    public async Task<HubSnapshot> FetchAsync(HubReference reference, CancellationToken ct = default)
    {
        if (options.Offline) return FromCacheOnly(reference);

        progress?.Report($"hf:{reference.RepoId}: model info");
        var info = await client.GetModelInfoAsync(reference.RepoId, reference.Revision, ct);
        var model = ParseObject(info.Body, $"hf:{reference.RepoId}: model info");
        var canonical = model["id"]?.GetValue<string>() ?? reference.RepoId;
        var commit = model["sha"]?.GetValue<string>() ?? info.RepoCommit
            ?? throw new HubException(HubFailure.Unavailable, $"hf:{reference.RepoId}: the Hub's answer names no commit (sha)");
        if (!IsSafeName(commit)) throw new HubException(HubFailure.Unavailable, $"hf:{reference.RepoId}: unexpected commit id '{commit}'");

        var target = SnapshotDirectory(canonical, commit);
        var fromCache = File.Exists(Path.Combine(target, ManifestName));
        var skipped = new List<string>();
        if (!fromCache)
        {
            skipped = await BuildAsync(canonical, commit, reference.Revision, model, info.Body, target, ct);
        }
        else
        {
            skipped = ReadManifest(target).Skipped;
        }
        RememberRevision(reference.RepoId, reference.Revision, commit, canonical);
        if (canonical != reference.RepoId) RememberRevision(canonical, reference.Revision, commit, canonical);
        return new HubSnapshot(target, reference.RepoId, canonical, reference.Revision, commit, fromCache, skipped);
    }

    private HubSnapshot FromCacheOnly(HubReference reference)
    {
        var refFile = RevisionFile(reference.RepoId, reference.Revision);
        if (!File.Exists(refFile))
        {
            throw new HubException(HubFailure.NotCached, $"hf:{reference.RepoId}@{reference.Revision} is not in the cache ({options.CacheDirectory}); run once without --offline");
        }
        // The revision file holds the commit and the canonical id it was stored under (renamed repos).
        var lines = File.ReadAllLines(refFile);
        var commit = lines[0].Trim();
        var manifestDir = SnapshotDirectory(lines.Length > 1 ? lines[1].Trim() : reference.RepoId, commit);
        if (!File.Exists(Path.Combine(manifestDir, ManifestName)))
        {
            throw new HubException(HubFailure.NotCached, $"hf:{reference.RepoId}: the cached snapshot {commit} is incomplete; run once without --offline");
        }
        var manifest = ReadManifest(manifestDir);
        return new HubSnapshot(manifestDir, reference.RepoId, manifest.CanonicalId, reference.Revision, commit, true, manifest.Skipped);
    }

    private async Task<List<string>> BuildAsync(string repoId, string commit, string revision, JsonObject model, byte[] infoBody, string target, CancellationToken ct)
    {
        var temp = target + $".partial-{Environment.ProcessId}";
        if (Directory.Exists(temp)) Directory.Delete(temp, true);
        Directory.CreateDirectory(temp);
        var skipped = new List<string>();
        try
        {
            await File.WriteAllBytesAsync(Path.Combine(temp, "api_model.json"), infoBody, ct);
            var siblings = (model["siblings"] as JsonArray ?? [])
                .Select(s => s?["rfilename"]?.GetValue<string>()).OfType<string>().ToList();
            await File.WriteAllTextAsync(Path.Combine(temp, "siblings.json"),
                new JsonObject { ["id"] = repoId, ["sha"] = commit, ["siblings"] = new JsonArray([.. siblings.Select(s => (JsonNode)new JsonObject { ["rfilename"] = s })]) }.ToJsonString(), ct);

            progress?.Report($"hf:{repoId}: branches");
            try
            {
                var refs = await client.GetRefsAsync(repoId, ct);
                await File.WriteAllBytesAsync(Path.Combine(temp, "refs.json"), refs.Body, ct);
            }
            catch (HubException e) when (e.Failure is not HubFailure.TimedOut)
            {
                skipped.Add($"refs.json: {e.Message}");
            }

            var wanted = siblings.Where(HubFileSelection.IsWanted).ToList();
            for (var i = 0; i < wanted.Count; i++)
            {
                var path = wanted[i];
                progress?.Report($"hf:{repoId}: {path} ({i + 1}/{wanted.Count})");
                try
                {
                    var file = await client.GetFileAsync(repoId, commit, path, ct);
                    var local = Path.Combine(temp, path.Replace('/', Path.DirectorySeparatorChar));
                    Directory.CreateDirectory(Path.GetDirectoryName(local)!);
                    await File.WriteAllBytesAsync(local, file.Body, ct);
                }
                catch (HubException e) when (e.Failure is HubFailure.Gated or HubFailure.AccessDenied or HubFailure.NotFound or HubFailure.TooLarge)
                {
                    skipped.Add($"{path}: {e.Message}");
                }
            }

            foreach (var dataset in LinkedDatasets(model))
            {
                progress?.Report($"hf:{repoId}: dataset {dataset}");
                try
                {
                    var ds = await client.GetDatasetInfoAsync(dataset, ct);
                    var dir = Path.Combine(temp, ".hub", "datasets");
                    Directory.CreateDirectory(dir);
                    await File.WriteAllBytesAsync(Path.Combine(dir, dataset.Replace('/', '_') + ".json"), ds.Body, ct);
                }
                catch (HubException e) when (e.Failure is not HubFailure.TimedOut)
                {
                    skipped.Add($"dataset {dataset}: {e.Message}");
                }
            }

            var manifest = new JsonObject
            {
                ["canonical_id"] = repoId,
                ["revision"] = revision,
                ["commit"] = commit,
                ["endpoint"] = options.Endpoint.GetLeftPart(UriPartial.Authority),
                ["fetched_at"] = DateTimeOffset.UtcNow.ToString("O"),
                ["skipped"] = new JsonArray([.. skipped.Select(s => (JsonNode)s)]),
            };
            await File.WriteAllTextAsync(Path.Combine(temp, ManifestName), manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), ct);

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (Directory.Exists(target)) Directory.Delete(target, true);
            Directory.Move(temp, target);
            return skipped;
        }
        finally
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, true);
        }
    }

    private static IEnumerable<string> LinkedDatasets(JsonObject model)
    {
        var fromCard = model["cardData"]?["datasets"] switch
        {
            JsonArray a => a.Select(d => d?.ToString()).OfType<string>(),
            JsonValue v when v.TryGetValue<string>(out var s) => [s],
            _ => [],
        };
        var fromTags = (model["tags"] as JsonArray ?? [])
            .Select(t => t?.ToString()).OfType<string>()
            .Where(t => t.StartsWith("dataset:", StringComparison.Ordinal)).Select(t => t["dataset:".Length..]);
        return fromCard.Concat(fromTags).Where(IsRepoId).Distinct(StringComparer.Ordinal).Take(10);
    }

    private static bool IsRepoId(string id) => id.Split('/').Length <= 2 && id.Split('/').All(IsSafeName);

    private static bool IsSafeName(string part) =>
        part.Length > 0 && part != "." && part != ".." && part.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    private string RepoDirectory(string repoId) =>
        Path.Combine([options.CacheDirectory, "hub", "models", .. repoId.Split('/')]);

    private string SnapshotDirectory(string repoId, string commit) => Path.Combine(RepoDirectory(repoId), "snapshots", commit);

    private string RevisionFile(string repoId, string revision) =>
        Path.Combine(RepoDirectory(repoId), "refs", Convert.ToHexString(Encoding.UTF8.GetBytes(revision)));

    private void RememberRevision(string repoId, string revision, string commit, string canonical)
    {
        var file = RevisionFile(repoId, revision);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var temp = file + ".tmp";
        File.WriteAllText(temp, $"{commit}\n{canonical}\n");
        File.Move(temp, file, overwrite: true);
    }

    private static (string CanonicalId, List<string> Skipped) ReadManifest(string dir)
    {
        var manifest = ParseObject(File.ReadAllBytes(Path.Combine(dir, ManifestName)), $"{dir}/{ManifestName}");
        return (manifest["canonical_id"]?.GetValue<string>() ?? "",
            (manifest["skipped"] as JsonArray ?? []).Select(s => s?.GetValue<string>()).OfType<string>().ToList());
    }

    private static JsonObject ParseObject(byte[] body, string what)
    {
        try
        {
            return JsonNode.Parse(body) as JsonObject ?? throw new HubException(HubFailure.Unavailable, $"{what}: not a JSON object");
        }
        catch (JsonException e)
        {
            throw new HubException(HubFailure.Unavailable, $"{what}: not valid JSON ({e.Message})");
        }
    }
}

/// <summary>Which repository files are worth fetching: small text files the inventory reads, never weights.</summary>
public static class HubFileSelection
{
    private static readonly string[] Prefixes = ["LICENSE", "LICENCE", "COPYING", "NOTICE", "USE_POLICY"];

    private static readonly HashSet<string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        "README.md", "config.json", "generation_config.json", "tokenizer_config.json", "params.json",
        "revisions.txt", "requirements.txt", "MODEL_CARD.md", "CITATION.cff",
    };

    public static bool IsWanted(string path)
    {
        var name = path.Split('/')[^1];
        var depth = path.Count(c => c == '/');
        if (depth == 0 && Names.Contains(name)) return true;
        if (depth == 0 && Prefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase))) return true;
        // Modelling, training and evaluation code at the root or one folder down.
        return depth <= 1 && name.EndsWith(".py", StringComparison.Ordinal);
    }
}

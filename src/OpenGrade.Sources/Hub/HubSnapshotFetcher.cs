using System.Text.Json;
using System.Text.Json.Nodes;
using OpenGrade.Core.Text;

namespace OpenGrade.Sources.Hub;

/// <summary>A Hub model materialised as a local snapshot folder, ready for the same inventory as a cloned repo.</summary>
public sealed record HubSnapshot(string Directory, string RequestedId, string CanonicalId, string Revision, string Commit, bool FromCache, IReadOnlyList<string> Skipped);

/// <summary>
/// Fetches what the inventory needs from the Hub (model info with its file list and card data,
/// refs, dataset info, and small text files) into a folder laid out like a downloaded snapshot,
/// cached by commit sha (<see cref="HubCache"/>). With <see cref="HubOptions.Offline"/> it answers
/// from the cache alone. Every name the Hub's answer carries (the model id, the commit, each file
/// name, dataset ids) is checked against the Hub's rules before it becomes part of a local path:
/// a mirror that answers otherwise is refused, or its file skipped with the reason.
/// </summary>
public sealed class HubSnapshotFetcher(HubOptions options, HubClient client, IProgress<string>? progress = null)
{
    /// <summary>Marks a complete snapshot folder; its absence means an interrupted fetch.</summary>
    public const string ManifestName = HubCache.ManifestName;

    /// <summary>At most this many repository files are fetched for one model; more are skipped with the reason.</summary>
    public const int MaxFetchedFiles = 200;

    private const int MaxLinkedDatasets = 10;
    private readonly HubCache _cache = new(options);

    public async Task<HubSnapshot> FetchAsync(HubReference reference, CancellationToken ct = default)
    {
        if (options.Offline) return FromCacheOnly(reference);
        // Each request is bounded by itself; the fetch as a whole (hundreds of slow files) by this.
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
        budget.CancelAfter(options.FetchBudget);
        try
        {
            return await FetchOnlineAsync(reference, budget.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new HubException(HubFailure.TimedOut,
                $"hf:{reference.RepoId}: the fetch did not finish within {options.FetchBudget.TotalSeconds:0} s (--deadline); nothing was cached");
        }
    }

    private async Task<HubSnapshot> FetchOnlineAsync(HubReference reference, CancellationToken ct)
    {
        progress?.Report($"hf:{reference.RepoId}: model info");
        var info = await client.GetModelInfoAsync(reference.RepoId, reference.Revision, ct);
        var model = ParseObject(info.Body, $"hf:{reference.RepoId}: model info");
        var canonical = CanonicalId(reference, model, info.FinalUri);
        var commit = Text(model["sha"]) ?? info.RepoCommit
            ?? throw new HubException(HubFailure.Unavailable, $"hf:{reference.RepoId}: the Hub's answer names no commit (sha)");
        if (!HubNames.IsCommit(commit)) throw new HubException(HubFailure.Refused, $"hf:{reference.RepoId}: the Hub's answer names no valid commit id (40 or 64 hex digits)");

        using (await _cache.LockAsync(canonical, options.Limits.Deadline, ct))
        {
            _cache.CleanLeftovers(canonical);
            var target = _cache.SnapshotDirectory(canonical, commit);
            var cached = _cache.TryReadValid(target);
            var skipped = cached?.Skipped ?? await BuildAsync(canonical, commit, model, info.Body, ct);
            _cache.RememberRevision(reference.RepoId, reference.Revision, commit, canonical);
            if (canonical != reference.RepoId) _cache.RememberRevision(canonical, reference.Revision, commit, canonical);
            return new HubSnapshot(target, reference.RepoId, canonical, reference.Revision, commit, cached is not null, skipped);
        }
    }

    /// <summary>
    /// The id the Hub gives must be a valid repo id, and the one asked for (the Hub is case-insensitive)
    /// or the one a redirect led to (a renamed repo): an answer for another repo would fill its cache.
    /// </summary>
    private static string CanonicalId(HubReference reference, JsonObject model, Uri finalUri)
    {
        var id = model["id"] is null ? reference.RepoId : Text(model["id"])
            ?? throw new HubException(HubFailure.Refused, $"hf:{reference.RepoId}: the Hub's answer has an id that is not a string");
        if (!HubNames.IsRepoId(id)) throw new HubException(HubFailure.Refused, $"hf:{reference.RepoId}: the Hub's answer has an invalid repo id; refused");
        var redirectedTo = finalUri.AbsolutePath.StartsWith("/api/models/", StringComparison.Ordinal) ? Uri.UnescapeDataString(finalUri.AbsolutePath["/api/models/".Length..]) : "";
        var matches = id.Equals(reference.RepoId, StringComparison.OrdinalIgnoreCase)
            || redirectedTo.Equals(id, StringComparison.OrdinalIgnoreCase)
            || redirectedTo.StartsWith(id + "/revision/", StringComparison.OrdinalIgnoreCase);
        if (!matches) throw new HubException(HubFailure.Refused, $"hf:{reference.RepoId}: the Hub answered for another repo ({id}) without a redirect to it; refused");
        return id;
    }

    private HubSnapshot FromCacheOnly(HubReference reference)
    {
        var recalled = _cache.RecalledRevision(reference.RepoId, reference.Revision)
            ?? throw new HubException(HubFailure.NotCached, $"hf:{reference.RepoId}@{reference.Revision} is not in the cache ({options.CacheDirectory}); run once without --offline");
        var dir = _cache.SnapshotDirectory(recalled.CanonicalId, recalled.Commit);
        var manifest = _cache.TryReadValid(dir)
            ?? throw new HubException(HubFailure.NotCached, $"hf:{reference.RepoId}: the cached snapshot {recalled.Commit} is missing, incomplete or damaged; run once without --offline");
        return new HubSnapshot(dir, reference.RepoId, manifest.CanonicalId, reference.Revision, recalled.Commit, true, manifest.Skipped);
    }

    private async Task<List<string>> BuildAsync(string repoId, string commit, JsonObject model, byte[] infoBody, CancellationToken ct)
    {
        var temp = _cache.NewPartialDirectory(repoId, commit);
        var skipped = new List<string>();
        var written = new List<CachedFile>();

        async Task Write(string relative, byte[] bytes)
        {
            var local = HubPath.TryCreate(relative, out _)!.UnderRoot(temp);
            Directory.CreateDirectory(Path.GetDirectoryName(local)!);
            await File.WriteAllBytesAsync(local, bytes, ct);
            written.Add(HubCache.Describe(relative, bytes));
        }

        try
        {
            await Write("api_model.json", infoBody);
            var siblings = Siblings(model, skipped);
            var listing = new JsonObject
            {
                ["id"] = repoId,
                ["sha"] = commit,
                ["siblings"] = new JsonArray([.. siblings.Select(s => (JsonNode)new JsonObject { ["rfilename"] = s.Value })]),
            };
            await Write("siblings.json", System.Text.Encoding.UTF8.GetBytes(listing.ToJsonString()));

            progress?.Report($"hf:{repoId}: branches");
            try
            {
                await Write("refs.json", (await client.GetRefsAsync(repoId, ct)).Body);
            }
            catch (HubException e) when (e.Failure is not HubFailure.TimedOut)
            {
                skipped.Add($"refs.json: {e.Message}");
            }

            var wanted = siblings.Where(HubFileSelection.IsWanted).ToList();
            if (wanted.Count > MaxFetchedFiles)
            {
                skipped.Add($"{wanted.Count - MaxFetchedFiles} of {wanted.Count} candidate files: more than {MaxFetchedFiles} to fetch");
                wanted = wanted.Take(MaxFetchedFiles).ToList();
            }
            for (var i = 0; i < wanted.Count; i++)
            {
                var path = wanted[i];
                progress?.Report($"hf:{repoId}: {path} ({i + 1}/{wanted.Count})");
                try
                {
                    await Write(path.Value, (await client.GetFileAsync(repoId, commit, path, ct)).Body);
                }
                catch (HubException e) when (e.Failure is HubFailure.Gated or HubFailure.AccessDenied or HubFailure.NotFound or HubFailure.TooLarge)
                {
                    skipped.Add($"{path}: {e.Message}");
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // A listing may name both "x" and "x/y.py": the second cannot be stored beside the first.
                    skipped.Add($"{path}: cannot be stored in the snapshot ({e.Message})");
                }
            }

            foreach (var dataset in LinkedDatasets(model))
            {
                progress?.Report($"hf:{repoId}: dataset {dataset}");
                try
                {
                    // "--" never stands in a repo id, so org/name and org_name stay two files.
                    await Write($".hub/datasets/{dataset.Replace("/", "--", StringComparison.Ordinal)}.json", (await client.GetDatasetInfoAsync(dataset, ct)).Body);
                }
                catch (HubException e) when (e.Failure is not HubFailure.TimedOut)
                {
                    skipped.Add($"dataset {dataset}: {e.Message}");
                }
            }

            HubCache.WriteManifest(temp, new SnapshotManifest(repoId, commit, _cache.EndpointKeyValue, skipped, written));
            _cache.Publish(temp, repoId, commit);
            return skipped;
        }
        finally
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, true);
        }
    }

    /// <summary>The file list, keeping only names that are safe as local paths; each refused name is reported once.</summary>
    private static List<HubPath> Siblings(JsonObject model, List<string> skipped)
    {
        var result = new List<HubPath>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var refused = 0;
        string? firstProblem = null;
        foreach (var entry in model["siblings"] as JsonArray ?? [])
        {
            var name = entry is JsonObject o ? Text(o["rfilename"]) : null;
            if (HubPath.TryCreate(name, out var problem) is { } path)
            {
                if (seen.Add(path.Value)) result.Add(path);
                continue;
            }
            refused++;
            firstProblem ??= $"'{TerminalText.Clip(name, 200)}' is {problem}";
        }
        if (refused > 0) skipped.Add($"{refused} file name(s) in the Hub's listing refused as unsafe (first: {firstProblem})");
        return result;
    }

    private static IEnumerable<string> LinkedDatasets(JsonObject model)
    {
        var fromCard = model["cardData"] is JsonObject card ? card["datasets"] switch
        {
            JsonArray a => a.Select(Text).OfType<string>(),
            JsonValue v when v.TryGetValue<string>(out var s) => [s],
            _ => [],
        } : [];
        var fromTags = (model["tags"] as JsonArray ?? [])
            .Select(Text).OfType<string>()
            .Where(t => t.StartsWith("dataset:", StringComparison.Ordinal)).Select(t => t["dataset:".Length..]);
        return fromCard.Concat(fromTags).Where(HubNames.IsRepoId).Distinct(StringComparer.Ordinal).Take(MaxLinkedDatasets);
    }

    /// <summary>A string value; anything else, or a string that is not valid UTF-16 (a lone surrogate), is no string.</summary>
    private static string? Text(JsonNode? node)
    {
        try
        {
            return node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static JsonObject ParseObject(byte[] body, string what)
    {
        try
        {
            return JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false }) as JsonObject
                ?? throw new HubException(HubFailure.Unavailable, $"{what}: not a JSON object");
        }
        catch (JsonException e)
        {
            throw new HubException(HubFailure.Unavailable, $"{what}: not valid JSON ({e.Message.Split(" Path:")[0].Split(" LineNumber:")[0]})");
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

    public static bool IsWanted(HubPath path) => IsWanted(path.Value);

    public static bool IsWanted(string path)
    {
        var segments = path.Split('/');
        var name = segments[^1];
        // Hidden folders (.git, .hub) are the snapshot's own bookkeeping, never the repository's content.
        if (segments.Any(s => s.StartsWith('.'))) return false;
        var depth = segments.Length - 1;
        if (depth == 0 && Names.Contains(name)) return true;
        if (depth == 0 && Prefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase))) return true;
        // Modelling, training and evaluation code at the root or one folder down.
        return depth <= 1 && name.EndsWith(".py", StringComparison.Ordinal);
    }
}

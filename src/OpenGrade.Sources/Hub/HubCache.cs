using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenGrade.Sources.Files;

namespace OpenGrade.Sources.Hub;

/// <summary>One file a complete snapshot holds, as its manifest records it.</summary>
public sealed record CachedFile(string Path, long Size, string Sha256);

/// <summary>What a complete snapshot's manifest says about it.</summary>
public sealed record SnapshotManifest(string CanonicalId, string Commit, string Endpoint, IReadOnlyList<string> Skipped, IReadOnlyList<CachedFile> Files);

/// <summary>
/// The on-disk Hub cache, safe for many processes at once:
/// <list type="bullet">
/// <item>a snapshot is built in a folder of its own (<c>.partial-{commit}-{pid}-{random}</c>) and moved
/// into place with one rename, so a snapshot folder is either absent or whole;</item>
/// <item>a complete snapshot is never deleted or changed, so no reader loses files under it;</item>
/// <item>a snapshot is trusted only when its manifest's files are all there with their sizes and hashes;</item>
/// <item>revision files are replaced by rename from unique temporary names;</item>
/// <item>a per-repository lock file makes concurrent runs fetch once (a bounded wait: correctness
/// never depends on it);</item>
/// <item>leftovers of crashed runs (<c>.partial-*</c>, <c>.trash-*</c>) are removed by the next fetch.</item>
/// </list>
/// Answers from another endpoint (a mirror) are kept apart, so a mirror cannot fill the cache the
/// default Hub's answers are read from.
/// </summary>
public sealed class HubCache(HubOptions options)
{
    public const string ManifestName = ".opengrade-hub.json";
    private const long ManifestBytes = 64L << 20;
    private const long RevisionFileBytes = 4096;
    private static readonly TimeSpan StaleAfter = TimeSpan.FromHours(1);

    public string Root { get; } = CacheRoot(options);

    public string RepoDirectory(string repoId) => Path.Combine([Root, "models", .. repoId.Split('/')]);

    public string SnapshotDirectory(string repoId, string commit) => Path.Combine(RepoDirectory(repoId), "snapshots", commit);

    /// <summary>A new, empty folder to build a snapshot in, beside where it will be moved.</summary>
    public string NewPartialDirectory(string repoId, string commit)
    {
        var dir = Path.Combine(RepoDirectory(repoId), "snapshots", $".partial-{commit}-{Environment.ProcessId}-{RandomSuffix()}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>
    /// Moves a finished snapshot into place. When another process got there first with a valid
    /// snapshot, that one is kept and ours discarded; a damaged one is moved aside first.
    /// </summary>
    public void Publish(string partial, string repoId, string commit)
    {
        var target = SnapshotDirectory(repoId, commit);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (Directory.Exists(target))
            {
                if (TryReadValid(target) is not null)
                {
                    DeleteQuietly(partial);
                    return;
                }
                MoveAside(target);
            }
            try
            {
                Directory.Move(partial, target);
                return;
            }
            catch (IOException) when (Directory.Exists(target))
            {
                // Another process published between our check and our move: look again.
            }
        }
        throw new IOException($"cannot publish the snapshot {commit} of {repoId} in {Root}");
    }

    /// <summary>The manifest of a complete, intact snapshot; null when the folder is missing, incomplete or damaged.</summary>
    public SnapshotManifest? TryReadValid(string dir)
    {
        SnapshotManifest manifest;
        try
        {
            manifest = ReadManifest(dir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
        if (manifest.Endpoint != EndpointKey(options)) return null;
        foreach (var file in manifest.Files)
        {
            if (HubPath.TryCreate(file.Path, out _) is not { } path) return null;
            try
            {
                var bytes = RegularFile.ReadBytes(path.UnderRoot(dir), file.Size);
                if (bytes.Length != file.Size || Hash(bytes) != file.Sha256) return null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                return null;
            }
        }
        return manifest;
    }

    /// <summary>Writes the manifest last: it lists every file written, with size and hash.</summary>
    public static void WriteManifest(string dir, SnapshotManifest manifest)
    {
        var json = new JsonObject
        {
            ["canonical_id"] = manifest.CanonicalId,
            ["commit"] = manifest.Commit,
            ["endpoint"] = manifest.Endpoint,
            ["fetched_at"] = DateTimeOffset.UtcNow.ToString("O"),
            ["skipped"] = new JsonArray([.. manifest.Skipped.Select(s => (JsonNode)s)]),
            ["files"] = new JsonArray([.. manifest.Files.Select(f => (JsonNode)new JsonObject { ["path"] = f.Path, ["size"] = f.Size, ["sha256"] = f.Sha256 })]),
        };
        File.WriteAllText(Path.Combine(dir, ManifestName), json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    public static CachedFile Describe(string relative, byte[] bytes) => new(relative, bytes.Length, Hash(bytes));

    public string EndpointKeyValue => EndpointKey(options);

    /// <summary>Records which commit (and canonical id) a revision named; replaced by rename, never written in place.</summary>
    public void RememberRevision(string repoId, string revision, string commit, string canonical)
    {
        var file = RevisionFile(repoId, revision);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var temp = $"{file}.tmp-{Environment.ProcessId}-{RandomSuffix()}";
        try
        {
            File.WriteAllText(temp, $"{commit}\n{canonical}\n");
            File.Move(temp, file, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>The commit and canonical id a revision was last seen at, if the cache knows it and the record is sound.</summary>
    public (string Commit, string CanonicalId)? RecalledRevision(string repoId, string revision)
    {
        var file = RevisionFile(repoId, revision);
        if (!File.Exists(file)) return null;
        var lines = RegularFile.ReadText(file, RevisionFileBytes).Split('\n', StringSplitOptions.TrimEntries);
        var commit = lines[0];
        var canonical = lines.Length > 1 && lines[1].Length > 0 ? lines[1] : repoId;
        return HubNames.IsCommit(commit) && HubNames.IsRepoId(canonical) ? (commit, canonical) : null;
    }

    /// <summary>
    /// Holds the repository's lock file while a fetch runs, so that concurrent runs fetch once.
    /// Waits at most <paramref name="wait"/>; past it the fetch goes on unlocked (still correct, only slower).
    /// </summary>
    public async Task<IDisposable?> LockAsync(string repoId, TimeSpan wait, CancellationToken ct)
    {
        var dir = RepoDirectory(repoId);
        Directory.CreateDirectory(dir);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(Path.Combine(dir, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (clock.Elapsed < wait)
            {
                await Task.Delay(100, ct);
            }
            catch (IOException)
            {
                return null;
            }
        }
    }

    /// <summary>Removes what crashed runs left: partial folders of processes that are gone (or old), and folders moved aside.</summary>
    public void CleanLeftovers(string repoId)
    {
        var snapshots = Path.Combine(RepoDirectory(repoId), "snapshots");
        if (!Directory.Exists(snapshots)) return;
        foreach (var dir in Directory.EnumerateDirectories(snapshots, ".*"))
        {
            var name = Path.GetFileName(dir);
            var stale = name.StartsWith(".trash-", StringComparison.Ordinal)
                || name.StartsWith(".partial-", StringComparison.Ordinal)
                   && (!RunningProcesses.IsRunning(PidOf(name)) || DateTime.UtcNow - Directory.GetLastWriteTimeUtc(dir) > StaleAfter);
            if (stale) DeleteQuietly(dir);
        }
    }

    private static SnapshotManifest ReadManifest(string dir)
    {
        var node = JsonNode.Parse(RegularFile.ReadBytes(Path.Combine(dir, ManifestName), ManifestBytes)) as JsonObject
            ?? throw new FormatException("the manifest is not a JSON object");
        static string Str(JsonNode? n) => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw new FormatException("a manifest field is not a string");
        var files = (node["files"] as JsonArray ?? throw new FormatException("the manifest lists no files"))
            .Select(f => f is JsonObject o && o["size"] is JsonValue size && size.TryGetValue<long>(out var n)
                ? new CachedFile(Str(o["path"]), n, Str(o["sha256"]))
                : throw new FormatException("a manifest file entry is malformed"))
            .ToList();
        var skipped = (node["skipped"] as JsonArray ?? []).Select(Str).ToList();
        return new SnapshotManifest(Str(node["canonical_id"]), Str(node["commit"]), Str(node["endpoint"]), skipped, files);
    }

    private string RevisionFile(string repoId, string revision)
    {
        var bytes = Encoding.UTF8.GetBytes(revision);
        // Short names stay readable in hex; long ones are hashed to fit a file name.
        var name = bytes.Length <= 100 ? Convert.ToHexString(bytes) : "sha256-" + Convert.ToHexStringLower(SHA256.HashData(bytes));
        return Path.Combine(RepoDirectory(repoId), "refs", name);
    }

    private void MoveAside(string dir)
    {
        var aside = Path.Combine(Path.GetDirectoryName(dir)!, $".trash-{RandomSuffix()}");
        try
        {
            Directory.Move(dir, aside);
        }
        catch (IOException) when (!Directory.Exists(dir))
        {
            return; // someone else moved it already
        }
        DeleteQuietly(aside);
    }

    private static void DeleteQuietly(string dir)
    {
        try
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the next run's clean-up.
        }
    }

    private static int PidOf(string partialName)
    {
        var parts = partialName.Split('-');
        return parts.Length >= 4 && int.TryParse(parts[^2], out var pid) ? pid : -1;
    }

    private static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static string RandomSuffix() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    /// <summary>Scheme, host, port and path: two mirrors on one host under different paths are two endpoints.</summary>
    private static string EndpointKey(HubOptions options) => Key(options.Endpoint);

    private static string Key(Uri endpoint) => endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/');

    /// <summary>The default Hub keeps the plain layout; every other endpoint gets a folder of its own.</summary>
    private static string CacheRoot(HubOptions options)
    {
        var key = EndpointKey(options);
        if (key == Key(HubOptions.DefaultEndpoint)) return Path.Combine(options.CacheDirectory, "hub");
        var safe = new string(options.Endpoint.Host.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '_').ToArray());
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..12];
        return Path.Combine(options.CacheDirectory, "hub-mirrors", $"{safe}-{options.Endpoint.Port}-{hash}");
    }
}

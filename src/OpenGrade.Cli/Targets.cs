using OpenGrade.Sources.Pipeline;
using OpenGrade.Core.Domain;
using OpenGrade.Core.Evaluation;
using OpenGrade.Reports;
using OpenGrade.Sources.Aibom;
using OpenGrade.Sources.Hub;
using OpenGrade.Sources.Links;
using OpenGrade.Sources.Local;
using OpenGrade.Sources.Mot;

namespace OpenGrade.Cli;

/// <summary>
/// Turns what the user typed as a TARGET (a MOT model file, a repository folder, or
/// <c>hf:org/name[@revision]</c>) into an assessed release, or a one-line reason why not.
/// A Hub target is fetched into a snapshot folder first, so it gets the very same inventory as a folder.
/// </summary>
public sealed class Targets(Assessor assessor, HubOptions? hub = null, IProgress<string>? progress = null, LinkOptions? links = null) : IDisposable
{
    private readonly MotModelReader _motReader = new(assessor.Framework);

    /// <summary>One resolver for the whole run (made on first use; the server assesses from several threads), so that a place linked by several targets is asked once.</summary>
    private readonly Lazy<LinkResolver>? _resolver = links is null ? null : new(() => new LinkResolver(links), LazyThreadSafetyMode.ExecutionAndPublication);

    public void Dispose()
    {
        if (_resolver is { IsValueCreated: true }) _resolver.Value.Dispose();
    }

    /// <summary>Requests, cache answers and revalidations of link following so far (null when no link was followed).</summary>
    public LinkStats? LinkStats => _resolver is { IsValueCreated: true } r ? r.Value.Stats : null;

    /// <summary>The license catalog the judgements use (exports name licenses from it too).</summary>
    public Core.Licensing.LicenseCatalog Catalog => assessor.Catalog;
    private readonly Inventories _inventories = new(assessor);

    public AssessedTarget Assess(string target)
    {
        try
        {
            if (HubReference.IsHubTarget(target))
            {
                var snapshot = Fetch(HubReference.Parse(target));
                var fetched = TakeFollowing(snapshot.Directory);
                return AssessedTarget.Ok(target, assessor.Assess(fetched.Release, fetched.Signals), fetched);
            }
            if (Directory.Exists(target))
            {
                // A folder is a model repository: inventory it, then judge what was found.
                var inventory = TakeFollowing(target);
                return AssessedTarget.Ok(target, assessor.Assess(inventory.Release, inventory.Signals), inventory);
            }
            if (AibomReader.IsAibomPath(target))
            {
                // An AI-BOM (ours or another tool's) is judged from the components and licenses it lists.
                var bom = AibomReader.ReadFile(target);
                return AssessedTarget.Ok(target, assessor.Assess(bom.Release, bom.Signals));
            }
            return AssessedTarget.Ok(target, assessor.Assess(Read(target)));
        }
        catch (HubException e)
        {
            return AssessedTarget.Failed(target, e.Message);
        }
        catch (Exception e) when (e is ModelFileException or SnapshotException or AibomFileException)
        {
            return AssessedTarget.Failed(target, e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException)
        {
            return AssessedTarget.Failed(target, $"{target}: {e.Message}");
        }
    }

    /// <summary>A repository folder's inventory, its links followed when link options were given (<c>assess</c>, <c>check</c>).</summary>
    private Core.Inventory.ModelInventory TakeFollowing(string folder)
    {
        if (_resolver is null) return _inventories.Take(folder);
        try
        {
            return _inventories.TakeFollowingAsync(_inventories.Read(folder), _resolver.Value, CancellationToken.None).GetAwaiter().GetResult();
        }
        finally
        {
            progress?.Report("");
        }
    }

    /// <summary>Fetches a Hub target into its snapshot folder (shared with <c>inventory hf:…</c>).</summary>
    public HubSnapshot Fetch(HubReference reference)
    {
        var options = hub ?? new HubOptions(HubOptions.DefaultEndpoint, Environment.GetEnvironmentVariable("HF_TOKEN"), HubOptions.DefaultCacheDirectory());
        using var client = new HubClient(options);
        HubSnapshot snapshot;
        try
        {
            snapshot = new HubSnapshotFetcher(options, client, progress).FetchAsync(reference).GetAwaiter().GetResult();
        }
        finally
        {
            progress?.Report("");
        }
        foreach (var skipped in snapshot.Skipped) progress?.Report($"skipped {skipped}");
        return snapshot;
    }

    private ModelRelease Read(string target)
    {
        if (!File.Exists(target)) throw new FileNotFoundException("no such file");
        var ext = Path.GetExtension(target);
        if (ext.Equals(".yml", StringComparison.OrdinalIgnoreCase) || ext.Equals(".yaml", StringComparison.OrdinalIgnoreCase))
        {
            return _motReader.ReadFile(target);
        }
        throw new FormatException("is not a MOT model file or an AI-BOM (expected .yml/.yaml, or .cdx.json/.spdx3.json/.spdx.json/.bom.json/.jsonld)");
    }
}

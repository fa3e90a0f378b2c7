using System.Security.Cryptography;
using OpenGrade.Reports;
using OpenGrade.Sources.Files;
using OpenGrade.Sources.Hub;

namespace OpenGrade.Storage;

/// <summary>
/// An assessed target (what <c>assess</c> produced) as a catalog record: the same JSON as
/// <c>assess --format json</c>, MOT's view, a stable id and the source revision.
/// </summary>
public static class CatalogEntries
{
    /// <summary>The version of OpenGrade recorded with each assessment.</summary>
    public static string ToolVersion { get; } =
        typeof(JsonReport).Assembly.GetName().Version is { } v ? $"{v.Major}.{v.Minor}.{v.Build}" : "0.0.0";

    /// <summary>Largest local file hashed for its revision (MOT files are a few kB).</summary>
    private const long MaxHashedBytes = 64L << 20;

    /// <param name="json">The target's <see cref="JsonReport.ToJson"/> when the caller built it already (batch does), so it is not built twice.</param>
    public static CatalogRecord From(AssessedTarget target, DateTimeOffset assessedAt, string? modelId = null, System.Text.Json.Nodes.JsonObject? json = null)
    {
        var assessment = target.Assessment ?? throw new CatalogException($"{target.Target}: not assessed: {target.Error}");
        var id = modelId ?? IdOf(target);
        ModelIds.Validate(id);
        return new CatalogRecord(id, assessedAt, RevisionOf(target), ToolVersion, json ?? JsonReport.ToJson(target), MotView.From(assessment.Release, assessment.Mof));
    }

    /// <summary>
    /// The record as if its target had been named <paramref name="shown"/> (an upload's temporary
    /// path becomes its public name everywhere the report quotes it, evidence locations included).
    /// </summary>
    public static CatalogRecord ShownAs(CatalogRecord record, string target, string shown)
    {
        var from = System.Text.Json.Nodes.JsonValue.Create(target).ToJsonString()[1..^1];
        var to = System.Text.Json.Nodes.JsonValue.Create(shown).ToJsonString()[1..^1];
        System.Text.Json.Nodes.JsonObject Rewrite(System.Text.Json.Nodes.JsonObject o) =>
            System.Text.Json.Nodes.JsonNode.Parse(o.ToJsonString().Replace(from, to, StringComparison.Ordinal))!.AsObject();
        return record with { Assessment = Rewrite(record.Assessment), Mot = Rewrite(record.Mot) };
    }

    /// <summary>
    /// The stable id of a target: <c>org/name</c> for a Hub model (and a folder snapshot of one),
    /// else the file's or folder's name (a MOT record is known by its file name, as in MOT's repository).
    /// </summary>
    public static string IdOf(AssessedTarget target)
    {
        if (HubReference.IsHubTarget(target.Target)) return HubReference.Parse(target.Target).RepoId;
        if (target.Inventory?.Snapshot.Id is { } repo && HubNames.IsRepoId(repo)) return repo;
        var path = target.Target.TrimEnd('/', '\\');
        var name = Path.GetFileName(path);
        foreach (var suffix in new[] { ".cdx.json", ".spdx3.json", ".spdx.json", ".bom.json", ".jsonld", ".yml", ".yaml" })
        {
            if (name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) && name.Length > suffix.Length) return name[..^suffix.Length];
        }
        return name;
    }

    /// <summary>The Hub commit (or a snapshot's revision), else the sha256 of a local file.</summary>
    public static string? RevisionOf(AssessedTarget target)
    {
        if (target.Inventory?.Snapshot.Revision is { Length: > 0 } revision) return revision;
        if (!File.Exists(target.Target)) return null;
        try
        {
            return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(RegularFile.ReadBytes(target.Target, MaxHashedBytes)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

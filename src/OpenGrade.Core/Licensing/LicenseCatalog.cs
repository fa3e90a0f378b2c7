using System.Collections.Frozen;
using System.Collections.Immutable;
using NuGet.Packaging.Licenses;
using OpenGrade.Core.Data;
using OpenGrade.Core.Domain;

namespace OpenGrade.Core.Licensing;

/// <summary>
/// Everything OpenGrade knows about licenses as ids: the SPDX list with its OSI/FSF flags, the
/// licenses MOF adds as open, which licenses suit which content type, and the AI licenses.
/// Immutable; build once and share.
/// </summary>
public sealed class LicenseCatalog
{
    private static readonly Lazy<LicenseCatalog> Embedded = new(Load);

    public static LicenseCatalog Default => Embedded.Value;

    public LicenseCatalog(
        IEnumerable<SpdxLicense> spdx,
        IEnumerable<string> openDataLicenses,
        IEnumerable<string> extraOpenLicenses,
        IReadOnlyDictionary<ContentType, IReadOnlyCollection<string>> typeAppropriate,
        IEnumerable<string> notOpenInMotSnapshot,
        string motSnapshotVersion,
        IEnumerable<AiLicense> aiLicenses,
        LicenseNameRules nameRules)
    {
        Spdx = spdx.ToFrozenDictionary(l => l.Id, StringComparer.Ordinal);
        SpdxIgnoringCase = Spdx.Values
            .GroupBy(l => l.Id, StringComparer.OrdinalIgnoreCase)
            .ToFrozenDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        OpenDataLicenses = openDataLicenses.ToFrozenSet(StringComparer.Ordinal);
        ExtraOpenLicenses = extraOpenLicenses.ToFrozenSet(StringComparer.Ordinal);
        TypeAppropriate = typeAppropriate.ToFrozenDictionary(
            kv => kv.Key, kv => (FrozenSet<string>)kv.Value.ToFrozenSet(StringComparer.Ordinal));
        _preferred = typeAppropriate.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.ToImmutableArray());
        NotOpenInMotSnapshot = notOpenInMotSnapshot.ToFrozenSet(StringComparer.Ordinal);
        MotSnapshotVersion = motSnapshotVersion;
        AiLicenses = aiLicenses.ToFrozenDictionary(l => l.Id, StringComparer.Ordinal);
        NameRules = nameRules;
    }

    private readonly FrozenDictionary<ContentType, ImmutableArray<string>> _preferred;

    public FrozenDictionary<string, SpdxLicense> Spdx { get; }
    public FrozenDictionary<string, SpdxLicense> SpdxIgnoringCase { get; }
    public FrozenSet<string> OpenDataLicenses { get; }
    public FrozenSet<string> ExtraOpenLicenses { get; }
    public FrozenDictionary<ContentType, FrozenSet<string>> TypeAppropriate { get; }
    public FrozenSet<string> NotOpenInMotSnapshot { get; }
    public string MotSnapshotVersion { get; }
    public FrozenDictionary<string, AiLicense> AiLicenses { get; }
    public LicenseNameRules NameRules { get; }

    /// <summary>
    /// Open in MOF's sense, exactly as MOT decides it for a single id: OSI-approved or FSF-libre in
    /// MOT's SPDX snapshot, or one of MOF's open-data or extra open licenses. Case-sensitive.
    /// </summary>
    public bool IsOpenId(string id) =>
        (Spdx.TryGetValue(id, out var l) && l.IsOsiOrFsf && !NotOpenInMotSnapshot.Contains(id))
        || OpenDataLicenses.Contains(id)
        || ExtraOpenLicenses.Contains(id);

    /// <summary>Whether MOT tags the license as suited to the content type (a warning only; never changes a class).</summary>
    public bool IsTypeAppropriateId(string id, ContentType type) =>
        TypeAppropriate.TryGetValue(type, out var ids) && ids.Contains(id);

    /// <summary>Open licenses MOT tags as suited to a content type, most preferred first: the fix to suggest.</summary>
    public IEnumerable<string> SuggestedFor(ContentType type) =>
        _preferred.TryGetValue(type, out var ids) ? ids.Where(IsOpenId) : [];

    public bool IsKnownId(string id) => Spdx.ContainsKey(id) || AiLicenses.ContainsKey(id)
        || OpenDataLicenses.Contains(id) || ExtraOpenLicenses.Contains(id);

    private static LicenseCatalog Load()
    {
        var open = EmbeddedData.ReadYaml<OpenLicensesDoc>("licensing/open-licenses.yaml");
        var ai = EmbeddedData.ReadYaml<AiLicensesDoc>("licensing/ai-licenses.yaml");
        var names = EmbeddedData.ReadYaml<LicenseNamesDoc>("licensing/license-names.yaml");
        var spdx = NuGetLicenseData.LicenseList.Values.Select(l =>
            new SpdxLicense(l.LicenseID, l.IsOsiApproved, l.IsFsfLibre, l.IsDeprecatedLicenseId));
        var typeAppropriate = open.TypeAppropriate.ToDictionary(
            kv => ContentTypes.Parse(kv.Key), kv => (IReadOnlyCollection<string>)kv.Value);
        var aiLicenses = ai.Licenses.Select(l => new AiLicense(
            l.Id, l.Name, [.. l.HfIds], [.. l.Names]));
        var rules = new LicenseNameRules(
            [.. names.Phrases.Select(p => (p.From, p.To))],
            names.Aliases.ToImmutableDictionary(kv => kv.Key, kv => kv.Value.ToImmutableArray()));
        return new LicenseCatalog(spdx, open.OpenDataLicenses, open.ExtraOpenLicenses, typeAppropriate,
            open.MotSnapshot.NotOpenInSnapshot, open.MotSnapshot.SpdxListVersion, aiLicenses, rules);
    }

    private sealed class OpenLicensesDoc
    {
        public List<string> OpenDataLicenses { get; set; } = [];
        public List<string> ExtraOpenLicenses { get; set; } = [];
        public Dictionary<string, List<string>> TypeAppropriate { get; set; } = [];
        public MotSnapshotDoc MotSnapshot { get; set; } = new();
    }

    private sealed class MotSnapshotDoc
    {
        public string SpdxListVersion { get; set; } = "";
        public string SpdxReleaseDate { get; set; } = "";
        public List<string> NotOpenInSnapshot { get; set; } = [];
    }

    private sealed class AiLicensesDoc
    {
        public List<AiLicenseDoc> Licenses { get; set; } = [];
    }

    private sealed class AiLicenseDoc
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public List<string> HfIds { get; set; } = [];
        public List<string> Names { get; set; } = [];
    }

    private sealed class LicenseNamesDoc
    {
        public List<PhraseDoc> Phrases { get; set; } = [];
        public Dictionary<string, List<string>> Aliases { get; set; } = [];
    }

    private sealed class PhraseDoc
    {
        public string From { get; set; } = "";
        public string To { get; set; } = "";
    }
}

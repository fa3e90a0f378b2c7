using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text.Json.Serialization;
using NuGet.Packaging.Licenses;
using OpenGrade.Core.Data;
using OpenGrade.Core.Domain;

namespace OpenGrade.Core.Licensing;

/// <summary>
/// Everything OpenGrade knows about licenses as ids: the SPDX list with its OSI/FSF flags, the
/// licenses MOF adds as open, which licenses suit which content type, and the AI licenses.
/// Immutable; build once and share.
/// </summary>
public sealed partial class LicenseCatalog
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
        LicenseNameRules nameRules,
        IEnumerable<UsePolicy>? usePolicies = null)
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
        UsePolicies = (usePolicies ?? []).ToFrozenDictionary(p => p.Id, StringComparer.Ordinal);
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

    /// <summary>Acceptable-use policies that AI licenses incorporate (documents, not licenses).</summary>
    public FrozenDictionary<string, UsePolicy> UsePolicies { get; }

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
        // The YAML files, as the build converted them to JSON (build/LicenseIndexer/YamlAsJson.cs).
        var open = ReadJson("licensing/open-licenses.json", CatalogJson.Default.OpenLicensesDoc);
        var ai = ReadJson("licensing/ai-licenses.json", CatalogJson.Default.AiLicensesDoc);
        var names = ReadJson("licensing/license-names.json", CatalogJson.Default.LicenseNamesDoc);
        var spdx = NuGetLicenseData.LicenseList.Values.Select(l =>
            new SpdxLicense(l.LicenseID, l.IsOsiApproved, l.IsFsfLibre, l.IsDeprecatedLicenseId));
        var typeAppropriate = open.TypeAppropriate.ToDictionary(
            kv => ContentTypes.Parse(kv.Key), kv => (IReadOnlyCollection<string>)kv.Value);
        var aiLicenses = ai.Licenses.Select(l => new AiLicense(
            l.Id, l.Name, [.. l.HfIds], [.. l.Names], l.Terms?.ToTerms(), l.Markers?.ToMarkers()));
        var policies = ai.UsePolicies.Select(p => new UsePolicy(
            p.Id, p.Name, [.. p.PolicyOf], p.CanChange, p.Markers?.ToMarkers() ?? LicenseMarkers.None));
        var rules = new LicenseNameRules(
            [.. names.Phrases.Select(p => (p.From, p.To))],
            names.Aliases.ToImmutableDictionary(kv => kv.Key, kv => kv.Value.ToImmutableArray()));
        return new LicenseCatalog(spdx, open.OpenDataLicenses, open.ExtraOpenLicenses, typeAppropriate,
            open.MotSnapshot.NotOpenInSnapshot, open.MotSnapshot.SpdxListVersion, aiLicenses, rules, policies);
    }

    private static T ReadJson<T>(string name, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info)
    {
        using var stream = EmbeddedData.OpenStream(name);
        return System.Text.Json.JsonSerializer.Deserialize(stream, info) ?? throw new InvalidDataException($"embedded data file '{name}' is empty");
    }

    // The data files bind through generated code: fast and reflection-free.
    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, NumberHandling = JsonNumberHandling.AllowReadingFromString)]
    [JsonSerializable(typeof(OpenLicensesDoc))]
    [JsonSerializable(typeof(AiLicensesDoc))]
    [JsonSerializable(typeof(LicenseNamesDoc))]
    private sealed partial class CatalogJson : JsonSerializerContext;

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
        public List<UsePolicyDoc> UsePolicies { get; set; } = [];
    }

    private sealed class AiLicenseDoc
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public List<string> HfIds { get; set; } = [];
        public List<string> Names { get; set; } = [];
        public TermsDoc? Terms { get; set; }
        public MarkersDoc? Markers { get; set; }
    }

    private sealed class UsePolicyDoc
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public List<string> PolicyOf { get; set; } = [];
        public bool CanChange { get; set; }
        public MarkersDoc? Markers { get; set; }
    }

    private sealed class MarkersDoc
    {
        public List<string> Titles { get; set; } = [];
        public List<string> Phrases { get; set; } = [];

        public LicenseMarkers ToMarkers() => new([.. Titles], [.. Phrases]);
    }

    /// <summary>The `terms:` block of an AI license; absent keys mean the license has no such term.</summary>
    private sealed class TermsDoc
    {
        public long? MonthlyActiveUsers { get; set; }
        public decimal? RevenueUsd { get; set; }
        public bool UseRestrictions { get; set; }
        public string? AcceptableUsePolicy { get; set; }
        public bool AupCanChange { get; set; }
        public bool RestrictionsFlowToDerivatives { get; set; }
        public bool RemoteRestriction { get; set; }
        public bool NoImprovingOtherModels { get; set; }
        public string? NamingRule { get; set; }
        public string? AttributionDisplay { get; set; }
        public bool NonCommercial { get; set; }
        public bool ResearchOnly { get; set; }
        public List<string> TerritorialExclusions { get; set; } = [];
        public bool OsiApproved { get; set; }
        public string? GoverningLaw { get; set; }
        public string? Notes { get; set; }

        public LicenseTerms ToTerms() => new(
            MonthlyActiveUsers, RevenueUsd, UseRestrictions, AcceptableUsePolicy, AupCanChange,
            RestrictionsFlowToDerivatives, RemoteRestriction, NoImprovingOtherModels, NamingRule,
            AttributionDisplay, NonCommercial, ResearchOnly, [.. TerritorialExclusions], OsiApproved,
            GoverningLaw, Notes);
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

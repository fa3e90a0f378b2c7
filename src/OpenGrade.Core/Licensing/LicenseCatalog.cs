using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
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
        : this(spdx, openDataLicenses, extraOpenLicenses,
            typeAppropriate.ToDictionary(kv => kv.Key.ToKey(), kv => kv.Value, StringComparer.Ordinal),
            notOpenInMotSnapshot, motSnapshotVersion, aiLicenses, nameRules, usePolicies)
    {
    }

    // Type-appropriate lists keyed by the content types' data names ("code", "data", "document").
    private LicenseCatalog(
        IEnumerable<SpdxLicense> spdx,
        IEnumerable<string> openDataLicenses,
        IEnumerable<string> extraOpenLicenses,
        Dictionary<string, IReadOnlyCollection<string>> typeAppropriate,
        IEnumerable<string> notOpenInMotSnapshot,
        string motSnapshotVersion,
        IEnumerable<AiLicense> aiLicenses,
        LicenseNameRules nameRules,
        IEnumerable<UsePolicy>? usePolicies = null)
    {
        Spdx = spdx.ToFrozenDictionary(l => l.Id, StringComparer.Ordinal);
        // Needed only to resolve a written name: built on first use (start-up of `license detect`).
        var spdxIds = Spdx;
        _spdxIgnoringCase = new Lazy<FrozenDictionary<string, SpdxLicense>>(() => spdxIds.Values
            .GroupBy(l => l.Id, StringComparer.OrdinalIgnoreCase)
            .ToFrozenDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase));
        OpenDataLicenses = openDataLicenses.ToFrozenSet(StringComparer.Ordinal);
        ExtraOpenLicenses = extraOpenLicenses.ToFrozenSet(StringComparer.Ordinal);
        // Keyed by the content types' data names and checked here; the maps keyed by the enum are
        // built on first use (framework generic code over an enum key is JIT-compiled at start-up,
        // and `license detect` never asks).
        foreach (var key in typeAppropriate.Keys) ContentTypes.Parse(key);
        _typeAppropriate = new Lazy<FrozenDictionary<ContentType, FrozenSet<string>>>(() => typeAppropriate.ToFrozenDictionary(
            kv => ContentTypes.Parse(kv.Key), kv => (FrozenSet<string>)kv.Value.ToFrozenSet(StringComparer.Ordinal)));
        _preferred = new Lazy<FrozenDictionary<ContentType, ImmutableArray<string>>>(() => typeAppropriate.ToFrozenDictionary(
            kv => ContentTypes.Parse(kv.Key), kv => kv.Value.ToImmutableArray()));
        NotOpenInMotSnapshot = notOpenInMotSnapshot.ToFrozenSet(StringComparer.Ordinal);
        MotSnapshotVersion = motSnapshotVersion;
        AiLicenses = aiLicenses.ToFrozenDictionary(l => l.Id, StringComparer.Ordinal);
        NameRules = nameRules;
        UsePolicies = (usePolicies ?? []).ToFrozenDictionary(p => p.Id, StringComparer.Ordinal);
    }

    private readonly Lazy<FrozenDictionary<ContentType, ImmutableArray<string>>> _preferred;

    private readonly Lazy<FrozenDictionary<ContentType, FrozenSet<string>>> _typeAppropriate;

    public FrozenDictionary<string, SpdxLicense> Spdx { get; }
    public FrozenDictionary<string, SpdxLicense> SpdxIgnoringCase => _spdxIgnoringCase.Value;

    private readonly Lazy<FrozenDictionary<string, SpdxLicense>> _spdxIgnoringCase;
    public FrozenSet<string> OpenDataLicenses { get; }
    public FrozenSet<string> ExtraOpenLicenses { get; }
    public FrozenDictionary<ContentType, FrozenSet<string>> TypeAppropriate => _typeAppropriate.Value;
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
        _preferred.Value.TryGetValue(type, out var ids) ? ids.Where(IsOpenId) : [];

    public bool IsKnownId(string id) => Spdx.ContainsKey(id) || AiLicenses.ContainsKey(id)
        || OpenDataLicenses.Contains(id) || ExtraOpenLicenses.Contains(id);

    private static LicenseCatalog Load()
    {
        // The YAML files, as the build converted them to JSON (Data/YamlAsJson.cs, EmbeddedData),
        // read through JsonDocument by hand: the serializer's generic metadata (even generated)
        // made the JIT compile ~200 framework methods at every cold start.
        using var open = EmbeddedData.ReadJson("licensing/open-licenses");
        using var ai = EmbeddedData.ReadJson("licensing/ai-licenses");
        using var names = EmbeddedData.ReadJson("licensing/license-names");
        // The SPDX list's flags, written at build time from NuGet.Packaging's copy of the list.
        using var flags = EmbeddedData.ReadJson("licensing/spdx-licenses");
        var spdx = flags.RootElement.EnumerateArray().Select(l =>
            new SpdxLicense(Text(l, "id") ?? "", Flag(l, "osi"), Flag(l, "fsf"), Flag(l, "deprecated"))).ToList();
        var o = open.RootElement;
        var typeAppropriate = new Dictionary<string, IReadOnlyCollection<string>>(StringComparer.Ordinal);
        foreach (var kv in Members(o, "type_appropriate")) typeAppropriate[kv.Name] = Strings(kv.Value);
        var snapshot = Member(o, "mot_snapshot");
        var aiLicenses = Items(ai.RootElement, "licenses").Select(l => new AiLicense(
            Text(l, "id") ?? "", Text(l, "name") ?? "", [.. Strings(l, "hf_ids")], [.. Strings(l, "names")],
            Member(l, "terms") is { } t ? Terms(t) : null, Member(l, "markers") is { } m ? Markers(m) : null)).ToList();
        var policies = Items(ai.RootElement, "use_policies").Select(p => new UsePolicy(
            Text(p, "id") ?? "", Text(p, "name") ?? "", [.. Strings(p, "policy_of")], Flag(p, "can_change"),
            Member(p, "markers") is { } m ? Markers(m) : LicenseMarkers.None)).ToList();
        var aliases = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var kv in Members(names.RootElement, "aliases")) aliases[kv.Name] = Strings(kv.Value);
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var kv in Members(names.RootElement, "common_license_files")) files[kv.Name] = Scalar(kv.Value) ?? "";
        var rules = new LicenseNameRules(
            [.. Items(names.RootElement, "phrases").Select(p => new NamePhrase(Text(p, "from") ?? "", Text(p, "to") ?? ""))],
            aliases, files,
            [.. Items(names.RootElement, "exception_cues").Select(c => new ExceptionCue(
                Text(c, "id") ?? "", Strings(c, "modifies"), Strings(c, "cue"), Strings(c, "words")))]);
        return new LicenseCatalog(spdx, Strings(o, "open_data_licenses"), Strings(o, "extra_open_licenses"), typeAppropriate,
            snapshot is { } s1 ? Strings(s1, "not_open_in_snapshot") : [], snapshot is { } s2 ? Text(s2, "spdx_list_version") ?? "" : "",
            aiLicenses, rules, policies);
    }

    private static JsonElement? Member(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

    private static IEnumerable<JsonProperty> Members(JsonElement e, string name) =>
        Member(e, name) is { ValueKind: JsonValueKind.Object } v ? v.EnumerateObject() : [];

    private static IEnumerable<JsonElement> Items(JsonElement e, string name) =>
        Member(e, name) is { ValueKind: JsonValueKind.Array } v ? v.EnumerateArray() : [];

    private static List<string> Strings(JsonElement e, string name) =>
        Member(e, name) is { } v ? Strings(v) : [];

    private static List<string> Strings(JsonElement array) =>
        array.ValueKind == JsonValueKind.Array ? [.. array.EnumerateArray().Select(Scalar).OfType<string>()] : [];

    // A scalar as text: the build keeps numbers that are not integers ("2.0") as strings.
    private static string? Scalar(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => v.GetString(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.GetRawText(),
        _ => null,
    };

    private static string? Text(JsonElement e, string name) => Member(e, name) is { } v ? Scalar(v) : null;

    private static bool Flag(JsonElement e, string name) => Member(e, name) is { ValueKind: JsonValueKind.True };

    private static long? Whole(JsonElement e, string name) =>
        Text(e, name) is { } t && long.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : null;

    private static decimal? Amount(JsonElement e, string name) =>
        Text(e, name) is { } t && decimal.TryParse(t, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? d : null;

    private static LicenseMarkers Markers(JsonElement m) => new([.. Strings(m, "titles")], [.. Strings(m, "phrases")]);

    /// <summary>The `terms:` block of an AI license; absent keys mean the license has no such term.</summary>
    private static LicenseTerms Terms(JsonElement t) => new(
        Whole(t, "monthly_active_users"), Amount(t, "revenue_usd"), Flag(t, "use_restrictions"), Text(t, "acceptable_use_policy"),
        Flag(t, "aup_can_change"), Flag(t, "restrictions_flow_to_derivatives"), Flag(t, "remote_restriction"),
        Flag(t, "no_improving_other_models"), Text(t, "naming_rule"), Text(t, "attribution_display"), Flag(t, "non_commercial"),
        Flag(t, "research_only"), [.. Strings(t, "territorial_exclusions")], Flag(t, "osi_approved"), Text(t, "governing_law"),
        Text(t, "notes"));
}

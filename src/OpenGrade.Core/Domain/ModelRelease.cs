using OpenGrade.Core.Domain;
using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenGrade.Core.Domain;

/// <summary>Where a fact about a release was read from: a file position, a URL or a card line.</summary>
public sealed record SourceLocation(string Source, int Line = 0, int Column = 0)
{
    public override string ToString() => Line > 0 ? $"{Source}:{Line}:{Column}" : Source;
}

/// <summary>A license named for the whole release or for one content type, as the release states it.</summary>
public sealed record LicenseDeclaration(string? Name, string? Path);

/// <summary>
/// The release-wide licenses: one for the whole distribution and optionally one per content type.
/// </summary>
public sealed record GlobalLicenses(
    LicenseDeclaration? Distribution,
    LicenseDeclaration? Code,
    LicenseDeclaration? Data,
    LicenseDeclaration? Document)
{
    public static readonly GlobalLicenses None = new(null, null, null, null);

    public LicenseDeclaration? For(ContentType type) => type switch
    {
        ContentType.Code => Code,
        ContentType.Data => Data,
        ContentType.Document => Document,
        _ => null,
    };
}

/// <summary>
/// One component as a release lists it. <see cref="License"/> is null when the entry has no
/// license of its own (it then inherits a global license); an empty string or the sentinel
/// <c>unlicensed</c> means the producer declared it unlicensed.
/// </summary>
public sealed record ComponentEntry(
    string Name,
    string? Description,
    string? License,
    string? LicensePath,
    string? ComponentPath,
    SourceLocation? Location = null)
{
    /// <summary>
    /// Why nobody could tell the license, when the entry says <c>unlicensed</c> only for that reason (a
    /// component that lives elsewhere and whose place states no license or could not be read): MOF counts it
    /// unlicensed, as MOT's authors record a license they cannot find, while OSAID, the EU AI Act and flags
    /// treat its license as unknown, never as evidence against the release. Null for a declared license.
    /// </summary>
    public string? LicenseUnknown { get; init; }
}

/// <summary>Whether a component is part of a release: shown present, shown absent (proof needed), or not decidable from the source.</summary>
public enum Presence
{
    Present,
    Absent,
    Unknown,
}

/// <summary>
/// What a release's source says about one component it does not list: whether the source proves
/// it absent (a complete file list without it), why, and the license it would carry when the
/// source states one anyway (a Hub repository's declared license covers its weights even when no
/// file list shows them).
/// </summary>
public sealed record ComponentSilence(string Component, Presence Presence, string Reason, string? License = null, string? LicensePath = null);

/// <summary>
/// How to read a release's silence: the default reason for a component it does not list, and
/// the components the source says more about. A component not listed is <see cref="Presence.Unknown"/>
/// unless something shows it absent: unknown is not absent. A record that is an account of the
/// release (<see cref="SilenceIsAccount"/>: a MOT model file lists what its curator found) shows a
/// component absent by leaving it out, but only when it is substantial enough to be an account at
/// all: one that lists neither the parameters nor any code is too thin, and its silence stays unknown.
/// </summary>
public sealed record ReleaseCoverage(string DefaultReason, ImmutableArray<ComponentSilence> Components, bool SilenceIsAccount = false)
{
    /// <summary>A MOT model file: a component it does not list is not listed there.</summary>
    public static readonly ReleaseCoverage Record = new("not listed in this record", [], SilenceIsAccount: true);

    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) } };

    /// <summary>Compact JSON that <see cref="Parse"/> reads back (AI-BOM exports carry it).</summary>
    public string ToText() => JsonSerializer.Serialize(this, Json);

    /// <summary>The coverage written by <see cref="ToText"/>; null when the text is not one.</summary>
    public static ReleaseCoverage? Parse(string text)
    {
        try
        {
            return JsonSerializer.Deserialize<ReleaseCoverage>(text, Json) is { DefaultReason: not null, Components.IsDefault: false } c
                && c.Components.All(s => s is { Component: not null, Reason: not null }) ? c : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>What the source says about a component it does not list; <paramref name="substantial"/>: the list shows the parameters or some code.</summary>
    public ComponentSilence SilenceOn(string component, bool substantial) =>
        Components.FirstOrDefault(c => c.Component == component)
        ?? (SilenceIsAccount && substantial
            ? new ComponentSilence(component, Presence.Absent, DefaultReason)
            : new ComponentSilence(component, Presence.Unknown,
                SilenceIsAccount ? $"{DefaultReason}, which lists neither the parameters nor any code and so does not show what the release leaves out" : DefaultReason));
}

/// <summary>A model release as OpenGrade judges it: who made it and which components it ships under which licenses.</summary>
public sealed record ModelRelease(
    string Name,
    string? Version,
    string? Producer,
    string? Date,
    string? Type,
    string? Architecture,
    string? Repository,
    string? HuggingFace,
    GlobalLicenses Licenses,
    ImmutableArray<ComponentEntry> Components)
{
    /// <summary>How to read what the component list leaves out (a MOT file's silence by default).</summary>
    public ReleaseCoverage Coverage { get; init; } = ReleaseCoverage.Record;

    /// <summary>The models this release derives from, nearest first (empty when it names none or links were not followed).</summary>
    public ImmutableArray<Ancestor> Lineage { get; init; } = [];
}

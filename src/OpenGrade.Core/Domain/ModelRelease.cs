using System.Collections.Immutable;

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
    SourceLocation? Location = null);

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
    ImmutableArray<ComponentEntry> Components);

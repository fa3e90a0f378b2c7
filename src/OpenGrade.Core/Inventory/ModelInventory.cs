using System.Collections.Immutable;
using OpenGrade.Core.Domain;
using OpenGrade.Core.Frameworks;

namespace OpenGrade.Core.Inventory;

/// <summary>
/// One thing a rule saw that speaks for a component, with the license it implies when the
/// evidence itself says (a library's license, a dataset's license). Null license: the
/// repository's license for the component's content type applies.
/// </summary>
public sealed record Clue(
    string Component,
    Evidence Evidence,
    string? License = null,
    string? LicensePath = null,
    string? ComponentPath = null,
    bool InRepository = true)
{
    /// <summary>What following the clue's link learned, when it was followed: the license's basis and evidence come from it.</summary>
    public SettledLink? Link { get; init; }
}

/// <summary>
/// The inventory's verdict on one MOF component: present or not, how sure, under which license,
/// where it is, and every clue behind it. <see cref="LicenseBasis"/> says why that license (or,
/// for a component not found, why it is absent or unknown); <see cref="Referenced"/> when the
/// component lives outside the repository (a library, a dataset, a linked code repository).
/// </summary>
public sealed record ComponentFinding(
    MofComponent Component,
    Presence Presence,
    double Confidence,
    string? License,
    string? LicensePath,
    string? ComponentPath,
    string LicenseBasis,
    ImmutableArray<Evidence> Evidence,
    bool Referenced = false);

/// <summary>Card and license file name different licenses; the stricter one governs the assessment.</summary>
public sealed record LicenseConflict(
    string Scope,
    LicenseStatement Card,
    LicenseStatement File,
    string Governing,
    string Reason);

/// <summary>
/// The licenses of a release as the inventory settled them: what the card and each file say,
/// the license that governs each content type, and every disagreement.
/// </summary>
public sealed record LicensePicture(
    LicenseStatement? Card,
    ImmutableArray<LicenseStatement> Files,
    GoverningLicense? Distribution,
    GoverningLicense? Code,
    GoverningLicense? Weights,
    ImmutableArray<LicenseConflict> Conflicts)
{
    public static readonly LicensePicture None = new(null, [], null, null, null, []);

    /// <summary>The license that covers a component of this content type (weights: data; everything else: its type, then the distribution).</summary>
    public GoverningLicense? For(ContentType type) => type switch
    {
        ContentType.Code => Code ?? Distribution,
        ContentType.Data => Weights ?? Distribution,
        _ => Distribution,
    };
}

/// <summary>A license that governs some content, with the file or link that states it and where it was read.</summary>
public sealed record GoverningLicense(string License, string? Path, string From);

/// <summary>The inventory of one repository: every MOF component, the licenses, the signals and the release MOF evaluation reads.</summary>
public sealed record ModelInventory(
    RepositorySnapshot Snapshot,
    ImmutableArray<ComponentFinding> Components,
    LicensePicture Licenses,
    ReleaseSignals Signals,
    ModelRelease Release)
{
    public ComponentFinding? Find(string component) =>
        Components.FirstOrDefault(c => c.Component.Name == component);
}

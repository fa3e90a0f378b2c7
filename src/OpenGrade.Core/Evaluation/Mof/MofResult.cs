using System.Collections.Immutable;
using OpenGrade.Core.Domain;
using OpenGrade.Core.Frameworks;
using OpenGrade.Core.Licensing;

namespace OpenGrade.Core.Evaluation.Mof;

public enum ComponentStatus
{
    /// <summary>Present under an open license.</summary>
    Included,

    /// <summary>Not part of the release.</summary>
    Missing,

    /// <summary>Present, but its license is not an open license.</summary>
    Invalid,

    /// <summary>Present with no license at all (or declared unlicensed).</summary>
    Unlicensed,
}

/// <summary>Where a component's license came from, by MOT's order of precedence.</summary>
public enum LicenseSource
{
    None,
    Component,
    ContentTypeGlobal,
    Distribution,
}

/// <summary>
/// One MOF component as judged for a release. <see cref="Status"/> is MOT's (a component not
/// listed is <see cref="ComponentStatus.Missing"/>); <see cref="Presence"/> says whether that
/// absence is shown or merely not known, and <see cref="Silence"/> why, with any license the
/// source states for it anyway.
/// </summary>
public sealed record ComponentVerdict(
    MofComponent Component,
    bool Present,
    ComponentStatus Status,
    string? License,
    LicenseSource LicenseSource,
    bool? TypeAppropriate,
    LicenseReading? Reading,
    ComponentEntry? Entry)
{
    /// <summary>What the source says about the component when it does not list it; null when listed.</summary>
    public ComponentSilence? Silence { get; init; }

    public Presence Presence => Present ? Presence.Present : Silence?.Presence ?? Presence.Unknown;

    /// <summary>Why the component is absent or unknown ("not listed in this record", "not in the file list"); null when present.</summary>
    public string? PresenceReason => Present ? null : Silence?.Reason;

    /// <summary>The license a component not shown present is declared under, when the source says (the weights of a Hub repository).</summary>
    public string? DeclaredLicense => Present ? null : Silence?.License;
}

/// <summary>
/// The component lists MOT builds for one class (cumulative over the less open classes).
/// Optional components that are open go to <see cref="Optional"/>; invalid and unlicensed
/// lists mix required and optional components, as MOT's do.
/// </summary>
public sealed record ClassLists(
    int Class,
    ImmutableArray<MofComponent> Included,
    ImmutableArray<MofComponent> Missing,
    ImmutableArray<MofComponent> Invalid,
    ImmutableArray<MofComponent> Unlicensed,
    ImmutableArray<MofComponent> Optional);

/// <summary>Progress towards each class, 0-100, computed exactly as MOT does (a class scores 0 until every less open class is complete).</summary>
public sealed record ClassProgress(double Class1, double Class2, double Class3)
{
    public double For(int classNumber) => classNumber switch
    {
        1 => Class1,
        2 => Class2,
        3 => Class3,
        _ => throw new ArgumentOutOfRangeException(nameof(classNumber)),
    };

    /// <summary>MOT's total: the three values summed in MOT's order, then divided by three.</summary>
    public double Total => (((0 + Class3) + Class2) + Class1) / 3;
}

public enum GapKind
{
    Missing,
    NotOpen,
    Unlicensed,
}

/// <summary>One thing that stands between a release and a class, with the fix.</summary>
public sealed record MofGap(int Class, MofComponent Component, GapKind Kind, string? License, ImmutableArray<string> SuggestedLicenses, string Message);

/// <summary>A release judged against MOF: MOT's class and progress, and everything behind them.</summary>
public sealed record MofResult(
    MofFramework Framework,
    int Class,
    string ClassLabel,
    ClassProgress Progress,
    ImmutableArray<ComponentVerdict> Components,
    ImmutableArray<ClassLists> Lists,
    ImmutableArray<MofComponent> NotTypeAppropriate,
    bool ResearchPaperReplacesTechnicalReport,
    ImmutableArray<MofGap> NextClass,
    ImmutableArray<LicenseReading> Recognitions);

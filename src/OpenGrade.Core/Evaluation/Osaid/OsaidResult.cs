using System.Collections.Immutable;
using OpenGrade.Core.Domain;
using OpenGrade.Core.Frameworks;

namespace OpenGrade.Core.Evaluation.Osaid;

public enum OsaidVerdict
{
    Conformant,
    NotConformant,

    /// <summary>Nothing is known to fail, but something could not be checked (no license stated, an unknown license).</summary>
    InsufficientInformation,
}

/// <summary>One OSAID requirement (an element's component, or a freedom) as judged for a release, with why and on what evidence.</summary>
public sealed record OsaidRequirement(
    string Id,
    string Name,
    string Element,
    RequirementStatus Status,
    string Reason,
    ImmutableArray<Evidence> Evidence);

/// <summary>
/// A release judged against OSAID. <see cref="ComponentsComplete"/>: every component OSAID needs
/// is part of the release, so license terms alone decide the verdict (OSI's "would pass with
/// other license terms").
/// </summary>
public sealed record OsaidResult(
    OsaidFramework Framework,
    OsaidVerdict Verdict,
    string Reason,
    ImmutableArray<OsaidRequirement> Requirements,
    bool ComponentsComplete);

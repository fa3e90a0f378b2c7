using System.Collections.Immutable;

namespace OpenGrade.Core.Domain;

/// <summary>
/// One observation behind a judgement: what was seen (<see cref="Detail"/>), where
/// (a file path with line, a URL, or a card line), and how sure the reading is (0-1).
/// </summary>
public sealed record Evidence(string Kind, string Location, string Detail, double Confidence = 1.0);

/// <summary>A statement in the release's name or card that calls it open ("open source", "open weights"…).</summary>
public sealed record OpennessClaim(string Text, string Location);

/// <summary>A license the release states in one place (card metadata, a LICENSE file, a link), with where.</summary>
public sealed record LicenseStatement(string? License, string Location, string? Name = null, string? Link = null);

/// <summary>
/// Facts about a release beyond its MOF component list that later judgements need (flags, the
/// EU AI Act, OSAID): what it claims, what its card and files say about licenses, whether the
/// weights are gated, and its size. Empty when the source says nothing (a MOT model file).
/// </summary>
public sealed record ReleaseSignals(
    ImmutableArray<OpennessClaim> OpennessClaims,
    LicenseStatement? CardLicense,
    ImmutableArray<LicenseStatement> LicenseFiles,
    bool? Gated,
    long? ParameterCount,
    long? TrainingTokens,
    double? ReportedTrainingFlops,
    ImmutableArray<Evidence> Evidence)
{
    public static readonly ReleaseSignals Empty = new([], null, [], null, null, null, null, []);
}

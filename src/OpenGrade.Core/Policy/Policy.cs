using System.Collections.Immutable;
using OpenGrade.Core.Domain;
using OpenGrade.Core.Evaluation.Osaid;
using OpenGrade.Core.Frameworks;
using OpenGrade.Core.Licensing;

using OpenGrade.Core.Text;

namespace OpenGrade.Core.Policy;

/// <summary>
/// An organisation's rules for the model releases it accepts (docs/policy.md). Every rule is
/// optional; each remembers where it was written so that a violation can point at it.
/// </summary>
public sealed record Policy(
    string Source,
    string? Name,
    MofRule? Mof,
    OsaidRule? Osaid,
    LicenseRule? Licenses,
    RestrictionRule? Restrictions,
    ComponentRule? Components)
{
    public int RuleCount =>
        (Mof is null ? 0 : 1) + (Osaid is null ? 0 : 1) + (Licenses?.Allowed is null ? 0 : 1)
        + (Licenses is null || Licenses.Denied.IsEmpty ? 0 : 1) + (Restrictions is null ? 0 : 1) + (Components is null ? 0 : 1);
}

/// <summary>The least open MOF class accepted (3 = Class III ... 1 = Class I), on OpenGrade's reading or MOT's exact one.</summary>
public sealed record MofRule(int MinimumClass, bool MotReading, SourceLocation Location);

/// <summary>The OSAID verdicts accepted.</summary>
public sealed record OsaidRule(ImmutableArray<OsaidVerdict> Accepted, SourceLocation Location);

/// <summary>
/// Licenses accepted and refused, as license ids. <see cref="Allowed"/> null: any license not
/// denied is accepted; otherwise every released component needs an allowed license.
/// </summary>
public sealed record LicenseRule(
    ImmutableArray<string>? Allowed,
    SourceLocation? AllowedLocation,
    ImmutableArray<string> Denied,
    SourceLocation? DeniedLocation);

/// <summary>License restriction kinds refused on any released component.</summary>
public sealed record RestrictionRule(ImmutableArray<RestrictionKind> Denied, SourceLocation Location);

/// <summary>MOF components the release must include.</summary>
public sealed record ComponentRule(ImmutableArray<MofComponent> Required, SourceLocation Location);

/// <summary>One rule a release breaks: which rule (e.g. <c>mof.minimum_class</c>), where the policy states it, and why.</summary>
public sealed record PolicyViolation(string Rule, string Message, SourceLocation RuleLocation);

/// <summary>A release checked against a policy: passed when there is no violation.</summary>
public sealed record PolicyOutcome(Policy Policy, ImmutableArray<PolicyViolation> Violations)
{
    public bool Passed => Violations.IsEmpty;
}

/// <summary>A policy file that cannot be used, with the position of the problem.</summary>
/// <remarks>The message is one line: control characters the problem quotes from the file are shown escaped.</remarks>
public sealed class PolicyException(string source, int line, int column, string problem)
    : Exception(line > 0 ? $"{source}:{line}:{column}: {TerminalText.OneLine(problem)}" : $"{source}: {TerminalText.OneLine(problem)}")
{
    public string PolicyFile { get; } = source;
    public int Line { get; } = line;
    public string Problem { get; } = problem;
}

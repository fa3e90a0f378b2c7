using System.Collections.Immutable;
using OpenGrade.Core.Domain;
using OpenGrade.Core.Frameworks;

namespace OpenGrade.Core.Evaluation.EuAiAct;

public enum EuAiActVerdict
{
    LikelyExempt,
    NotExempt,
    Unknown,
}

/// <summary>One condition of the exemption as judged for a release.</summary>
public sealed record EuAiActCondition(string Id, string Name, RequirementStatus Status, string Reason, ImmutableArray<Evidence> Evidence);

/// <summary>
/// Whether the AI Act's open-source exemption is likely to apply. Information, not legal advice:
/// <see cref="Disclaimer"/> goes with every rendering. <see cref="EstimatedTrainingFlops"/> is null
/// when neither a reported figure nor parameter and token counts are known.
/// </summary>
public sealed record EuAiActResult(
    EuAiActRules Rules,
    EuAiActVerdict Verdict,
    string Reason,
    ImmutableArray<EuAiActCondition> Conditions,
    double? EstimatedTrainingFlops,
    ImmutableArray<string> Notes)
{
    public string Disclaimer => Rules.Disclaimer;
}

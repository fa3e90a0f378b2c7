using OpenGrade.Core.Evaluation.EuAiAct;
using OpenGrade.Core.Evaluation.Osaid;

namespace OpenGrade.Core.Evaluation;

/// <summary>The words for judgement outcomes that reports and policies share; JSON values are part of the CLI contract.</summary>
public static class JudgementKeys
{
    public static string Key(this OsaidVerdict verdict) => verdict switch
    {
        OsaidVerdict.Conformant => "conformant",
        OsaidVerdict.NotConformant => "not-conformant",
        _ => "insufficient-information",
    };

    public static string Key(this EuAiActVerdict verdict) => verdict switch
    {
        EuAiActVerdict.LikelyExempt => "likely-exempt",
        EuAiActVerdict.NotExempt => "not-exempt",
        _ => "unknown",
    };

    public static string Key(this RequirementStatus status) => status switch
    {
        RequirementStatus.Met => "met",
        RequirementStatus.NotMet => "not-met",
        _ => "unknown",
    };

    public static bool TryParseOsaidVerdict(string key, out OsaidVerdict verdict)
    {
        foreach (var v in Enum.GetValues<OsaidVerdict>())
        {
            if (v.Key() != key) continue;
            verdict = v;
            return true;
        }
        verdict = default;
        return false;
    }
}

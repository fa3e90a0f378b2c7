namespace OpenGrade.Core.Evaluation;

/// <summary>How one requirement or condition of a judgement stands: the same three answers for OSAID and the EU AI Act.</summary>
public enum RequirementStatus
{
    Met,
    NotMet,

    /// <summary>The release data does not say enough to decide.</summary>
    Unknown,
}

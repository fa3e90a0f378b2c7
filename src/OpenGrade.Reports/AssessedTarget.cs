using OpenGrade.Core.Evaluation;

namespace OpenGrade.Reports;

/// <summary>What one target on the command line became: an assessment, or the reason it could not be assessed.</summary>
public sealed record AssessedTarget(string Target, Assessment? Assessment, string? Error)
{
    public static AssessedTarget Ok(string target, Assessment assessment) => new(target, assessment, null);

    public static AssessedTarget Failed(string target, string error) => new(target, null, error);
}

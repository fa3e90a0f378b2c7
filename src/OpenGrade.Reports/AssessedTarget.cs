using OpenGrade.Core.Evaluation;
using OpenGrade.Core.Inventory;

namespace OpenGrade.Reports;

/// <summary>
/// What one target on the command line became: an assessment, or the reason it could not be
/// assessed. <see cref="Inventory"/> is set when the release was inventoried from a repository.
/// </summary>
public sealed record AssessedTarget(string Target, Assessment? Assessment, string? Error, ModelInventory? Inventory = null)
{
    public static AssessedTarget Ok(string target, Assessment assessment, ModelInventory? inventory = null) => new(target, assessment, null, inventory);

    public static AssessedTarget Failed(string target, string error) => new(target, null, error);
}

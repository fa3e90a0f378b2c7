using System.Collections.Immutable;
using OpenGrade.Core.Domain;

namespace OpenGrade.Core.Tests.Evaluation;

/// <summary>Small releases built in code, for rule-by-rule tests.</summary>
internal static class Releases
{
    public static readonly string[] ClassThree =
        ["Model architecture", "Model parameters (Final)", "Evaluation results", "Model card", "Data card", "Technical report"];

    public static readonly string[] ClassTwoAdds = ["Training code", "Inference code", "Evaluation code", "Evaluation data"];

    public static readonly string[] ClassOneAdds = ["Datasets", "Data preprocessing code", "Model parameters (Intermediate)", "Research paper"];

    /// <summary>A release whose components inherit <paramref name="distribution"/> unless a license is given per component.</summary>
    public static ModelRelease With(string? distribution, IEnumerable<string> components, IReadOnlyDictionary<string, string>? licenses = null, GlobalLicenses? globals = null) =>
        new("Test", "1", "Lab", null, null, null, null, null,
            globals ?? new GlobalLicenses(distribution is null ? null : new LicenseDeclaration(distribution, null), null, null, null),
            [.. components.Select(c => new ComponentEntry(c, null, licenses?.GetValueOrDefault(c), null, null))]);
}

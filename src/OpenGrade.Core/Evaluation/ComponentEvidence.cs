using OpenGrade.Core.Domain;
using OpenGrade.Core.Evaluation.Mof;

namespace OpenGrade.Core.Evaluation;

/// <summary>Evidence that points at a component's entry in the release (file:line:column when the source has positions).</summary>
internal static class ComponentEvidence
{
    public static Evidence Of(ComponentVerdict v, string detail, double confidence = 1.0) =>
        new("component", v.Entry?.Location?.ToString() ?? v.Component.Name, detail, confidence);
}

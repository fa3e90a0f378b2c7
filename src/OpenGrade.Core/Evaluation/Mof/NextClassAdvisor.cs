using System.Collections.Immutable;
using OpenGrade.Core.Domain;
using OpenGrade.Core.Frameworks;
using OpenGrade.Core.Licensing;

namespace OpenGrade.Core.Evaluation.Mof;

/// <summary>
/// Says, for every class a release has not reached, exactly which components stand in the way
/// and which licenses would fix each one. This is what MOT leaves the user to work out.
/// </summary>
internal static class NextClassAdvisor
{
    public static ImmutableArray<MofGap> Gaps(
        MofFramework framework,
        LicenseCatalog catalog,
        int achieved,
        IReadOnlyDictionary<int, ComponentVerdict> byId)
    {
        var gaps = ImmutableArray.CreateBuilder<MofGap>();
        var unreached = framework.Classes.Select(c => c.Number).Where(n => achieved == 0 || n < achieved);
        foreach (var classNumber in unreached)
        {
            // Only what this class adds: the less open classes list their own gaps.
            foreach (var component in framework.RequiredIn(classNumber))
            {
                var verdict = byId[component.Id];
                if (verdict.Status == ComponentStatus.Included) continue;
                if (IsCoveredBySubstitute(framework, component, byId)) continue;
                gaps.Add(GapFor(classNumber, verdict, catalog, framework));
            }
        }
        return gaps.ToImmutable();
    }

    /// <summary>A technical report that is missing is no gap while an open research paper stands in for it.</summary>
    private static bool IsCoveredBySubstitute(MofFramework framework, MofComponent component, IReadOnlyDictionary<int, ComponentVerdict> byId) =>
        framework.Substitutions.Any(s => s.Component == component && byId[s.Replacement.Id].Status == ComponentStatus.Included);

    private static MofGap GapFor(int classNumber, ComponentVerdict verdict, LicenseCatalog catalog, MofFramework framework)
    {
        var component = verdict.Component;
        var suggested = catalog.SuggestedFor(component.ContentType).ToImmutableArray();
        var fix = suggested.IsEmpty ? "an open license" : $"an open {component.ContentType.ToKey()} license such as {string.Join(", ", suggested.Take(3))}";
        var alternative = framework.Substitutions.FirstOrDefault(s => s.Component == component);
        var orAlternative = alternative is null ? "" : $" (or an openly licensed {alternative.Replacement.Name})";
        return verdict.Status switch
        {
            ComponentStatus.Missing => new MofGap(classNumber, component, GapKind.Missing, null, suggested,
                $"publish the {component.Name}{orAlternative} under {fix}"),
            ComponentStatus.Unlicensed when verdict.Entry?.LicenseUnknown is not null => new MofGap(classNumber, component, GapKind.Unlicensed, null, suggested,
                $"the {component.Name} lives elsewhere and its license could not be told: state it, or release it under {fix}"),
            ComponentStatus.Unlicensed => new MofGap(classNumber, component, GapKind.Unlicensed, null, suggested,
                $"the {component.Name} has no license: release it under {fix}"),
            _ => new MofGap(classNumber, component, GapKind.NotOpen, verdict.License, suggested,
                $"the {component.Name} is under '{verdict.License}', which is not an open license: relicense it under {fix}"),
        };
    }
}

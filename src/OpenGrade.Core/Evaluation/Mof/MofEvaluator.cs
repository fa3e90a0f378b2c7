using System.Collections.Immutable;
using OpenGrade.Core.Domain;
using OpenGrade.Core.Frameworks;
using OpenGrade.Core.Inventory.Rules;
using OpenGrade.Core.Licensing;

namespace OpenGrade.Core.Evaluation.Mof;

/// <summary>A component name the framework does not define; MOT would silently file it under another component.</summary>
public sealed class UnknownComponentException(ComponentEntry entry, string? suggestion)
    : Exception($"unknown MOF component '{entry.Name}'" + (suggestion is null ? "" : $" (did you mean '{suggestion}'?)"))
{
    public ComponentEntry Entry { get; } = entry;
}

/// <summary>
/// Judges a release against MOF exactly as the Model Openness Tool does: license resolution,
/// per-class lists, the research-paper-for-technical-report rule, progress and class.
/// The license judge decides what "open" means: <see cref="ExactIdJudge"/> for MOT's answer,
/// <see cref="RecognisingJudge"/> for OpenGrade's reading of the same release.
/// </summary>
public sealed class MofEvaluator(MofFramework framework, LicenseCatalog catalog, ILicenseJudge judge)
{
    /// <summary>The sentinel MOT stores for a component declared unlicensed.</summary>
    public const string UnlicensedSentinel = "unlicensed";

    public MofResult Evaluate(ModelRelease release)
    {
        var entries = IndexEntries(release);
        // A list that shows the final parameters or any code is an account of the release; less is too thin to read silence from.
        var substantial = entries.Values.Select(e => framework.Find(e.Name)!).Any(c => c.ContentType == ContentType.Code || c.Name == Components.FinalParameters);
        var verdicts = framework.Components.Select(c => Judge(c, entries.GetValueOrDefault(c.Id), release, substantial)).ToImmutableArray();
        var byId = verdicts.ToDictionary(v => v.Component.Id);

        var substitution = ActiveSubstitution(byId);
        var lists = framework.Classes.Select(c => BuildLists(c.Number, byId, substitution)).ToImmutableArray();
        var progress = ComputeProgress(lists, byId);
        var achieved = framework.Classes.Select(c => c.Number).Where(n => progress.For(n) == 100.0).DefaultIfEmpty(0).Min();

        var notTypeAppropriate = lists
            .SelectMany(l => l.Included.Concat(l.Optional))
            .Where(c => byId[c.Id].TypeAppropriate == false)
            .Distinct()
            .ToImmutableArray();
        var recognitions = verdicts
            .Where(v => v.Reading is { Kind: ReadingKind.Recognised or ReadingKind.Unknown })
            .Select(v => v.Reading!)
            .DistinctBy(r => r.Text)
            .ToImmutableArray();

        return new MofResult(framework, achieved, framework.LabelOf(achieved), progress, verdicts, lists,
            notTypeAppropriate, substitution is not null, NextClassAdvisor.Gaps(framework, catalog, achieved, byId),
            recognitions);
    }

    private Dictionary<int, ComponentEntry> IndexEntries(ModelRelease release)
    {
        var entries = new Dictionary<int, ComponentEntry>();
        foreach (var entry in release.Components)
        {
            var component = framework.Find(entry.Name)
                ?? throw new UnknownComponentException(entry, framework.FindIgnoringCase(entry.Name)?.Name);
            entries[component.Id] = entry; // MOT keeps the last entry of a repeated component.
        }
        return entries;
    }

    private ComponentVerdict Judge(MofComponent component, ComponentEntry? entry, ModelRelease release, bool substantial)
    {
        // MOT counts a component not listed as missing; the silence says whether that is shown or merely not known.
        if (entry is null)
        {
            return new(component, false, ComponentStatus.Missing, null, LicenseSource.None, null, null, null)
            {
                Silence = release.Coverage.SilenceOn(component.Name, substantial),
            };
        }
        var globals = release.Licenses;

        var (license, source) = Resolve(component, entry, globals);
        if (license is null || license == UnlicensedSentinel)
        {
            return new(component, true, ComponentStatus.Unlicensed, null, source, null, null, entry);
        }
        var judgement = judge.Judge(license, component.ContentType);
        return judgement.IsOpen
            ? new(component, true, ComponentStatus.Included, judgement.License, source, judgement.IsTypeAppropriate, judgement.Reading, entry)
            : new(component, true, ComponentStatus.Invalid, license, source, null, judgement.Reading, entry);
    }

    /// <summary>
    /// MOT's precedence: the component's own license (an empty one or the sentinel blocks any
    /// fallback), then the global license of the component's content type, then the
    /// distribution license.
    /// </summary>
    private static (string? License, LicenseSource Source) Resolve(MofComponent component, ComponentEntry entry, GlobalLicenses globals)
    {
        if (entry.License is not null)
        {
            return entry.License.Length == 0 || entry.License == UnlicensedSentinel
                ? (null, LicenseSource.Component)
                : (entry.License, LicenseSource.Component);
        }
        var typed = globals.For(component.ContentType)?.Name;
        if (!string.IsNullOrEmpty(typed)) return (typed, LicenseSource.ContentTypeGlobal);
        var distribution = globals.Distribution?.Name;
        if (!string.IsNullOrEmpty(distribution)) return (distribution, LicenseSource.Distribution);
        return (null, LicenseSource.None);
    }

    /// <summary>
    /// The substitution in force, if any: the technical report is not open and included, and the
    /// research paper is present (whatever its status).
    /// </summary>
    private MofSubstitution? ActiveSubstitution(Dictionary<int, ComponentVerdict> byId) =>
        framework.Substitutions.FirstOrDefault(s =>
            byId[s.Component.Id].Status != ComponentStatus.Included && byId[s.Replacement.Id].Present);

    private ClassLists BuildLists(int classNumber, Dictionary<int, ComponentVerdict> byId, MofSubstitution? substitution)
    {
        var classes = framework.ClassesUpTo(classNumber).ToList();
        var required = classes.SelectMany(framework.RequiredIn).ToList();
        var optional = classes.SelectMany(framework.OptionalIn).ToList();
        var included = new List<MofComponent>();
        var missing = new List<MofComponent>();
        var invalid = new List<MofComponent>();
        var unlicensed = new List<MofComponent>();
        var openOptional = new List<MofComponent>();

        void File(MofComponent c, List<MofComponent> openList)
        {
            switch (byId[c.Id].Status)
            {
                case ComponentStatus.Included: openList.Add(c); break;
                case ComponentStatus.Missing: missing.Add(c); break;
                case ComponentStatus.Invalid: invalid.Add(c); break;
                case ComponentStatus.Unlicensed: unlicensed.Add(c); break;
            }
        }

        foreach (var c in required) File(c, included);
        foreach (var c in optional.Where(c => byId[c.Id].Present)) File(c, openOptional);

        if (substitution is not null)
        {
            missing.Remove(substitution.Component);
            // The replacement counts in the classes that do not require it themselves, with its own status.
            if (!required.Contains(substitution.Replacement)) File(substitution.Replacement, included);
        }
        return new ClassLists(classNumber, [.. included], [.. missing], [.. invalid], [.. unlicensed], [.. openOptional]);
    }

    private ClassProgress ComputeProgress(ImmutableArray<ClassLists> lists, Dictionary<int, ComponentVerdict> byId)
    {
        var values = new Dictionary<int, double>();
        foreach (var target in framework.Classes.Select(c => c.Number))
        {
            var total = 0;
            var included = 0;
            var stoppedAbove = false;
            foreach (var step in framework.ClassesUpTo(target))
            {
                total += framework.RequiredIn(step).Count();
                included = lists.First(l => l.Class == step).Included.Length;
                if (step == target) total -= ReplacedInMostOpenClass(step, byId);
                if (included < total)
                {
                    stoppedAbove = step != target;
                    break;
                }
            }
            values[target] = stoppedAbove ? 0 : Math.Min(100.0, (double)included / total * 100);
        }
        return new ClassProgress(values.GetValueOrDefault(1), values.GetValueOrDefault(2), values.GetValueOrDefault(3));
    }

    /// <summary>
    /// In the class that requires the replacement itself, a substituted component is not counted
    /// twice: the required total drops by one when the replacement is included and the original is not.
    /// </summary>
    private int ReplacedInMostOpenClass(int classNumber, Dictionary<int, ComponentVerdict> byId) =>
        framework.Substitutions.Count(s =>
            s.Replacement.Class == classNumber
            && byId[s.Component.Id].Status != ComponentStatus.Included
            && byId[s.Replacement.Id].Status == ComponentStatus.Included);
}

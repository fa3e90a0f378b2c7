using System.Collections.Immutable;
using OpenGrade.Core.Domain;
using OpenGrade.Core.Evaluation.Mof;
using OpenGrade.Core.Frameworks;
using OpenGrade.Core.Licensing;

namespace OpenGrade.Core.Evaluation.Osaid;

/// <summary>
/// Judges a release against the Open Source AI Definition from OpenGrade's reading of its MOF
/// components (presence and license ids) and the restriction facts of those licenses. Pure.
/// </summary>
public sealed class OsaidEvaluator(OsaidFramework framework, LicenseFactsReader licenses)
{
    public const string FreedomsElement = "Freedoms";

    public OsaidResult Evaluate(MofResult recognised, ImmutableArray<Ancestor> lineage = default)
    {
        var byId = recognised.Components.ToDictionary(v => v.Component.Id);
        var ancestors = Inherited.Known(lineage, licenses);
        var checks = framework.Requirements.Select(r => Inherit(r, Check(r, byId), ancestors)).ToList();
        var counted = checks.SelectMany(c => c.Counted).DistinctBy(v => v.Component.Id).ToList();
        var requirements = checks.Select(c => c.Requirement)
            .Concat(framework.Freedoms.Select(f => CheckFreedom(f, counted, ancestors)))
            .ToImmutableArray();

        var notMet = requirements.Where(r => r.Status == RequirementStatus.NotMet).ToList();
        var unknown = requirements.Where(r => r.Status == RequirementStatus.Unknown).ToList();
        var (verdict, reason) = notMet.Count > 0
            ? (OsaidVerdict.NotConformant, "not met: " + Summarise(notMet))
            : unknown.Count > 0
                ? (OsaidVerdict.InsufficientInformation, "cannot be checked: " + Summarise(unknown))
                : (OsaidVerdict.Conformant, "every OSAID requirement is met");
        return new OsaidResult(framework, verdict, reason, requirements, checks.All(c => c.ComponentsPresent));
    }

    /// <summary>
    /// Weights derived from a base model stay bound by the base's license: the parameters
    /// requirement fails when an ancestor's license is not open terms, whatever the derivative declares.
    /// </summary>
    private static RequirementCheck Inherit(OsaidRequirementDefinition d, RequirementCheck check, IReadOnlyList<Inherited> ancestors)
    {
        if (!d.Components.Any(c => c.Name == Inherited.WeightsComponent)) return check;
        var binding = ancestors.Where(a => a.Binds).ToList();
        if (binding.Count == 0) return check;
        var why = string.Join("; ", binding.Select(a => $"the weights derive ({a.Ancestor.Relation}) from {a.Ancestor.Id}, under {a.Ancestor.License}: not OSI-approved or open terms, and they bind derivatives"));
        var reason = check.Requirement.Status == RequirementStatus.NotMet ? $"{check.Requirement.Reason}; {why}" : why;
        return check with
        {
            Requirement = check.Requirement with
            {
                Status = RequirementStatus.NotMet,
                Reason = reason,
                Evidence = [.. check.Requirement.Evidence, .. binding.Select(a => a.Evidence)],
            },
        };
    }

    private static string Summarise(IEnumerable<OsaidRequirement> requirements) =>
        string.Join("; ", requirements.Select(r => $"{r.Name.ToLowerInvariant()} ({r.Reason})"));

    /// <summary>What one element requirement concluded, which components it relied on, and whether they were all there.</summary>
    private sealed record RequirementCheck(OsaidRequirement Requirement, IReadOnlyList<ComponentVerdict> Counted, bool ComponentsPresent);

    private enum Standing { Absent, Ok, NotOk, Unknown }

    private sealed record ComponentStanding(ComponentVerdict Verdict, Standing Standing, string Detail);

    private RequirementCheck Check(OsaidRequirementDefinition definition, Dictionary<int, ComponentVerdict> byId)
    {
        var standings = definition.Components.Select(c => Stand(byId[c.Id], definition.Terms)).ToList();
        return definition.AnyOf ? CheckAnyOf(definition, standings) : CheckAllOf(definition, standings);
    }

    private static OsaidRequirement Requirement(OsaidRequirementDefinition d, RequirementStatus status, string reason, IEnumerable<ComponentStanding> shown) =>
        new(d.Id, d.Name, d.Element, status, reason, [.. shown.Select(s => ComponentEvidence.Of(s.Verdict, s.Detail))]);

    /// <summary>One listed component with the right terms suffices; the first listed is the primary evidence (the datasets).</summary>
    private static RequirementCheck CheckAnyOf(OsaidRequirementDefinition d, List<ComponentStanding> standings)
    {
        var ok = standings.FirstOrDefault(s => s.Standing == Standing.Ok);
        if (ok is not null)
        {
            var primary = ok.Verdict.Component == d.Components[0];
            // Documentation standing in for the data is OSI's own reading, but how complete it is
            // stays a judgement call: the reason says so and the evidence has a lower confidence.
            var reason = primary
                ? $"{ok.Verdict.Component.Name} released: {ok.Detail}"
                : $"described in the {ok.Verdict.Component.Name} ({ok.Detail}); whether it describes all training data fully is a judgement OSAID leaves to reviewers";
            var requirement = new OsaidRequirement(d.Id, d.Name, d.Element, RequirementStatus.Met, reason,
                [ComponentEvidence.Of(ok.Verdict, ok.Detail, primary ? 1.0 : 0.6)]);
            return new(requirement, [ok.Verdict], true);
        }
        var present = standings.Where(s => s.Standing != Standing.Absent).ToList();
        var counted = present.Select(s => s.Verdict).ToList();
        if (present.Count == 0)
        {
            return new(Requirement(d, RequirementStatus.NotMet, $"none released of {string.Join(", ", d.Components.Select(c => c.Name))}: {Describe(standings)}", standings), [], false);
        }
        // Only a component whose terms are shown to fail makes this a "no"; one not known makes it unknown.
        var unknown = present.Where(s => s.Standing == Standing.Unknown).ToList();
        return unknown.Count > 0
            ? new(Requirement(d, RequirementStatus.Unknown, Describe(unknown), present), counted, counted.All(v => v.Present))
            : new(Requirement(d, RequirementStatus.NotMet, Describe(present), present), counted, counted.All(v => v.Present));
    }

    /// <summary>Every listed component is needed, unless the requirement applies only where used and none is listed.</summary>
    private static RequirementCheck CheckAllOf(OsaidRequirementDefinition d, List<ComponentStanding> standings)
    {
        var present = standings.Where(s => s.Standing != Standing.Absent).ToList();
        var absent = standings.Where(s => s.Standing == Standing.Absent).ToList();
        var counted = present.Select(s => s.Verdict).ToList();
        if (d.WhereUsed && standings.All(s => !s.Verdict.Present))
        {
            return new(Requirement(d, RequirementStatus.Met,
                "not listed: OSAID asks for them only where used and MOF leaves them optional, so their absence does not show they were withheld", []),
                counted, true);
        }
        var notOk = present.Where(s => s.Standing == Standing.NotOk).ToList();
        var shownPresent = standings.All(s => s.Verdict.Present);
        if (absent.Count > 0 || notOk.Count > 0)
        {
            var parts = absent.Concat(notOk).Select(s => s.Detail);
            return new(Requirement(d, RequirementStatus.NotMet, string.Join("; ", parts), present), counted, shownPresent);
        }
        var unknown = present.Where(s => s.Standing == Standing.Unknown).ToList();
        return unknown.Count > 0
            ? new(Requirement(d, RequirementStatus.Unknown, Describe(unknown), present), counted, shownPresent)
            : new(Requirement(d, RequirementStatus.Met, Describe(present), present), counted, true);
    }

    private static string Describe(IEnumerable<ComponentStanding> standings) => string.Join("; ", standings.Select(s => s.Detail));

    private ComponentStanding Stand(ComponentVerdict v, TermsRule rule)
    {
        var name = v.Component.Name;
        var license = LicenseFactsReader.LicenseOf(v);
        if (!v.Present)
        {
            if (v.Presence == Presence.Absent) return new(v, Standing.Absent, $"{name}: {v.PresenceReason}");
            // Not shown, but a license stated for it can still show the terms fail: that is evidence of "no".
            var judged = license is null ? null : StandOnTerms(v, rule, license, $"{name} ({v.PresenceReason})");
            return judged is { Standing: Standing.NotOk }
                ? judged
                : new(v, Standing.Unknown, license is null
                    ? $"{name}: {v.PresenceReason}"
                    : $"{name}: {v.PresenceReason}; declared under {license}");
        }
        if (license is null) return new(v, Standing.Unknown, $"{name} has no license stated");
        return StandOnTerms(v, rule, license, name);
    }

    private ComponentStanding StandOnTerms(ComponentVerdict v, TermsRule rule, string license, string name)
    {
        var facts = licenses.Read(license);
        var written = v.Reading is { Kind: ReadingKind.Recognised } r ? $"'{r.Text}' read as {license}" : license;
        return rule switch
        {
            TermsRule.OsiApproved when facts.OsiApproved => new(v, Standing.Ok, $"{name} under {written}, OSI-approved"),
            TermsRule.OpenTerms when facts.Open => new(v, Standing.Ok, $"{name} under {written}, open terms"),
            _ when !facts.Recognised => new(v, Standing.Unknown, $"{name} under '{license}', a license OpenGrade does not know"),
            TermsRule.OsiApproved when facts.Open => new(v, Standing.NotOk, $"{name} under {written}: open, but not an OSI-approved license, which OSAID asks of code"),
            TermsRule.OsiApproved => new(v, Standing.NotOk, $"{name} under {written}: not an OSI-approved license"),
            _ => new(v, Standing.NotOk, $"{name} under {written}: not OSI-approved or open terms"),
        };
    }

    private OsaidRequirement CheckFreedom(OsaidFreedom freedom, IReadOnlyList<ComponentVerdict> counted, IReadOnlyList<Inherited> ancestors)
    {
        var id = $"freedom-{freedom.Id}";
        var name = $"Freedom to {freedom.Name.ToLowerInvariant()}";
        if (freedom.BrokenBy.IsEmpty)
        {
            return new OsaidRequirement(id, name, FreedomsElement, RequirementStatus.Met,
                "no license term OpenGrade records restricts it; access to the preferred form is checked by the elements", []);
        }
        var broken = new List<string>();
        var unknown = new List<string>();
        var evidence = ImmutableArray.CreateBuilder<Evidence>();
        // A component with no license stated is already "unknown" under its element; the freedoms
        // look only at the terms that are stated.
        var licensed = counted.Where(v => LicenseFactsReader.LicenseOf(v) is not null).ToList();
        foreach (var group in licensed.GroupBy(v => LicenseFactsReader.LicenseOf(v)!))
        {
            var names = string.Join(", ", group.Select(v => v.Component.Name));
            var facts = licenses.Read(group.Key);
            if (facts.Restrictions is not { } restrictions)
            {
                unknown.AddRange(facts.Unknowns);
                continue;
            }
            var hits = restrictions.Intersect(freedom.BrokenBy).ToList();
            if (hits.Count == 0) continue;
            broken.Add($"{group.Key} ({names}) carries {string.Join(", ", hits.Select(h => h.Key()))}");
            evidence.Add(new Evidence("license-terms", group.Key, $"{string.Join(", ", hits.Select(h => h.Key()))} on {names}"));
        }
        // A base model's restrictions are the derivative's own: its weights are used under them.
        foreach (var a in ancestors)
        {
            var hits = (a.Facts.Restrictions ?? []).Intersect(freedom.BrokenBy).ToList();
            if (hits.Count == 0) continue;
            broken.Add($"{a.Ancestor.License} (inherited from {a.Ancestor.Id}, {a.Ancestor.Relation}) carries {string.Join(", ", hits.Select(h => h.Key()))}");
            evidence.Add(a.Evidence);
        }
        var (status, reason) = broken.Count > 0
            ? (RequirementStatus.NotMet, string.Join("; ", broken))
            : licensed.Count == 0
                ? (RequirementStatus.Unknown, "no component states a license to check")
                : unknown.Count > 0
                    ? (RequirementStatus.Unknown, string.Join("; ", unknown.Distinct()))
                    : (RequirementStatus.Met, "no license on the required components restricts it");
        return new OsaidRequirement(id, name, FreedomsElement, status, reason, evidence.ToImmutable());
    }
}

using System.Collections.Immutable;
using OpenGrade.Core.Evaluation;
using OpenGrade.Core.Evaluation.Mof;
using OpenGrade.Core.Evaluation.Osaid;
using OpenGrade.Core.Licensing;

namespace OpenGrade.Core.Policy;

/// <summary>Checks an assessed release against a policy. Pure: every violation says which rule and why.</summary>
public sealed class PolicyEvaluator(LicenseFactsReader licenses)
{
    public PolicyOutcome Evaluate(Policy policy, Assessment assessment)
    {
        var violations = new List<PolicyViolation>();
        if (policy.Mof is { } mof) violations.AddRange(CheckMof(mof, assessment));
        if (policy.Osaid is { } osaid) violations.AddRange(CheckOsaid(osaid, assessment));
        if (policy.Licenses is { } lic) violations.AddRange(CheckLicenses(lic, assessment.MofRecognised));
        if (policy.Restrictions is { } restrictions) violations.AddRange(CheckRestrictions(restrictions, assessment.MofRecognised));
        if (policy.Components is { } components) violations.AddRange(CheckComponents(components, assessment.MofRecognised));
        return new PolicyOutcome(policy, [.. violations]);
    }

    private static IEnumerable<PolicyViolation> CheckMof(MofRule rule, Assessment a)
    {
        var result = rule.MotReading ? a.Mof : a.MofRecognised;
        // Class numbers run the other way round: 1 is the most open, 0 means no class.
        if (result.Class != 0 && result.Class <= rule.MinimumClass) yield break;
        var reading = rule.MotReading ? "as MOT computes it" : "on OpenGrade's reading";
        yield return new("mof.minimum_class",
            $"MOF class is {result.ClassLabel} ({reading}); the policy asks for {result.Framework.LabelOf(rule.MinimumClass)} or more open",
            rule.Location);
    }

    private static IEnumerable<PolicyViolation> CheckOsaid(OsaidRule rule, Assessment a)
    {
        if (a.Osaid is not { } osaid)
        {
            yield return new("osaid.required_verdict", "the release was not judged against OSAID", rule.Location);
            yield break;
        }
        if (rule.Accepted.Contains(osaid.Verdict)) yield break;
        yield return new("osaid.required_verdict",
            $"OSAID verdict is {osaid.Verdict.Key()} ({osaid.Reason}); the policy accepts {string.Join(" or ", rule.Accepted.Select(v => v.Key()))}",
            rule.Location);
    }

    /// <summary>The released components grouped by the license they are judged under (null: no license stated).</summary>
    private static IEnumerable<(string? License, string Components)> LicensedGroups(MofResult result) =>
        result.Components.Where(v => v.Present)
            .GroupBy(LicenseFactsReader.LicenseOf)
            .Select(g => (g.Key, string.Join(", ", g.Select(v => v.Component.Name))));

    private static bool Satisfies(string license, Func<string, bool> acceptable) =>
        LicenseExpressionParser.TryParse(license, out var expression) ? expression!.Satisfies(acceptable) : acceptable(license);

    private static IEnumerable<PolicyViolation> CheckLicenses(LicenseRule rule, MofResult result)
    {
        foreach (var (license, components) in LicensedGroups(result))
        {
            if (rule.Allowed is { } allowed)
            {
                var location = rule.AllowedLocation!;
                if (license is null)
                {
                    yield return new("licenses.allowed", $"{components}: no license stated; the policy allows only {string.Join(", ", allowed)}", location);
                    continue;
                }
                if (!Satisfies(license, allowed.Contains))
                {
                    yield return new("licenses.allowed", $"{components}: {license} is not an allowed license", location);
                    continue;
                }
            }
            // Under an OR the licensee may pick a branch the policy does not deny.
            if (license is not null && !rule.Denied.IsEmpty && !Satisfies(license, id => !rule.Denied.Contains(id)))
            {
                yield return new("licenses.denied", $"{components}: {license} is a denied license", rule.DeniedLocation!);
            }
        }
    }

    private IEnumerable<PolicyViolation> CheckRestrictions(RestrictionRule rule, MofResult result)
    {
        // A component with no license stated carries no stated restriction; licenses.allowed is the rule that demands a license.
        foreach (var (license, components) in LicensedGroups(result).Where(g => g.License is not null))
        {
            var facts = licenses.Read(license!);
            if (facts.Restrictions is not { } restrictions)
            {
                // Fail closed: a gate that cannot rule a denied restriction out must not pass the release.
                yield return new("restrictions.denied",
                    $"{components}: the denied kinds cannot be ruled out: {string.Join("; ", facts.Unknowns)}", rule.Location);
                continue;
            }
            var hits = restrictions.Intersect(rule.Denied).ToList();
            if (hits.Count > 0)
            {
                yield return new("restrictions.denied",
                    $"{components}: {license} carries denied restrictions {string.Join(", ", hits.Select(h => h.Key()))}", rule.Location);
            }
        }
    }

    private static IEnumerable<PolicyViolation> CheckComponents(ComponentRule rule, MofResult result)
    {
        var present = result.Components.Where(v => v.Present).Select(v => v.Component.Id).ToHashSet();
        var missing = rule.Required.Where(c => !present.Contains(c.Id)).ToList();
        if (missing.Count == 0) yield break;
        yield return new("components.required", $"required components not released: {string.Join(", ", missing.Select(c => c.Name))}", rule.Location);
    }
}

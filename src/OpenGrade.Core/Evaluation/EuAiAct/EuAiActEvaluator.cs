using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using OpenGrade.Core.Domain;
using OpenGrade.Core.Evaluation.Mof;
using OpenGrade.Core.Frameworks;
using OpenGrade.Core.Licensing;

namespace OpenGrade.Core.Evaluation.EuAiAct;

/// <summary>
/// Judges whether a general-purpose model is likely to get the AI Act's open-source exemption
/// (Art. 53(2), 54(6)): a license that lets anyone access, use, modify and redistribute it,
/// public weights, architecture and usage information, and training compute below the
/// systemic-risk presumption of Art. 51. Pure.
/// </summary>
public sealed partial class EuAiActEvaluator(EuAiActRules rules, LicenseFactsReader licenses)
{
    public EuAiActResult Evaluate(ModelRelease release, MofResult recognised, ReleaseSignals signals)
    {
        var byName = recognised.Components.ToDictionary(v => v.Component.Name);
        var (computeCondition, flops) = Compute(release, signals);
        var conditions = new List<EuAiActCondition> { License(byName, Inherited.Known(release.Lineage, licenses)) };
        conditions.AddRange(rules.PublicInformation.Select(p => PublicInformation(p, byName, signals)));
        conditions.Add(computeCondition);

        var notMet = conditions.Where(c => c.Status == RequirementStatus.NotMet).ToList();
        var unknown = conditions.Where(c => c.Status == RequirementStatus.Unknown).ToList();
        var (verdict, reason) = notMet.Count > 0
            ? (EuAiActVerdict.NotExempt, "not met: " + string.Join("; ", notMet.Select(c => c.Reason)))
            : unknown.Count > 0
                ? (EuAiActVerdict.Unknown, "cannot be decided: " + string.Join("; ", unknown.Select(c => c.Reason)))
                : (EuAiActVerdict.LikelyExempt, "every condition of the open-source exemption appears to hold");
        ImmutableArray<string> notes =
        [
            "Monetisation (paid access, or paid support or services as a condition of use) takes a model out of the exemption; release data does not show it, so it was not checked.",
            "The exemption never covers the copyright policy and the public summary of training content (Art. 53(1)(c) and (d)).",
        ];
        return new EuAiActResult(rules, verdict, reason, [.. conditions], flops, notes);
    }

    private EuAiActCondition License(Dictionary<string, ComponentVerdict> byName, IReadOnlyList<Inherited> ancestors)
    {
        const string id = "free-open-source-license";
        const string name = "Free and open-source license";
        // A component not shown present still counts when its source declares its license (a Hub repository's weights).
        var parts = rules.LicensedComponents.Select(c => byName[c.Name]).Where(v => v.Present || v.DeclaredLicense is not null).ToList();
        if (parts.Count == 0 && !ancestors.Any(a => a.Binds))
        {
            return new(id, name, RequirementStatus.Unknown, "no license is known for the weights or the model code, so none can be checked", []);
        }
        var failing = new List<string>();
        var unknown = new List<string>();
        var evidence = ImmutableArray.CreateBuilder<Evidence>();
        foreach (var group in parts.GroupBy(LicenseFactsReader.LicenseOf))
        {
            var names = string.Join(", ", group.Select(v => v.Component.Name));
            foreach (var v in group) evidence.Add(ComponentEvidence.Of(v, $"{v.Component.Name}: {group.Key ?? "no license stated"}", 1.0));
            if (group.Key is null)
            {
                unknown.Add($"no license stated for {names}");
                continue;
            }
            var facts = licenses.Read(group.Key);
            if (facts.Open) continue;
            if (facts.Restrictions is { } restrictions)
            {
                var hits = restrictions.Intersect(rules.DisqualifyingRestrictions).ToList();
                if (hits.Count > 0) failing.Add($"{group.Key} on {names} carries {string.Join(", ", hits.Select(h => h.Key()))}");
                continue;
            }
            // A recognised license that is neither open nor an AI license with known terms is no free and open-source license.
            if (facts.Recognised && !facts.NamesAiLicense)
            {
                failing.Add($"{group.Key} on {names} is not a free and open-source license");
                continue;
            }
            unknown.AddRange(facts.Unknowns.Select(u => $"{u} ({names})"));
        }
        // The weights of a derivative are used under its base's license too.
        foreach (var a in ancestors.Where(a => a.Binds))
        {
            var hits = (a.Facts.Restrictions ?? []).Intersect(rules.DisqualifyingRestrictions).ToList();
            if (hits.Count == 0 && a.Facts.NamesAiLicense) continue;
            failing.Add(hits.Count > 0
                ? $"{a.Ancestor.License}, inherited from {a.Ancestor.Id} ({a.Ancestor.Relation}), carries {string.Join(", ", hits.Select(h => h.Key()))}"
                : $"{a.Ancestor.License}, inherited from {a.Ancestor.Id} ({a.Ancestor.Relation}), is not a free and open-source license");
            evidence.Add(a.Evidence);
        }
        return failing.Count > 0
            ? new(id, name, RequirementStatus.NotMet, string.Join("; ", failing), evidence.ToImmutable())
            : unknown.Count > 0
                ? new(id, name, RequirementStatus.Unknown, string.Join("; ", unknown), evidence.ToImmutable())
                : new(id, name, RequirementStatus.Met, "the licenses allow access, use, modification and distribution without use or monetisation limits", evidence.ToImmutable());
    }

    private static EuAiActCondition PublicInformation(PublicInformationRule rule, Dictionary<string, ComponentVerdict> byName, ReleaseSignals signals)
    {
        var all = rule.Components.Select(c => byName[c.Name]).ToList();
        var shown = all.Where(v => v.Present).ToList();
        var evidence = shown.Select(v => ComponentEvidence.Of(v, $"{v.Component.Name} released", 1.0)).ToImmutableArray();
        if (shown.Count == 0)
        {
            // "Not public" needs proof: only components shown absent make this a "no".
            var reasons = string.Join("; ", all.Select(v => $"{v.Component.Name}: {v.PresenceReason}"));
            var silence = all.Select(v => ComponentEvidence.Of(v, $"{v.Component.Name}: {v.PresenceReason}", 1.0)).ToImmutableArray();
            return all.All(v => v.Presence == Presence.Absent)
                ? new(rule.Id, rule.Name, RequirementStatus.NotMet, $"{rule.Name.ToLowerInvariant()}: {reasons}", silence)
                : new(rule.Id, rule.Name, RequirementStatus.Unknown, $"{rule.Name.ToLowerInvariant()}: not shown ({reasons})", silence);
        }
        // Weights behind a gate are available only to those who accept its terms: not plainly "publicly available".
        if (signals.Gated == true && shown.Any(v => v.Component.ContentType == ContentType.Data))
        {
            return new(rule.Id, rule.Name, RequirementStatus.Unknown,
                "the weights are gated (access needs accepting terms), so whether they count as publicly available is open", evidence);
        }
        return new(rule.Id, rule.Name, RequirementStatus.Met, $"{string.Join(", ", shown.Select(v => v.Component.Name))} released", evidence);
    }

    private (EuAiActCondition Condition, double? Flops) Compute(ModelRelease release, ReleaseSignals signals)
    {
        const string id = "below-systemic-risk";
        const string name = "Below the systemic-risk compute threshold";
        var threshold = rules.SystemicRiskFlops;
        EuAiActCondition Judge(double flops, string basis, ImmutableArray<Evidence> evidence) => flops >= threshold
            ? new(id, name, RequirementStatus.NotMet, $"training compute {Sci(flops)} FLOP ({basis}) reaches the systemic-risk presumption of {Sci(threshold)} FLOP (Art. 51), which removes the exemption", evidence)
            : new(id, name, RequirementStatus.Met, $"training compute {Sci(flops)} FLOP ({basis}) is below {Sci(threshold)} FLOP", evidence);

        if (signals.ReportedTrainingFlops is { } reported)
        {
            return (Judge(reported, "reported", [new("signal", "training compute", $"{Sci(reported)} FLOP reported")]), reported);
        }
        var (parameters, parameterEvidence) = ParameterCount(release, signals);
        if (parameters is null)
        {
            return (new(id, name, RequirementStatus.Unknown, "training compute unknown: neither a reported figure nor the parameter count is known", []), null);
        }
        if (signals.TrainingTokens is { } tokens)
        {
            var flops = rules.FlopsPerParameterToken * parameters.Value * tokens;
            return (Judge(flops, $"estimated as {rules.FlopsPerParameterToken}·N·D with N={Count(parameters.Value)} parameters, D={Count(tokens)} tokens",
                [parameterEvidence, new("signal", "training tokens", $"{Count(tokens)} tokens")]), flops);
        }
        var tokensToReach = threshold / (rules.FlopsPerParameterToken * parameters.Value);
        if (tokensToReach > rules.PlausibleTokenCeiling)
        {
            return (new(id, name, RequirementStatus.Met,
                $"training tokens unknown, but {Count(parameters.Value)} parameters would need {Count(tokensToReach)} tokens to reach {Sci(threshold)} FLOP, more than any disclosed training set (assumed ceiling {Count(rules.PlausibleTokenCeiling)} tokens)",
                [parameterEvidence]), null);
        }
        return (new(id, name, RequirementStatus.Unknown,
            $"training tokens unknown: {Count(parameters.Value)} parameters reach {Sci(threshold)} FLOP at {Count(tokensToReach)} tokens",
            [parameterEvidence]), null);
    }

    /// <summary>The parameter count from the signals, else read from the release's version or name ("6.9B", "410M").</summary>
    private static (double? Count, Evidence Evidence) ParameterCount(ModelRelease release, ReleaseSignals signals)
    {
        if (signals.ParameterCount is { } n) return (n, new("signal", "parameter count", $"{Count(n)} parameters"));
        foreach (var (field, text) in new[] { ("version", release.Version), ("name", release.Name) })
        {
            if (text is null) continue;
            var m = SizePattern().Match(text);
            if (!m.Success) continue;
            var value = double.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture)
                * (char.ToUpperInvariant(m.Groups["unit"].Value[0]) == 'B' ? 1e9 : 1e6);
            // A size read from a label is a reading, not a stated fact: lower confidence.
            return (value, new("release", $"release.{field}", $"'{m.Value}' read as {Count(value)} parameters", 0.8));
        }
        return (null, new("release", "release", "no parameter count"));
    }

    // A size label: ASCII digits (\d would take any script's digits, which double.Parse refuses),
    // optional decimals, then M or B (T is left out: "2T" usually counts tokens).
    [GeneratedRegex(@"(?<![A-Za-z0-9.])(?<n>[0-9]+(?:\.[0-9]+)?)\s?(?<unit>[MBmb])(?![A-Za-z])")]
    private static partial Regex SizePattern();

    private static string Sci(double value) => value.ToString("0.##E+00", CultureInfo.InvariantCulture);

    private static string Count(double value) => value switch
    {
        >= 1e12 => (value / 1e12).ToString("0.##", CultureInfo.InvariantCulture) + "T",
        >= 1e9 => (value / 1e9).ToString("0.##", CultureInfo.InvariantCulture) + "B",
        >= 1e6 => (value / 1e6).ToString("0.##", CultureInfo.InvariantCulture) + "M",
        _ => value.ToString("0", CultureInfo.InvariantCulture),
    };
}

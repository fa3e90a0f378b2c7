using System.Collections.Immutable;
using System.Text.RegularExpressions;
using OpenGrade.Core.Domain;
using OpenGrade.Core.Evaluation.Mof;
using OpenGrade.Core.Evaluation.Osaid;
using OpenGrade.Core.Licensing;

namespace OpenGrade.Core.Evaluation.Flags;

/// <summary>Raises the flags a release deserves from its signals and its judgements. Pure.</summary>
public sealed partial class FlagDetector(LicenseRecognizer recognizer, LicenseFactsReader licenses)
{
    private const string Parameters = "Model parameters (Final)";

    public ImmutableArray<Flag> Detect(ModelRelease release, ReleaseSignals signals, MofResult recognised, OsaidResult osaid)
    {
        var claims = Claims(release, signals);
        var flags = new List<Flag>();
        if (Openwashing(claims, recognised, osaid) is { } openwashing) flags.Add(openwashing);
        if (LicenseConflict(signals) is { } conflict) flags.Add(conflict);
        flags.AddRange(LineageConflicts(release, recognised));
        if (LicenseUnnamed(signals) is { } unnamed) flags.Add(unnamed);
        if (GatedWeights(claims, signals, recognised) is { } gated) flags.Add(gated);
        return [.. flags];
    }

    /// <summary>What the release says about its openness: the card's claims, and its own name when the name says "open".</summary>
    private static List<OpennessClaim> Claims(ModelRelease release, ReleaseSignals signals)
    {
        var claims = signals.OpennessClaims.IsDefault ? [] : signals.OpennessClaims.ToList();
        if (OpenInName().IsMatch(release.Name)) claims.Add(new OpennessClaim(release.Name, "release.name"));
        return claims;
    }

    // "Open" at the start of a word of the name: OpenELM, Open-Llama, "My Open Model"; not "Reopen".
    [GeneratedRegex(@"(?<![A-Za-z])[Oo]pen")]
    private static partial Regex OpenInName();

    /// <summary>
    /// Phrases that say the model can be had or the work was done in the open ("open access", "open weights",
    /// "openly available", "open science"), not that its terms are open: a use-restricted license does not
    /// belie them (BLOOM's RAIL weights are open access), a gate does (see <see cref="GatedWeights"/>).
    /// </summary>
    [GeneratedRegex(@"^(open[- ]access|open[- ]weights?|openly (available|released)|open[- ]science)$", RegexOptions.IgnoreCase)]
    private static partial Regex AccessClaim();

    private static Flag? Openwashing(List<OpennessClaim> all, MofResult recognised, OsaidResult osaid)
    {
        // Only a claim about the terms (open source, fully open, an open model) is belied by failing OSAID or MOF.
        var claims = all.Where(c => !AccessClaim().IsMatch(c.Text.Trim())).ToList();
        if (claims.Count == 0) return null;
        var failures = new List<string>();
        if (osaid.Verdict == OsaidVerdict.NotConformant) failures.Add($"it is not OSAID-conformant ({osaid.Reason})");
        if (ShownShortOfClassIII(recognised) is { } shortOf) failures.Add($"it does not reach MOF Class III ({shortOf})");
        var restrictions = osaid.Requirements
            .Where(r => r.Element == OsaidEvaluator.FreedomsElement && r.Status == RequirementStatus.NotMet)
            .ToList();
        // A failed OSAID verdict already names the restricted freedoms; list them apart only when OSAID is not the reason.
        if (osaid.Verdict != OsaidVerdict.NotConformant && restrictions.Count > 0)
        {
            failures.Add("its license restricts " + string.Join(", ", restrictions.Select(r => r.Name.ToLowerInvariant())));
        }
        if (failures.Count == 0) return null;
        var said = string.Join(", ", claims.Select(c => $"'{c.Text}'"));
        return new Flag(FlagKinds.Openwashing, $"called open ({said}) but {string.Join("; and ", failures)}",
            [.. ClaimEvidence(claims), .. restrictions.SelectMany(r => r.Evidence)]);
    }

    /// <summary>
    /// Why the release is shown to miss MOF Class III: a required component not open, unlicensed or
    /// shown absent. Components merely unknown (present or not) count as missing or unlicensed in MOT's
    /// class, but a flag that says "not open" needs evidence of it; null when nothing shows the release
    /// short of Class III.
    /// </summary>
    private static string? ShownShortOfClassIII(MofResult recognised)
    {
        if (recognised.Class != 0) return null;
        var lists = recognised.Lists.FirstOrDefault(l => l.Class == 3);
        if (lists is null) return null;
        var byName = recognised.Components.ToDictionary(v => v.Component.Name);
        var shown = lists.Invalid.Select(c => $"{c.Name} not openly licensed")
            .Concat(lists.Unlicensed.Where(c => byName[c.Name].Entry?.LicenseUnknown is null).Select(c => $"{c.Name} unlicensed"))
            .Concat(lists.Missing.Where(c => byName[c.Name].Presence == Presence.Absent).Select(c => $"{c.Name}: {byName[c.Name].PresenceReason}"))
            .ToList();
        return shown.Count == 0 ? null : string.Join("; ", shown);
    }

    private static IEnumerable<Evidence> ClaimEvidence(IEnumerable<OpennessClaim> claims) =>
        claims.Select(c => new Evidence("claim", c.Location, c.Text));

    private Flag? LicenseConflict(ReleaseSignals signals)
    {
        if (signals.CardLicense is not { } card || signals.LicenseFiles.IsDefaultOrEmpty) return null;
        var cardIds = Ids(card);
        if (cardIds.Count == 0) return null;
        var files = signals.LicenseFiles.Select(f => (File: f, Ids: Ids(f))).Where(f => f.Ids.Count > 0).ToList();
        // Several files (a code LICENSE beside a model license) are fine as long as one agrees with the card.
        if (files.Count == 0 || files.Any(f => f.Ids.Overlaps(cardIds))) return null;
        var fileText = string.Join(", ", files.Select(f => $"{string.Join(" / ", f.Ids)} in {f.File.Location}"));
        return new Flag(FlagKinds.LicenseConflict,
            $"the card metadata says {string.Join(" / ", cardIds)} but the license text is {fileText}",
            [new Evidence("card-license", card.Location, card.License ?? card.Name ?? ""),
             .. files.Select(f => new Evidence("license-file", f.File.Location, string.Join(" / ", f.Ids)))]);
    }

    /// <summary>
    /// A derivative that declares terms more permissive than its base's license allows: an open
    /// license on a fine-tune of a Llama model, or an AI license without the base's restrictions.
    /// </summary>
    private IEnumerable<Flag> LineageConflicts(ModelRelease release, MofResult recognised)
    {
        var weights = recognised.Components.FirstOrDefault(v => v.Component.Name == Parameters);
        if (weights is null || LicenseFactsReader.LicenseOf(weights) is not { } declared) yield break;
        var own = licenses.Read(declared);
        foreach (var a in Inherited.Known(release.Lineage, licenses).Where(a => a.Binds))
        {
            var missing = (a.Facts.Restrictions ?? []).Except(own.Restrictions ?? []).ToList();
            if (!own.Open && missing.Count == 0) continue;
            var terms = missing.Count > 0 ? $"it carries {string.Join(", ", missing.Select(m => m.Key()))}" : "it is not an open license";
            yield return new Flag(FlagKinds.LicenseConflict,
                $"declares {declared} for a {a.Ancestor.Relation} of {a.Ancestor.Id}, whose license {a.Ancestor.License} does not allow that: {terms}, and it binds derivatives",
                [ComponentEvidence.Of(weights, $"weights declared under {declared}"), a.Evidence, .. a.Ancestor.Evidence]);
        }
    }

    /// <summary>The license ids a statement names, read the way license names are read everywhere else; empty when unknown.</summary>
    private HashSet<string> Ids(LicenseStatement statement)
    {
        var text = IsOther(statement.License) ? statement.Name : statement.License;
        if (string.IsNullOrWhiteSpace(text)) return [];
        var reading = recognizer.Read(text);
        if (reading.Id is null) return [];
        return LicenseExpressionParser.TryParse(reading.Id, out var expression)
            ? expression!.Ids.ToHashSet(StringComparer.OrdinalIgnoreCase)
            : new HashSet<string>([reading.Id], StringComparer.OrdinalIgnoreCase);
    }

    private static bool IsOther(string? license) => string.Equals(license?.Trim(), "other", StringComparison.OrdinalIgnoreCase);

    private static Flag? LicenseUnnamed(ReleaseSignals signals)
    {
        if (signals.CardLicense is not { } card || !IsOther(card.License)) return null;
        if (!string.IsNullOrWhiteSpace(card.Name) || !string.IsNullOrWhiteSpace(card.Link)) return null;
        return new Flag(FlagKinds.LicenseUnnamed,
            "the card says 'license: other' without a license_name or license_link, so nobody can tell which terms apply",
            [new Evidence("card-license", card.Location, "license: other")]);
    }

    private static Flag? GatedWeights(List<OpennessClaim> claims, ReleaseSignals signals, MofResult recognised)
    {
        if (signals.Gated != true) return null;
        var weights = recognised.Components.FirstOrDefault(v => v.Component.Name == Parameters);
        var openlyLicensed = weights is { Status: ComponentStatus.Included };
        if (claims.Count == 0 && !openlyLicensed) return null;
        var why = claims.Count > 0
            ? $"the release is called open ({string.Join(", ", claims.Select(c => $"'{c.Text}'"))})"
            : $"the weights are under the open license {weights!.License}";
        var gate = signals.Evidence.IsDefault ? [] : signals.Evidence.Where(e => e.Kind == "gated").ToList();
        if (gate.Count == 0) gate.Add(new Evidence("signal", "gated", "the weights are gated"));
        return new Flag(FlagKinds.GatedWeights, $"the weights are gated (downloading them needs accepting terms or approval) while {why}",
            [.. gate, .. ClaimEvidence(claims)]);
    }
}

using System.Collections.Immutable;
using OpenGrade.Core.Domain;
using OpenGrade.Core.Licensing;
using OpenGrade.Core.Licensing.Detection;

namespace OpenGrade.Core.Inventory;

/// <summary>
/// A linked place's license as OpenGrade settles it, with why (<see cref="Basis"/>) and every
/// reading behind it as evidence. <see cref="License"/> is null when the place states none or
/// could not be reached; <see cref="Basis"/> then says which.
/// </summary>
public sealed record SettledLink(LinkedPlace Place, string? License, double Confidence, string Basis, ImmutableArray<Evidence> Evidence);

/// <summary>
/// Settles what following links learned: GitHub's own detection is checked against OpenGrade's
/// detector on the license text (a disagreement is shown, not hidden; the text reading wins, since
/// it sees every license the file holds); a source's declared key is read the way card licenses
/// are read. Pure.
/// </summary>
public sealed class LinkedEvidence(LicenseRecognizer recognizer, ILicenseIdentifier identifier)
{
    /// <summary>Keys that name no license: GitHub's <c>NOASSERTION</c>/<c>other</c>, the Hub's <c>other</c>/<c>unknown</c>.</summary>
    private static readonly ImmutableHashSet<string> NoLicense = ImmutableHashSet.Create(StringComparer.OrdinalIgnoreCase, "NOASSERTION", "other", "unknown", "none", "");

    public ImmutableDictionary<string, SettledLink> SettleAll(IEnumerable<LinkedPlace> places) =>
        places.GroupBy(p => p.Target.Key, StringComparer.OrdinalIgnoreCase)
            .ToImmutableDictionary(g => g.Key, g => Settle(g.First()), StringComparer.OrdinalIgnoreCase);

    public SettledLink Settle(LinkedPlace place)
    {
        var where = place.Target.Key;
        if (place.Outcome != LinkOutcome.Resolved)
        {
            var why = place.Outcome switch
            {
                LinkOutcome.NotFound => "not found there",
                LinkOutcome.NotFollowed => "not followed",
                _ => "could not be reached",
            };
            return new(place, null, 0, $"{where} {why} ({place.Detail}); its license is unknown",
                [new Evidence("link", place.Url, $"{where}: {why}: {place.Detail}", 0.3)]);
        }
        return place.Target.Kind == LinkKind.GitHubRepository ? SettleGitHub(place) : SettleDeclared(place);
    }

    private SettledLink SettleGitHub(LinkedPlace place)
    {
        var api = place.Licenses.FirstOrDefault(l => l.Method == "github-api");
        var apiId = Read(api?.License, api?.Name);
        var evidence = ImmutableArray.CreateBuilder<Evidence>();
        if (api is not null)
        {
            evidence.Add(new Evidence("github-license-api", api.Source,
                apiId is null ? $"GitHub's license detection: {api.License ?? "no license file found (or no such repository)"}" : $"GitHub's license detection: {apiId}", 0.9));
        }
        var detected = place.Texts
            .Select(t => (Text: t, Detection: identifier.Identify(t.Text)))
            .Where(d => d.Detection.License is not null)
            .OrderByDescending(d => d.Detection.Confidence)
            .FirstOrDefault();
        if (detected.Text is { } text)
        {
            evidence.Add(new Evidence("license-detector", text.Url, $"OpenGrade's detector reads {detected.Detection.License} in {text.Path}", detected.Detection.Confidence));
        }
        var mine = detected.Detection?.License;
        var repo = $"GitHub repository {place.CanonicalId ?? place.Target.Id}";
        if (mine is null && apiId is null)
        {
            var none = api?.License is null ? "GitHub's license endpoint finds no license file (or no such repository)" : $"GitHub's detection says {api.License}";
            return new(place, null, 0.5, $"{repo}: {none} and OpenGrade's detector names none; its license is unknown", evidence.ToImmutable());
        }
        if (mine is null) return new(place, apiId, 0.85, $"license of the linked {repo} (GitHub's license detection)", evidence.ToImmutable());
        if (apiId is null)
        {
            evidence.Add(new Evidence("license-disagreement", api?.Source ?? place.Url, $"GitHub says {api?.License ?? "no license"}; OpenGrade's detector reads {mine}", 1.0));
            return new(place, mine, detected.Detection!.Confidence * 0.9, $"license of the linked {repo} (OpenGrade's detector on {detected.Text!.Path}; GitHub names none)", evidence.ToImmutable());
        }
        if (SameLicense(mine, apiId))
        {
            return new(place, mine, 0.95, $"license of the linked {repo} (GitHub's detection and OpenGrade's agree)", evidence.ToImmutable());
        }
        evidence.Add(new Evidence("license-disagreement", detected.Text!.Url, $"GitHub says {apiId}; OpenGrade's detector reads {mine} in {detected.Text.Path}", 1.0));
        return new(place, mine, 0.7, $"license of the linked {repo} (OpenGrade's detector reads {mine} where GitHub says {apiId})", evidence.ToImmutable());
    }

    private SettledLink SettleDeclared(LinkedPlace place)
    {
        var what = place.Target.Kind switch
        {
            LinkKind.ArxivPaper => $"arXiv paper {place.Target.Id}",
            LinkKind.HubDataset => $"Hub dataset {place.CanonicalId ?? place.Target.Id}",
            _ => $"Hub model {place.CanonicalId ?? place.Target.Id}",
        };
        var evidence = place.Licenses
            .Select(l => new Evidence(l.Method, l.Source, $"{what}: {l.License ?? l.Name ?? "no license stated"}", l.Confidence))
            .ToImmutableArray();
        foreach (var l in place.Licenses.OrderByDescending(l => l.Confidence))
        {
            if (Read(l.License, l.Name) is { } id) return new(place, id, l.Confidence, $"license of the linked {what} ({l.Method})", evidence);
        }
        return new(place, null, 0.5, $"the linked {what} states no license ({place.Detail})", evidence);
    }

    /// <summary>A declared key or name read as a license id; null for keys that name none.</summary>
    public string? Read(string? license, string? name)
    {
        var text = license is null || NoLicense.Contains(license.Trim()) ? name : license;
        if (string.IsNullOrWhiteSpace(text) || NoLicense.Contains(text.Trim())) return null;
        return recognizer.Read(text).Id ?? text.Trim();
    }

    private static bool SameLicense(string a, string b) =>
        string.Equals(a, b, StringComparison.OrdinalIgnoreCase)
        || (LicenseExpressionParser.TryParse(a, out var x) && LicenseExpressionParser.TryParse(b, out var y)
            && x!.Ids.ToHashSet(StringComparer.OrdinalIgnoreCase).SetEquals(y!.Ids));
}

using System.Collections.Immutable;
using OpenGrade.Core.Domain;
using OpenGrade.Core.Licensing;
using OpenGrade.Core.Licensing.Detection;

namespace OpenGrade.Core.Inventory;

/// <summary>What a license file covers, read from its name (DeepSeek splits code and weights).</summary>
public enum LicenseScope
{
    Everything,
    Code,
    Weights,
}

/// <summary>
/// Settles a release's licenses from the card metadata and the license files: reads the card's
/// Hugging Face id, identifies each file by its text, and when the two disagree reports the
/// conflict and lets the stricter one govern (a user bound by both must honour the stricter).
/// </summary>
public sealed class LicenseAnalysis(LicenseCatalog catalog, LicenseRecognizer recognizer, ILicenseIdentifier identifier)
{
    /// <summary>File names (upper case, without extension) that state a license, and what each covers.</summary>
    private static readonly ImmutableArray<(string Name, LicenseScope Scope)> LicenseFileNames =
    [
        ("LICENSE", LicenseScope.Everything), ("LICENCE", LicenseScope.Everything), ("COPYING", LicenseScope.Everything),
        ("LICENSE-CODE", LicenseScope.Code), ("LICENSE_CODE", LicenseScope.Code), ("CODE_LICENSE", LicenseScope.Code), ("CODE-LICENSE", LicenseScope.Code),
        ("LICENSE-MODEL", LicenseScope.Weights), ("LICENSE_MODEL", LicenseScope.Weights), ("MODEL_LICENSE", LicenseScope.Weights),
        ("MODEL-LICENSE", LicenseScope.Weights), ("LICENSE-WEIGHTS", LicenseScope.Weights),
    ];

    /// <summary>Copyleft families: open, but they bind more than permissive licenses do.</summary>
    private static readonly ImmutableArray<string> CopyleftPrefixes =
        ["GPL-", "AGPL-", "LGPL-", "MPL-", "EPL-", "EUPL-", "CC-BY-SA-", "ODbL-", "OSL-", "CDDL-", "CDLA-Sharing-", "CECILL-"];

    public static LicenseScope? ScopeOf(string path)
    {
        if (path.Contains('/')) return null; // license files of vendored code in sub-folders do not license the release
        var ext = Path.GetExtension(path).ToLowerInvariant();
        var stem = (ext is "" or ".txt" or ".md" ? Path.GetFileNameWithoutExtension(path) : path).ToUpperInvariant();
        foreach (var (name, scope) in LicenseFileNames) if (stem == name) return scope;
        return null;
    }

    public LicensePicture Analyze(RepositorySnapshot snapshot)
    {
        var card = CardStatement(snapshot);
        var cardId = card is null ? null : CardId(card);
        var files = FileStatements(snapshot).ToImmutableArray();
        var conflicts = ImmutableArray.CreateBuilder<LicenseConflict>();

        GoverningLicense? Settle(string scope, LicenseStatement? file)
        {
            var cardLicense = cardId is { } c ? new GoverningLicense(c, card!.Link, card.Location) : null;
            if (file?.License is not { } fileId) return cardLicense;
            var fromFile = new GoverningLicense(fileId, file.Location, file.Location);
            if (cardLicense is null || SameLicense(cardLicense.License, fileId)) return fromFile;
            // Both bind a user, so the stricter wins; on a tie the file wins, being the legal text itself.
            var (cardRank, fileRank) = (Rank(cardLicense.License), Rank(fileId));
            var governing = cardRank > fileRank ? cardLicense : fromFile;
            var why = cardRank == fileRank ? "neither is stricter, so the file's text governs" : $"{governing.License} is the stricter and governs";
            conflicts.Add(new LicenseConflict(scope, card!, file, governing.License,
                $"the card says {cardLicense.License} but {file.Location} is {fileId}; {why}"));
            return governing;
        }

        LicenseStatement? FileFor(LicenseScope scope) =>
            files.FirstOrDefault(s => s.License is not null && ScopeOf(s.Location) == scope);

        var distribution = Settle("release", FileFor(LicenseScope.Everything));
        var weightsFile = FileFor(LicenseScope.Weights);
        var weights = weightsFile is null ? null : Settle("weights", weightsFile);
        var code = FileFor(LicenseScope.Code) is { License: { } codeId } codeFile ? new GoverningLicense(codeId, codeFile.Location, codeFile.Location) : null;
        // Without a general license, the weights' license is what the release as a whole ships under.
        distribution ??= weights;
        return new LicensePicture(card, files, distribution, code, weights, conflicts.ToImmutable());
    }

    /// <summary>How much a license binds: 0 permissive open, 1 copyleft open, 2 not open or not known.</summary>
    public int Rank(string license)
    {
        var ids = LicenseExpressionParser.TryParse(license, out var e) ? e!.Ids.ToList() : [license];
        if (!ids.All(catalog.IsOpenId)) return 2;
        return ids.Any(id => CopyleftPrefixes.Any(p => id.StartsWith(p, StringComparison.Ordinal))) ? 1 : 0;
    }

    private static bool SameLicense(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The card's license as the card states it: <c>license</c> (a Hub id, or <c>other</c> with
    /// <c>license_name</c> and <c>license_link</c>); the Hub's <c>license:</c> tag without metadata.
    /// </summary>
    private static LicenseStatement? CardStatement(RepositorySnapshot s)
    {
        var meta = s.Metadata;
        var link = meta?.Text("license_link");
        var name = meta?.Text("license_name");
        var values = meta?.Strings("license") ?? [];
        // Several licenses in the card bind together: all apply.
        if (values.Length > 0) return new LicenseStatement(string.Join(" AND ", values), meta!.Where("license"), name, link);
        var tag = s.Hub?.Tags.FirstOrDefault(t => t.StartsWith("license:", StringComparison.Ordinal));
        return tag is null ? null : new LicenseStatement(tag["license:".Length..], s.Hub!.Source + " tags", name, link);
    }

    /// <summary>The license id a card statement means: its <c>license_name</c> when it says <c>other</c>, else its value read.</summary>
    public string? CardId(LicenseStatement card)
    {
        if (card.License is not { } value) return null;
        if (value.Equals("other", StringComparison.OrdinalIgnoreCase)) return card.Name is { } n ? Read(n) ?? n : null;
        if (value.Equals("unknown", StringComparison.OrdinalIgnoreCase)) return null;
        // A name no rule reads stays as written: MOT then judges it not open, which is right for an unknown license.
        return string.Join(" AND ", value.Split(" AND ", StringSplitOptions.TrimEntries).Select(p => Read(p) ?? p));
    }

    /// <summary>A license string as an id (SPDX or LicenseRef); null when it names nothing known, or only "unknown".</summary>
    public string? Read(string text)
    {
        if (text.Equals("unknown", StringComparison.OrdinalIgnoreCase) || text.Equals("other", StringComparison.OrdinalIgnoreCase)) return null;
        return recognizer.Read(text).Id;
    }

    private IEnumerable<LicenseStatement> FileStatements(RepositorySnapshot s)
    {
        var read = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in s.Texts.Where(t => ScopeOf(t.Path) is not null).OrderBy(t => t.Path, StringComparer.Ordinal))
        {
            read.Add(text.Path);
            var detection = identifier.Identify(text.Text);
            yield return new LicenseStatement(detection.License, text.Path,
                detection.License is null ? "text not recognised" : NameOf(detection), null);
        }
        // Listed but not available (gated, or a recorded listing without the files): named, not read.
        foreach (var file in s.Files.Files.Where(f => ScopeOf(f.Path) is not null && !read.Contains(f.Path)))
        {
            yield return new LicenseStatement(null, file.Path, "listed; text not available", null);
        }
    }

    private string NameOf(LicenseDetection d)
    {
        var first = d.Matches.IsDefaultOrEmpty ? null : d.Matches[0];
        var name = catalog.AiLicenses.TryGetValue(d.License!, out var ai) ? ai.Name : d.License!;
        return first is null ? name : $"{name} (lines {first.StartLine}-{first.EndLine}, {first.Kind.ToString().ToLowerInvariant()}, {d.Confidence:0.##})";
    }
}

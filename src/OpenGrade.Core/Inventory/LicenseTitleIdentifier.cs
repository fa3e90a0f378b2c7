using OpenGrade.Core.Licensing;
using OpenGrade.Core.Licensing.Detection;

namespace OpenGrade.Core.Inventory;

/// <summary>
/// A stand-in license identifier that reads only a license file's title (its first non-empty
/// lines) and looks for a license name the catalog knows ("LLAMA 3.1 COMMUNITY LICENSE
/// AGREEMENT", "MIT License", "Apache License Version 2.0"). It exists so that the inventory works
/// before the full text identifier (issue 3) is wired in; the CLI composes both, text first.
/// </summary>
public sealed class LicenseTitleIdentifier : ILicenseIdentifier
{
    private const int TitleLines = 3;
    private readonly LicenseNameRules _rules;
    private readonly (string Name, string Id)[] _names;

    public LicenseTitleIdentifier(LicenseCatalog catalog)
    {
        _rules = catalog.NameRules;
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var ai in catalog.AiLicenses.Values)
        {
            foreach (var n in ai.Names.Append(ai.Name)) names.TryAdd(_rules.Normalize(n), ai.Id);
        }
        foreach (var (id, aliases) in _rules.Aliases)
        {
            foreach (var n in aliases) names.TryAdd(_rules.Normalize(n), id);
        }
        foreach (var id in catalog.Spdx.Keys.Where(k => !catalog.Spdx[k].IsDeprecated)) names.TryAdd(_rules.Normalize(id), id);
        // Longest names first, so that "llama 3.1 community agreement" beats "llama 3" style prefixes.
        _names = [.. names.Where(kv => kv.Key.Length >= 3).Select(kv => (kv.Key, kv.Value)).OrderByDescending(kv => kv.Key.Length)];
    }

    public LicenseDetection Identify(string text)
    {
        var lines = text.Split('\n').Select((l, i) => (Line: i + 1, Text: l.Trim())).Where(l => l.Text.Length > 0).Take(TitleLines);
        foreach (var (line, raw) in lines)
        {
            var title = " " + _rules.Normalize(raw) + " ";
            foreach (var (name, id) in _names)
            {
                if (title.Contains(" " + name + " ", StringComparison.Ordinal))
                {
                    return new LicenseDetection(id, 0.7, [new LicenseMatch(id, 0.7, MatchKind.Marker, line, line)]);
                }
            }
        }
        return LicenseDetection.None;
    }
}

/// <summary>Asks several identifiers in turn and keeps the first answer (the full text identifier, then fallbacks).</summary>
public sealed class FirstAnswerIdentifier(params ILicenseIdentifier[] identifiers) : ILicenseIdentifier
{
    public LicenseDetection Identify(string text) =>
        identifiers.Select(i => i.Identify(text)).FirstOrDefault(d => d.License is not null) ?? LicenseDetection.None;
}

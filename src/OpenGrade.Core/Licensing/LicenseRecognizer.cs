using System.Collections.Frozen;

namespace OpenGrade.Core.Licensing;

/// <summary>
/// Reads license strings as people write them ("Apache 2.0", "MIT license", "llama3.1",
/// "apache-2.0 OR mit") and says which license id they mean. Never guesses: a string that no
/// rule reaches stays unknown.
/// </summary>
public sealed class LicenseRecognizer
{
    private readonly LicenseCatalog _catalog;
    private readonly FrozenDictionary<string, string> _byNormalizedName;

    public LicenseRecognizer(LicenseCatalog catalog)
    {
        _catalog = catalog;
        _byNormalizedName = BuildNameIndex(catalog);
    }

    /// <summary>
    /// The license a Debian /usr/share/common-licenses file holds: the data's entry for files not
    /// named after a license ("Artistic", "BSD"), else the file name read as a license name.
    /// </summary>
    public string? ReadCommonLicenseFile(string file) =>
        _catalog.NameRules.CommonLicenseFiles.TryGetValue(file, out var id) ? id : Read(file).Id;

    public LicenseReading Read(string text)
    {
        if (_catalog.IsKnownId(text)) return new(text, text, ReadingKind.Exact, NameOf(text));

        var trimmed = text.Trim();
        if (LicenseExpressionParser.TryParse(trimmed, out var expression) && expression is not LicenseExpression.Id)
        {
            var ids = expression!.Ids.ToList();
            var resolved = ids.Select(ResolveSingle).ToList();
            if (resolved.All(r => r is not null))
            {
                var map = ids.Zip(resolved).ToDictionary(p => p.First, p => p.Second!);
                var canonical = expression.MapIds(id => map[id]).ToString();
                return new(text, canonical, canonical == text ? ReadingKind.Exact : ReadingKind.Recognised, null);
            }
        }

        var single = ResolveSingle(trimmed);
        return single is null
            ? new(text, null, ReadingKind.Unknown, null)
            : new(text, single, ReadingKind.Recognised, NameOf(single));
    }

    private string? ResolveSingle(string text)
    {
        if (_catalog.IsKnownId(text)) return text;
        if (_catalog.SpdxIgnoringCase.TryGetValue(text, out var spdx)) return spdx.Id;
        var key = _catalog.NameRules.Normalize(text);
        if (key.Length == 0) return null;
        if (_byNormalizedName.TryGetValue(key, out var id)) return id;
        // "Apache 2" and "GPL v2+" mean the .0 release: a bare major version is read as N.0.
        var dotted = string.Join(' ', key.Split(' ').Select(w => w.All(char.IsAsciiDigit) ? w + ".0" : w));
        return dotted != key && _byNormalizedName.TryGetValue(dotted, out id) ? id : null;
    }

    private string? NameOf(string id) => _catalog.AiLicenses.TryGetValue(id, out var ai) ? ai.Name : null;

    private static FrozenDictionary<string, string> BuildNameIndex(LicenseCatalog catalog)
    {
        var rules = catalog.NameRules;
        var index = new Dictionary<string, string?>(StringComparer.Ordinal);

        // SPDX ids match their own normalised spelling. When two ids normalise alike
        // ("GPL-3.0+" and "GPL-3.0-or-later"), the current id wins over the deprecated one;
        // two current ids that collide are ambiguous and match nothing.
        foreach (var group in catalog.Spdx.Values.GroupBy(l => rules.Normalize(l.Id)))
        {
            var current = group.Where(l => !l.IsDeprecated).ToList();
            var pick = current.Count == 1 ? current[0].Id
                : current.Count == 0 && group.Count() == 1 ? group.First().Id
                : null;
            index[group.Key] = pick;
        }
        foreach (var id in catalog.OpenDataLicenses.Concat(catalog.ExtraOpenLicenses))
        {
            index.TryAdd(rules.Normalize(id), id);
        }
        // Curated names take precedence over what normalisation derives.
        foreach (var (id, names) in rules.Aliases)
        {
            foreach (var name in names) index[rules.Normalize(name)] = id;
        }
        foreach (var ai in catalog.AiLicenses.Values)
        {
            foreach (var name in ai.Names.Concat(ai.HuggingFaceIds).Append(ai.Name).Append(ai.Id))
            {
                index[rules.Normalize(name)] = ai.Id;
            }
        }
        return index.Where(kv => kv.Value is not null && kv.Key.Length > 0)
            .ToFrozenDictionary(kv => kv.Key, kv => kv.Value!, StringComparer.Ordinal);
    }
}

using System.Text;

namespace OpenGrade.Core.Licensing;

/// <summary>A phrase rewrite of <see cref="LicenseNameRules"/>: whole words <c>From</c> become <c>To</c>.</summary>
// A class, not a value tuple: LINQ over value tuples is framework generic code the JIT compiles
// at every cold start (ReadyToRun cannot precompile it outside the framework).
public sealed record NamePhrase(string From, string To);

/// <summary>
/// Normalises free-form license names so that spelling variants meet: "Apache License, Version 2.0",
/// "apache-2.0" and "Apache 2.0" all become "apache 2.0".
/// </summary>
public sealed class LicenseNameRules(
    IReadOnlyList<NamePhrase> phrases,
    IReadOnlyDictionary<string, IReadOnlyList<string>> aliases,
    IReadOnlyDictionary<string, string>? commonLicenseFiles = null,
    IReadOnlyList<ExceptionCue>? exceptionCues = null)
{
    // Longer phrases first, so "gnu lesser general public" is rewritten before "general public".
    private readonly NamePhrase[] _phrases = [.. phrases.OrderByDescending(p => p.From.Length)];

    private static readonly FrozenWords Dropped = new("license", "licence", "licenses", "licences", "version", "the", "v", "ver");

    /// <summary>Names, per SPDX id, that normalisation alone does not reach.</summary>
    // (Read-only interfaces over reference types: an ImmutableDictionary of ImmutableArrays made
    // the JIT compile ~60 generic methods at every cold start.)
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Aliases { get; } = aliases;

    /// <summary>Debian's /usr/share/common-licenses files whose names are not license names ("Artistic", "BSD"), with the license each holds.</summary>
    public IReadOnlyDictionary<string, string> CommonLicenseFiles { get; } = commonLicenseFiles ?? new Dictionary<string, string>();

    /// <summary>License exceptions recognised by a paragraph's key words (no registry package ships their texts).</summary>
    public IReadOnlyList<ExceptionCue> ExceptionCues { get; } = exceptionCues ?? [];

    public string Normalize(string name)
    {
        var text = name.ToLowerInvariant().Replace("+", " or later ");
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            // A dot survives only inside a version number ("2.0"), never as punctuation.
            var keep = char.IsAsciiLetterOrDigit(c) || c > 127 && char.IsLetterOrDigit(c)
                || c == '.' && i > 0 && i + 1 < text.Length && char.IsAsciiDigit(text[i - 1]) && char.IsAsciiDigit(text[i + 1]);
            sb.Append(keep ? c : ' ');
        }
        var words = new List<string>();
        foreach (var raw in sb.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (Dropped.Contains(raw)) continue;
            words.AddRange(SplitVersionSuffix(raw));
        }
        var joined = " " + string.Join(' ', words) + " ";
        foreach (var (from, to) in _phrases)
        {
            joined = joined.Replace($" {from} ", to.Length == 0 ? " " : $" {to} ");
        }
        return string.Join(' ', joined.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>"v2.0" → "2.0"; "gplv3" → "gpl 3": a version glued to a name is still a version.</summary>
    private static IEnumerable<string> SplitVersionSuffix(string word)
    {
        var v = word.LastIndexOf('v');
        if (v >= 0 && v + 1 < word.Length && char.IsAsciiDigit(word[v + 1]) && word[(v + 1)..].All(c => char.IsAsciiDigit(c) || c == '.'))
        {
            if (v > 1) yield return word[..v];
            yield return word[(v + 1)..];
            yield break;
        }
        yield return word;
    }

    private sealed class FrozenWords(params string[] words)
    {
        private readonly HashSet<string> _set = new(words, StringComparer.Ordinal);
        public bool Contains(string w) => _set.Contains(w);
    }
}

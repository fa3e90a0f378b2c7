using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text;

namespace OpenGrade.Core.Licensing.Detection;

/// <summary>
/// A text reduced to the words that decide which license it is, each with the line it came from.
/// <see cref="Words"/> keeps every word; <see cref="IsCopyright"/> marks those on copyright lines,
/// which the similarity stage ignores (SPDX guideline: copyright notices never decide a match)
/// while the marker stage still reads them (some AI licenses put their title on that line).
/// </summary>
public sealed record NormalizedText(ImmutableArray<string> Words, ImmutableArray<int> Lines, ImmutableArray<bool> IsCopyright)
{
    /// <summary>The words that take part in matching, with their lines.</summary>
    public (string[] Words, int[] Lines) MatchingWords()
    {
        var words = new List<string>(Words.Length);
        var lines = new List<int>(Words.Length);
        for (var i = 0; i < Words.Length; i++)
        {
            if (IsCopyright[i]) continue;
            words.Add(Words[i]);
            lines.Add(Lines[i]);
        }
        return ([.. words], [.. lines]);
    }
}

/// <summary>
/// Normalises license text following the SPDX matching guidelines, so that two texts that SPDX
/// would call the same license yield the same words: case, whitespace and punctuation (quotes,
/// dashes) are dropped, comment markers, bullets and list numbering vanish, British and American
/// spellings meet, http/https meet, Markdown and HTML markup and template placeholders disappear,
/// and copyright lines are flagged. Used both when the license index is built and on every query,
/// so the two always agree. Pure and allocation-light.
/// </summary>
public static class LicenseTextNormalizer
{
    // Equivalent spellings (our own list of the variants SPDX treats as one word).
    private static readonly FrozenDictionary<string, string> Equivalent = new Dictionary<string, string>
    {
        ["licence"] = "license", ["licences"] = "licenses", ["licenced"] = "licensed", ["licencing"] = "licensing",
        ["licencee"] = "licensee", ["licencor"] = "licensor", ["licencees"] = "licensees",
        ["sublicence"] = "sublicense", ["sublicences"] = "sublicenses", ["sublicenced"] = "sublicensed",
        ["acknowledgement"] = "acknowledgment", ["acknowledgements"] = "acknowledgments",
        ["analogue"] = "analog", ["analyse"] = "analyze", ["artefact"] = "artifact", ["artefacts"] = "artifacts",
        ["authorisation"] = "authorization", ["authorised"] = "authorized", ["calibre"] = "caliber",
        ["cancelled"] = "canceled", ["capitalisations"] = "capitalizations", ["catalogue"] = "catalog",
        ["categorise"] = "categorize", ["centre"] = "center", ["emphasised"] = "emphasized",
        ["favour"] = "favor", ["favourite"] = "favorite", ["fulfil"] = "fulfill", ["fulfilment"] = "fulfillment",
        ["initialise"] = "initialize", ["judgement"] = "judgment", ["labelling"] = "labeling",
        ["labour"] = "labor", ["maximise"] = "maximize", ["modelled"] = "modeled", ["modelling"] = "modeling",
        ["offence"] = "offense", ["optimise"] = "optimize", ["organisation"] = "organization",
        ["organisations"] = "organizations", ["organise"] = "organize", ["practise"] = "practice",
        ["programme"] = "program", ["realise"] = "realize", ["recognise"] = "recognize",
        ["signalling"] = "signaling", ["utilisation"] = "utilization", ["whilst"] = "while",
        ["wilful"] = "willful", ["https"] = "http", ["owner"] = "holder", ["owners"] = "holders",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    // Word pairs that are one word in other spellings ("sub-license", "per cent"). A switch, not a
    // dictionary keyed by value tuples (framework generic code the JIT compiles at start-up).
    private static string? Joined(string first, string second) => (first, second) switch
    {
        ("sub", "license") => "sublicense", ("sub", "licenses") => "sublicenses", ("sub", "licensed") => "sublicensed",
        ("per", "cent") => "percent", ("non", "commercial") => "noncommercial", ("e", "mail") => "email",
        _ => null,
    };

    public static NormalizedText Normalize(string text)
    {
        var words = ImmutableArray.CreateBuilder<string>();
        var lines = ImmutableArray.CreateBuilder<int>();
        var copyright = ImmutableArray.CreateBuilder<bool>();
        var lineNo = 0;
        var inHtmlComment = false;
        foreach (var rawLine in SplitLines(text))
        {
            lineNo++;
            var line = StripMarkup(rawLine, ref inHtmlComment);
            var lineWords = Tokenize(line);
            if (lineWords.Count == 0) continue;
            var isCopyright = IsCopyrightLine(lineWords);
            foreach (var w in lineWords)
            {
                words.Add(w);
                lines.Add(lineNo);
                copyright.Add(isCopyright);
            }
        }
        JoinPairs(words, lines, copyright);
        return new NormalizedText(words.ToImmutable(), lines.ToImmutable(), copyright.ToImmutable());
    }

    /// <summary>Line texts, accepting \r\n, \n and \r.</summary>
    public static IEnumerable<string> SplitLines(string text)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is not ('\n' or '\r')) continue;
            yield return text[start..i];
            if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
            start = i + 1;
        }
        if (start < text.Length) yield return text[start..];
    }

    /// <summary>The normalised words of a short phrase (a marker or a name), for matching against a normalised text.</summary>
    public static ImmutableArray<string> Words(string phrase)
    {
        var inComment = false;
        var words = Tokenize(StripMarkup(phrase, ref inComment));
        var b = ImmutableArray.CreateBuilder<string>();
        for (var i = 0; i < words.Count; i++)
        {
            if (i + 1 < words.Count && Joined(words[i], words[i + 1]) is { } j) { b.Add(j); i++; }
            else b.Add(words[i]);
        }
        return b.ToImmutable();
    }

    // Markdown links keep their text, HTML tags and template placeholders (<year>) vanish,
    // emphasis and code marks are punctuation and vanish in Tokenize anyway.
    private static string StripMarkup(string line, ref bool inHtmlComment)
    {
        if (!inHtmlComment && line.AsSpan().IndexOfAny('<', ']') < 0) return line;
        var sb = new StringBuilder(line.Length);
        var i = 0;
        while (i < line.Length)
        {
            if (inHtmlComment)
            {
                var end = line.IndexOf("-->", i, StringComparison.Ordinal);
                if (end < 0) return sb.ToString();
                inHtmlComment = false;
                i = end + 3;
                continue;
            }
            var c = line[i];
            if (c == '<')
            {
                if (string.CompareOrdinal(line, i, "<!--", 0, 4) == 0) { inHtmlComment = true; i += 4; continue; }
                var close = line.IndexOf('>', i + 1);
                // A tag or placeholder is short and has no second '<' inside; "a < b" is not a tag.
                if (close > i + 1 && close - i <= 80 && line.IndexOf('<', i + 1, close - i - 1) < 0 && !char.IsWhiteSpace(line[i + 1]))
                {
                    // <https://...> autolinks keep their address as words.
                    var inner = line.AsSpan(i + 1, close - i - 1);
                    if (inner.StartsWith("http", StringComparison.OrdinalIgnoreCase)) sb.Append(' ').Append(inner).Append(' ');
                    else sb.Append(' ');
                    i = close + 1;
                    continue;
                }
            }
            if (c == ']' && i + 1 < line.Length && line[i + 1] == '(')
            {
                // [text](url): keep the text, drop the address.
                var close = line.IndexOf(')', i + 2);
                if (close > 0) { sb.Append(' '); i = close + 1; continue; }
            }
            sb.Append(c);
            i++;
        }
        return sb.ToString();
    }

    private static List<string> Tokenize(string line)
    {
        var words = new List<string>(line.Length / 5);
        var lower = line.ToLowerInvariant();
        var first = true;
        var start = -1;
        for (var i = 0; i <= lower.Length; i++)
        {
            var c = i < lower.Length ? lower[i] : ' ';
            var isWordChar = char.IsLetterOrDigit(c)
                // a dot between digits belongs to a version number ("2.0")
                || c == '.' && start >= 0 && char.IsAsciiDigit(lower[i - 1]) && i + 1 < lower.Length && char.IsAsciiDigit(lower[i + 1]);
            if (isWordChar)
            {
                if (start < 0) start = i;
                continue;
            }
            Flush(i);
            if (c == '&') words.Add("and");
            else if (c == '\u00a9') words.Add("copyright");
        }
        return words;

        void Flush(int end)
        {
            if (start < 0) return;
            var w = lower[start..end];
            var before = start > 0 ? lower[start - 1] : ' ';
            var after = end < lower.Length ? lower[end] : ' ';
            // "version 3." ends a sentence: a number right after "version" is never numbering.
            var listMarker = !(words.Count > 0 && words[^1] is "version" or "v") && IsListMarker(w, before, after, first);
            start = -1;
            first = false;
            if (listMarker) return;
            words.Add(Equivalent.TryGetValue(w, out var eq) ? eq : w);
        }
    }

    // Bullets vanish with punctuation; list numbering ("1.", "(a)", "iv)", "1.2.") is dropped
    // wherever its punctuation marks it as numbering, so a re-wrapped text (numbering now in
    // mid-line) normalises like the original.
    private static bool IsListMarker(string word, char before, char after, bool firstOnLine)
    {
        // "v.2." is a version, not numbering: numbering never follows a dot directly.
        if (word.Length > 8 || before == '.') return false;
        var marked = after is '.' or ')' || before == '(' && after == ')';
        if (!marked) return false;
        if (word.All(char.IsAsciiDigit)) return word.Length <= 2;
        if (word.All(c => char.IsAsciiDigit(c) || c == '.')) return firstOnLine;
        var roman = word.Length <= 4 && word.All(c => c is 'i' or 'v' or 'x');
        var letter = word.Length == 1 && char.IsAsciiLetterLower(word[0]);
        if (!roman && !letter) return false;
        return before == '(' && after == ')' || firstOnLine;
    }

    // "Copyright (c) 2020 Someone", "© 2020 ...", "All rights reserved": but not a wrapped line
    // of license prose that happens to start with "copyright notice and this permission...".
    private static bool IsCopyrightLine(List<string> words)
    {
        if (words.Count >= 3 && words[0] == "all" && words[1] == "rights" && words[2] == "reserved") return true;
        if (words[0] != "copyright") return false;
        if (words.Count == 1) return true;
        var next = words[1];
        return char.IsAsciiDigit(next[0]) || next is "copyright" or "by" or "c";
    }

    private static void JoinPairs(ImmutableArray<string>.Builder words, ImmutableArray<int>.Builder lines, ImmutableArray<bool>.Builder copyright)
    {
        for (var i = 0; i + 1 < words.Count; i++)
        {
            // Only these words start a pair that joins: skip the pair lookup for all others.
            if (words[i] is not ("sub" or "per" or "non" or "e")) continue;
            if (Joined(words[i], words[i + 1]) is not { } joined) continue;
            words[i] = joined;
            words.RemoveAt(i + 1);
            lines.RemoveAt(i + 1);
            copyright.RemoveAt(i + 1);
        }
    }
}

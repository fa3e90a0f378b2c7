using System.Collections.Immutable;
using System.Text;

namespace OpenGrade.Core.Licensing.Detection;

/// <summary>A marker hit: which catalog entry, where, and whether it names the license (use policies never do).</summary>
internal sealed record MarkerHit(string Id, bool IsUsePolicy, double Confidence, int Line);

/// <summary>
/// Recognises licenses that have no reference text (most AI licenses) by the markers of the
/// catalog. A title counts when it heads the document (one of its first lines) or stands as a
/// heading line of its own; a mention in running prose ("in accordance with the Llama 3.1
/// Community License") does not make a document that license. Titles compare on a lightly
/// canonical form of each line (case, quotes, dashes, Markdown emphasis and spacing folded), not
/// on normalised words, because "RAIL-M" and "RAIL++-M" must stay apart.
/// </summary>
internal sealed class LicenseMarkerReader
{
    private const int LeadingLines = 5;
    private const int HeadingSlack = 25;

    private readonly int _longestTitle;
    private readonly string[] _titleStarts;
    private readonly List<Entry> _entries;

    // A class, not a value tuple: generic code over reference types is precompiled, code over a
    // new struct is compiled by the JIT at every cold start.
    private sealed record Entry(string Id, bool IsPolicy, string[] Titles, string[] Phrases);

    public LicenseMarkerReader(LicenseCatalog catalog)
    {
        var b = new List<Entry>();
        foreach (var l in catalog.AiLicenses.Values.OrderBy(l => l.Id, StringComparer.Ordinal))
        {
            if (l.Markers is { } m && m.Titles.Length + m.Phrases.Length > 0)
                b.Add(new Entry(l.Id, false, [.. m.Titles.Select(Canonical)], [.. m.Phrases.Select(Canonical)]));
        }
        foreach (var p in catalog.UsePolicies.Values.OrderBy(p => p.Id, StringComparer.Ordinal))
        {
            b.Add(new Entry(p.Id, true, [.. p.Markers.Titles.Select(Canonical)], [.. p.Markers.Phrases.Select(Canonical)]));
        }
        _entries = b;
        _longestTitle = _entries.SelectMany(e => e.Titles).Select(t => t.Length).DefaultIfEmpty(0).Max();
        // Every title starts with one of these words: lines without any of them need no closer look.
        // (A plain array searched with string.IndexOf: SearchValues<string> is faster warm, but
        // its set-up and first use made the JIT compile ~40 generic methods at every cold start.)
        _titleStarts = [.. _entries.SelectMany(e => e.Titles).Select(t => t.Split(' ')[0]).Distinct(StringComparer.Ordinal)];
    }

    private static bool ContainsAny(string line, string[] words)
    {
        foreach (var w in words)
        {
            if (line.Contains(w, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }

    public IReadOnlyList<MarkerHit> Find(IReadOnlyList<string> lines)
    {
        // Only leading lines and short (heading-like) lines can hold a title: canonicalise those.
        var candidates = new List<TitleLine>();
        var nonEmptySeen = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            var raw = lines[i];
            var leading = false;
            if (nonEmptySeen < LeadingLines && raw.Trim() is { Length: > 0 } t && t != "---")
            {
                // YAML front matter keys and blank lines do not push a title out of the lead.
                leading = true;
                nonEmptySeen++;
            }
            if (!leading && raw.Length > _longestTitle + HeadingSlack + 20) continue;
            if (!ContainsAny(raw, _titleStarts)) continue;
            var canonical = Canonical(raw);
            if (canonical.Length == 0) continue;
            if (!leading && canonical.Length > _longestTitle + HeadingSlack) continue;
            candidates.Add(new TitleLine(i + 1, canonical, leading));
        }
        string? whole = null;
        var hits = new List<MarkerHit>();
        foreach (var (id, isPolicy, titles, phrases) in _entries)
        {
            int? titleLine = null;
            foreach (var (line, text, leading) in candidates)
            {
                foreach (var t in titles)
                {
                    var at = IndexOfWord(text, t);
                    // "… released under the X License" names X as a grant: a notice, not a title.
                    if (at < 0 || text[..at].TrimEnd().EndsWith(" under the", StringComparison.Ordinal) || text[..at].TrimEnd().EndsWith(" under", StringComparison.Ordinal)) continue;
                    if (leading || text.Length <= t.Length + HeadingSlack) { titleLine = line; break; }
                }
                if (titleLine is not null) break;
            }
            if (titleLine is null) continue;
            whole ??= string.Join(' ', lines.Select(Canonical));
            var phraseHit = phrases.Any(p => IndexOfWord(whole, p) >= 0);
            hits.Add(new MarkerHit(id, isPolicy, phraseHit ? 0.95 : 0.9, titleLine.Value));
        }
        // One document, one title: when several titles head it, the earliest wins (later ones
        // are usually references to related licenses or policies).
        if (hits.Count <= 1) return hits;
        var first = hits.Min(h => h.Line);
        return hits.Where(h => h.Line == first).Take(1).ToList();
    }

    private static int IndexOfWord(string text, string phrase)
    {
        if (phrase.Length == 0) return -1;
        var from = 0;
        while (true)
        {
            var at = text.IndexOf(phrase, from, StringComparison.Ordinal);
            if (at < 0) return -1;
            var end = at + phrase.Length;
            var okBefore = at == 0 || !char.IsLetterOrDigit(text[at - 1]);
            var okAfter = end == text.Length || !char.IsLetterOrDigit(text[end]) || text[end - 1] is '+' or '-';
            if (okBefore && okAfter && !(end < text.Length && text[end] == '.' && end + 1 < text.Length && char.IsAsciiDigit(text[end + 1])))
                return at;
            from = at + 1;
        }
    }

    /// <summary>Lower case, one kind of quote and dash, no Markdown emphasis or heading marks, single spaces.</summary>
    internal static string Canonical(string line)
    {
        var sb = new StringBuilder(line.Length);
        var space = true;
        foreach (var raw in line)
        {
            var c = char.ToLowerInvariant(raw) switch
            {
                '\u2018' or '\u2019' or '\u201c' or '\u201d' or '`' => '\'',
                '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2212' => '-',
                '*' or '_' or '#' or '>' or '\t' or '\u00a0' => ' ',
                var x => x,
            };
            if (c == ' ')
            {
                if (!space) sb.Append(' ');
                space = true;
                continue;
            }
            sb.Append(c);
            space = false;
        }
        return sb.ToString().Trim();
    }

    // A class, not a value tuple: framework generic code over value tuples is JIT-compiled at start-up.
    private sealed record TitleLine(int Line, string Text, bool Leading);
}

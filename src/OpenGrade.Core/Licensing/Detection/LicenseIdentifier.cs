using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text.RegularExpressions;
using OpenGrade.Core.Data;

namespace OpenGrade.Core.Licensing.Detection;

/// <summary>
/// OpenGrade's license identifier. Four kinds of evidence, each with its line range:
/// reference texts of the SPDX list (exact hash, then word-bigram Dice), markers of the AI
/// licenses of the catalog (which have no reference text), SPDX tags and model-card metadata,
/// and grant notices. They combine into one SPDX expression; below the thresholds the answer is
/// "no license" rather than a guess. Immutable and thread-safe; build once and share.
/// </summary>
public sealed partial class LicenseIdentifier : ILicenseIdentifier
{
    private static readonly Lazy<LicenseIdentifier> Embedded = new(() =>
    {
        // Start-up is most of a one-file run: read the catalog and the index side by side.
        var catalog = Task.Run(() => LicenseCatalog.Default);
        var index = LoadEmbeddedIndex();
        return new LicenseIdentifier(catalog.Result, index, new TextMatchThresholds());
    });

    private readonly LicenseCatalog _catalog;
    private readonly TextMatchThresholds _thresholds;
    private readonly LicenseTextMatcher _texts;
    private readonly LicenseMarkerReader _markers;
    private readonly LicenseNoticeReader _notices;

    public LicenseIdentifier(LicenseCatalog catalog, LicenseIndex index, TextMatchThresholds thresholds)
    {
        _catalog = catalog;
        _thresholds = thresholds;
        _texts = new LicenseTextMatcher(index, thresholds);
        _markers = new LicenseMarkerReader(catalog);
        // Both are needed only when a text names a license: built on first use.
        _notices = new LicenseNoticeReader(
            new Lazy<LicenseRecognizer>(() => new LicenseRecognizer(catalog)),
            new Lazy<FrozenSet<string>>(() => LicenseNoticeReader.NameStarts(catalog)));
    }

    /// <summary>The identifier over the SPDX texts compiled into this assembly and the embedded catalog.</summary>
    public static LicenseIdentifier Default => Embedded.Value;

    public LicenseIndex Index => _texts.Index;

    // How far after a license text its optional appendix reaches (the GNU one is ~50 lines).
    private const int AppendixLines = 80;

    public static LicenseIndex LoadEmbeddedIndex()
    {
        using var stream = EmbeddedData.OpenStream("license-index.bin");
        return LicenseIndex.Read(stream);
    }

    public LicenseDetection Identify(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return LicenseDetection.None;
        var lines = LicenseTextNormalizer.SplitLines(text).ToList();
        var normalized = LicenseTextNormalizer.Normalize(text);
        var (words, wordLines) = normalized.MatchingWords();

        // Records, not value tuples: generic framework code over value tuples is JIT-compiled at
        // every start (ReadyToRun cannot precompile it), a visible part of a one-file run.
        var matches = new List<Evidence>();

        var allTextMatches = _texts.Find(words, Bias);
        var textMatches = AbsorbEmbedded(allTextMatches);
        foreach (var t in textMatches)
        {
            var id = TextOnlyForm(LicenseIdCanonicalizer.Canonical(t.License.Id, _catalog));
            // A fragment (a truncated text) is as sure as the share of the license it shows.
            // One read by its clause structure is as sure as its words are close to the SPDX text.
            var confidence = t.Dice >= _thresholds.MinimumDice || t.ByStructure ? t.Dice : t.Coverage * t.Precision;
            matches.Add(new Evidence(new LicenseMatch(id, Math.Round(confidence, 3), t.Kind, wordLines[t.FirstWord], wordLines[Math.Min(t.LastWord, wordLines.Length - 1)]), true));
        }

        foreach (var m in _markers.Find(lines))
        {
            matches.Add(new Evidence(new LicenseMatch(m.Id, m.Confidence, MatchKind.Marker, m.Line, m.Line), !m.IsUsePolicy));
        }

        var absorbedFrom = textMatches.Where(t => t.License.Id.StartsWith("LGPL-3.0", StringComparison.Ordinal))
            .Select(t => wordLines[t.FirstWord]).DefaultIfEmpty(int.MaxValue).Min();
        foreach (var n in _notices.Find(lines, normalized))
        {
            // Texts absorbed into another (the GPL-3.0 inside an LGPL-3.0) still own their sentences.
            if (IsPartOfMatchedText(n, allTextMatches, normalized, wordLines, lines)) continue;
            // The GPL's own "how to apply" notice after an LGPL-3.0 text belongs to that text.
            if (n.StartLine >= absorbedFrom && LicenseIdCanonicalizer.FoldedSet(n.Expression).SetEquals(["gpl-3.0"])) continue;
            var id = LicenseIdCanonicalizer.CanonicalExpression(n.Expression, _catalog);
            // Two rules reading the same sentence ("…under the GNU General Public License v2.0")
            // give one match.
            if (matches.Any(m => m.Match.Id == id && m.Match.StartLine <= n.EndLine && n.StartLine <= m.Match.EndLine)) continue;
            matches.Add(new Evidence(new LicenseMatch(id, n.Confidence, n.Kind, n.StartLine, n.EndLine), true));
        }

        var counted = matches.Where(m => m.CountsAsLicense).Select(m => m.Match).ToList();
        if (counted.Count == 0) return new LicenseDetection(null, 0, Ordered(matches));

        // One entry per license: the strongest evidence for it, in order of first appearance.
        var ids = counted
            .GroupBy(m => LicenseIdCanonicalizer.Folded(m.Id))
            .Select(g => new FirstAndBest(g.Min(m => m.StartLine), Strongest(g.ToList())))
            .OrderBy(g => g.First)
            .Select(g => g.Best)
            .ToList();
        ids = AbsorbIntoCompounds(ids);
        ids = MergeExceptions(ids);
        ids = ApplyExceptionParagraphs(ids, LicenseExceptionReader.Find(normalized, _catalog.NameRules.ExceptionCues), matches);
        // A license read by its structure is not a reference text: its words are the file's own
        // ("ALTERNATIVELY, … the GNU GPL" among BSD conditions).
        var op = SaysAlternatives(words, textMatches.Where(t => !t.ByStructure).ToList()) ? " OR " : " AND ";
        var expression = ids.Count == 1 ? ids[0].Id : string.Join(op, ids.Select(m => Wrap(m.Id)));
        // No term twice, nested like operators flattened: "(ISC OR MIT) OR MIT" is "ISC OR MIT".
        if (LicenseExpressionParser.TryParse(expression, out var parsed)) expression = parsed!.Simplified().ToString()!;
        return new LicenseDetection(expression, Math.Round(ids.Min(m => m.Confidence), 3), Ordered(matches));
    }

    private static ImmutableArray<LicenseMatch> Ordered(List<Evidence> matches) =>
        matches.Select(m => m.Match).OrderBy(m => m.StartLine).ThenBy(m => m.Id, StringComparer.Ordinal).ToImmutableArray();

    // An exception paragraph (found by its cue words, data) modifies a license of the file that it
    // names in `modifies`: the nearest one above it, else the first below. "Apache-2.0" and the
    // LLVM exception's paragraph are "Apache-2.0 WITH LLVM-exception". Where several exceptions
    // share a cue (Autoconf's for GPL-2.0 and GPL-3.0), the first that has a license to modify
    // wins. An exception with no license to modify names nothing; a license already WITH an
    // exception keeps it.
    private static List<LicenseMatch> ApplyExceptionParagraphs(List<LicenseMatch> ids, IReadOnlyList<ExceptionHit> hits, List<Evidence> matches)
    {
        foreach (var hit in hits)
        {
            foreach (var cue in hit.Cues)
            {
                var modifiable = ids.Where(m => !m.Id.Contains(' ', StringComparison.Ordinal)
                    && cue.Modifies.Any(x => LicenseIdCanonicalizer.Folded(x) == LicenseIdCanonicalizer.Folded(m.Id))).ToList();
                if (modifiable.Count == 0) continue;
                var target = modifiable.Where(m => m.StartLine <= hit.StartLine).MaxBy(m => m.StartLine) ?? modifiable[0];
                var with = target with { Id = $"{target.Id} WITH {cue.Id}" };
                ids[ids.IndexOf(target)] = with;
                matches.Add(new Evidence(new LicenseMatch(with.Id, target.Confidence, MatchKind.Notice, hit.StartLine, hit.EndLine), false));
                break;
            }
        }
        return ids;
    }

    // The SPDX text of LGPL-3.0 is the LGPL followed by the whole GPL-3.0; the index holds the
    // LGPL part alone, so a GPL-3.0 text right after an LGPL-3.0 text is part of it.
    private static IReadOnlyList<TextMatch> AbsorbEmbedded(IReadOnlyList<TextMatch> found)
    {
        var lgpl = found.Where(t => t.License.Id.StartsWith("LGPL-3.0", StringComparison.Ordinal)).ToList();
        if (lgpl.Count == 0) return found;
        return found.Where(t => !(t.License.Id.StartsWith("GPL-3.0", StringComparison.Ordinal)
            && lgpl.Any(l => t.FirstWord >= l.LastWord - 1 && t.FirstWord - l.LastWord <= 40))).ToList();
    }

    // One rule for every GNU text version: a license text says which license, never "or any
    // later version" (its appendix's sample notice is a template). A text alone is "-only"
    // (the SPDX list keeps some "-or-later"/"+" entries whose texts differ from the "-only" text
    // by a line or by the appendix); only the project's notice or tag makes it "-or-later".
    private string TextOnlyForm(string id)
    {
        if (id.Contains(' ', StringComparison.Ordinal)) return id;
        var stem = id.EndsWith("-or-later", StringComparison.Ordinal) ? id[..^"-or-later".Length] : id.EndsWith('+') ? id[..^1] : null;
        return stem is not null && _catalog.Spdx.ContainsKey(stem + "-only") ? stem + "-only" : id;
    }

    // The strongest evidence names the license, except that a GNU text cannot tell "-only" from
    // "-or-later": when a notice or tag of the project says "-or-later", that form is reported.
    private static LicenseMatch Strongest(List<LicenseMatch> group)
    {
        var best = group[0];
        foreach (var m in group)
        {
            if (Rank(m.Kind) > Rank(best.Kind) || Rank(m.Kind) == Rank(best.Kind) && m.Confidence > best.Confidence) best = m;
        }
        // A notice that names a bare version ("… the GNU Library General Public License version 2")
        // says no more than a text: a notice of the same file that says "or any later version" wins.
        if (best.Kind is not (MatchKind.Exact or MatchKind.Similar or MatchKind.Notice) || !best.Id.EndsWith("-only", StringComparison.Ordinal)) return best;
        var later = group.FirstOrDefault(m => m.Kind is MatchKind.Notice or MatchKind.Identifier && m.Id.EndsWith("-or-later", StringComparison.Ordinal));
        return later is null ? best : best with { Id = later.Id };
    }

    // A full text outranks a marker, a marker a tag, a tag a notice: when two kinds disagree about
    // the same license, the strongest kind's confidence is reported.
    private static int Rank(MatchKind kind) => kind switch
    {
        MatchKind.Exact => 5,
        MatchKind.Similar => 4,
        MatchKind.Marker => 3,
        MatchKind.Identifier => 2,
        _ => 1,
    };

    private static bool IsCompound(string id) => id.Contains(" OR ", StringComparison.Ordinal) || id.Contains(" AND ", StringComparison.Ordinal);

    // A notice that names several licenses ("either the GNU LGPL … or the GNU GPL …", "dual
    // licensed under the ISC and MIT licenses") says how they combine; the licenses it names,
    // found on their own as texts or notices, are its terms, not further licenses. A term keeps
    // the "-or-later" of its own notice (the name "LGPLv3+" loses its "+" as a word).
    private static List<LicenseMatch> AbsorbIntoCompounds(List<LicenseMatch> ids)
    {
        var compounds = ids.Where(m => IsCompound(m.Id)).ToList();
        if (compounds.Count == 0) return ids;
        // A compound whose terms another compound names too (a repeated notice) is that one.
        compounds = compounds.Where(c => !compounds.Any(o => !ReferenceEquals(o, c)
            && LicenseIdCanonicalizer.FoldedSet(c.Id).IsProperSubsetOf(LicenseIdCanonicalizer.FoldedSet(o.Id)))).ToList();
        compounds = compounds.DistinctBy(c => string.Join(' ', LicenseIdCanonicalizer.FoldedSet(c.Id).Order(StringComparer.Ordinal))).ToList();
        var singles = ids.Where(m => !IsCompound(m.Id)).ToList();
        var absorbed = new HashSet<LicenseMatch>(ReferenceEqualityComparer.Instance);
        var shaped = new Dictionary<LicenseMatch, LicenseMatch>(ReferenceEqualityComparer.Instance);
        foreach (var c in compounds)
        {
            var terms = LicenseIdCanonicalizer.FoldedSet(c.Id);
            var own = singles.Where(s => terms.Contains(LicenseIdCanonicalizer.Folded(s.Id))).ToList();
            absorbed.UnionWith(own);
            var id = c.Id;
            if (LicenseExpressionParser.TryParse(c.Id, out var parsed))
            {
                id = parsed!.MapIds(t => own.FirstOrDefault(s => LicenseIdCanonicalizer.Folded(s.Id) == LicenseIdCanonicalizer.Folded(t)
                    && s.Id.EndsWith("-or-later", StringComparison.Ordinal))?.Id ?? t).ToString()!;
            }
            var covered = own.Select(s => LicenseIdCanonicalizer.Folded(s.Id)).ToHashSet().SetEquals(terms);
            shaped[c] = c with { Id = id, Confidence = covered ? Math.Max(c.Confidence, own.Min(s => s.Confidence)) : c.Confidence };
        }
        return ids.Where(m => !absorbed.Contains(m) && (!IsCompound(m.Id) || shaped.ContainsKey(m)))
            .Select(m => shaped.GetValueOrDefault(m, m)).ToList();
    }

    // The SPDX list holds GPL exceptions as separate texts: the GPL found as text and its
    // exception found beside it are one license, "GPL-2.0-only WITH GCC-exception-2.0".
    private static List<LicenseMatch> MergeExceptions(List<LicenseMatch> ids)
    {
        // The SPDX entry of an exception text names one GPL version (GPL-2.0-with-bison-exception),
        // but the exception modifies whichever GPL the file states: with exactly one other GPL in
        // the file, the exception is that GPL's.
        var plainGpl = ids.Where(m => m.Id.StartsWith("GPL-", StringComparison.Ordinal) && !m.Id.Contains(' ', StringComparison.Ordinal)).ToList();
        if (plainGpl.Count == 1)
        {
            ids = ids.Select(m => m.Id.Split(" WITH ", 2) is [var gpl, var exception] && m.Kind is MatchKind.Similar or MatchKind.Exact
                && gpl.StartsWith("GPL-", StringComparison.Ordinal) && LicenseIdCanonicalizer.Folded(gpl) != LicenseIdCanonicalizer.Folded(plainGpl[0].Id)
                ? m with { Id = $"{plainGpl[0].Id} WITH {exception}" } : m).ToList();
        }
        var bases = ids.Select(m => m.Id.Split(" WITH ", 2)).Where(p => p.Length == 2)
            .Select(p => LicenseIdCanonicalizer.Folded(p[0])).ToHashSet(StringComparer.Ordinal);
        if (bases.Count == 0) return ids;
        var merged = ids.Where(m => m.Id.Contains(" WITH ", StringComparison.Ordinal) || !bases.Contains(LicenseIdCanonicalizer.Folded(m.Id))).ToList();
        var dropped = ids.Except(merged).ToList();
        if (dropped.Count == 0) return merged;
        // The exception is only as sure as the license text it modifies.
        return merged.Select(m => m.Id.Contains(" WITH ", StringComparison.Ordinal)
            ? m with { Confidence = Math.Min(m.Confidence, dropped.Min(d => d.Confidence)) }
            : m).ToList();
    }

    private static string Wrap(string id) => id.Contains(" OR ", StringComparison.Ordinal) || id.Contains(" AND ", StringComparison.Ordinal) ? $"({id})" : id;

    // A notice that is itself a sentence of a license text found in the same place (the Apache
    // appendix, the GPL's "how to apply" section) is part of that text, not a second license.
    private bool IsPartOfMatchedText(NoticeHit n, IReadOnlyList<TextMatch> textMatches, NormalizedText normalized, int[] wordLines, IReadOnlyList<string> lines)
    {
        foreach (var t in textMatches)
        {
            var first = wordLines[t.FirstWord];
            var last = wordLines[Math.Min(t.LastWord, wordLines.Length - 1)];
            var folded = LicenseIdCanonicalizer.FoldedSet(LicenseIdCanonicalizer.CanonicalExpression(n.Expression, _catalog));
            var sameLicense = folded.SetEquals([LicenseIdCanonicalizer.Folded(LicenseIdCanonicalizer.Canonical(t.License.Id, _catalog))]);
            // The optional appendix after a text ("How to apply these terms…") shows a sample
            // notice of the same license: a template, not the project's own statement.
            // A notice that says "-or-later" decides the answer, so for it the rule is stricter:
            // it is the template only where it follows the template's placeholder copyright
            // line ("Copyright (C) <year> <name of author>"); a project's own notice, before the
            // text, inside its region or after its appendix, counts.
            var template = !n.Expression.Contains("-or-later", StringComparison.Ordinal) || IsTemplateNotice(n, lines);
            if (sameLicense && n.StartLine > last && n.StartLine - last <= AppendixLines && template) return true;
            if (n.StartLine < first || n.EndLine > last) continue;
            if (sameLicense && template) return true;
            if (n.FirstWord >= 0 && _texts.SentenceBelongsTo(t.License, normalized.Words, n.FirstWord, n.LastWord)) return true;
        }
        return false;
    }

    // The GNU "how to apply" sample: a placeholder line ("<one line to give the program's name…>",
    // "Copyright (C) year  name of author", "19yy", with or without angle brackets) at most five
    // lines above the notice.
    private static bool IsTemplateNotice(NoticeHit n, IReadOnlyList<string> lines)
    {
        for (var i = Math.Max(0, n.StartLine - 6); i < Math.Min(lines.Count, n.StartLine); i++)
        {
            if (TemplatePlaceholder().IsMatch(lines[i])) return true;
        }
        return false;
    }

    [GeneratedRegex(@"name of (the )?author|one line to give|<year>|\b(19|20)yy\b|\byyyy\b|copyright \(c\) year\b", RegexOptions.IgnoreCase)]
    private static partial Regex TemplatePlaceholder();

    // Whether the words outside the matched license texts say the licenses are alternatives.
    private static bool SaysAlternatives(string[] words, IReadOnlyList<TextMatch> textMatches)
    {
        var outside = new bool[words.Length];
        Array.Fill(outside, true);
        foreach (var t in textMatches) for (var i = t.FirstWord; i <= t.LastWord && i < words.Length; i++) outside[i] = false;
        for (var i = 0; i < words.Length; i++)
        {
            if (!outside[i]) continue;
            var w = words[i];
            var next = i + 1 < words.Length ? words[i + 1] : "";
            // "at your option any later version" is the GNU version formula, not a choice of licenses.
            var laterVersion = words.Skip(i + 1).Take(5).Contains("later");
            if (w == "alternatively" || w == "dual" && next is "licensed" or "license" or "licensing"
                || w == "your" && next is "choice" or "option" && !laterVersion || w == "either" && (next is "license" or "of" || i > 0 && words[i - 1] is "of" or "under"))
                return true;
        }
        return false;
    }

    // SPDX deprecated ids whose text a current id repeats (bzip2-1.0.5, GPL-2.0) give way to the
    // current id within 0.02; "-or-later" gives way to "-only" on identical texts, because a bare
    // text cannot say "or later", only a notice can.
    private double Bias(IndexedLicense license)
    {
        var bias = 0.0;
        if (_catalog.Spdx.TryGetValue(license.Id, out var spdx) && spdx.IsDeprecated && LicenseIdCanonicalizer.ExceptionOf(license.Id) is null
            || LicenseIdCanonicalizer.IsSuperseded(license.Id)) bias -= 0.02;
        if (license.Id.EndsWith("-or-later", StringComparison.Ordinal) || license.Id.EndsWith('+')) bias -= 0.001;
        return bias;
    }

    private sealed record Evidence(LicenseMatch Match, bool CountsAsLicense);

    private sealed record FirstAndBest(int First, LicenseMatch Best);
}

namespace OpenGrade.Core.Licensing.Detection;

/// <summary>One reference text found in a query, where it stands (word positions) and how well it fits.</summary>
/// <remarks><see cref="ByStructure"/>: read by its clause structure (<see cref="ClauseStructureReader"/>), not by its whole text; its Dice says how close the words are.</remarks>
internal sealed record TextMatch(IndexedLicense License, MatchKind Kind, double Dice, double Coverage, double Precision, int FirstWord, int LastWord, int LongestInsertion = 0, bool ByStructure = false);

/// <summary>Thresholds of the similarity stage (see docs/license-detection.md for how they were chosen).</summary>
public sealed record TextMatchThresholds(
    double MinimumDice = 0.90,
    double TruncatedPrecision = 0.97,
    double TruncatedCoverage = 0.2,
    int TruncatedMinimumBigrams = 60,
    double MissPenalty = 1.0,
    int MaximumCandidates = 40,
    int MaximumInsertion = 20,
    int MaximumMatches = 16);

/// <summary>
/// Finds SPDX reference texts in a normalised text: first the exact hash of the whole text, then
/// word-bigram Sørensen–Dice similarity. The inverted index names the few licenses that share
/// enough bigrams with the query; for each, the densest run of shared bigrams (a maximum-sum
/// segment) is where the license stands, so a preamble, a README around the text or a second
/// license do not dilute the score. The best region wins, its words are consumed, and the search
/// repeats for further licenses in the same file.
/// </summary>
internal sealed class LicenseTextMatcher(LicenseIndex index, TextMatchThresholds thresholds)
{
    // Plain dictionaries filled by loops: built at every start, where a frozen one's build cost
    // (or LINQ grouping over value tuples, compiled by the JIT) would show.
    private readonly Dictionary<ulong, int[]> _byHash = ByHash(index);

    private readonly Dictionary<string, int> _byId = ById(index);

    // Built on first use: most texts never reach it.
    private readonly Lazy<ClauseStructureReader> _structure = new(() => new ClauseStructureReader(index, thresholds, ById(index)));


    private static Dictionary<ulong, int[]> ByHash(LicenseIndex index)
    {
        var byHash = new Dictionary<ulong, int[]>(index.Licenses.Count);
        for (var i = 0; i < index.Licenses.Count; i++)
        {
            var hash = index.Licenses[i].Hash;
            byHash[hash] = byHash.TryGetValue(hash, out var same) ? [.. same, i] : [i];
        }
        return byHash;
    }

    private static Dictionary<string, int> ById(LicenseIndex index)
    {
        var byId = new Dictionary<string, int>(index.Licenses.Count, StringComparer.Ordinal);
        for (var i = 0; i < index.Licenses.Count; i++) byId.TryAdd(index.Licenses[i].Id, i);
        return byId;
    }

    public LicenseIndex Index => index;

    // A variant must show what makes it a variant: at least this share of the words its text has
    // and its base's text lacks ("HP", "patent", "infringement" for BSD-3-Clause-HP).
    private const double VariantEvidence = 0.5;

    public IReadOnlyList<TextMatch> Find(string[] words, Func<IndexedLicense, double> bias)
    {
        if (words.Length < 2) return [];
        var licenses = index.Licenses;

        if (_byHash.TryGetValue(LicenseIndex.HashWords(words), out var exact))
        {
            var best = exact.Select(i => licenses[i]).OrderByDescending(bias).ThenBy(l => l.Id.Length).First();
            return [new TextMatch(best, MatchKind.Exact, 1, 1, 1, 0, words.Length - 1)];
        }

        var q = new QueryBigrams(index, words);
        var n = q.Count;
        var shared = new int[licenses.Count];
        for (var local = 0; local < q.Distinct; local++)
        {
            var k = q.KeyOf[local];
            if (k < 0) continue;
            for (var p = index.Offsets[k]; p < index.Offsets[k + 1]; p++) shared[index.Postings[p]]++;
        }
        var candidates = Candidates(shared).Take(thresholds.MaximumCandidates).ToList();

        var consumed = new bool[n];
        var found = new List<TextMatch>();
        var member = new bool[q.Distinct];
        var stamp = new int[q.Distinct];
        var call = 0;
        // Bounded: a file of hundreds of concatenated licenses must not cost hundreds of passes.
        while (candidates.Count > 0 && found.Count < thresholds.MaximumMatches)
        {
            TextMatch? best = null;
            var evaluated = new Dictionary<ulong, TextMatch?>();
            foreach (var c in candidates)
            {
                // Branch and bound: a region shares at most shared[c] bigrams with the license, so
                // its Dice is at most 2s/(s+|L|). Candidates are in descending order of that bound;
                // once it falls below the best whole match (less the largest bias, 0.02), stop.
                var coverage = (double)shared[c] / licenses[c].BigramCount;
                var bound = 2 * coverage / (1 + coverage);
                if (best is not null && best.Dice >= thresholds.MinimumDice && bound + 0.021 < best.Dice) break;
                // Identical reference texts (GPL-3.0, GPL-3.0-only, GPL-3.0+...) score alike: once.
                TextMatch? m;
                if (evaluated.TryGetValue(licenses[c].Hash, out var same)) m = same is null ? null : same with { License = licenses[c] };
                else
                {
                    m = Region(c, q, consumed, member, stamp, ++call);
                    if (m is not null && (!Accepted(m) || m.Dice < thresholds.MinimumDice && !StartsLikeReference(c, q.Ids, m))) m = null;
                    evaluated[licenses[c].Hash] = m;
                }
                if (m is null) continue;
                if (best is null || Better(m, best, bias)) best = m;
            }
            if (best is null) break;
            var chosen = best;
            if (PreferBase(best, q, consumed, member, stamp, ref call) is not { } preferred)
            {
                candidates.RemoveAll(c => licenses[c].Hash == chosen.License.Hash);
                continue;
            }
            best = preferred;
            // SPDX guideline: added substantive text makes a different license. A long passage
            // the reference lacks (a modified Apache or MPL) rules the match out. An accepted
            // license stays a candidate: a file may hold the same license twice.
            best = best with { LongestInsertion = LongestInsertion(q.Ids, best) };
            if (best.LongestInsertion >= thresholds.MaximumInsertion)
            {
                candidates.Remove(IndexOf(best.License));
                candidates.Remove(IndexOf(chosen.License));
                continue;
            }
            found.Add(best);
            for (var i = best.FirstWord; i < best.LastWord && i < n; i++) consumed[i] = true;
            // Too little text left for another license (a title, a copyright line): done.
            var unconsumed = 0;
            for (var i = 0; i < n && unconsumed < MinimumRemainingBigrams; i++) if (!consumed[i]) unconsumed++;
            if (unconsumed < MinimumRemainingBigrams) break;
            // What is left of the query shares fewer bigrams with every license: take the bigrams
            // that now occur only inside consumed regions out of the counts.
            var left = new bool[q.Distinct];
            for (var i = 0; i < n; i++) if (!consumed[i]) left[q.Local[i]] = true;
            var gone = new bool[q.Distinct];
            for (var i = best.FirstWord; i < best.LastWord && i < n; i++)
            {
                var local = q.Local[i];
                if (left[local] || gone[local] || q.KeyOf[local] < 0) continue;
                gone[local] = true;
                var k = q.KeyOf[local];
                for (var p = index.Offsets[k]; p < index.Offsets[k + 1]; p++) shared[index.Postings[p]]--;
            }
            candidates = Candidates(shared).Where(candidates.Contains).ToList();
        }
        // Where no text fits as a whole, a BSD or MIT license may still be read by its structure.
        if (found.Count < thresholds.MaximumMatches) ReadByStructure(words, found);
        return found;
    }

    // A fragment stands for a truncated copy. Where the structure reader finds a whole license
    // (grant, conditions and its disclaimer) over a fragment's words, the text is not truncated:
    // it is a license of the family worded differently (the MIT grant under a BSD disclaimer, a
    // BSD licence whose advertising clause was deleted), and the reading replaces the fragment.
    private void ReadByStructure(string[] words, List<TextMatch> found)
    {
        var whole = found.Where(t => t.Dice >= thresholds.MinimumDice).ToList();
        var read = _structure.Value.Find(words, whole);
        var fragments = found.Where(t => t.Dice < thresholds.MinimumDice).ToList();
        foreach (var r in read)
        {
            var under = fragments.Where(f => f.FirstWord <= r.Match.LastWord && r.Match.FirstWord <= f.LastWord).ToList();
            if (under.Count > 0 && !r.Complete) continue;
            found.RemoveAll(under.Contains);
            found.Add(r.Match);
        }
    }

    /// <summary>
    /// A variant (an id that extends another's: BSD-3-Clause-HP, MIT-Modern-Variant, Python-2.0.1)
    /// wins over its base only when the region holds its distinguishing words, the words of the
    /// variant's text that the base's text lacks. A text that fits both about equally (a BSD
    /// licence saying "the author" where the SPDX text says "the copyright holders") is the base.
    /// </summary>
    /// <remarks>
    /// Null when the variant shows none of what makes it a variant and no base fits either (a BSD
    /// licence saying "the author" that is closer to BSD-3-Clause-HP than to BSD-3-Clause, but
    /// has no "HP" and no "patent infringement"): the variant is not the answer, and the region
    /// is left to other candidates and to the BSD clause reading.
    /// </remarks>
    private TextMatch? PreferBase(TextMatch best, QueryBigrams q, bool[] consumed, bool[] member, int[] stamp, ref int call)
    {
        var id = best.License.Id;
        var firstBase = -1;
        for (var cut = id.LastIndexOf('-'); cut > 0; cut = id.LastIndexOf('-', cut - 1))
        {
            if (!_byId.TryGetValue(id[..cut], out var baseNumber) || index.Licenses[baseNumber].Hash == best.License.Hash) continue;
            if (firstBase < 0) firstBase = baseNumber;
            var candidate = Region(baseNumber, q, consumed, member, stamp, ++call);
            if (candidate is null || !Accepted(candidate) || (candidate.Dice >= thresholds.MinimumDice) != (best.Dice >= thresholds.MinimumDice)) continue;
            // The base must fit by the same rules: a clause the base lacks (the attribution clause
            // of BSD-3-Clause-Attribution) makes the variant the answer.
            if (LongestInsertion(q.Ids, candidate) >= thresholds.MaximumInsertion) return best;
            var variant = IndexOf(best.License);
            var own = Distinguishing(variant, baseNumber);
            if (WordsPresent(own, q.Ids, best) < VariantEvidence) return candidate;
            // A variant that only leaves words out (FSFAP-no-warranty-disclaimer is FSFAP without
            // its last sentence) has no words of its own: the base wins when the region holds the
            // words the variant leaves out.
            if (own.Count == 0 && WordsPresent(Distinguishing(baseNumber, variant), q.Ids, candidate) >= VariantEvidence) return candidate;
            return best;
        }
        // Only for a whole text (a fragment's own words may stand in the part that is cut off),
        // and only on the words no other text of the family has: a variant reworded elsewhere
        // (BSD-3-Clause-Tso's clauses under the usual disclaimer) still shows them.
        if (firstBase >= 0 && best.Dice >= thresholds.MinimumDice)
        {
            var own = FamilyOnly(IndexOf(best.License), firstBase);
            if (own.Count > 0 && WordsPresent(own, q.Ids, best) == 0) return null;
        }
        return best;
    }

    // The words of a variant's text that neither its base nor any other text of the family (ids
    // that extend the base's) has: "hp" and "infringement" for BSD-3-Clause-HP.
    private HashSet<int> FamilyOnly(int variant, int baseNumber)
    {
        var own = Distinguishing(variant, baseNumber);
        var prefix = index.Licenses[baseNumber].Id;
        for (var i = 0; i < index.Licenses.Count && own.Count > 0; i++)
        {
            if (i == variant || !index.Licenses[i].Id.StartsWith(prefix, StringComparison.Ordinal) || index.Licenses[i].Hash == index.Licenses[variant].Hash) continue;
            own.ExceptWith(index.Sequence(i).ToArray());
        }
        return own;
    }

    // The words of one license's text that another's lacks.
    private HashSet<int> Distinguishing(int license, int other)
    {
        var words = new HashSet<int>(index.Sequence(license).ToArray());
        words.ExceptWith(index.Sequence(other).ToArray());
        return words;
    }

    // The share of the given words found in the region of the query (1 when there are none).
    private static double WordsPresent(HashSet<int> words, int[] ids, TextMatch region)
    {
        if (words.Count == 0) return 1;
        var present = 0;
        var seen = new HashSet<int>();
        for (var i = region.FirstWord; i <= region.LastWord && i < ids.Length; i++)
        {
            if (words.Contains(ids[i]) && seen.Add(ids[i])) present++;
        }
        return (double)present / words.Count;
    }

    // The shortest SPDX texts have a few dozen words; below this no further license can stand.
    private const int MinimumRemainingBigrams = 12;

    private IEnumerable<int> Candidates(int[] shared) => Enumerable.Range(0, shared.Length)
        .Where(c => shared[c] >= 4 && shared[c] >= thresholds.TruncatedCoverage * index.Licenses[c].BigramCount)
        .OrderByDescending(c => (double)shared[c] / index.Licenses[c].BigramCount);

    /// <summary>
    /// A query as bigrams: word ids (unknown words get ids of their own), and per position a
    /// dense local number of its bigram, with the index key of each local bigram (or -1), so that
    /// scoring a candidate tests each distinct bigram once.
    /// </summary>
    private sealed class QueryBigrams
    {
        public QueryBigrams(LicenseIndex index, string[] words)
        {
            Ids = new int[words.Length];
            var unknown = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < words.Length; i++)
            {
                var id = index.WordId(words[i]);
                if (id < 0 && !unknown.TryGetValue(words[i], out id)) unknown[words[i]] = id = index.Words.Count + unknown.Count;
                Ids[i] = id;
            }
            Count = words.Length - 1;
            Local = new int[Count];
            // Dense numbering of distinct bigrams through a small open-addressing table
            // (power-of-two size, linear probing): the hottest loop of a query.
            var size = 16;
            while (size < Count * 2) size <<= 1;
            var slots = new ulong[size];
            var numbers = new int[size];
            var used = new bool[size];
            var keyOf = new List<int>(Count);
            var known = index.Words.Count;
            for (var i = 0; i < Count; i++)
            {
                var raw = LicenseIndex.BigramKey(Ids[i], Ids[i + 1]);
                var h = (int)((raw * 0x9E3779B97F4A7C15UL) >> 40) & (size - 1);
                while (used[h] && slots[h] != raw) h = (h + 1) & (size - 1);
                if (!used[h])
                {
                    used[h] = true;
                    slots[h] = raw;
                    numbers[h] = keyOf.Count;
                    keyOf.Add(Ids[i] < known && Ids[i + 1] < known ? index.KeyIndex(raw) : -1);
                }
                Local[i] = numbers[h];
            }
            KeyOf = [.. keyOf];
        }

        public int[] Ids { get; }
        public int Count { get; }
        public int[] Local { get; }
        public int[] KeyOf { get; }
        public int Distinct => KeyOf.Length;
    }

    // Reference texts end at "END OF TERMS AND CONDITIONS" (what follows is optional, see
    // ReferenceTextPreparer); a query's region ends there too, so its appendix (which repeats
    // phrases of the license) is not scored as added text.
    private int EndAtOptionalTail(int license, int[] ids, int start, int end)
    {
        var reference = index.Sequence(license);
        const int tail = 5;
        if (reference.Length < tail) return end;
        var last = reference[^tail..];
        for (var i = start; i + tail <= end + 2 && i + tail <= ids.Length; i++)
        {
            if (ids.AsSpan(i, tail).SequenceEqual(last)) return Math.Min(end, i + tail - 2);
        }
        return end;
    }

    // The longest run of query words in the region whose word 4-grams never occur in the
    // reference text: text the license does not have (an added clause, or a long name).
    private int LongestInsertion(int[] ids, TextMatch m)
    {
        var grams = new HashSet<ulong>();
        AddGrams(index.Sequence(IndexOf(m.License)), grams);
        return LongestInsertion(grams, ids, m.FirstWord, m.LastWord, null);
    }

    private const int GramLength = 4;

    /// <summary>Adds the word 4-grams of a reference text to <paramref name="grams"/>.</summary>
    internal static void AddGrams(ReadOnlySpan<int> reference, HashSet<ulong> grams)
    {
        for (var i = 0; i + GramLength <= reference.Length; i++) grams.Add(Gram(reference.Slice(i, GramLength)));
    }

    /// <summary>
    /// The longest run of words of ids[first..last] whose word 4-grams the reference texts (their
    /// <paramref name="grams"/>) never use; words marked in <paramref name="replaceable"/> (a name
    /// the license lets vary) neither count nor break a run.
    /// </summary>
    internal static int LongestInsertion(HashSet<ulong> grams, int[] ids, int first, int last, bool[]? replaceable)
    {
        const int q = GramLength;
        int run = 0, longest = 0;
        last = Math.Min(last, ids.Length - q);
        for (var i = first; i <= last; i++)
        {
            if (replaceable is not null && replaceable[i]) continue;
            if (grams.Contains(Gram(ids.AsSpan(i, q)))) run = 0;
            else longest = Math.Max(longest, ++run);
        }
        return longest;
    }

    private static ulong Gram(ReadOnlySpan<int> ids)
    {
        var h = 1469598103934665603UL;
        foreach (var id in ids) h = (h ^ (uint)id) * 1099511628211UL;
        return h;
    }

    /// <summary>Whether most bigrams of words[first..last] occur in the license's reference text.</summary>
    public bool SentenceBelongsTo(IndexedLicense license, IReadOnlyList<string> words, int first, int last)
    {
        var number = IndexOf(license);
        int total = 0, hits = 0;
        for (var i = first; i < last && i + 1 < words.Count; i++)
        {
            total++;
            var a = index.WordId(words[i]);
            var b = index.WordId(words[i + 1]);
            if (a >= 0 && b >= 0 && index.Contains(index.KeyIndex(LicenseIndex.BigramKey(a, b)), number)) hits++;
        }
        return total > 0 && hits >= 0.8 * total;
    }

    private int IndexOf(IndexedLicense license)
    {
        for (var i = 0; i < index.Licenses.Count; i++) if (ReferenceEquals(index.Licenses[i], license)) return i;
        return -1;
    }

    private bool Accepted(TextMatch m) =>
        m.Dice >= thresholds.MinimumDice
        || m.Precision >= thresholds.TruncatedPrecision && m.Coverage >= thresholds.TruncatedCoverage
           && m.Coverage * m.License.BigramCount >= thresholds.TruncatedMinimumBigrams;

    // A whole text (Dice above the bar) beats a fragment. Between whole texts the higher Dice wins,
    // after the caller's bias (deprecated ids give way to current ones within a small margin).
    // Between fragments (truncated texts) the one that explains more of the fragment wins: a short
    // license that happens to share its sentences must not beat the long one it was cut from.
    // On a tie (identical texts) the shorter, more basic id wins.
    private bool Better(TextMatch a, TextMatch b, Func<IndexedLicense, double> bias)
    {
        var wholeA = a.Dice >= thresholds.MinimumDice;
        var wholeB = b.Dice >= thresholds.MinimumDice;
        if (wholeA != wholeB) return wholeA;
        if (!wholeA && Math.Abs(a.Precision - b.Precision) >= 0.01) return a.Precision > b.Precision;
        // A whole license whose text spans another's (OpenSSL = OpenSSL part + SSLeay part) is the
        // more specific answer for the span.
        if (wholeA && Spans(a, b)) return true;
        if (wholeA && Spans(b, a)) return false;
        var sa = a.Dice + bias(a.License);
        var sb = b.Dice + bias(b.License);
        if (Math.Abs(sa - sb) > 1e-9) return sa > sb;
        return a.License.Id.Length < b.License.Id.Length;
    }

    // A fragment counts only as the start of a license (a truncated copy): the region must hold
    // some of the reference's opening words, or a paragraph shared by two licenses (the BSD
    // clauses inside bzip2's license) would name the wrong one.
    private bool StartsLikeReference(int license, int[] ids, TextMatch m)
    {
        var reference = index.Sequence(license);
        var opening = new HashSet<ulong>();
        for (var i = 0; i + 1 < Math.Min(reference.Length, 25); i++) opening.Add(LicenseIndex.BigramKey(reference[i], reference[i + 1]));
        var hits = 0;
        for (var i = m.FirstWord; i + 1 < ids.Length && i < m.FirstWord + 40; i++)
        {
            if (opening.Contains(LicenseIndex.BigramKey(ids[i], ids[i + 1]))) hits++;
        }
        return hits >= 5;
    }

    private static bool Spans(TextMatch outer, TextMatch inner) =>
        outer.FirstWord <= inner.FirstWord && outer.LastWord >= inner.LastWord
        && outer.LastWord - outer.FirstWord > 1.2 * (inner.LastWord - inner.FirstWord);

    private TextMatch? Region(int license, QueryBigrams q, bool[] consumed, bool[] member, int[] stamp, int call)
    {
        for (var local = 0; local < q.Distinct; local++) member[local] = index.Contains(q.KeyOf[local], license);
        var n = q.Count;
        // Maximum-sum segment: +1 for a bigram of the license, -penalty for any other.
        double sum = 0, bestSum = 0;
        int start = 0, bestStart = -1, bestEnd = -1;
        for (var i = 0; i < n; i++)
        {
            if (consumed[i])
            {
                sum = 0;
                start = i + 1;
                continue;
            }
            sum += member[q.Local[i]] ? 1 : -thresholds.MissPenalty;
            if (sum <= 0)
            {
                sum = 0;
                start = i + 1;
                continue;
            }
            if (sum > bestSum)
            {
                bestSum = sum;
                bestStart = start;
                bestEnd = i;
            }
        }
        if (bestStart < 0) return null;
        bestEnd = EndAtOptionalTail(license, q.Ids, bestStart, bestEnd);
        // Distinct bigrams of the region, and how many of them the license has.
        int inRegion = 0, matched = 0;
        for (var i = bestStart; i <= bestEnd; i++)
        {
            var local = q.Local[i];
            if (stamp[local] == call) continue;
            stamp[local] = call;
            inRegion++;
            if (member[local]) matched++;
        }
        var l = index.Licenses[license];
        var dice = 2.0 * matched / (inRegion + l.BigramCount);
        return new TextMatch(l, MatchKind.Similar, dice, (double)matched / l.BigramCount, (double)matched / inRegion, bestStart, bestEnd + 1);
    }
}

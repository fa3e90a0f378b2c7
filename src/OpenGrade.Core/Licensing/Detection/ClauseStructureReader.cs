namespace OpenGrade.Core.Licensing.Detection;

/// <summary>
/// One permissive family read by its structure: the grant that opens it, the conditions it may
/// set (each told by a few words of what it demands) and the id each set of conditions makes.
/// </summary>
internal sealed record LicenseFamily(string Prefix, string[] Grant, string[] GrantEnd, Condition[] Conditions, IReadOnlyDictionary<string, string> IdByConditions);

/// <summary>A condition of a <see cref="LicenseFamily"/>: its name and the words that tell it.</summary>
internal sealed record Condition(string Name, string[] Words);

/// <summary>A license read by its structure; <see cref="Complete"/> when its disclaimer was found after the conditions (not a truncated copy).</summary>
internal sealed record StructureReading(TextMatch Match, bool Complete);

/// <summary>
/// Reads a permissive license by its structure when no SPDX text fits it as a whole: the grant,
/// then the conditions, told apart by what each demands, then a warranty disclaimer of any
/// wording. BSD: "redistribution and use in source and binary forms … are permitted provided
/// that …", keep the notice in source code, reproduce it in binary form, do not use the names to
/// endorse, acknowledge in advertising — two conditions are BSD-2-Clause, with the name clause
/// BSD-3-Clause, with the advertising clause too BSD-4-Clause. MIT: "permission is hereby granted,
/// free of charge, to any person obtaining a copy …", the notice included in all copies — MIT,
/// whatever its disclaimer says. The names in a BSD name clause may be anything (SPDX's
/// replaceable text: "the names of Kitware, the Insight Consortium, or any contributors"); but a
/// passage of 20 or more words in the grant or conditions that no text of the family has (an
/// added condition, a second license woven in) makes a different license, as for any text. Runs
/// after the similarity stage, only where it found nothing, so every SPDX variant whose text
/// fits (BSD-3-Clause-Clear, -LBNL, -Tso, MIT-CMU …) keeps its answer. A paragraph that opens
/// with "alternatively" among the conditions offers another license instead: it is not a
/// condition, and the license it names joins the answer with OR.
/// </summary>
internal sealed class ClauseStructureReader
{
    private static readonly LicenseFamily[] Families =
    [
        new("BSD-", ["redistribution", "and", "use", "in", "source", "and", "binary", "forms"], ["provided", "that"],
            [
                new("source", ["source", "code", "must", "retain"]),
                new("binary", ["binary", "form", "must", "reproduce"]),
                new("endorse", ["endorse", "or", "promote"]),
                new("advertising", ["advertising", "materials"]),
            ],
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["source binary"] = "BSD-2-Clause",
                ["source binary endorse"] = "BSD-3-Clause",
                ["source binary endorse advertising"] = "BSD-4-Clause",
            }),
        new("MIT", ["permission", "is", "hereby", "granted", "free", "of", "charge", "to", "any", "person", "obtaining"], ["following", "conditions"],
            [new("notice", ["notice", "shall", "be", "included", "in", "all", "copies"])],
            new Dictionary<string, string>(StringComparer.Ordinal) { ["notice"] = "MIT" }),
    ];

    // Where the conditions end and the disclaimer begins ("THIS SOFTWARE IS PROVIDED … AS IS",
    // "… is distributed in the hope that it will be useful, but WITHOUT ANY WARRANTY").
    private static readonly string[][] DisclaimerOpenings =
    [
        ["software", "is", "provided"], ["is", "provided", "by"], ["as", "is"], ["in", "the", "hope"], ["without", "any", "warranty"], ["without", "warranty"],
    ];

    // How a disclaimer ends: "… the possibility of such damage", "… other dealings in the software".
    private static readonly string[][] DisclaimerEndings =
    [
        ["possibility", "of", "such", "damage"], ["possibility", "of", "damage"], ["use", "or", "other", "dealings", "in", "the", "software"],
    ];

    private const int GrantReach = 80;
    private const int ConditionsReach = 250;

    private readonly LicenseIndex _index;
    private readonly TextMatchThresholds _thresholds;
    private readonly Dictionary<string, int> _byId;

    // The phrasing a family's license may use: every text of the family in the SPDX list (a
    // clause worded as in BSD-3-Clause-Tso is still a BSD clause). Built on first use.
    private readonly Dictionary<string, Lazy<HashSet<ulong>>> _familyGrams;

    public ClauseStructureReader(LicenseIndex index, TextMatchThresholds thresholds, Dictionary<string, int> byId)
    {
        _index = index;
        _thresholds = thresholds;
        _byId = byId;
        _familyGrams = Families.ToDictionary(f => f.Prefix, f => new Lazy<HashSet<ulong>>(() => GramsOf(f.Prefix)), StringComparer.Ordinal);
    }

    private HashSet<ulong> GramsOf(string prefix)
    {
        var grams = new HashSet<ulong>();
        for (var i = 0; i < _index.Licenses.Count; i++)
        {
            if (_index.Licenses[i].Id.StartsWith(prefix, StringComparison.Ordinal)) LicenseTextMatcher.AddGrams(_index.Sequence(i), grams);
        }
        return grams;
    }

    public IReadOnlyList<StructureReading> Find(string[] words, IReadOnlyList<TextMatch> found)
    {
        var result = new List<StructureReading>();
        int[]? ids = null;
        foreach (var family in Families)
        {
            for (var p = 0; p + family.Grant.Length < words.Length; p++)
            {
                if (!At(words, p, family.Grant) || Covered(p, found) || result.Any(r => p >= r.Match.FirstWord && p <= r.Match.LastWord)) continue;
                var grantEnd = IndexOf(words, family.GrantEnd, p + family.Grant.Length, p + family.Grant.Length + GrantReach);
                if (grantEnd < 0) continue;
                var start = grantEnd + family.GrantEnd.Length;
                var disclaimer = DisclaimerOpenings.Select(o => IndexOf(words, o, start, start + ConditionsReach)).Where(i => i >= 0).DefaultIfEmpty(-1).Min();
                var conditionsEnd = disclaimer >= 0 ? disclaimer : Math.Min(words.Length, start + ConditionsReach);
                var present = family.Conditions.Where(c => IndexOf(words, c.Words, start, conditionsEnd) >= 0).Select(c => c.Name);
                if (!family.IdByConditions.TryGetValue(string.Join(' ', present), out var id) || !_byId.TryGetValue(id, out var license)) continue;
                var last = DisclaimerEnd(words, disclaimer, conditionsEnd);
                ids ??= WordIds(words);
                var replaceable = new bool[words.Length];
                var endorse = IndexOf(words, ["endorse", "or", "promote"], start, conditionsEnd);
                if (endorse >= 0) MarkName(words, start, endorse, replaceable);
                // "ALTERNATIVELY, this product may be distributed under the terms of the GNU GPL …":
                // a choice of another license, not a condition; the notice reader names that
                // license and the word makes the two an OR.
                var alternatively = Array.IndexOf(words, "alternatively", start, Math.Max(0, conditionsEnd - start));
                for (var k = alternatively; alternatively >= 0 && k < conditionsEnd; k++) replaceable[k] = true;
                // The disclaimer may be worded any way; the grant and conditions may not add a passage.
                if (LicenseTextMatcher.LongestInsertion(_familyGrams[family.Prefix].Value, ids, p, conditionsEnd - 1, replaceable) >= _thresholds.MaximumInsertion) continue;
                result.Add(new StructureReading(Scored(license, ids, p, last), disclaimer >= 0));
                p = last;
            }
        }
        return result;
    }

    private static bool Covered(int word, IReadOnlyList<TextMatch> matches) => matches.Any(t => word >= t.FirstWord && word <= t.LastWord);

    // The disclaimer runs to "… the possibility of such damage", or, for a GNU-style warranty
    // paragraph, to "… for a particular purpose"; a text cut before any disclaimer ends with its
    // conditions.
    private static int DisclaimerEnd(string[] words, int disclaimer, int conditionsEnd)
    {
        if (disclaimer < 0) return conditionsEnd - 1;
        foreach (var phrase in DisclaimerEndings)
        {
            var at = IndexOf(words, phrase, disclaimer, disclaimer + 200);
            if (at >= 0) return at + phrase.Length - 1;
        }
        var purpose = IndexOf(words, ["particular", "purpose"], disclaimer, disclaimer + 60);
        return purpose >= 0 ? purpose + 1 : conditionsEnd - 1;
    }

    // The name clause names whom it protects: "[neither] the name(s) of WHOEVER … may [not] be
    // used to endorse". The names are the license's replaceable text.
    private static void MarkName(string[] words, int start, int endorse, bool[] replaceable)
    {
        var may = -1;
        for (var k = endorse - 1; k >= Math.Max(start, endorse - 8); k--) if (words[k] == "may") { may = k; break; }
        if (may < 0) return;
        var of = -1;
        for (var k = Math.Max(start, may - 60); k + 1 < may; k++) if (words[k] is "name" or "names" && words[k + 1] == "of") { of = k + 1; break; }
        for (var k = of + 1; of >= 0 && k < may; k++) replaceable[k] = true;
    }

    private TextMatch Scored(int license, int[] ids, int first, int last)
    {
        var region = new HashSet<ulong>();
        for (var i = first; i < last && i + 1 < ids.Length; i++) region.Add(LicenseIndex.BigramKey(ids[i], ids[i + 1]));
        var matched = 0;
        foreach (var key in region) if (_index.Contains(_index.KeyIndex(key), license)) matched++;
        var l = _index.Licenses[license];
        var dice = 2.0 * matched / (region.Count + l.BigramCount);
        return new TextMatch(l, MatchKind.Similar, dice, (double)matched / l.BigramCount, region.Count == 0 ? 0 : (double)matched / region.Count, first, last, ByStructure: true);
    }

    // Unknown words get ids no reference uses (negative), distinct per position.
    private int[] WordIds(string[] words)
    {
        var ids = new int[words.Length];
        for (var i = 0; i < words.Length; i++)
        {
            var id = _index.WordId(words[i]);
            ids[i] = id >= 0 ? id : -1 - i;
        }
        return ids;
    }

    private static bool At(string[] words, int k, string[] phrase)
    {
        if (k + phrase.Length > words.Length) return false;
        for (var j = 0; j < phrase.Length; j++) if (!string.Equals(words[k + j], phrase[j], StringComparison.Ordinal)) return false;
        return true;
    }

    private static int IndexOf(string[] words, string[] phrase, int from, int to)
    {
        for (var k = from; k < Math.Min(to, words.Length); k++) if (At(words, k, phrase)) return k;
        return -1;
    }
}

using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace OpenGrade.Core.Licensing.Detection;

/// <summary>A license named rather than reproduced: by a grant sentence, an SPDX tag or model-card metadata.</summary>
internal sealed record NoticeHit(string Expression, MatchKind Kind, double Confidence, int StartLine, int EndLine, int FirstWord, int LastWord);

/// <summary>
/// Finds licenses that a text names instead of reproducing: <c>SPDX-License-Identifier:</c> tags,
/// the <c>license:</c>/<c>license_name:</c> keys of model-card front matter, grant sentences
/// ("licensed under the Apache License, Version 2.0", "released under the MIT license", the GNU
/// "either version 2 … or any later version" formula) and a README "License" section that is just
/// a license name. Names are resolved by <see cref="LicenseRecognizer"/>, which never guesses, so
/// "released under the terms below" names nothing.
/// </summary>
internal sealed partial class LicenseNoticeReader(Lazy<LicenseRecognizer> recognizer, Lazy<FrozenSet<string>> nameStarts)
{
    /// <summary>
    /// The words a license name can start with (first words of every id, name, alias and Hugging
    /// Face id the recognizer knows): a cheap gate before asking the recognizer, which is called
    /// for every prefix of a candidate name.
    /// </summary>
    public static FrozenSet<string> NameStarts(LicenseCatalog catalog)
    {
        var names = catalog.Spdx.Keys
            .Concat(catalog.AiLicenses.Values.SelectMany(a => a.Names.Concat(a.HuggingFaceIds).Append(a.Name).Append(a.Id)))
            .Concat(catalog.NameRules.Aliases.SelectMany(kv => kv.Value))
            .Concat(catalog.OpenDataLicenses).Concat(catalog.ExtraOpenLicenses)
            .Concat(["gnu general public", "creative commons", "mozilla public", "eclipse public", "academic free", "boost software",
                     "european union public", "open software", "educational community", "universal permissive", "sil open font",
                     "community data", "open data commons", "lesser general public", "affero general public", "general public",
                     "open database", "expat", "asl", "new bsd", "simplified bsd", "modified bsd", "revised bsd"]);
        var starts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var words = LicenseTextNormalizer.Words(name);
            if (words.Length > 0) starts.Add(words[0]);
        }
        return starts.ToFrozenSet(StringComparer.Ordinal);
    }

    private const int NameWindow = 12;

    // Words after which "under" introduces the license of the work.
    private static readonly FrozenSet<string> GrantVerbs = FrozenSet.ToFrozenSet(
        ["licensed", "licenses", "relicensed", "released", "distributed", "available", "provided", "published", "licensable", "offered", "made", "covered", "governed", "redistributed",
         // "you can redistribute it and/or modify it under the terms of the Artistic License"
         "modify", "redistribute"], StringComparer.Ordinal);

    // Words between "under" and the license name that say nothing about which license it is.
    private static readonly FrozenSet<string> Fillers = FrozenSet.ToFrozenSet(
        ["the", "terms", "of", "and", "conditions", "a", "an", "either", "both", "permissive", "open", "source", "our", "its", "this", "their", "same"], StringComparer.Ordinal);

    [GeneratedRegex(@"SPDX-License-Identifier\s*:\s*(?<expr>[A-Za-z0-9.+\-: ()]+?)\s*(?:\*/|-->|#|$)", RegexOptions.IgnoreCase)]
    private static partial Regex SpdxTag();

    // The same statement in prose: `SPDX license expression "GPL-2.0-or-later":` (Debian copyright files).
    [GeneratedRegex(@"\bSPDX[ -]license[ -]expression\s*:?\s*[""“](?<expr>[A-Za-z0-9.+\-: ()]+?)[""”]", RegexOptions.IgnoreCase)]
    private static partial Regex SpdxExpressionStatement();

    // Debian's pointer to a license's full text: "the complete text of the GNU General Public
    // License version 2 can be found in `/usr/share/common-licenses/GPL-2'".
    [GeneratedRegex(@"/usr/share/common-licenses/(?<name>[A-Za-z0-9][A-Za-z0-9.+\-]*[A-Za-z0-9+])")]
    private static partial Regex CommonLicensePointer();

    [GeneratedRegex(@"^\s*(?<key>license|license_name)\s*:\s*(?<value>.*?)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex FrontMatterKey();

    [GeneratedRegex(@"^\s*(#{1,6}\s*(?<h>.*?)\s*#*\s*$)")]
    private static partial Regex MarkdownHeading();

    public IReadOnlyList<NoticeHit> Find(IReadOnlyList<string> lines, NormalizedText text)
    {
        // License texts repeat their grant phrases ("under the terms of the GNU General Public
        // License as published by…"): each candidate name is resolved once per text.
        var names = new Names(recognizer, new Dictionary<string, string?>(StringComparer.Ordinal), nameStarts);
        var hits = new List<NoticeHit>();
        FindTags(lines, hits, names);
        FindFrontMatter(lines, hits, names);
        FindGrants(text, hits, names);
        FindGnuNotices(text, hits);
        FindPublicDomainDedications(text, hits);
        FindLicenseSections(lines, hits, names);
        FindCommonLicensePointers(lines, text, hits, names);
        return hits;
    }

    // A pointer names the license by the file's name ("GPL-2", "Apache-2.0", "LGPL-2.1"; the
    // files not named after a license, "Artistic", "BSD", "GPL", through the data's table); it says
    // nothing of "or later", so its GNU licenses are "-only" unless a notice says more. Only when
    // nothing else in the text names a license: a pointer after a grant is the grant's footnote.
    private static void FindCommonLicensePointers(IReadOnlyList<string> lines, NormalizedText text, List<NoticeHit> hits, Names names)
    {
        if (hits.Count > 0) return;
        var found = new List<NoticeHit>();
        for (var i = 0; i < lines.Count; i++)
        {
            foreach (Match m in CommonLicensePointer().Matches(lines[i]))
            {
                if (names.ResolveCommonLicenseFile(m.Groups["name"].Value) is not { } read) continue;
                // Word positions let a later exception paragraph ("As a special exception to the
                // GNU General Public License …") find the license it modifies.
                var (first, last) = WordsOnLine(text, i + 1);
                found.Add(new NoticeHit(read, MatchKind.Notice, 0.8, i + 1, i + 1, first, last));
            }
        }
        // Pointers to different files ("… COPYING.LIB-2.0 in LGPL-2, COPYING.LIB-2.1 in LGPL-2.1")
        // list texts, and say neither how they combine nor which applies: no answer.
        if (found.Select(h => h.Expression).Distinct(StringComparer.Ordinal).Count() == 1) hits.AddRange(found);
    }

    private static (int First, int Last) WordsOnLine(NormalizedText text, int line)
    {
        int first = -1, last = -1;
        for (var k = 0; k < text.Lines.Length; k++)
        {
            if (text.Lines[k] != line) continue;
            if (first < 0) first = k;
            last = k;
        }
        return (first, last);
    }

    private static void FindTags(IReadOnlyList<string> lines, List<NoticeHit> hits, Names names)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            // Both forms name SPDX: most lines are ruled out without running a pattern.
            if (!lines[i].Contains("spdx", StringComparison.OrdinalIgnoreCase)) continue;
            var m = SpdxTag().Match(lines[i]);
            if (!m.Success) m = SpdxExpressionStatement().Match(lines[i]);
            if (!m.Success) continue;
            var read = names.Resolve(m.Groups["expr"].Value.Trim());
            if (read is not null) hits.Add(new NoticeHit(read, MatchKind.Identifier, 1.0, i + 1, i + 1, -1, -1));
        }
    }

    // Hugging Face model cards: `license: apache-2.0`, or `license: other` with `license_name:`.
    private static void FindFrontMatter(IReadOnlyList<string> lines, List<NoticeHit> hits, Names names)
    {
        if (lines.Count == 0 || lines[0].Trim() != "---") return;
        string? license = null, name = null;
        int licenseLine = 0, nameLine = 0;
        for (var i = 1; i < lines.Count; i++)
        {
            if (lines[i].Trim() is "---" or "...") break;
            var m = FrontMatterKey().Match(lines[i]);
            if (!m.Success) continue;
            var value = m.Groups["value"].Value.Trim().Trim('"', '\'');
            if (value.Length == 0 && i + 1 < lines.Count && lines[i + 1].TrimStart().StartsWith('-'))
            {
                value = lines[i + 1].Trim().TrimStart('-').Trim().Trim('"', '\'');
            }
            if (m.Groups["key"].Value.Equals("license", StringComparison.OrdinalIgnoreCase)) { license = value; licenseLine = i + 1; }
            else { name = value; nameLine = i + 1; }
        }
        var pick = license is null || license.Equals("other", StringComparison.OrdinalIgnoreCase) || license.Equals("unknown", StringComparison.OrdinalIgnoreCase)
            ? (name, nameLine)
            : (license, licenseLine);
        if (pick.Item1 is null) return;
        var read = names.Resolve(pick.Item1);
        if (read is not null) hits.Add(new NoticeHit(read, MatchKind.Identifier, 0.95, pick.Item2, pick.Item2, -1, -1));
    }

    private static void FindGrants(NormalizedText text, List<NoticeHit> hits, Names names)
    {
        var w = text.Words;
        for (var i = 1; i + 1 < w.Length; i++)
        {
            // "licensed under", but also "The ASF licenses this file to you under", and the MPL's
            // "This Source Code Form is subject to the terms of".
            var grant = w[i] == "under" && Enumerable.Range(Math.Max(0, i - 5), Math.Min(5, i)).Any(k => GrantVerbs.Contains(w[k]))
                || IsSubjectTo(w, i);
            if (!grant) continue;
            var start = i + 1;
            while (start < w.Length && Fillers.Contains(w[start])) start++;
            var found = names.Longest(w, start);
            if (found is null) continue;
            var (expr, end) = found.Value;
            // "dual licensed under the ISC and MIT licenses": a dual license is a choice.
            var dual = Enumerable.Range(Math.Max(0, i - 4), Math.Min(4, i)).Any(k => w[k] == "dual");
            if (dual) expr = expr.Replace(" AND ", " OR ", StringComparison.Ordinal);
            // "… under the MIT license or the Apache License 2.0": a second name joined by or/and.
            var join = end + 1;
            if (join < w.Length && w[join] is "or" or "and")
            {
                var next = join + 1;
                while (next < w.Length && Fillers.Contains(w[next])) next++;
                if (names.Longest(w, next) is { } second)
                {
                    expr = $"{expr} {(w[join] == "or" || dual ? "OR" : "AND")} {second.Expression}";
                    end = second.End;
                }
            }
            hits.Add(new NoticeHit(expr, MatchKind.Notice, 0.9, text.Lines[i - 1], text.Lines[end], i - 1, end));
            i = end;
        }
    }

    // "subject to [the terms (and conditions) of]": w[i] is "to"; the fillers after it are skipped
    // like those after "under" ("The contents of this file are subject to the Mozilla Public
    // License Version 1.1", "This Source Code Form is subject to the terms of the Mozilla…").
    private static bool IsSubjectTo(IReadOnlyList<string> w, int i) => i >= 1 && w[i] == "to" && w[i - 1] == "subject";

    // The GNU formula: "under the terms of the GNU (Lesser|Library|Affero) General Public License
    // … version N … [or (at your option) any later version]".
    private static void FindGnuNotices(NormalizedText text, List<NoticeHit> hits)
    {
        var w = text.Words;
        var previousEnd = -1;
        for (var i = 0; i + 3 < w.Length; i++)
        {
            // The same formula serves the GNU Free Documentation License ("… under the terms of the
            // GNU Free Documentation License, Version 1.2 or any later version …").
            var fdl = w[i] == "free" && w[i + 1] == "documentation" && w[i + 2] == "license";
            if (!fdl && (w[i] != "general" || w[i + 1] != "public" || w[i + 2] != "license")) continue;
            // A GNU license listed right after another ("either the GNU LGPL … or later, or the GNU
            // GPL … or later") shares the list's "under".
            // "under the terms of version 3 of the GNU General…": ten words leave room for a version.
            var underNear = Enumerable.Range(Math.Max(0, i - 10), Math.Min(10, i)).Any(k => w[k] == "under" || IsSubjectTo(w, k))
                || previousEnd >= 0 && i - previousEnd <= 12;
            if (!underNear) continue;
            var family = fdl ? "GFDL" : i > 0 && w[i - 1] is "lesser" or "library" ? "LGPL" : i > 0 && w[i - 1] == "affero" ? "AGPL" : "GPL";
            Func<string, string?> versionOf = fdl ? FdlVersionOf : VersionOf;
            // "under the terms version 2 of the GNU General Public License": the version may come first.
            string? version = null;
            for (var k = i - 2; k >= Math.Max(1, i - 7); k--)
            {
                if (w[k - 1] == "version" && w[k + 1] == "of" && versionOf(w[k]) is { } before) { version = before; break; }
            }
            var later = false;
            var end = i + 2;
            for (var k = i + 3; k < Math.Min(w.Length, i + 30); k++)
            {
                var v = versionOf(w[k]);
                if (version is null && v is not null && (w[k - 1] is "version" or "license" or "v" || w[k].StartsWith('v'))) { version = v; end = k; }
                if (w[k] == "later" && k >= 1 && w[k - 1] is "any" or "or") { later = true; end = k; break; }
                if (version is not null && k > end + 12) break;
            }
            if (version is null) continue;
            var id = $"{family}-{version}-{(later ? "or-later" : "only")}";
            hits.Add(new NoticeHit(id, MatchKind.Notice, 0.9, text.Lines[i], text.Lines[end], i, end));
            i = end;
            previousEnd = end;
        }
    }

    // CC0's own dedication formula: "To the extent possible under law, … has waived [or
    // dedicated …] all copyright and related [or|and] neighboring rights to …". The phrase is the
    // one CC0 publishes for marking a work; a bare "public domain" claim names no license.
    private static void FindPublicDomainDedications(NormalizedText text, List<NoticeHit> hits)
    {
        var w = text.Words;
        for (var k = 4; k < w.Length; k++)
        {
            if (w[k] != "neighboring" || w[k - 1] is not ("and" or "or") || w[k - 2] != "related" || w[k - 3] != "and" || w[k - 4] != "copyright") continue;
            var from = Math.Max(0, k - 40);
            var start = -1;
            for (var j = from; j + 3 < k; j++)
            {
                if (w[j] == "extent" && w[j + 1] == "possible" && w[j + 2] == "under" && w[j + 3] == "law") { start = j; break; }
            }
            if (start < 0 || !Enumerable.Range(start, k - start).Any(j => w[j] is "waived" or "waives" or "dedicated" or "dedicates")) continue;
            hits.Add(new NoticeHit("CC0-1.0", MatchKind.Notice, 0.9, text.Lines[start], text.Lines[k], start, k));
        }
    }

    private static string? FdlVersionOf(string word) => (word.StartsWith('v') ? word[1..] : word) switch
    {
        "1.1" or "1.2" or "1.3" => word.TrimStart('v'),
        _ => null,
    };

    private static string? VersionOf(string word)
    {
        var v = word.StartsWith('v') ? word[1..] : word;
        return v switch
        {
            "1" or "1.0" => "1.0",
            "2" or "2.0" => "2.0",
            "2.1" => "2.1",
            "3" or "3.0" => "3.0",
            _ => null,
        };
    }

    // "## License" followed by a line that is only a license name ("[The MIT License](…)").
    private static void FindLicenseSections(IReadOnlyList<string> lines, List<NoticeHit> hits, Names names)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            var heading = MarkdownHeading().Match(lines[i]);
            if (!heading.Success) continue;
            var title = heading.Groups["h"].Value.Trim().ToLowerInvariant();
            if (title is not ("license" or "licence" or "licensing" or "licenses" or "licences")) continue;
            for (var j = i + 1; j < lines.Count && j <= i + 4; j++)
            {
                var line = lines[j].Trim();
                if (line.Length == 0) continue;
                if (line.StartsWith('#')) break;
                // The section's first line starts with a license name ("Apache 2.0, see LICENSE").
                var words = LicenseTextNormalizer.Words(line);
                if (words.Length == 0) break;
                var first = 0;
                while (first < words.Length && Fillers.Contains(words[first])) first++;
                if (names.Longest(words, first) is { } found)
                    hits.Add(new NoticeHit(found.Expression, MatchKind.Notice, 0.85, j + 1, j + 1, -1, -1));
                break;
            }
        }
    }

    /// <summary>
    /// Resolves candidate names for one text: the recognizer behind a gate on first words, with
    /// a memo, since license texts repeat their grant phrases ("under the terms of the GNU
    /// General Public License as published by…").
    /// </summary>
    private sealed class Names(Lazy<LicenseRecognizer> recognizer, Dictionary<string, string?> memo, Lazy<FrozenSet<string>> starts)
    {
        public string? Resolve(string name)
        {
            if (!memo.TryGetValue(name, out var id)) memo[name] = id = recognizer.Value.Read(name).Id;
            return id;
        }

        public string? ResolveCommonLicenseFile(string file) => recognizer.Value.ReadCommonLicenseFile(file);

        public (string Expression, int End)? Longest(IReadOnlyList<string> w, int start)
        {
            if (start >= w.Count || !starts.Value.Contains(w[start])) return null;
            for (var len = Math.Min(NameWindow, w.Count - start); len >= 1; len--)
            {
                var candidate = string.Join(' ', Enumerable.Range(start, len).Select(k => w[k]));
                // A name ends at a word, never at "or"/"and"/"the" (those join or precede names).
                if (w[start + len - 1] is "or" or "and" or "the" or "of" or "version") continue;
                var read = Resolve(candidate);
                if (read is not null) return (read, start + len - 1);
            }
            return null;
        }
    }
}

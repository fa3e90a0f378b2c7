using System.Buffers;
using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using OpenGrade.Core.Domain;

namespace OpenGrade.Core.Inventory;

/// <summary>
/// Reads the release facts later judgements need (claims of openness, gating, size, training
/// tokens) from a snapshot. Pure; every fact keeps the place it was read.
/// </summary>
public static partial class SignalReader
{
    // Card text is outside input: the patterns that scan it run without backtracking, in time linear in the line.

    /// <summary>Phrases by which a card calls a release open.</summary>
    [GeneratedRegex(@"\b(fully[- ]open|open[- ]source[ds]?|open[- ]weights?|openly (available|released|licensed)|open[- ]access|open science|open models?|open[- ]release)\b", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex OpennessPhrase();

    /// <summary>What follows a phrase that qualifies something else: "open source community", "open-source and closed chat models".</summary>
    [GeneratedRegex(@"^\s*(?:(?:and|or|&)\s+(?:closed|proprietary|commercial)(?:[- ]source)?\s+)?(?:[a-z-]+\s+){0,2}?(?:(?<others>models|llms|alternatives|counterparts|baselines)|communit(?:y|ies)|tools|librar(?:y|ies)|software|ecosystem|projects|initiatives|contributors|frameworks|movement|consortiums?)\b", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex QualifiesOther();

    /// <summary>A sentence that compares the release with other models ("outperforms the available open source models").</summary>
    [GeneratedRegex(@"\b(?:outperform\w*|than|other|compared|comparable|competitive|rival\w*|among|versus|vs|available|leading|best)\b", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex Comparison();

    /// <summary>A phrase whose subject is another artifact: "our Purple Llama tools are open sourced".</summary>
    [GeneratedRegex(@"\b(?:tools?|code|librar(?:y|ies)|datasets?|recipes|scripts|evals?|benchmarks?|safeguards)\s+(?:are|is|were|was|have been|has been|will be)\s*$", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex OtherSubject();

    [GeneratedRegex(@"\b(?:trained|pre-?trained|saw|seen|training)\b[^.\n]{0,40}?\b(?:on|over|with|of)?\s*(?:over|about|approximately|roughly|around|~|a total of)?\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*(trillion|billion|million|T|B|M)?\+?\s+tokens\b", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex TrainingTokens();

    [GeneratedRegex(@"\b([0-9]+(?:\.[0-9]+)?)\s*(B|billion|M|million)\s+param", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex CardParameters();

    /// <summary>
    /// The openness phrases of one card line that speak of this release. It does not when it qualifies something else
    /// (the open source community, the tools that are open sourced) or names other models the release is
    /// compared with ("outperforms the available open source and closed chat models"): a card that says
    /// so makes no claim about its own openness, and an openwashing flag needs a claim.
    /// </summary>
    public static IEnumerable<string> ClaimsIn(string line) =>
        // Every phrase holds "open" (no other letters fold to these): most lines need no regex run.
        !line.AsSpan().ContainsAny(Open) ? [] :
        OpennessPhrase().Matches(line).Where(m => CallsThisReleaseOpen(line, m)).Select(m => m.Value);

    private static bool CallsThisReleaseOpen(string line, Match phrase)
    {
        var start = phrase.Index == 0 ? 0 : line.LastIndexOfAny(SentenceEnds, phrase.Index - 1) + 1;
        var stop = line.IndexOfAny(SentenceEnds, phrase.Index + phrase.Length);
        var before = line[start..phrase.Index];
        var after = line[(phrase.Index + phrase.Length)..(stop < 0 ? line.Length : stop)];
        if (OtherSubject().IsMatch(before)) return false;
        var qualified = QualifiesOther().Match(after);
        if (!qualified.Success) return true;
        // "open models" of others only in a comparison; "we release open-source models" is a claim.
        return qualified.Groups["others"].Success && !Comparison().IsMatch(before);
    }

    // The words that let a line skip a regex, found case-insensitively (ordinal, as string.Contains with
    // OrdinalIgnoreCase) by a vectorised scan: Contains walks a line character by character under
    // invariant globalisation, and it ran on every line of every card.
    private static readonly SearchValues<string> Open = SearchValues.Create(["open"], StringComparison.OrdinalIgnoreCase);
    private static readonly SearchValues<string> Param = SearchValues.Create(["param"], StringComparison.OrdinalIgnoreCase);
    private static readonly SearchValues<string> Tokens = SearchValues.Create(["tokens"], StringComparison.OrdinalIgnoreCase);

    private static readonly char[] SentenceEnds = ['.', ';', '!', '?'];

    public static ReleaseSignals Read(RepositorySnapshot s, LicensePicture licenses, ImmutableArray<Evidence> evidence)
    {
        var claims = ImmutableArray.CreateBuilder<OpennessClaim>();
        if (s.Card is { } card)
        {
            foreach (var (line, text) in card.BodyLines)
            {
                foreach (var claim in ClaimsIn(text)) claims.Add(new OpennessClaim(claim, card.Where(line)));
            }
        }
        return new ReleaseSignals(
            claims.ToImmutable(),
            licenses.Card,
            licenses.Files,
            Gated(s),
            ParameterCount(s, out _),
            TrainingTokenCount(s, out _),
            null,
            evidence);
    }

    /// <summary>Gated when the Hub says so, or when the card configures a gate (<c>gated</c>, <c>extra_gated_*</c>).</summary>
    public static bool? Gated(RepositorySnapshot s)
    {
        if (s.Hub is { } hub) return hub.Gated is not null;
        if (s.Metadata is not { } meta) return null;
        if (meta.Text("gated") is { } g) return !g.Equals("false", StringComparison.OrdinalIgnoreCase);
        return meta.Root.Entries.Any(e => e.Key.StartsWith("extra_gated_", StringComparison.Ordinal));
    }

    /// <summary>Parameters: counted in the weights on disk, else the Hub's count, else what the card states.</summary>
    public static long? ParameterCount(RepositorySnapshot s, out string? source)
    {
        if (s.ParameterCount is { } counted) { source = counted.Source; return counted.Count; }
        if (s.Hub?.SafetensorsParameters is long n) { source = s.Hub.Source + " safetensors"; return n; }
        // Release names carry the size by convention (pythia-12b, Llama-3.1-8B); a card mentions many sizes.
        var named = NameSize().Match(s.Name);
        if (named.Success && Scale(named.Groups[1].Value, named.Groups[2].Value) is long fromName) { source = "the release name " + s.Name; return fromName; }
        source = null;
        if (s.Card is not { } card) return null;
        foreach (var (line, text) in card.BodyLines)
        {
            if (!text.AsSpan().ContainsAny(Param)) continue;
            var m = CardParameters().Match(text);
            if (m.Success && Scale(m.Groups[1].Value, m.Groups[2].Value) is long p) { source = card.Where(line); return p; }
        }
        return null;
    }

    [GeneratedRegex(@"(?<![A-Za-z0-9.])([0-9]+(?:\.[0-9]+)?)([BM])(?![A-Za-z0-9])", RegexOptions.IgnoreCase)]
    private static partial Regex NameSize();

    public static long? TrainingTokenCount(RepositorySnapshot s, out string? source)
    {
        source = null;
        if (s.Card is not { } card) return null;
        foreach (var (line, text) in card.BodyLines)
        {
            if (!MayNameTokens(text)) continue;
            var m = TrainingTokens().Match(text);
            if (m.Success && Scale(m.Groups[1].Value, m.Groups[2].Value) is long t && t >= 1_000_000) { source = card.Where(line); return t; }
        }
        return null;
    }

    /// <summary>A cheap test that a line may hold "tokens" as the regex reads it (the Kelvin sign folds to k).</summary>
    private static bool MayNameTokens(string text) =>
        text.AsSpan().ContainsAny(Tokens) || text.Contains('\u212A');

    private static long? Scale(string number, string unit)
    {
        if (!double.TryParse(number.Replace(",", ""), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) return null;
        var factor = unit.ToLowerInvariant() switch
        {
            "t" or "trillion" => 1e12,
            "b" or "billion" => 1e9,
            "m" or "million" => 1e6,
            _ => 1,
        };
        var result = value * factor;
        return result is > 0 and < 1e16 ? (long)Math.Round(result) : null;
    }
}

using System.Buffers;
using System.Collections.Immutable;
using System.Text.RegularExpressions;
using OpenGrade.Core.Domain;

namespace OpenGrade.Core.Inventory.Rules;

/// <summary>
/// One reading of a repository snapshot that yields clues for MOF components. Each rule is small
/// and looks at one kind of evidence; docs/inventory-rules.md gives every rule's rationale.
/// </summary>
public interface IInventoryRule
{
    /// <summary>A stable id, used as the evidence kind so that each clue names the rule that found it.</summary>
    string Id { get; }

    IEnumerable<Clue> Find(RepositorySnapshot snapshot);
}

/// <summary>The MOF 1.0 component names the rules refer to, spelled once.</summary>
public static class Components
{
    public const string Datasets = "Datasets";
    public const string DataPreprocessingCode = "Data preprocessing code";
    public const string ModelArchitecture = "Model architecture";
    public const string FinalParameters = "Model parameters (Final)";
    public const string ModelMetadata = "Model metadata";
    public const string IntermediateParameters = "Model parameters (Intermediate)";
    public const string TrainingCode = "Training code";
    public const string InferenceCode = "Inference code";
    public const string EvaluationCode = "Evaluation code";
    public const string EvaluationData = "Evaluation data";
    public const string EvaluationResults = "Evaluation results";
    public const string SupportingLibraries = "Supporting libraries and tools";
    public const string ModelCard = "Model card";
    public const string DataCard = "Data card";
    public const string TechnicalReport = "Technical report";
    public const string ResearchPaper = "Research paper";
    public const string SampleOutputs = "Sample model outputs";
}

/// <summary>Small helpers the rules share: where a repository file lives on the Hub, evidence shorthands.</summary>
internal static partial class RuleHelpers
{
    /// <summary>The file's Hub address when the snapshot has an <c>owner/name</c> id, else its path.</summary>
    public static string UrlOf(this RepositorySnapshot s, string path) =>
        s.Owner is null ? path : $"https://huggingface.co/{s.Id}/blob/{s.Revision ?? "main"}/{path}";

    public static string TreeUrl(this RepositorySnapshot s, string? revision = null) =>
        s.Owner is null ? "." : $"https://huggingface.co/{s.Id}/tree/{revision ?? s.Revision ?? "main"}";

    public static Clue FileClue(this IInventoryRule rule, RepositorySnapshot s, string component, RepoFile file, string detail, double confidence) =>
        new(component, new Evidence(rule.Id, Listed(s, file.Path), detail, confidence), ComponentPath: s.UrlOf(file.Path));

    /// <summary>A file path as evidence, naming the listing it came from when that was not the folder itself.</summary>
    public static string Listed(RepositorySnapshot s, string path) =>
        s.Files.Source is "folder" or "" ? path : $"{path} (listed in {s.Files.Source})";

    public static Clue LinkClue(this IInventoryRule rule, CardDocument card, string component, CardLink link, string detail, double confidence, string? license = null) =>
        new(component, new Evidence(rule.Id, card.Where(link.Line), $"{detail}: {link.Url}", confidence),
            License: license, ComponentPath: link.Url, InRepository: false);

    /// <summary>Whole-word, case-insensitive: does any of the words start a word in the text ("train" finds "training")?</summary>
    public static bool Mentions(string text, WordStems stems) => stems.StartAWordIn(text);

    /// <summary>The words around a link that tell what it is: its text, its line and its section title.</summary>
    public static string ContextOf(CardDocument card, CardLink link)
    {
        // The words just before a link describe it; the rest of a long line is about other things.
        const int window = 100;
        var line = card.LineText(link.Line);
        var at = line.IndexOf(link.Url, StringComparison.Ordinal);
        var before = at < 0 ? line : line[Math.Max(0, at - window)..at];
        return $"{link.Text} {before} {link.Section}";
    }

    /// <summary>A repository on a code host, not a document inside one (a README or PDF link is documentation) nor a discussion.</summary>
    public static bool IsCodeHost(string url) =>
        CodeHost().IsMatch(url) && !DocumentFile().IsMatch(url) && !Discussion().IsMatch(url);

    [GeneratedRegex(@"/(issues|pull|pulls|discussions|merge_requests)(/|$)", RegexOptions.IgnoreCase)]
    private static partial Regex Discussion();

    /// <summary>The titles of the section a line sits in and of every section enclosing it, innermost first.</summary>
    public static IEnumerable<string> EnclosingSections(CardDocument card, int line)
    {
        var level = int.MaxValue;
        foreach (var section in card.Sections.Where(s => s.Line <= line).Reverse())
        {
            if (section.Level >= level) continue;
            level = section.Level;
            yield return section.Title;
        }
    }

    [GeneratedRegex(@"\.(md|pdf|png|jpe?g|gif|svg|txt|html?)([#?].*)?$", RegexOptions.IgnoreCase)]
    private static partial Regex DocumentFile();

    [GeneratedRegex(@"^https?://(www\.)?(github\.com|gitlab\.com|bitbucket\.org)/[^/\s]+/[^/\s#?]+", RegexOptions.IgnoreCase)]
    private static partial Regex CodeHost();
}

/// <summary>
/// Words a rule looks for at the start of a word, case-insensitively (ordinal), searched for all at
/// once: one vectorised scan of the text finds every place where any of them starts, where a loop of
/// <c>IndexOf(word, OrdinalIgnoreCase)</c> per word walked the text character by character (the
/// invariant-globalisation path) once per word. Immutable; built once per rule.
/// </summary>
public sealed class WordStems
{
    private readonly SearchValues<string> _search;

    public WordStems(params ImmutableArray<string> words)
    {
        Words = words;
        _search = SearchValues.Create(words.AsSpan(), StringComparison.OrdinalIgnoreCase);
    }

    public ImmutableArray<string> Words { get; }

    /// <summary>Does any word start a word in the text (no ASCII letter just before it)?</summary>
    public bool StartAWordIn(string text)
    {
        // Every place where some word matches, left to right: the same places the per-word scans visited.
        for (var from = 0; from < text.Length;)
        {
            var at = text.AsSpan(from).IndexOfAny(_search);
            if (at < 0) return false;
            at += from;
            if (at == 0 || !char.IsAsciiLetter(text[at - 1])) return true;
            from = at + 1;
        }
        return false;
    }
}

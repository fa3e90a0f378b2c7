using System.Buffers;
using System.Collections.Immutable;
using System.Text.RegularExpressions;
using OpenGrade.Core.Domain;

namespace OpenGrade.Core.Inventory.Rules;

/// <summary>The card itself is the model card: on disk with text, or at least named in the listing.</summary>
public sealed class ModelCardRule : IInventoryRule
{
    public string Id => "model-card";

    public IEnumerable<Clue> Find(RepositorySnapshot s)
    {
        if (s.Card is { HasBody: true } card)
        {
            yield return new Clue(Components.ModelCard,
                new Evidence(Id, card.Path, $"model card with {card.Sections.Length} sections", 1.0), ComponentPath: s.UrlOf(card.Path));
            yield break;
        }
        var listed = s.Files.Files.FirstOrDefault(f => f.Path.Equals("README.md", StringComparison.OrdinalIgnoreCase));
        if (listed is not null) yield return this.FileClue(s, Components.ModelCard, listed, "model card (listed; text not available)", 0.8);
        else if (s.Metadata is not null) yield return new Clue(Components.ModelCard, new Evidence(Id, s.Metadata.Source, "card metadata only", 0.6));
    }
}

/// <summary><c>model-index</c> results and results tables in evaluation sections are evaluation results.</summary>
public sealed partial class EvaluationResultsRule : IInventoryRule
{
    public string Id => "evaluation-results";

    [GeneratedRegex(@"eval|benchmark|result|performance|metric|leaderboard", RegexOptions.IgnoreCase)]
    public static partial Regex EvaluationSection();

    public IEnumerable<Clue> Find(RepositorySnapshot s)
    {
        var results = ModelIndexResults(s.Metadata).ToList();
        if (results.Count > 0)
        {
            yield return new Clue(Components.EvaluationResults,
                new Evidence(Id, s.Metadata!.Where("model-index"), $"model-index with {results.Count} results", 0.9));
        }
        if (s.Card is not { } card) yield break;
        var tables = card.Tables.Where(t => t.Rows > 0 && RuleHelpers.EnclosingSections(card, t.Line).Any(EvaluationSection().IsMatch)).ToList();
        foreach (var table in tables.Take(1))
        {
            yield return new Clue(Components.EvaluationResults,
                new Evidence(Id, card.Where(table.Line), $"results table ({table.Rows} rows) in section '{table.Section}'", 0.8),
                ComponentPath: s.UrlOf(card.Path));
        }
        var section = card.Sections.FirstOrDefault(sec => EvaluationSection().IsMatch(sec.Title));
        if (section is not null && tables.Count == 0)
        {
            yield return new Clue(Components.EvaluationResults,
                new Evidence(Id, card.Where(section.Line), $"section '{section.Title}'", 0.6), ComponentPath: s.UrlOf(card.Path));
        }
    }

    /// <summary>The results listed under <c>model-index</c> (an empty <c>results: []</c> is no result).</summary>
    public static IEnumerable<MetaMap> ModelIndexResults(CardMetadata? meta) =>
        meta?.Root["model-index"] is MetaList models
            ? models.Items.OfType<MetaMap>().SelectMany(m => m["results"] is MetaList r ? r.Items.OfType<MetaMap>() : [])
            : [];
}

/// <summary>Datasets named in <c>model-index</c> results are the evaluation data (public benchmarks, referenced).</summary>
public sealed class EvaluationDataRule : IInventoryRule
{
    public string Id => "evaluation-data";

    public IEnumerable<Clue> Find(RepositorySnapshot s)
    {
        var names = EvaluationResultsRule.ModelIndexResults(s.Metadata)
            .Select(r => r["dataset"] is MetaMap d ? (d["type"] as MetaScalar)?.Value ?? (d["name"] as MetaScalar)?.Value : null)
            .Where(n => !string.IsNullOrWhiteSpace(n)).Distinct(StringComparer.Ordinal).ToList();
        if (names.Count == 0) yield break;
        yield return new Clue(Components.EvaluationData,
            new Evidence(Id, s.Metadata!.Where("model-index"), $"evaluated on {string.Join(", ", names.Take(5))}{(names.Count > 5 ? ", …" : "")}", 0.7),
            ComponentPath: $"https://huggingface.co/datasets/{names[0]}", InRepository: false);
    }
}

/// <summary>
/// Datasets: <c>datasets:</c> metadata, the Hub's <c>dataset:</c> tags and links to Hub datasets,
/// each with the dataset's license when the snapshot knows it. A Hub dataset has its own card,
/// so it is also (weaker) evidence of a data card.
/// </summary>
public sealed partial class DatasetsRule : IInventoryRule
{
    public string Id => "datasets";

    [GeneratedRegex(@"^https?://huggingface\.co/datasets/([^/\s#?]+/[^/\s#?]+|[^/\s#?]+)", RegexOptions.IgnoreCase)]
    private static partial Regex DatasetLink();

    public IEnumerable<Clue> Find(RepositorySnapshot s)
    {
        var named = new List<(string Id, string Where, double Confidence)>();
        if (s.Metadata is { } meta) named.AddRange(meta.Strings("datasets").Select(d => (d, meta.Where("datasets"), 0.9)));
        if (s.Hub is { } hub) named.AddRange(hub.Tags.Where(t => t.StartsWith("dataset:", StringComparison.Ordinal)).Select(t => (t["dataset:".Length..], hub.Source + " tags", 0.8)));
        if (s.Card is { } card)
        {
            foreach (var link in card.Links)
            {
                var m = DatasetLink().Match(link.Url);
                if (m.Success) named.Add((m.Groups[1].Value, card.Where(link.Line), 0.7));
            }
        }
        foreach (var group in named.GroupBy(n => n.Id, StringComparer.OrdinalIgnoreCase))
        {
            var best = group.MaxBy(g => g.Confidence);
            var facts = s.Datasets.FirstOrDefault(d => d.Id.Equals(best.Id, StringComparison.OrdinalIgnoreCase));
            var license = facts?.License;
            var detail = $"dataset {best.Id}" + (facts is null ? "" : license is null ? $" (no license stated; {facts.Source})" : $" ({license}, {facts.Source})");
            var url = $"https://huggingface.co/datasets/{best.Id}";
            yield return new Clue(Components.Datasets, new Evidence(Id, best.Where, detail, best.Confidence), license, null, url, InRepository: false);
            yield return new Clue(Components.DataCard, new Evidence(Id, best.Where, $"the Hub card of dataset {best.Id}", 0.5), license, null, url, InRepository: false);
        }
        if (s.Card is { } c && named.Count == 0)
        {
            // No dataset id: links in a training-data section still point at the data.
            foreach (var link in c.Links.Where(l => l.Section is { } sec && TrainingDataSection().IsMatch(sec) && !l.Url.Contains("arxiv.org", StringComparison.OrdinalIgnoreCase)).Take(1))
            {
                yield return this.LinkClue(c, Components.Datasets, link, $"training data linked in section '{link.Section}'", 0.6);
            }
        }
    }

    [GeneratedRegex(@"training data|pre-?training data|dataset|data sources", RegexOptions.IgnoreCase)]
    public static partial Regex TrainingDataSection();
}

/// <summary>A section of the card that documents the training data, or a linked datasheet, is a data card.</summary>
public sealed class DataCardSectionRule : IInventoryRule
{
    private const int MinimumLines = 3;

    private static readonly WordStems DatasheetWords = new("datasheet", "data card", "dataset card");

    public string Id => "data-card";

    public IEnumerable<Clue> Find(RepositorySnapshot s)
    {
        if (s.Card is not { } card) yield break;
        foreach (var link in card.Links.Where(l => RuleHelpers.Mentions(RuleHelpers.ContextOf(card, l), DatasheetWords)).Take(1))
        {
            yield return this.LinkClue(card, Components.DataCard, link, "datasheet", 0.8);
        }
        var section = card.Sections.FirstOrDefault(sec => DatasetsRule.TrainingDataSection().IsMatch(sec.Title));
        if (section is null) yield break;
        var next = card.Sections.FirstOrDefault(x => x.Line > section.Line)?.Line ?? card.Lines.Length + 1;
        var lines = card.BodyLines.Count(l => l.Line > section.Line && l.Line < next && !string.IsNullOrWhiteSpace(l.Text));
        if (lines >= MinimumLines)
        {
            yield return new Clue(Components.DataCard,
                new Evidence(Id, card.Where(section.Line), $"section '{section.Title}' documents the training data ({lines} lines)", 0.5),
                ComponentPath: s.UrlOf(card.Path));
        }
    }
}

/// <summary>
/// Papers: arXiv links and the Hub's <c>arxiv:</c> tags are research papers; links called a
/// technical report are the technical report. Template citations every card carries are ignored.
/// </summary>
public sealed partial class PaperRule : IInventoryRule
{
    /// <summary>arXiv ids the Hub's card template cites (the ML CO2 impact paper), not about the model.</summary>
    private static readonly ImmutableArray<string> TemplateCitations = ["1910.09700"];

    private static readonly WordStems ReportWords = new("technical report", "tech report", "technical-report", "model report", "system card");

    private static readonly WordStems Datasheet = new("datasheet");

    private static readonly WordStems OwnPaperWords = new("our paper", "the paper", "paper", "citation", "cite", "bibtex");

    /// <summary>Hosts of papers, found anywhere in a link (case-insensitive), all in one scan.</summary>
    private static readonly SearchValues<string> PaperHosts = SearchValues.Create(
        ["openreview.net", "aclanthology.org", "proceedings.mlr.press", "papers.nips.cc", "proceedings.neurips.cc", "ai.meta.com/research/publications", "jmlr.org"],
        StringComparison.OrdinalIgnoreCase);

    public string Id => "papers";

    [GeneratedRegex(@"carbon|energy|emission|environmental|footprint|co2", RegexOptions.IgnoreCase)]
    private static partial Regex FootprintSection();

    [GeneratedRegex(@"arxiv\.org/(abs|pdf)/([0-9]{4}\.[0-9]{4,5})", RegexOptions.IgnoreCase)]
    private static partial Regex ArxivLink();

    public IEnumerable<Clue> Find(RepositorySnapshot s)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (s.Card is { } card)
        {
            foreach (var link in card.Links)
            {
                var context = RuleHelpers.ContextOf(card, link);
                if (RuleHelpers.Mentions(context, Datasheet)) continue;
                var arxiv = ArxivLink().Match(link.Url);
                var isReport = RuleHelpers.Mentions(context, ReportWords);
                var isPaperHost = link.Url.AsSpan().ContainsAny(PaperHosts);
                if (!arxiv.Success && !isReport && !isPaperHost) continue;
                // Methodology citations (carbon accounting) are not about the model.
                if (link.Section is { } sec && FootprintSection().IsMatch(sec)) continue;
                if (arxiv.Success && (TemplateCitations.Contains(arxiv.Groups[2].Value) || !seen.Add(arxiv.Groups[2].Value))) continue;
                if (isReport)
                {
                    yield return this.LinkClue(card, Components.TechnicalReport, link, "technical report", 0.8);
                    continue;
                }
                var own = RuleHelpers.Mentions(context, OwnPaperWords);
                yield return this.LinkClue(card, Components.ResearchPaper, link, arxiv.Success ? $"arXiv {arxiv.Groups[2].Value}" : "paper", own ? 0.8 : 0.6);
            }
        }
        if (s.Hub is { } hub)
        {
            foreach (var id in hub.Tags.Where(t => t.StartsWith("arxiv:", StringComparison.Ordinal)).Select(t => t["arxiv:".Length..]))
            {
                if (TemplateCitations.Contains(id) || !seen.Add(id)) continue;
                yield return new Clue(Components.ResearchPaper, new Evidence(Id, hub.Source + " tags", $"arXiv {id} (the Hub links the paper to this model)", 0.7),
                    ComponentPath: $"https://arxiv.org/abs/{id}", InRepository: false);
            }
        }
    }
}

/// <summary>
/// Links to code hosts (GitHub, GitLab) sorted by what the card says around them: training,
/// evaluation, preprocessing or inference code, or a supporting library.
/// </summary>
public sealed class CodeLinkRule : IInventoryRule
{
    /// <summary>Words near a code link, per component (first match wins, in this order).</summary>
    public static readonly ImmutableArray<(string Component, WordStems Words)> Kinds =
    [
        (Components.EvaluationCode, new("eval", "harness", "benchmark")),
        (Components.DataPreprocessingCode, new("preprocess", "data processing", "data pipeline", "dedup", "data curation", "data collection")),
        (Components.TrainingCode, new("train", "pretrain", "pre-train", "reproduc", "fine-tun", "finetun")),
        (Components.InferenceCode, new("inference", "serving", "quickstart", "how to use", "usage", "run the model", "generation")),
        (Components.SupportingLibraries, new("library", "toolkit", "framework", "codebase", "tooling")),
    ];

    public string Id => "code-links";

    public IEnumerable<Clue> Find(RepositorySnapshot s)
    {
        if (s.Card is not { } card) yield break;
        var seen = new HashSet<(string, string)>();
        foreach (var link in card.Links.Where(l => RuleHelpers.IsCodeHost(l.Url)))
        {
            var context = RuleHelpers.ContextOf(card, link) + " " + link.Url;
            var kind = Kinds.FirstOrDefault(k => RuleHelpers.Mentions(context, k.Words));
            if (kind.Component is null || !seen.Add((kind.Component, link.Url))) continue;
            yield return this.LinkClue(card, kind.Component, link, $"code repository linked as {kind.Component.ToLowerInvariant()}", 0.6);
        }
    }
}

/// <summary>Code in the card that loads the model with a library (<c>from transformers import …</c>) shows where inference runs.</summary>
public sealed partial class CardCodeRule : IInventoryRule
{
    public string Id => "card-code";

    [GeneratedRegex(@"\bfrom\s+(transformers|diffusers|vllm|sentence_transformers)\s+import\s+([A-Za-z0-9_, ]+)|\bimport\s+(transformers|diffusers|vllm)\b", RegexOptions.NonBacktracking)]
    private static partial Regex LibraryImport();

    public IEnumerable<Clue> Find(RepositorySnapshot s)
    {
        if (s.Card is not { } card) yield break;
        foreach (var (line, text) in card.BodyLines)
        {
            // Both forms hold "import" (the pattern is case-sensitive): most lines need no regex run.
            if (!text.Contains("import", StringComparison.Ordinal)) continue;
            var m = LibraryImport().Match(text);
            if (!m.Success) continue;
            var library = (m.Groups[1].Success ? m.Groups[1].Value : m.Groups[3].Value).Replace('_', '-');
            var known = LibraryRule.Libraries.FirstOrDefault(l => l.Name == library);
            if (known.Name is null) continue;
            var evidence = new Evidence(Id, card.Where(line), $"the card runs the model with {known.Name}, {known.License}", 0.6);
            yield return new Clue(Components.InferenceCode, evidence, known.License, known.Url + "/blob/main/LICENSE", known.Url, InRepository: false);
            var classes = m.Groups[2].Value.Split(',').Select(c => c.Trim()).Where(c => c.Contains("For", StringComparison.Ordinal)).ToList();
            if (classes.Count > 0)
            {
                yield return new Clue(Components.ModelArchitecture, evidence with { Detail = $"architecture class {classes[0]} in {known.Name}, {known.License}" },
                    known.License, known.Url + "/blob/main/LICENSE", known.Url, InRepository: false);
            }
            yield break;
        }
    }
}

/// <summary>Outputs shown with the card's widget examples are sample model outputs.</summary>
public sealed class SampleOutputsRule : IInventoryRule
{
    public string Id => "sample-outputs";

    public IEnumerable<Clue> Find(RepositorySnapshot s)
    {
        if (s.Metadata?.Root["widget"] is not MetaList widget) yield break;
        var withOutput = widget.Items.OfType<MetaMap>().Count(w => w["output"] is not null);
        if (withOutput > 0)
        {
            yield return new Clue(Components.SampleOutputs, new Evidence(Id, s.Metadata.Where("widget"), $"{withOutput} widget examples with outputs", 0.6));
        }
    }
}

/// <summary>A card that says intermediate checkpoints are published (as branches or revisions) references them.</summary>
public sealed partial class CardCheckpointRule : IInventoryRule
{
    public string Id => "card-checkpoints";

    [GeneratedRegex(@"(intermediate|training)\s+checkpoints|checkpoints?\b[^.\n]{0,60}\b(branch|branches|revisions?)\b", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex CheckpointMention();

    private static readonly SearchValues<string> Checkpoint = SearchValues.Create(["checkpoint"], StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A cheap test that a line may hold "checkpoint" as the case-insensitive pattern reads it: most
    /// lines need no regex run. Letters the pattern folds that ordinal ignore-case does not (the Kelvin
    /// sign for k, the dotted capital I) send the line to the regex too.
    /// </summary>
    private static bool MayMentionCheckpoints(string text) =>
        text.AsSpan().ContainsAny(Checkpoint) || text.AsSpan().IndexOfAny('\u212A', '\u0130') >= 0;

    public IEnumerable<Clue> Find(RepositorySnapshot s)
    {
        if (s.Card is not { } card) yield break;
        foreach (var (line, text) in card.BodyLines)
        {
            if (!MayMentionCheckpoints(text) || !CheckpointMention().IsMatch(text)) continue;
            yield return new Clue(Components.IntermediateParameters,
                new Evidence(Id, card.Where(line), "the card says intermediate checkpoints are published", 0.5),
                ComponentPath: s.TreeUrl(), InRepository: true);
            yield break;
        }
    }
}

/// <summary>
/// A card that links this repository's own Hub page from a download section or line (official
/// GitHub cards list where to download the weights) points at the final parameters.
/// </summary>
public sealed class DownloadLinkRule : IInventoryRule
{
    private static readonly WordStems DownloadWords = new("download", "weights", "checkpoint");

    public string Id => "download-link";

    public IEnumerable<Clue> Find(RepositorySnapshot s)
    {
        if (s.Card is not { } card || s.Owner is null) yield break;
        var own = $"huggingface.co/{s.Id}";
        foreach (var link in card.Links)
        {
            var url = link.Url.TrimEnd('/');
            if (!url.EndsWith(own, StringComparison.OrdinalIgnoreCase) || !url.Contains("://", StringComparison.Ordinal)) continue;
            var sections = string.Join(" ", RuleHelpers.EnclosingSections(card, link.Line));
            if (!RuleHelpers.Mentions($"{RuleHelpers.ContextOf(card, link)} {sections}", DownloadWords)) continue;
            yield return this.LinkClue(card, Components.FinalParameters, link, "the card links the weights for download", 0.6) with { InRepository = true };
            yield break;
        }
    }
}

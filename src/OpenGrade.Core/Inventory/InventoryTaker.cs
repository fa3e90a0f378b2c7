using System.Collections.Immutable;
using OpenGrade.Core.Domain;
using OpenGrade.Core.Evaluation.Mof;
using OpenGrade.Core.Frameworks;
using OpenGrade.Core.Inventory.Rules;
using OpenGrade.Core.Licensing;
using OpenGrade.Core.Licensing.Detection;

namespace OpenGrade.Core.Inventory;

/// <summary>
/// Turns a repository snapshot into MOF components with licenses and evidence: runs every rule,
/// settles the licenses, and decides each component present, absent or unknown. Pure and
/// immutable; build one and reuse it.
/// </summary>
public sealed class InventoryTaker
{
    /// <summary>Components whose absence a complete file list proves: they would be files in the repository.</summary>
    private static readonly ImmutableArray<string> ShownByListing = [Components.FinalParameters, Components.ModelCard, Components.ModelMetadata];

    private readonly MofFramework _framework;
    private readonly LicenseAnalysis _licenses;
    private readonly LicenseRecognizer _recognizer;
    private readonly LinkedEvidence _links;

    public InventoryTaker(MofFramework framework, LicenseCatalog catalog, ILicenseIdentifier identifier, ImmutableArray<IInventoryRule>? rules = null)
    {
        _framework = framework;
        _recognizer = new LicenseRecognizer(catalog);
        _licenses = new LicenseAnalysis(catalog, _recognizer, identifier);
        _links = new LinkedEvidence(_recognizer, identifier);
        Rules = rules ?? DefaultRules;
    }

    /// <summary>Every rule, in the order docs/inventory-rules.md describes them.</summary>
    public static ImmutableArray<IInventoryRule> DefaultRules { get; } =
    [
        new WeightFilesRule(), new DownloadLinkRule(), new CheckpointRefsRule(), new CheckpointFilesRule(), new CardCheckpointRule(), new MetadataFilesRule(),
        new RepositoryCodeRule(), new LibraryRule(), new CardCodeRule(), new CodeLinkRule(),
        new ModelCardRule(), new EvaluationResultsRule(), new ResultFilesRule(), new EvaluationDataRule(),
        new DatasetsRule(), new DataCardSectionRule(), new PaperRule(), new SampleOutputsRule(),
    ];

    public ImmutableArray<IInventoryRule> Rules { get; }

    public ModelInventory Take(RepositorySnapshot snapshot)
    {
        var settled = _links.SettleAll(snapshot.Linked);
        snapshot = WithLinkedDatasets(snapshot, settled);
        var licenses = _licenses.Analyze(snapshot);
        var clues = Rules.SelectMany(r => r.Find(snapshot)).Select(c => Followed(c, settled)).ToLookup(c => c.Component, StringComparer.Ordinal);
        var findings = _framework.Components.Select(c => Decide(c, clues[c.Name].ToList(), licenses, snapshot)).ToImmutableArray();
        var evidence = findings.SelectMany(f => f.Evidence).Concat(LicenseEvidence(licenses)).Concat(PolicyEvidence(snapshot)).ToImmutableArray();
        var signals = SignalReader.Read(snapshot, licenses, evidence);
        var release = ReleaseOf(snapshot, findings, licenses) with { Lineage = LineageReader.Read(snapshot, settled) };
        return new ModelInventory(snapshot, findings, licenses, signals, release);
    }

    /// <summary>A referenced clue whose link was followed takes the license found there, with how it was found.</summary>
    private static Clue Followed(Clue clue, IReadOnlyDictionary<string, SettledLink> settled)
    {
        if (clue.InRepository || clue.License is not null || clue.ComponentPath is not { } path) return clue;
        if (TargetKey(path) is not { } key || !settled.TryGetValue(key, out var link)) return clue;
        return clue with { License = link.License, LicensePath = link.License is null ? null : link.Place.Url, Link = link };
    }

    private static string? TargetKey(string url) =>
        LinkTargets.GitHubRepository(url) is { } repo ? new LinkTarget(LinkKind.GitHubRepository, repo).Key
        : LinkTargets.ArxivId(url) is { } paper ? new LinkTarget(LinkKind.ArxivPaper, paper).Key
        : LinkTargets.HubDatasetId(url) is { } dataset ? new LinkTarget(LinkKind.HubDataset, dataset).Key
        : null;

    /// <summary>Datasets whose Hub record was followed join the dataset facts the datasets rule reads (a fact already at hand wins).</summary>
    private static RepositorySnapshot WithLinkedDatasets(RepositorySnapshot s, IReadOnlyDictionary<string, SettledLink> settled)
    {
        var known = s.Datasets.Where(d => d.License is not null).Select(d => d.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var followed = settled.Values
            .Where(l => l.Place.Target.Kind == LinkKind.HubDataset && l.Place.Outcome == LinkOutcome.Resolved && !known.Contains(l.Place.Target.Id))
            .Select(l => new DatasetFacts(l.Place.Target.Id, l.License, l.Place.Url))
            .ToList();
        return followed.Count == 0 ? s : s with { Datasets = [.. s.Datasets.Where(d => !followed.Any(f => f.Id.Equals(d.Id, StringComparison.OrdinalIgnoreCase))), .. followed] };
    }

    private ComponentFinding Decide(MofComponent component, List<Clue> clues, LicensePicture licenses, RepositorySnapshot s)
    {
        if (clues.Count == 0)
        {
            var absent = s.Files.Completeness == ListingCompleteness.Complete && ShownByListing.Contains(component.Name);
            var why = absent ? $"not in the file list ({s.Files.Source})"
                : s.Files.Completeness == ListingCompleteness.Complete ? "no evidence found in the repository or its card"
                : "no evidence found, and no complete file list to show it absent";
            // A model repository's declared license is its weights' license even when no file list shows the weights.
            var declared = !absent && component.Name == Components.FinalParameters ? licenses.For(ContentType.Data) : null;
            if (declared is not null) why += $"; the weights are declared under {declared.License} ({declared.From})";
            return new ComponentFinding(component, absent ? Presence.Absent : Presence.Unknown, absent ? 0.9 : 0.5,
                declared?.License, declared?.Path, null, why, []);
        }
        var ordered = clues.OrderByDescending(c => c.InRepository).ThenByDescending(c => c.Evidence.Confidence).ToList();
        var best = ordered[0];
        var evidence = clues.OrderByDescending(c => c.Evidence.Confidence).Select(c => c.Evidence)
            .Concat(clues.Select(c => c.Link).OfType<SettledLink>().DistinctBy(l => l.Place.Target.Key).SelectMany(l => l.Evidence))
            .ToImmutableArray();
        var confidence = clues.Max(c => c.Evidence.Confidence);
        string? license;
        string? path;
        string basis;
        if (best.InRepository)
        {
            // What ships in the repository is under the repository's license for its content type.
            var governing = licenses.For(component.ContentType);
            license = governing?.License;
            path = governing?.Path;
            basis = governing is null ? "the repository states no license" : $"the repository's {component.ContentType.ToKey()} license ({governing.From})";
        }
        else
        {
            var stated = ordered.FirstOrDefault(c => c.License is not null);
            license = stated?.License is { } l ? Normalise(l) : null;
            path = stated?.LicensePath;
            // The basis is the one behind the license taken: a library's stated license is not explained by another clue's link.
            var followed = stated is null ? ordered.Select(c => c.Link).OfType<SettledLink>().FirstOrDefault() : stated.Link;
            basis = followed?.Basis
                ?? (stated is null ? "referenced; no license stated where it points (link not followed)" : $"license of the referenced {(stated.ComponentPath ?? "source")}");
        }
        return new ComponentFinding(component, Presence.Present, confidence, license, path, best.ComponentPath, basis, evidence, !best.InRepository);
    }

    private string Normalise(string license) => _recognizer.Read(license).Id ?? license;

    private static IEnumerable<Evidence> LicenseEvidence(LicensePicture p)
    {
        if (p.Card is { } card) yield return new Evidence("card-license", card.Location, $"card license: {card.License}{(card.Name is null ? "" : $" ({card.Name})")}", 0.9);
        foreach (var f in p.Files) yield return new Evidence("license-file", f.Location, f.License is null ? $"license file: {f.Name}" : $"license file: {f.License} ({f.Name})", f.License is null ? 0.3 : 0.8);
        foreach (var c in p.Conflicts) yield return new Evidence("license-conflict", c.File.Location, c.Reason, 1.0);
    }

    /// <summary>Use policies and notices bind users beside the license (Llama's acceptable use policy): judgements need to see them.</summary>
    private static IEnumerable<Evidence> PolicyEvidence(RepositorySnapshot s) =>
        s.Texts.Where(t => LicenseAnalysis.ScopeOf(t.Path) is null).Select(t =>
        {
            var title = t.Text.Split('\n').Select(l => l.Trim().Trim('#', '*', ' ')).FirstOrDefault(l => l.Length > 0) ?? "";
            var kind = t.Path.StartsWith("USE_POLICY", StringComparison.OrdinalIgnoreCase) ? "use-policy" : "notice";
            return new Evidence(kind, t.Path, title.Length > 80 ? title[..80] + "…" : title, 0.9);
        });

    /// <summary>
    /// The release MOF evaluation reads: present components only, each with a license only where it differs
    /// from what it inherits. A component found only by reference whose license stays unknown does not inherit
    /// the release's license (an arXiv paper is not under the model's license): it is <c>unlicensed</c> with
    /// the reason kept (<see cref="ComponentEntry.LicenseUnknown"/>), as MOT's authors record a license they
    /// cannot find.
    /// </summary>
    private ModelRelease ReleaseOf(RepositorySnapshot s, ImmutableArray<ComponentFinding> findings, LicensePicture p)
    {
        var distribution = p.Distribution;
        var code = p.Code is { } c && c.License != distribution?.License ? c : null;
        var data = p.Weights is { } w && w.License != distribution?.License ? w : null;
        var globals = new GlobalLicenses(
            distribution is null ? null : new LicenseDeclaration(distribution.License, distribution.Path),
            code is null ? null : new LicenseDeclaration(code.License, code.Path),
            data is null ? null : new LicenseDeclaration(data.License, data.Path),
            null);
        var entries = findings.Where(f => f.Presence == Presence.Present).Select(f =>
        {
            var inherited = globals.For(f.Component.ContentType)?.Name ?? globals.Distribution?.Name;
            var unknown = f.Referenced && f.License is null;
            var own = unknown ? MofEvaluator.UnlicensedSentinel : f.License is not null && f.License != inherited ? f.License : null;
            return new ComponentEntry(f.Component.Name, f.Component.Description, own, own is null || unknown ? null : f.LicensePath, f.ComponentPath,
                new SourceLocation(f.Evidence.FirstOrDefault()?.Location ?? s.Id)) { LicenseUnknown = unknown ? f.LicenseBasis : null };
        }).ToImmutableArray();
        var silences = findings.Where(f => f.Presence != Presence.Present)
            .Select(f => new ComponentSilence(f.Component.Name, f.Presence, f.LicenseBasis, f.License, f.LicensePath))
            .ToImmutableArray();
        return new ModelRelease(s.Name, null, s.Owner, null, ReleaseKinds.TypeOf(s), ReleaseKinds.ArchitectureOf(s), null,
            s.Owner is null ? null : $"https://huggingface.co/{s.Id}", globals, entries)
        {
            Coverage = new ReleaseCoverage("no evidence found", silences),
        };
    }
}

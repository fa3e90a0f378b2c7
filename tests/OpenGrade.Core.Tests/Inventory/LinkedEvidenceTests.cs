using System.Collections.Immutable;
using OpenGrade.Core.Domain;
using OpenGrade.Core.Evaluation;
using OpenGrade.Core.Evaluation.EuAiAct;
using OpenGrade.Core.Evaluation.Flags;
using OpenGrade.Core.Evaluation.Mof;
using OpenGrade.Core.Evaluation.Osaid;
using OpenGrade.Core.Inventory;
using OpenGrade.Core.Inventory.Rules;
using OpenGrade.Core.Licensing.Detection;

namespace OpenGrade.Core.Tests.Inventory;

/// <summary>
/// What following links learned, settled in the pure core: GitHub's detection against ours, the
/// licenses of linked papers and datasets, and the lineage of base models with what it imposes.
/// </summary>
public sealed class LinkedEvidenceTests
{
    private static readonly Assessor Assessor = Assessor.CreateDefault();

    private static InventoryTaker Taker(string? detected = null) => new(Assessor.Framework, Assessor.Catalog, new FixedIdentifier(detected, 0.95));

    private static LinkedEvidence Settler(string? detected) => new(new Core.Licensing.LicenseRecognizer(Assessor.Catalog), new FixedIdentifier(detected, 0.95));

    private static MetaEntry Entry(string key, string value, int line) => new(key, new MetaScalar(value, line));

    /// <summary>A Hub repository snapshot without a file list: its card metadata, tags and card text only.</summary>
    private static RepositorySnapshot Snapshot(string license, string[]? tags = null, string? card = null, params MetaEntry[] extra)
    {
        var meta = new CardMetadata("README.md", new MetaMap([Entry("license", license, 2), .. extra], 1));
        var document = card is null ? null : Card(card);
        return new RepositorySnapshot("lab/derived", null, FileListing.Empty, meta, document, [], null,
            tags is null ? null : new HubFacts(null, null, null, [.. tags], null, "api_model.json"), [], []);
    }

    /// <summary>A card with its headings and bare links, as the card reader would give it.</summary>
    private static CardDocument Card(string text)
    {
        var lines = text.Split('\n').ToImmutableArray();
        var sections = lines.Select((l, i) => (l, i)).Where(x => x.l.StartsWith('#'))
            .Select(x => new CardSection(x.l.TrimStart('#').Trim(), x.l.TakeWhile(c => c == '#').Count(), x.i + 1)).ToImmutableArray();
        var links = lines.SelectMany((l, i) => l.Split(' ').Where(w => w.StartsWith("https://", StringComparison.Ordinal))
            .Select(w => new CardLink(w, w, i + 1, sections.LastOrDefault(s => s.Line <= i + 1)?.Title))).ToImmutableArray();
        return new CardDocument("README.md", lines, sections, links, [], 1);
    }

    private static LinkedPlace GitHub(string repo, string? apiLicense, string? text = "license text") =>
        new(new LinkTarget(LinkKind.GitHubRepository, repo), LinkOutcome.Resolved, $"https://github.com/{repo}", "repository",
            [new LinkedLicense(apiLicense, null, "github-api", $"https://api.github.com/repos/{repo}/license", 0.9, "LICENSE")],
            text is null ? [] : [new LinkedText("LICENSE", $"https://github.com/{repo}/blob/main/LICENSE", text)], []);

    private static LinkedPlace HubModel(string id, string? license, params BaseModelLink[] bases) =>
        new(new LinkTarget(LinkKind.HubModel, id), LinkOutcome.Resolved, $"https://huggingface.co/{id}", "model",
            [new LinkedLicense(license, null, "hub-api", $"https://huggingface.co/api/models/{id}", 0.9)], [], [.. bases]);

    [Fact]
    public void Targets_come_from_the_inventory_and_hostile_names_are_dropped()
    {
        var card = "# Model\n\n## Training\n\nTraining code: https://github.com/lab/trainer\n\nPaper: https://arxiv.org/abs/2310.06825v2\n\nBad: https://github.com/../etc and https://github.com/orgs/lab\n";
        var s = Snapshot("apache-2.0", ["dataset:lab/corpus", "dataset:../../x", "base_model:finetune:lab/base", "base_model:finetune:a/../b", "arxiv:2101.00027"], card,
            Entry("datasets", "lab/other", 3));
        var keys = LinkTargets.Of(Taker().Take(s)).Select(t => t.Key).ToList();
        Assert.Contains("github:lab/trainer", keys);
        Assert.Contains("arxiv:2310.06825", keys);
        Assert.Contains("arxiv:2101.00027", keys);
        Assert.Contains("hf-dataset:lab/corpus", keys);
        Assert.Contains("hf-dataset:lab/other", keys);
        Assert.Contains("hf-model:lab/base", keys);
        Assert.DoesNotContain(keys, k => k.Contains("..", StringComparison.Ordinal) || k.Contains("orgs", StringComparison.Ordinal));
    }

    [Fact]
    public void A_dataset_whose_facts_the_snapshot_already_holds_is_not_asked_again()
    {
        var s = Snapshot("apache-2.0", ["dataset:lab/corpus", "dataset:lab/other"]) with
        {
            Datasets = [new DatasetFacts("Lab/Corpus", "cc-by-4.0", ".hub/datasets/lab--corpus.json")],
        };
        var keys = LinkTargets.Of(Taker().Take(s)).Select(t => t.Key).ToList();
        Assert.DoesNotContain(keys, k => k.Equals("hf-dataset:lab/corpus", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("hf-dataset:lab/other", keys);
    }

    [Fact]
    public void A_derivative_with_no_license_of_its_own_still_fails_the_EU_license_condition_on_its_bases_terms()
    {
        // No license anywhere in the derivative's card: only the base's license is known.
        var meta = new CardMetadata("README.md", new MetaMap([Entry("base_model", "meta-llama/Llama-3.1-8B", 2)], 1));
        var s = new RepositorySnapshot("lab/derived", null, FileListing.Empty, meta, null, [], null, null, [], [])
        {
            Linked = [HubModel("meta-llama/Llama-3.1-8B", "llama3.1")],
        };
        var inventory = Taker().Take(s);
        var eu = Assessor.Assess(inventory.Release, inventory.Signals).EuAiAct!;
        var license = eu.Conditions.Single(c => c.Id == "free-open-source-license");
        Assert.Equal(RequirementStatus.NotMet, license.Status);
        Assert.Contains("inherited from meta-llama/Llama-3.1-8B", license.Reason);
    }

    [Theory]
    [InlineData("Apache-2.0", "Apache-2.0", "Apache-2.0", "agree")]
    [InlineData("NOASSERTION", "Apache-2.0", "Apache-2.0", "GitHub names none")]
    [InlineData("Apache-2.0", null, "Apache-2.0", "GitHub's license detection")]
    [InlineData("MIT", "Apache-2.0", "Apache-2.0", "where GitHub says MIT")]
    [InlineData(null, null, null, "no license file")]
    public void GitHubs_detection_is_checked_against_ours(string? github, string? ours, string? expected, string basis)
    {
        var settled = Settler(ours).Settle(GitHub("lab/code", github));
        Assert.Equal(expected, settled.License);
        Assert.Contains(basis, settled.Basis);
        var disagrees = github is not null && ours is not null && github != ours;
        Assert.Equal(disagrees || (github == "NOASSERTION" && ours is not null), settled.Evidence.Any(e => e.Kind == "license-disagreement"));
    }

    [Fact]
    public void A_link_that_could_not_be_followed_leaves_the_license_unknown_with_the_reason()
    {
        var place = LinkedPlace.Unresolved(new LinkTarget(LinkKind.GitHubRepository, "lab/code"), LinkOutcome.Unavailable, "https://github.com/lab/code", "HTTP 429 after 3 retries");
        var settled = Settler("MIT").Settle(place);
        Assert.Null(settled.License);
        Assert.Contains("could not be reached", settled.Basis);
        Assert.Contains("429", settled.Basis);
    }

    [Fact]
    public void Referenced_code_takes_the_license_found_behind_its_link()
    {
        var card = "# Model\n\n## Training\n\nThe training code is at https://github.com/lab/trainer\n";
        var s = Snapshot("apache-2.0", card: card);
        var before = Taker().Take(s).Find(Components.TrainingCode)!;
        Assert.Null(before.License);
        Assert.Contains("not followed", before.LicenseBasis);

        var after = Taker("MIT").Take(s with { Linked = [GitHub("lab/trainer", "MIT")] }).Find(Components.TrainingCode)!;
        Assert.Equal("MIT", after.License);
        Assert.Contains("GitHub repository lab/trainer", after.LicenseBasis);
        Assert.Contains(after.Evidence, e => e.Kind == "github-license-api");
    }

    [Fact]
    public void A_referenced_component_whose_license_stays_unknown_is_unlicensed_for_MOF_not_under_the_release_license()
    {
        var card = "# Model\n\n## Training\n\nThe training code is at https://github.com/lab/trainer\n\n## Citation\n\nPaper: https://arxiv.org/abs/2310.06825\n";
        var paper = LinkedPlace.Unresolved(new LinkTarget(LinkKind.ArxivPaper, "2310.06825"), LinkOutcome.NotFound, "https://arxiv.org/abs/2310.06825", "idDoesNotExist");
        var inventory = Taker("MIT").Take(Snapshot("apache-2.0", card: card) with { Linked = [GitHub("lab/trainer", "MIT"), paper] });

        var entry = inventory.Release.Components.Single(c => c.Name == Components.ResearchPaper);
        Assert.Equal("unlicensed", entry.License);
        Assert.Contains("not found there", entry.LicenseUnknown);
        var mof = Assessor.Assess(inventory.Release, inventory.Signals).Mof.Components.Single(v => v.Component.Name == Components.ResearchPaper);
        Assert.Equal(ComponentStatus.Unlicensed, mof.Status);

        // A license found behind the link is the component's own; the release's is never assumed for a linked place.
        var code = inventory.Release.Components.Single(c => c.Name == Components.TrainingCode);
        Assert.Equal("MIT", code.License);
        Assert.Null(code.LicenseUnknown);
    }

    [Fact]
    public void A_license_taken_from_one_clue_is_explained_by_that_clue_not_by_another_clues_link()
    {
        // Inference code has two clues: the transformers library (Apache-2.0, stated) and a linked repository (MIT behind the link).
        var card = "# Model\n\n## How to use\n\nInference code: https://github.com/lab/runner\n";
        var s = Snapshot("llama3.1", card: card, extra: Entry("library_name", "transformers", 3)) with { Linked = [GitHub("lab/runner", "MIT")] };
        var inference = Taker("MIT").Take(s).Find(Components.InferenceCode)!;

        Assert.Contains(inference.Evidence, e => e.Detail.Contains("lab/runner", StringComparison.Ordinal));
        Assert.Equal("Apache-2.0", inference.License);
        Assert.DoesNotContain("lab/runner", inference.LicenseBasis);
        Assert.Contains("transformers", inference.LicenseBasis);
    }

    [Fact]
    public void A_followed_dataset_record_gives_the_datasets_their_license()
    {
        var s = Snapshot("apache-2.0", ["dataset:lab/corpus"]);
        var place = new LinkedPlace(new LinkTarget(LinkKind.HubDataset, "lab/corpus"), LinkOutcome.Resolved, "https://huggingface.co/datasets/lab/corpus", "dataset",
            [new LinkedLicense("cc-by-4.0", null, "hub-api", "https://huggingface.co/api/datasets/lab/corpus", 0.9)], [], []);
        var datasets = Taker().Take(s with { Linked = [place] }).Find(Components.Datasets)!;
        Assert.Equal("CC-BY-4.0", datasets.License);
    }

    [Fact]
    public void Lineage_follows_base_models_to_the_root_once_each()
    {
        var s = Snapshot("apache-2.0", ["base_model:quantized:lab/instruct"]);
        s = s with
        {
            Linked =
            [
                HubModel("lab/instruct", "llama3.1", new BaseModelLink("lab/base", "finetune", "api tags")),
                HubModel("lab/base", "llama3.1", new BaseModelLink("lab/instruct", "finetune", "api tags"), new BaseModelLink("lab/derived", "merge", "api tags")),
            ],
        };
        var lineage = Taker().Take(s).Release.Lineage;
        Assert.Equal(["lab/instruct", "lab/base"], lineage.Select(a => a.Id));
        Assert.Equal(["quantized", "finetune"], lineage.Select(a => a.Relation));
        Assert.Equal([1, 2], lineage.Select(a => a.Depth));
        Assert.All(lineage, a => Assert.Equal("LicenseRef-llama3.1", a.License));
    }

    [Fact]
    public void A_base_whose_record_was_not_read_stays_in_the_lineage_as_unknown()
    {
        var lineage = Taker().Take(Snapshot("apache-2.0", ["base_model:finetune:lab/base"])).Release.Lineage;
        var a = Assert.Single(lineage);
        Assert.False(a.Known);
        Assert.Null(a.License);
        Assert.Contains("not read", a.LicenseBasis);
    }

    [Fact]
    public void An_open_license_on_a_finetune_of_a_restricted_base_is_a_conflict_and_inherits_its_restrictions()
    {
        var s = Snapshot("apache-2.0", ["base_model:finetune:meta-llama/Llama-3.1-8B"]) with
        {
            Linked = [HubModel("meta-llama/Llama-3.1-8B", "llama3.1")],
        };
        var inventory = Taker().Take(s);
        var a = Assessor.Assess(inventory.Release, inventory.Signals);

        var conflict = Assert.Single(a.Flags, f => f.Kind == FlagKinds.LicenseConflict);
        Assert.Contains("Apache-2.0", conflict.Message);
        Assert.Contains("finetune of meta-llama/Llama-3.1-8B", conflict.Message);
        Assert.Contains("LicenseRef-llama3.1", conflict.Message);
        Assert.Equal(RequirementStatus.NotMet, a.Osaid!.Requirements.Single(r => r.Id == "parameters").Status);
        Assert.Equal(RequirementStatus.NotMet, a.Osaid.Requirements.Single(r => r.Id == "freedom-use").Status);
        Assert.Contains("inherited from meta-llama/Llama-3.1-8B", a.Osaid.Requirements.Single(r => r.Id == "freedom-use").Reason);
        Assert.Equal(OsaidVerdict.NotConformant, a.Osaid.Verdict);
        Assert.Equal(EuAiActVerdict.NotExempt, a.EuAiAct!.Verdict);
        var inherited = Assert.Single(a.Lineage);
        Assert.True(inherited.Binds);
        Assert.Contains(Core.Licensing.RestrictionKind.UserThreshold, inherited.Restrictions!.Value);
    }

    [Fact]
    public void A_derivative_that_keeps_its_bases_license_or_derives_from_an_open_base_has_no_conflict()
    {
        var same = Snapshot("llama3.1", ["base_model:finetune:meta-llama/Llama-3.1-8B"]) with { Linked = [HubModel("meta-llama/Llama-3.1-8B", "llama3.1")] };
        var open = Snapshot("apache-2.0", ["base_model:finetune:mistralai/Mistral-7B-v0.1"]) with { Linked = [HubModel("mistralai/Mistral-7B-v0.1", "apache-2.0")] };
        foreach (var s in new[] { same, open })
        {
            var inventory = Taker().Take(s);
            var a = Assessor.Assess(inventory.Release, inventory.Signals);
            Assert.DoesNotContain(a.Flags, f => f.Kind == FlagKinds.LicenseConflict);
        }
        var openInventory = Taker().Take(open);
        var openAssessment = Assessor.Assess(openInventory.Release, openInventory.Signals);
        Assert.False(Assert.Single(openAssessment.Lineage).Binds);
        Assert.NotEqual(RequirementStatus.NotMet, openAssessment.Osaid!.Requirements.Single(r => r.Id == "parameters").Status);
    }
}

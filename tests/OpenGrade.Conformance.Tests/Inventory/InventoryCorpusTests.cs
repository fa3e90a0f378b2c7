using OpenGrade.Core.Domain;
using System.Text.Json.Nodes;
using Json.Schema;
using OpenGrade.Core.Inventory;
using OpenGrade.Core.Inventory.Rules;
using OpenGrade.Sources.Local;
using OpenGrade.Sources.Mot;
using OpenGrade.Testing;

namespace OpenGrade.Conformance.Tests.Inventory;

/// <summary>The inventory on the real cards, licenses and listings of the shared Hugging Face corpus.</summary>
public sealed class InventoryCorpusTests : IDisposable
{
    private readonly CorpusSnapshots _snapshots = new();

    public void Dispose() => _snapshots.Dispose();

    public static TheoryData<string> ModelFolders() => CorpusSnapshots.ModelFolders();

    [Theory]
    [MemberData(nameof(ModelFolders))]
    public void Every_corpus_model_gives_a_MOT_file_that_MOT_and_OpenGrade_accept(string model)
    {
        var inventory = _snapshots.Inventory(model);
        var writer = new MotModelWriter(CorpusSnapshots.Assessor.Framework);

        // Our own reader (schema + MOT's pitfalls) reads back exactly what we wrote.
        var yaml = writer.ToYaml(inventory.Release);
        var back = new MotModelReader(CorpusSnapshots.Assessor.Framework).Parse(yaml, model + ".yml");
        Assert.Equal(inventory.Release.Components.Select(c => (c.Name, c.License)), back.Components.Select(c => (c.Name, c.License)));
        Assert.Equal(inventory.Release.Licenses.Distribution?.Name, back.Licenses.Distribution?.Name);

        // MOT's own schema accepts it too.
        var schema = JsonSchema.FromText(File.ReadAllText(SharedCorpus.PathTo("corpus", "mot", "schema", "mof_schema.json")));
        var result = schema.Evaluate(writer.ToJson(inventory.Release), new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        Assert.True(result.IsValid, $"{model}: not valid against MOT's schema");
        Assert.Equal(17, inventory.Components.Length);
    }

    [Theory]
    [InlineData("EleutherAI__pythia-12b-deduped", "Apache-2.0")]
    [InlineData("CompVis__stable-diffusion-v1-4", "LicenseRef-creativeml-openrail-m")]
    [InlineData("bigscience__bloom", "LicenseRef-bigscience-bloom-rail-1.0")]
    [InlineData("HuggingFaceH4__zephyr-7b-beta", "MIT")]
    [InlineData("Salesforce__blip-image-captioning-base", "BSD-3-Clause")]
    [InlineData("deepset__roberta-base-squad2", "CC-BY-4.0")]
    [InlineData("stabilityai__stable-diffusion-2-1", "LicenseRef-openrail++")]
    [InlineData("meta-llama__Llama-3.1-8B-Instruct", "LicenseRef-llama3.1")]
    [InlineData("meta-llama__Meta-Llama-3-70B-Instruct", "LicenseRef-llama3")]
    // No front matter: the license comes from the LICENSE file alone.
    [InlineData("meta-llama__Llama-2-7b", "LicenseRef-llama2")]
    [InlineData("meta-llama__Llama-3.3-70B-Instruct", "LicenseRef-llama3.3")]
    [InlineData("meta-llama__Llama-4-Scout-17B-16E-Instruct", "LicenseRef-llama4")]
    [InlineData("deepseek-ai__DeepSeek-R1", "MIT")]
    public void Detects_the_release_license(string model, string license)
    {
        var inventory = _snapshots.Inventory(model);
        Assert.Equal(license, inventory.Licenses.Distribution?.License);
        Assert.Equal(license, inventory.Release.Licenses.Distribution?.Name);
        Assert.Empty(inventory.Licenses.Conflicts);
    }

    [Fact]
    public void Split_code_and_model_licenses_govern_code_and_weights_separately()
    {
        var inventory = _snapshots.Inventory("deepseek-ai__DeepSeek-V3");
        Assert.Equal("MIT", inventory.Licenses.Code?.License);
        Assert.Equal("LicenseRef-deepseek-model", inventory.Licenses.Weights?.License);
        Assert.Equal("MIT", inventory.Release.Licenses.Code?.Name);
        Assert.Equal("LICENSE-CODE", inventory.Release.Licenses.Code?.Path);
    }

    [Theory]
    [MemberData(nameof(ModelFolders))]
    public void Final_parameters_are_present_when_the_listing_has_weights(string model)
    {
        var folder = _snapshots.Build(model);
        var snapshot = new LocalSnapshotReader().Read(folder);
        var inventory = CorpusSnapshots.Taker.Take(snapshot);
        var final = inventory.Find(Components.FinalParameters)!;
        if (snapshot.Files.Files.Any(f => WeightFilesRule.IsWeightFile(f.Path)))
        {
            Assert.Equal(Presence.Present, final.Presence);
            Assert.Contains(final.Evidence, e => e.Kind == "weight-files");
        }
        else if (snapshot.Files.Completeness != ListingCompleteness.Complete)
        {
            Assert.NotEqual(Presence.Absent, final.Presence); // without a full listing, absence is not proven
        }
    }

    [Theory]
    [MemberData(nameof(ModelFolders))]
    public void Cards_with_arxiv_links_have_a_research_paper(string model)
    {
        var inventory = _snapshots.Inventory(model);
        var card = inventory.Snapshot.Card;
        var arxiv = card?.Links.Where(l => l.Url.Contains("arxiv.org/abs/", StringComparison.Ordinal) || l.Url.Contains("arxiv.org/pdf/", StringComparison.Ordinal))
            .Where(l => !l.Url.Contains("1910.09700", StringComparison.Ordinal)
                        && !(l.Section ?? "").Contains("Energy", StringComparison.OrdinalIgnoreCase)
                        && !(l.Section ?? "").Contains("Carbon", StringComparison.OrdinalIgnoreCase)
                        && !$"{l.Text} {card.LineText(l.Line)}".Contains("datasheet", StringComparison.OrdinalIgnoreCase))
            .ToList() ?? [];
        if (arxiv.Count == 0) return;
        var paper = inventory.Find(Components.ResearchPaper)!;
        var report = inventory.Find(Components.TechnicalReport)!;
        Assert.True(paper.Presence == Presence.Present || report.Presence == Presence.Present, $"{model}: arXiv link at {card!.Where(arxiv[0].Line)} found no paper");
    }

    [Theory]
    [MemberData(nameof(ModelFolders))]
    public void Cards_with_datasets_metadata_have_datasets_and_a_data_card(string model)
    {
        var inventory = _snapshots.Inventory(model);
        var named = inventory.Snapshot.Metadata?.Strings("datasets") ?? [];
        if (named.IsEmpty) return;
        Assert.Equal(Presence.Present, inventory.Find(Components.Datasets)!.Presence);
        Assert.Equal(Presence.Present, inventory.Find(Components.DataCard)!.Presence);
        Assert.Contains(inventory.Find(Components.Datasets)!.Evidence, e => e.Detail.Contains(named[0], StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void A_card_linking_its_own_Hub_page_for_download_points_at_the_weights()
    {
        var final = _snapshots.Inventory("deepseek-ai__DeepSeek-R1").Find(Components.FinalParameters)!;
        Assert.Equal(Presence.Present, final.Presence);
        Assert.Contains(final.Evidence, e => e.Kind == "download-link" && e.Location.StartsWith("README.md:", StringComparison.Ordinal));
        Assert.Equal("MIT", final.License);
    }

    [Fact]
    public void A_known_dataset_gives_its_license_to_the_datasets_component()
    {
        var datasets = _snapshots.Inventory("allenai__OLMo-7B").Find(Components.Datasets)!;
        Assert.Equal("ODC-By-1.0", datasets.License);
        Assert.Equal("https://huggingface.co/datasets/allenai/dolma", datasets.ComponentPath);
    }

    [Fact]
    public void Card_saying_apache_with_a_Llama_license_file_is_a_conflict_and_the_Llama_license_governs()
    {
        var folder = _snapshots.BuildFrom("example__conflict", new Dictionary<string, string>
        {
            ["README.md"] = "---\nlicense: apache-2.0\nlibrary_name: transformers\n---\n# A fine-tune\n\nWeights are open source.\n",
            ["LICENSE"] = File.ReadAllText(SharedCorpus.PathTo("corpus", "hf", "licenses", "llama3_1.txt")),
            ["config.json"] = "{\"architectures\": [\"LlamaForCausalLM\"], \"model_type\": \"llama\"}",
            ["model.safetensors"] = "not really weights",
        });
        var inventory = CorpusSnapshots.InventoryOf(folder);

        var conflict = Assert.Single(inventory.Licenses.Conflicts);
        Assert.Equal("apache-2.0", conflict.Card.License); // as the card states it
        Assert.Equal("LicenseRef-llama3.1", conflict.File.License);
        Assert.Equal("LicenseRef-llama3.1", conflict.Governing);
        Assert.Equal("LicenseRef-llama3.1", inventory.Release.Licenses.Distribution?.Name);
        Assert.Equal("LicenseRef-llama3.1", inventory.Find(Components.FinalParameters)!.License);
        // The library's own code keeps the library's license.
        Assert.Equal("Apache-2.0", inventory.Find(Components.ModelArchitecture)!.License);
        Assert.Contains(inventory.Signals.Evidence, e => e.Kind == "license-conflict");
        Assert.Contains(inventory.Signals.OpennessClaims, c => c.Text == "open source" && c.Location == "README.md:7");

        // The signals feed the judgements: the same conflict is flagged there.
        var assessment = CorpusSnapshots.Assessor.Assess(inventory.Release, inventory.Signals);
        Assert.Contains(assessment.Flags, f => f.Kind == Core.Evaluation.Flags.FlagKinds.LicenseConflict);
    }

    [Fact]
    public void Gated_Llama_release_reports_gating_card_license_and_size()
    {
        var inventory = _snapshots.Inventory("meta-llama__Llama-3.1-8B-Instruct");
        var signals = inventory.Signals;
        Assert.True(signals.Gated);
        Assert.Equal("llama3.1", signals.CardLicense?.License); // as the card states it
        Assert.Equal("LicenseRef-llama3.1", inventory.Licenses.Distribution?.License);
        Assert.StartsWith("README.md:", signals.CardLicense!.Location, StringComparison.Ordinal);
        Assert.Equal(8_030_261_248, signals.ParameterCount);
        Assert.Contains(signals.LicenseFiles, f => f.Location == "LICENSE" && f.License == "LicenseRef-llama3.1");
        Assert.Equal(Presence.Present, inventory.Find(Components.FinalParameters)!.Presence);
        Assert.Equal("LicenseRef-llama3.1", inventory.Find(Components.FinalParameters)!.License);
    }

    [Fact]
    public void Gating_in_front_matter_counts_without_the_Hub()
    {
        Assert.True(_snapshots.Inventory("meta-llama__Meta-Llama-3-8B").Signals.Gated);
        Assert.True(_snapshots.Inventory("mistralai__Mistral-7B-v0.1").Signals.Gated);
        Assert.False(_snapshots.Inventory("EleutherAI__pythia-12b-deduped").Signals.Gated);
    }

    [Fact]
    public void Checkpoint_branches_are_intermediate_parameters_and_training_tokens_are_read()
    {
        var inventory = _snapshots.Inventory("EleutherAI__pythia-12b-deduped");
        var intermediate = inventory.Find(Components.IntermediateParameters)!;
        Assert.Equal(Presence.Present, intermediate.Presence);
        Assert.Contains(intermediate.Evidence, e => e.Kind == "checkpoint-refs" && e.Location == "refs.json");
        Assert.Equal(299_892_736_000, inventory.Signals.TrainingTokens);
        // The card mentions many sizes (the whole suite); the release name says which one this is.
        Assert.Equal(12_000_000_000, inventory.Signals.ParameterCount);
        // A link text broken over two lines ("the\ndatasheet") still reads as a datasheet.
        Assert.Contains(inventory.Find(Components.DataCard)!.Evidence, e => e.Detail.StartsWith("datasheet", StringComparison.Ordinal));
    }

    [Fact]
    public void Only_api_and_siblings_records_still_give_a_full_inventory()
    {
        var inventory = _snapshots.Inventory("google-bert__bert-base-uncased");
        Assert.Equal("google-bert/bert-base-uncased", inventory.Snapshot.Id);
        Assert.Equal(Presence.Present, inventory.Find(Components.ModelCard)!.Presence);
        Assert.Equal(Presence.Present, inventory.Find(Components.ModelArchitecture)!.Presence);
        Assert.Equal("encoder", inventory.Release.Architecture);
        Assert.Equal(110_106_428, inventory.Signals.ParameterCount);
        Assert.Equal(ListingCompleteness.Complete, inventory.Snapshot.Files.Completeness);
    }

    [Fact]
    public void Comparing_with_a_human_MOT_file_covers_every_component()
    {
        var inventory = _snapshots.Inventory("EleutherAI__pythia-12b-deduped");
        var theirs = new MotModelReader(CorpusSnapshots.Assessor.Framework).ReadFile(SharedCorpus.PathTo("corpus", "mot", "models", "Pythia-12B.yml"));
        var comparison = new InventoryComparison(CorpusSnapshots.Assessor.Framework, new Core.Licensing.LicenseRecognizer(CorpusSnapshots.Assessor.Catalog));
        var agreement = comparison.Compare(inventory, theirs, "Pythia-12B.yml");
        Assert.Equal(17, agreement.Components.Length);
        Assert.All(agreement.Components.Where(c => !c.PresenceAgrees || c.LicenseAgrees == false), c => Assert.NotNull(c.Cause));
        Assert.True(agreement.PresenceAgreed >= 12, $"presence agreement fell to {agreement.PresenceAgreed}/17");
    }

    [Fact]
    public void A_linked_component_whose_license_is_unknown_agrees_with_MOTs_unlicensed_not_with_the_release_license()
    {
        var comparison = new InventoryComparison(CorpusSnapshots.Assessor.Framework, new Core.Licensing.LicenseRecognizer(CorpusSnapshots.Assessor.Catalog));
        var reader = new MotModelReader(CorpusSnapshots.Assessor.Framework);

        // Mistral's card cites its arXiv paper; the MOT file marks the paper unlicensed; the release is Apache-2.0.
        var mistral = comparison.Compare(_snapshots.Inventory("mistralai__Mistral-7B-v0.1"),
            reader.ReadFile(SharedCorpus.PathTo("corpus", "mot", "models", "Mistral-7B-v0.1.yml")), "Mistral-7B-v0.1.yml");
        var paper = mistral.Components.Single(c => c.Component.Name == Components.ResearchPaper);
        Assert.True(paper.OursReferencedWithoutLicense);
        Assert.Null(paper.OurLicense);
        Assert.True(paper.LicenseAgrees);

        // OLMo's datasets: Dolma's own license found behind the link, where the MOT file gives them the release's.
        var olmo = comparison.Compare(_snapshots.Inventory("allenai__OLMo-7B"),
            reader.ReadFile(SharedCorpus.PathTo("corpus", "mot", "models", "OLMo-7B.yml")), "OLMo-7B.yml");
        var datasets = olmo.Components.Single(c => c.Component.Name == Components.Datasets);
        Assert.True(datasets is { OursReferenced: true, TheirsInherited: true, LicenseAgrees: false }, datasets.Cause);
    }

    [Fact]
    public void Evidence_json_names_every_component()
    {
        var json = Reports.InventoryReport.ToJson(_snapshots.Inventory("allenai__OLMo-7B"));
        var components = json["components"]!.AsArray();
        Assert.Equal(17, components.Count);
        Assert.All(components, c => Assert.Contains(c!["presence"]!.GetValue<string>(), new[] { "present", "absent", "unknown" }));
        Assert.Equal("allenai/OLMo-7B", json["repository"]!.GetValue<string>());
        Assert.IsType<JsonArray>(json["licenses"]!["files"]);
    }
}

using OpenGrade.Core.Domain;
using System.Text;
using System.Text.Json.Nodes;
using OpenGrade.Core.Inventory;
using OpenGrade.Core.Inventory.Rules;
using OpenGrade.Sources.Local;
using OpenGrade.Testing;

namespace OpenGrade.Conformance.Tests.Inventory;

/// <summary>What the local source reads beyond the corpus shapes: git refs, safetensors headers, Hub snapshot folders.</summary>
public sealed class SnapshotReaderTests : IDisposable
{
    private readonly CorpusSnapshots _snapshots = new();

    public void Dispose() => _snapshots.Dispose();

    [Fact]
    public void Git_clone_branches_and_tags_are_read_from_dot_git()
    {
        var folder = _snapshots.BuildFrom("example__clone", new Dictionary<string, string>
        {
            ["README.md"] = "# Clone\n",
            [".git/HEAD"] = "ref: refs/heads/main\n",
            [".git/refs/heads/main"] = new string('a', 40) + "\n",
            [".git/refs/remotes/origin/step1000"] = new string('b', 40) + "\n",
            [".git/packed-refs"] = "# pack-refs with: peeled fully-peeled sorted\n" + new string('c', 40) + " refs/tags/checkpoint-500\n",
        });
        var snapshot = new LocalSnapshotReader().Read(folder);
        Assert.Contains(snapshot.Refs, r => r.Name == "step1000" && r.Kind == GitRefKind.Branch);
        Assert.Contains(snapshot.Refs, r => r.Name == "checkpoint-500" && r.Kind == GitRefKind.Tag);
        Assert.DoesNotContain(snapshot.Files.Files, f => f.Path.StartsWith(".git/", StringComparison.Ordinal));
        Assert.Equal(ListingCompleteness.Complete, snapshot.Files.Completeness); // a clone is the whole tree
        Assert.Equal(Presence.Present, CorpusSnapshots.Taker.Take(snapshot).Find(Components.IntermediateParameters)!.Presence);
    }

    [Fact]
    public void Parameters_are_counted_from_safetensors_headers_on_disk()
    {
        var folder = _snapshots.BuildFrom("example__weights", new Dictionary<string, string> { ["README.md"] = "# Weights\n" });
        var header = Encoding.UTF8.GetBytes("{\"__metadata__\":{\"format\":\"pt\"},\"a\":{\"dtype\":\"F32\",\"shape\":[3,4],\"data_offsets\":[0,48]},\"b\":{\"dtype\":\"F32\",\"shape\":[5],\"data_offsets\":[48,68]}}");
        using (var stream = File.Create(Path.Combine(folder, "model.safetensors")))
        {
            stream.Write(BitConverter.GetBytes((long)header.Length));
            stream.Write(header);
            stream.Write(new byte[68]);
        }
        var inventory = CorpusSnapshots.InventoryOf(folder);
        Assert.Equal(17, inventory.Signals.ParameterCount);
        Assert.Equal(Presence.Present, inventory.Find(Components.FinalParameters)!.Presence);
    }

    [Fact]
    public void A_Hub_snapshot_folder_gives_the_same_inventory_as_the_recorded_corpus_folder()
    {
        // The Hub fetcher writes the raw model answer and a names-only siblings list; the corpus keeps a recorded exchange.
        var corpus = _snapshots.Build("google-bert__bert-base-uncased");
        var recorded = JsonNode.Parse(File.ReadAllText(Path.Combine(corpus, "api_model.json")))!;
        var body = recorded["response"]!["body"]!.GetValue<string>();
        var info = JsonNode.Parse(body)!.AsObject();
        var siblings = new JsonObject { ["id"] = info["id"]!.GetValue<string>(), ["sha"] = info["sha"]!.GetValue<string>(), ["siblings"] = info["siblings"]!.DeepClone() };
        var hub = _snapshots.BuildFrom("hub-snapshot", new Dictionary<string, string>
        {
            ["api_model.json"] = body,
            ["siblings.json"] = siblings.ToJsonString(),
            [".opengrade-hub.json"] = "{\"canonical_id\": \"google-bert/bert-base-uncased\"}",
            [".hub/datasets/bookcorpus.json"] = "{\"id\": \"bookcorpus\", \"cardData\": {\"license\": \"unknown\"}}",
        });
        var a = CorpusSnapshots.InventoryOf(corpus);
        var b = CorpusSnapshots.InventoryOf(hub);
        Assert.Equal(a.Snapshot.Id, b.Snapshot.Id);
        Assert.Equal(a.Components.Select(c => (c.Component.Name, c.Presence, c.License)), b.Components.Select(c => (c.Component.Name, c.Presence, c.License)));
        Assert.Equal(a.Release.Licenses, b.Release.Licenses);
        Assert.DoesNotContain(b.Snapshot.Files.Files, f => f.Path.StartsWith(".hub/", StringComparison.Ordinal) || f.Path == ".opengrade-hub.json");
        Assert.Contains(b.Snapshot.Datasets, d => d.Id == "bookcorpus" && d.Source.StartsWith(".hub/datasets/", StringComparison.Ordinal));
    }

    [Fact]
    public void Use_policy_and_notice_files_are_read_and_shown_as_evidence()
    {
        var inventory = _snapshots.Inventory("meta-llama__Llama-2-7b");
        Assert.Contains(inventory.Snapshot.Texts, t => t.Path == "USE_POLICY.md");
        Assert.Contains(inventory.Signals.Evidence, e => e.Kind == "use-policy" && e.Location == "USE_POLICY.md");
    }

    [Fact]
    public void Folder_names_in_Hub_styles_give_the_repository_id()
    {
        Assert.Equal("EleutherAI/pythia-12b", LocalSnapshotReader.IdFromFolder("/x/EleutherAI__pythia-12b"));
        Assert.Equal("google/flan-t5-base", LocalSnapshotReader.IdFromFolder("/cache/models--google--flan-t5-base/"));
        Assert.Equal("my-model", LocalSnapshotReader.IdFromFolder("/x/my-model"));
    }
}

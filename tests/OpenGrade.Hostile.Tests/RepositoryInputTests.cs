using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using OpenGrade.Core.Inventory;
using OpenGrade.Sources.Local;

namespace OpenGrade.Hostile.Tests;

/// <summary>
/// Hostile repository folders (issue 9, defects 5, 9, 10, 12, 14, 17): cards, recorded Hub answers
/// and git refs that would expand, nest, block, run away or take quadratic time are read or
/// refused in one line naming the file, in bounded time and memory.
/// </summary>
public sealed class RepositoryInputTests : IDisposable
{
    private static readonly TimeSpan Quickly = TimeSpan.FromSeconds(20);
    private readonly HostileInputs _inputs = new();
    private readonly string _repo;

    public RepositoryInputTests() => _repo = Path.Combine(_inputs.Root, "org__model");

    public void Dispose() => _inputs.Dispose();

    private string File(string relative, string text) => _inputs.Write(Path.Combine("org__model", relative), text);

    private Task<RepositorySnapshot> Read() => HostileInputs.Within(Quickly, () => new LocalSnapshotReader().Read(_repo));

    private async Task<SnapshotException> Refused(TimeSpan? limit = null) =>
        await HostileInputs.Within(limit ?? Quickly, () => Assert.Throws<SnapshotException>(() => new LocalSnapshotReader().Read(_repo)));

    private static string AliasBomb(string indent)
    {
        var bomb = new StringBuilder($"{indent}x0: &a0 [v, v, v, v, v, v, v, v, v, v]\n");
        for (var i = 1; i <= 6; i++)
        {
            bomb.Append($"{indent}x{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]\n");
        }
        return bomb.ToString();
    }

    private static string Siblings(int count) =>
        new JsonObject
        {
            ["id"] = "org/model",
            ["siblings"] = new JsonArray([.. Enumerable.Range(0, count).Select(i => (JsonNode)new JsonObject { ["rfilename"] = $"shards/part-{i:D6}.safetensors", ["size"] = 1_000_000L + i })]),
        }.ToJsonString();

    [Fact]
    public async Task A_plain_repository_is_read()
    {
        File("README.md", "---\nlicense: mit\n---\n# Model\n\n> quoted\n\n- a\n  - b\n");
        File("config.json", "{\"architectures\": [\"GPT2LMHeadModel\"]}");
        var snapshot = await Read();
        Assert.Equal("org/model", snapshot.Id);
        Assert.NotNull(snapshot.Metadata);
        Assert.NotNull(snapshot.Config);
    }

    [Fact]
    public async Task An_alias_bomb_in_card_front_matter_is_refused_at_its_line()
    {
        File("README.md", "---\nlicense: mit\n" + AliasBomb("") + "---\n# Model\n");
        var e = await Refused();
        Assert.StartsWith(Path.Combine(_repo, "README.md") + ":", e.Message);
        Assert.InRange(e.Line, 3, 9);
        Assert.Contains("aliases", e.Message);
    }

    [Fact]
    public async Task Front_matter_nested_twenty_thousand_levels_is_refused_not_a_stack_overflow()
    {
        File("README.md", "---\nlicense: mit\nx: " + new string('[', 20_000) + new string(']', 20_000) + "\n---\n# Model\n");
        var e = await Refused();
        Assert.Equal(3, e.Line);
        Assert.Contains("nested deeper than", e.Message);
    }

    [Theory]
    [InlineData("quotes")]
    [InlineData("lists")]
    [InlineData("links")]
    [InlineData("brackets")]
    public async Task Markdown_nested_past_Markdig_depth_limit_is_refused_naming_the_card(string kind)
    {
        File("README.md", "# Model\n\n" + kind switch
        {
            "quotes" => new string('>', 100_000) + " deep\n",
            "lists" => string.Concat(Enumerable.Range(0, 300).Select(i => new string(' ', 2 * i) + "- x\n")),
            "links" => string.Concat(Enumerable.Repeat("[", 100_000)) + "x" + string.Concat(Enumerable.Repeat("](u)", 100_000)) + "\n",
            _ => new string('[', 100_000) + "x" + new string(']', 100_000) + "\n",
        });
        var e = await Refused();
        Assert.Equal($"{Path.Combine(_repo, "README.md")}: Markdown nested too deeply (block quotes, lists, links or brackets inside each other past Markdig's depth limit); refused", e.Message);
    }

    [Theory]
    [InlineData("api_model.json")]
    [InlineData("siblings.json")]
    [InlineData("refs.json")]
    [InlineData("config.json")]
    public async Task Json_nested_past_the_depth_limit_is_refused_naming_the_file(string name)
    {
        File(name, new string('[', 100_000) + new string(']', 100_000));
        var e = await Refused();
        Assert.StartsWith(Path.Combine(_repo, name) + ":1:", e.Message);
        Assert.Contains("invalid JSON", e.Message);
    }

    /// <summary>Links are not listed as repository files, so README, LICENSE and config.json are met only as FIFOs.</summary>
    [Theory]
    [InlineData("api_model.json", "FIFO")]
    [InlineData("siblings.json", "FIFO")]
    [InlineData("refs.json", "FIFO")]
    [InlineData(".git/packed-refs", "FIFO")]
    [InlineData(".hub/datasets/org_data.json", "FIFO")]
    [InlineData("config.json", "FIFO")]
    [InlineData("README.md", "FIFO")]
    [InlineData("LICENSE", "FIFO")]
    public async Task A_special_file_in_place_of_a_file_that_is_read_is_refused_at_once(string name, string special)
    {
        File("model.safetensors", "placeholder");
        _ = _inputs.Fifo(Path.Combine("org__model", name));
        var e = await Refused(TimeSpan.FromSeconds(10));
        Assert.Equal($"{Path.Combine(_repo, name)}: is not a regular file (a {special}); refused", e.Message);
    }

    /// <summary>Links in a repository folder are not followed (security.md): a link to /dev/zero is passed over at once, never read.</summary>
    [Theory]
    [InlineData("api_model.json")]
    [InlineData("siblings.json")]
    [InlineData("refs.json")]
    [InlineData(".git/packed-refs")]
    [InlineData(".hub/datasets/org_data.json")]
    public async Task A_link_to_dev_zero_in_place_of_a_file_read_by_name_is_not_followed(string name)
    {
        File("model.safetensors", "placeholder");
        _ = _inputs.EndlessLink(Path.Combine("org__model", name));

        var snapshot = await HostileInputs.Within(TimeSpan.FromSeconds(10), () => new LocalSnapshotReader().Read(_repo));

        Assert.Contains(snapshot.Files.Files, f => f.Path == "model.safetensors");
    }

    [Fact]
    public async Task Dataset_metadata_that_is_a_fifo_is_refused_naming_it()
    {
        File("README.md", "---\ndatasets:\n- org/data\n---\n# Model\n");
        var metadata = _inputs.Fifo(Path.Combine("datasets", "org__data", "metadata.json"));
        var e = await HostileInputs.Within(TimeSpan.FromSeconds(10),
            () => Assert.Throws<SnapshotException>(() => new LocalSnapshotReader().Read(_repo, Path.Combine(_inputs.Root, "datasets"))));
        Assert.Equal($"{metadata}: is not a regular file (a FIFO); refused", e.Message);
    }

    [Fact]
    public async Task A_safetensors_file_whose_header_claims_impossible_shapes_is_not_counted()
    {
        var header = Encoding.UTF8.GetBytes("{\"a\": {\"dtype\": \"F32\", \"shape\": [4294967296, 4294967296, 4294967296], \"data_offsets\": [0, 0]}}");
        var path = Path.Combine(_repo, "model.safetensors");
        Directory.CreateDirectory(_repo);
        System.IO.File.WriteAllBytes(path, [.. BitConverter.GetBytes((long)header.Length), .. header]);
        var snapshot = await Read();
        Assert.Null(snapshot.ParameterCount);
    }

    [Fact]
    public async Task A_listing_of_a_hundred_thousand_files_as_the_Hub_returns_it_is_read_whole()
    {
        File("siblings.json", Siblings(100_000));
        // Files on disk are merged into the recorded listing: that union must not be quadratic.
        for (var i = 0; i < 5_000; i++) File($"shards/part-{i:D6}.safetensors", "x");
        var stopwatch = Stopwatch.StartNew();
        var snapshot = await Read();
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"took {stopwatch.Elapsed}");
        Assert.Equal(100_000, snapshot.Files.Files.Length);
        Assert.Equal(ListingCompleteness.Complete, snapshot.Files.Completeness);
    }

    [Fact]
    public async Task A_model_answer_listing_a_hundred_thousand_files_is_read_whole()
    {
        File("api_model.json", Siblings(100_000));
        var snapshot = await Read();
        Assert.Equal(100_000, snapshot.Files.Files.Length);
    }

    [Fact]
    public async Task A_recorded_answer_past_64_MiB_is_refused_rather_than_cut_into_invalid_JSON()
    {
        Directory.CreateDirectory(_repo);
        using (var big = System.IO.File.Create(Path.Combine(_repo, "siblings.json")))
        {
            big.SetLength((64L << 20) + 1);
        }
        var e = await Refused();
        Assert.Equal($"{Path.Combine(_repo, "siblings.json")}: larger than 64 MiB; refused", e.Message);
    }

    [Fact]
    public async Task Only_the_head_of_a_huge_card_is_read()
    {
        File("README.md", "# Model\n\nLicensed under MIT.\n" + string.Concat(Enumerable.Repeat("filler line of the card\n", 1_000_000)));
        var snapshot = await Read();
        Assert.InRange(snapshot.Card!.Lines.Length, 1000, 50_000);
    }

    [Fact]
    public async Task More_license_and_notice_files_than_the_cap_are_refused_before_any_is_read()
    {
        for (var i = 0; i < 100; i++) File($"NOTICE-{i:D3}", "Copyright someone\n");
        var e = await Refused();
        Assert.Equal($"{Path.Combine(_repo, "NOTICE-064")}: one of 100 license, notice and use-policy files at the top of the repository; more than 64 are refused", e.Message);
    }

    private string PackedRefs(int count, params string[] namespaces)
    {
        var text = new StringBuilder("# pack-refs with: peeled fully-peeled sorted\n");
        foreach (var ns in namespaces)
        {
            for (var i = 0; i < count; i++) text.Append("0123456789abcdef0123456789abcdef01234567 ").Append(ns).Append("step").Append(i).Append('\n');
        }
        return File(".git/packed-refs", text.ToString());
    }

    [Fact]
    public async Task A_hundred_thousand_refs_listed_twice_are_de_duplicated_in_linear_time()
    {
        PackedRefs(100_000, "refs/heads/", "refs/remotes/origin/");
        var stopwatch = Stopwatch.StartNew();
        var refs = await HostileInputs.Within(TimeSpan.FromSeconds(10), () => GitRefs.Read(_repo));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(3), $"took {stopwatch.Elapsed}");
        Assert.Equal(100_000, refs.Length);
        Assert.All(refs, r => Assert.Equal(GitRefKind.Branch, r.Kind));
    }

    [Fact]
    public async Task Two_hundred_thousand_refs_are_refused_quickly_past_the_cap()
    {
        PackedRefs(200_000, "refs/tags/");
        var e = await HostileInputs.Within(TimeSpan.FromSeconds(10), () => Assert.Throws<SnapshotException>(() => GitRefs.Read(_repo)));
        Assert.Equal(".git/packed-refs: more than 100,000 branches and tags; refused", e.Message);
    }

    [Fact]
    public async Task A_refs_answer_past_the_cap_is_refused()
    {
        File("refs.json", new JsonObject
        {
            ["branches"] = new JsonArray([.. Enumerable.Range(0, 100_001).Select(i => (JsonNode)new JsonObject { ["name"] = $"step{i}" })]),
        }.ToJsonString());
        var e = await Refused();
        Assert.Equal($"{Path.Combine(_repo, "refs.json")}: more than 100,000 branches and tags; refused", e.Message);
    }

    [Theory]
    [InlineData("bomb")]
    [InlineData("markdown")]
    [InlineData("fifo")]
    [InlineData("refs")]
    public void The_cli_refuses_a_hostile_repository_in_one_line(string kind)
    {
        File("README.md", kind switch
        {
            "bomb" => "---\n" + AliasBomb("") + "---\n# Model\n",
            "markdown" => "# Model\n" + new string('>', 100_000) + "\n",
            _ => "# Model\n",
        });
        var culprit = kind switch
        {
            "fifo" => _inputs.Fifo(Path.Combine("org__model", "siblings.json")),
            "refs" => PackedRefs(200_000, "refs/heads/"),
            _ => Path.Combine(_repo, "README.md"),
        };
        var r = CliRunner.RunIn(_inputs.Root, null, "inventory", "org__model");
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("opengrade: " + Path.GetRelativePath(_inputs.Root, culprit) + ":", line);
        Assert.Equal("", r.Stdout);
    }
}

using System.Diagnostics;
using System.Text;
using OpenGrade.Reports;
using OpenGrade.Sources.Aibom;

namespace OpenGrade.Hostile.Tests;

/// <summary>
/// Holes a review of the issue 9 fixes found, each reproduced here: text that makes a pattern or
/// a parser slow down faster than it grows, injection through the HTML and Markdown formats, and
/// folders that hold too much.
/// </summary>
public sealed class ReviewFindingsTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(25);
    private readonly HostileInputs _inputs = new();

    public void Dispose() => _inputs.Dispose();

    private CliResult AssessCard(string body)
    {
        _inputs.Write("repo/README.md", body);
        var clock = Stopwatch.StartNew();
        var r = CliRunner.Run("assess", Path.Combine(_inputs.Root, "repo"), "--format", "json");
        Assert.True(clock.Elapsed < Bound, $"took {clock.Elapsed.TotalSeconds:0.0} s");
        return r;
    }

    [Fact]
    public void A_card_line_built_to_make_a_pattern_backtrack_is_read_in_linear_time()
    {
        var r = AssessCard("# m\n\nThe model was trained" + new string(' ', 200_000) + "x\n" + new string('1', 200_000) + "\n");

        Assert.Equal(0, r.ExitCode);
    }

    [Fact]
    public void A_card_of_a_quarter_million_link_openers_is_read_in_bounded_time()
    {
        var body = new StringBuilder("# m\n\n");
        for (var i = 0; i < 250_000; i++) body.Append("[a](");
        var r = AssessCard(body.ToString());

        Assert.Equal(0, r.ExitCode);
    }

    [Fact]
    public void The_html_report_shows_control_characters_instead_of_carrying_them()
    {
        var model = File.ReadAllText(Path.Combine(SharedCorpus.RepoRoot, "examples", "models", "aurora-7b.yml"))
            .Replace("name: Aurora-7B", "name: \"Aur\\e[31mora\\e]0;pwned\\a\\u202e\"");
        var file = _inputs.Write("evil.yml", model);

        var r = CliRunner.Run("assess", file, "--format", "html");

        Assert.Equal(0, r.ExitCode);
        Assert.DoesNotContain('\u001b', r.Stdout);
        Assert.DoesNotContain('\u0007', r.Stdout);
        Assert.DoesNotContain('\u202e', r.Stdout);
        Assert.Contains("\\x1b", r.Stdout);
    }

    [Fact]
    public void A_license_name_cannot_forge_cells_links_or_images_in_markdown()
    {
        var cell = SafeText.Markdown("x\\| forged | ![t](http://127.0.0.1/p.png) [Apache-2.0](http://127.0.0.1/phish)");

        Assert.DoesNotContain("](", cell);
        Assert.DoesNotMatch(@"(?<!\\)\|", cell);
        Assert.DoesNotMatch(@"(?<!\\)\[", cell);
    }

    [Fact]
    public async Task An_spdx_document_of_twenty_thousand_relationships_reads_in_linear_time()
    {
        var graph = new StringBuilder("""
            {"@context":"https://spdx.org/rdf/3.0.1/spdx-context.jsonld","@graph":[
            {"type":"ai_AIPackage","spdxId":"urn:m","name":"m"},
            {"type":"dataset_DatasetPackage","spdxId":"urn:d","name":"d"}
            """);
        for (var i = 0; i < 20_000; i++) graph.Append($$""",{"type":"Relationship","spdxId":"urn:r{{i}}","from":"urn:m","relationshipType":"trainedOn","to":["urn:d"]}""");
        graph.Append("]}");
        var text = graph.ToString();

        var read = await HostileInputs.Within(TimeSpan.FromSeconds(10), () => AibomReader.Read(text, "many.spdx3.json"));

        Assert.Single(read.Release.Components, c => c.Name == "Datasets");
    }

    [Fact]
    public void A_folder_of_hundreds_of_license_files_is_refused_by_license_detect()
    {
        for (var i = 0; i < 300; i++) _inputs.Write($"lic/LICENSE-{i:D3}", "MIT License\n");

        var r = CliRunner.Run("license", "detect", Path.Combine(_inputs.Root, "lic"));

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("more than 256", r.Stderr);
    }

    [Fact]
    public void Record_files_that_link_out_of_the_repository_are_not_read()
    {
        var secret = _inputs.Write("outside/secret.json", "{\"id\": \"leaked/secret-value\", \"siblings\": [{\"rfilename\": \"leaked-file\"}]}");
        _inputs.Write("outside/git/packed-refs", "0123456789012345678901234567890123456789 refs/heads/leaked-branch\n");
        var repo = Path.Combine(_inputs.Root, "repo");
        _inputs.Write("repo/README.md", "---\nlicense: mit\n---\n# m\n");
        File.CreateSymbolicLink(Path.Combine(repo, "api_model.json"), secret);
        File.CreateSymbolicLink(Path.Combine(repo, "siblings.json"), secret);
        Directory.CreateSymbolicLink(Path.Combine(repo, ".git"), Path.Combine(_inputs.Root, "outside", "git"));

        var r = CliRunner.Run("assess", repo, "--format", "json");

        Assert.Equal(0, r.ExitCode);
        Assert.DoesNotContain("leaked", r.Stdout + r.Stderr);
    }
}

using System.Text.Json.Nodes;
using OpenGrade.Batch.Census;
using OpenGrade.Batch.Output;
using OpenGrade.Batch.Running;
using OpenGrade.Batch.Sources;
using OpenGrade.Core.Licensing;
using OpenGrade.Sources.Hub;

namespace OpenGrade.Batch.Tests;

/// <summary>The census counts what the batch wrote (the last line of a model), finds derivatives in conflict, and renders one safe self-contained page.</summary>
public sealed class CensusTests : TempFolderTest
{
    private static JsonObject Corpus(string id) =>
        Listings.CorpusModels().Single(m => m.Model["id"]!.GetValue<string>() == id).Model.DeepClone().AsObject();

    /// <summary>Grades the lines into a JSONL file, as <c>batch -o</c> does.</summary>
    private async Task<string> Graded(IEnumerable<string> lines, string name = "graded.jsonl")
    {
        var listing = Listings.WriteFile(Dir, Guid.NewGuid() + ".jsonl", lines);
        var output = Path.Combine(Dir, name);
        using var sink = JsonLinesSink.Open(output);
        await new BatchRunner(Core.Evaluation.Assessor.CreateDefault(), sink).RunAsync([BatchSources.Open(listing, Hub)], new BatchOptions(Jobs: 2),
            TestContext.Current.CancellationToken);
        return output;
    }

    [Fact]
    public async Task A_derivative_declaring_other_terms_than_its_restrictive_base_is_a_conflict()
    {
        var llama = Corpus("meta-llama/Meta-Llama-3-8B-Instruct");
        var derived = Corpus("HuggingFaceH4/zephyr-7b-beta"); // MIT
        derived["id"] = "someone/llama3-finetune";
        derived["tags"]!.AsArray().Add("base_model:finetune:meta-llama/Meta-Llama-3-8B-Instruct");
        var permissiveBase = Corpus("google-bert/bert-base-uncased"); // Apache-2.0
        var okDerived = Corpus("openai-community/gpt2"); // MIT
        okDerived["id"] = "someone/bert-finetune";
        okDerived["tags"]!.AsArray().Add("base_model:google-bert/bert-base-uncased");
        var output = await Graded([llama.ToJsonString(), derived.ToJsonString(), permissiveBase.ToJsonString(), okDerived.ToJsonString()]);

        var census = CensusReader.Read(output, LicenseCatalog.Default);

        Assert.Equal(4, census.Models);
        Assert.Equal(2, census.Derivatives);
        Assert.Equal(2, census.DerivativesWithKnownBase);
        var conflict = Assert.Single(census.Conflicts);
        Assert.Equal(("someone/llama3-finetune", "MIT", "meta-llama/Meta-Llama-3-8B-Instruct", "LicenseRef-llama3", "finetune"),
            (conflict.Id, conflict.License, conflict.BaseId, conflict.BaseLicense, conflict.Relation));
        Assert.Equal(1, census.AiLicenses["LicenseRef-llama3"].Count);
    }

    [Fact]
    public async Task The_last_line_of_a_model_counts_and_every_model_once()
    {
        var lines = Listings.Lines(6).ToList();
        var output = await Graded(lines);
        var first = CensusReader.Read(output, LicenseCatalog.Default);
        // The same model graded again at another version: appended, and it replaces the first line.
        var changed = JsonNode.Parse(lines[0])!.AsObject();
        changed["sha"] = new string('b', 40);
        changed["createdAt"] = "2030-01-01T00:00:00.000Z";
        await Graded([changed.ToJsonString()]);

        var census = CensusReader.Read(output, LicenseCatalog.Default);

        Assert.Equal(7, census.Lines);
        Assert.Equal(1, census.Superseded);
        Assert.Equal(6, census.Models);
        Assert.Equal(first.MofClass.Values.Sum(t => t.Count), census.MofClass.Values.Sum(t => t.Count));
        Assert.Equal(1, census.Months["2030-01"].Models);
        Assert.Equal(6, census.Months.Values.Sum(m => m.Models));
    }

    [Fact]
    public async Task The_page_is_self_contained_and_escapes_every_outside_string()
    {
        var model = Corpus("HuggingFaceH4/zephyr-7b-beta");
        model["createdAt"] = "<script>alert(1)</script>";
        model["card"] = "---\nlicense: \"<img src=x onerror=alert(1)>\"\n---\n# <b>hi</b>\n";
        var output = await Graded([model.ToJsonString()]);

        var r = CliRunner.Run("report", "census", "--from", output, "-o", Path.Combine(Dir, "census.html"));

        Assert.Equal(0, r.ExitCode);
        var html = File.ReadAllText(Path.Combine(Dir, "census.html"));
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("<svg", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<img", html);
        Assert.DoesNotMatch(@"<[^>]*\s(src|href)\s*=", html); // no element loads anything
        Assert.DoesNotContain("url(", html);
        Assert.Contains("&lt;img src=x", html);
        Assert.Contains("&lt;script", html);
    }

    [Fact]
    public async Task The_markdown_census_has_every_section()
    {
        var output = await Graded(Listings.Lines(14));

        var r = CliRunner.Run("report", "census", "--from", output, "-o", Path.Combine(Dir, "census.md"));

        Assert.Equal(0, r.ExitCode);
        var md = File.ReadAllText(Path.Combine(Dir, "census.md"));
        foreach (var heading in new[] { "## MOF class", "## OSAID 1.0 verdicts", "## EU AI Act", "## Flags", "## Top licenses", "## Top AI-specific licenses", "## Derivatives", "## Trends by creation month" })
        {
            Assert.Contains(heading, md);
        }
        Assert.Contains("14 models graded", md);
    }

    [Fact]
    public void A_census_to_another_format_is_refused_in_one_line()
    {
        var r = CliRunner.Run("report", "census", "--from", "x.jsonl", "-o", Path.Combine(Dir, "census.pdf"));

        Assert.Equal(2, r.ExitCode);
        Assert.Contains(".html or .md", Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }
}

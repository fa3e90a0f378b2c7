using System.Text.Json;
using OpenGrade.Testing;

namespace OpenGrade.Cli.Tests;

/// <summary><c>opengrade assess</c> end to end, as a user runs it.</summary>
public sealed class AssessCommandTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("opengrade-cli-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_temp, name);
        File.WriteAllText(path, text);
        return path;
    }

    private const string Minimal = """
        framework:
          name: 'Model Openness Framework'
          version: '1.0'
          date: '2024-12-15'
        release:
          name: Tiny
          version: 1B
          producer: Example Lab
          license:
            distribution:
              name: Apache 2.0
          components:
            - name: Model architecture
            - name: Model parameters (Final)
            - name: Evaluation results
            - name: Model card
            - name: Data card
            - name: Technical report
        """;

    [Fact]
    public void Every_real_MOT_model_file_gives_one_jsonl_line_and_exit_0()
    {
        var dir = SharedCorpus.PathTo("corpus", "mot", "models");
        var files = Directory.GetFiles(dir, "*.yml").Order(StringComparer.Ordinal).ToArray();
        var result = CliRunner.Run(["assess", .. files, "--format", "jsonl"]);

        Assert.Equal(0, result.ExitCode);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(273, files.Length);
        Assert.Equal(files.Length, lines.Length);
        var classes = lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("mof").GetProperty("class").GetInt32())
            .GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count());
        // MOT's own figures over its 273 files (reference/mot.md §7).
        Assert.Equal(242, classes[0]);
        Assert.Equal(16, classes[3]);
        Assert.Equal(1, classes[2]);
        Assert.Equal(14, classes[1]);
    }

    [Fact]
    public void Json_output_has_the_documented_fields()
    {
        var result = CliRunner.Run("assess", Write("tiny.yml", Minimal), "--format", "json");

        Assert.Equal(0, result.ExitCode);
        var root = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.EndsWith("tiny.yml", root.GetProperty("target").GetString());
        Assert.Equal("Tiny", root.GetProperty("release").GetProperty("name").GetString());
        Assert.Equal("Example Lab", root.GetProperty("release").GetProperty("producer").GetString());
        var mof = root.GetProperty("mof");
        Assert.Equal("1.0", mof.GetProperty("framework_version").GetString());
        Assert.Equal(0, mof.GetProperty("class").GetInt32());
        Assert.Equal("Unclassified", mof.GetProperty("class_label").GetString());
        Assert.Equal(0.0, mof.GetProperty("progress").GetProperty("class3").GetDouble());
        var component = mof.GetProperty("components")[0];
        foreach (var field in new[] { "name", "content_type", "class", "required", "status", "license", "type_appropriate" })
        {
            Assert.True(component.TryGetProperty(field, out _), $"component lacks '{field}'");
        }
        Assert.Equal(6, mof.GetProperty("next_class").EnumerateArray().Count(g => g.GetProperty("class").GetInt32() == 3));

        // "Apache 2.0" is not an SPDX id, so MOT rejects it; OpenGrade reads it and reaches Class III.
        var recognised = root.GetProperty("mof_recognised");
        Assert.Equal(3, recognised.GetProperty("class").GetInt32());
        var recognition = Assert.Single(recognised.GetProperty("recognitions").EnumerateArray());
        Assert.Equal("Apache 2.0", recognition.GetProperty("text").GetString());
        Assert.Equal("Apache-2.0", recognition.GetProperty("read_as").GetString());
    }

    [Fact]
    public void Text_report_shows_class_components_recognition_and_next_class()
    {
        var result = CliRunner.Run("assess", Write("tiny.yml", Minimal));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Unclassified", result.Stdout);
        Assert.Contains("Class III - Open Model", result.Stdout);
        Assert.Contains("'Apache 2.0' read as Apache-2.0", result.Stdout);
        Assert.Contains("Model parameters (Final)", result.Stdout);
        Assert.Contains("Path to the next class", result.Stdout);
    }

    [Fact]
    public void Markdown_report_has_a_component_table()
    {
        var result = CliRunner.Run("assess", Write("tiny.yml", Minimal), "--format", "markdown");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("## Tiny 1B", result.Stdout);
        Assert.Contains("| class | component | status | license | type-appropriate |", result.Stdout);
    }

    [Fact]
    public void A_bad_target_among_good_ones_gives_an_error_record_and_exit_2()
    {
        var good = Write("tiny.yml", Minimal);
        var bad = Write("bad.yml", "framework: [unclosed\n");
        var result = CliRunner.Run("assess", good, bad, Path.Combine(_temp, "absent.yml"), "--format", "jsonl");

        Assert.Equal(2, result.ExitCode);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(3, lines.Count);
        Assert.True(lines[0].TryGetProperty("mof", out _));
        Assert.Equal(bad, lines[1].GetProperty("target").GetString());
        Assert.Matches(@"bad\.yml:\d+:\d+: invalid YAML", lines[1].GetProperty("error").GetString());
        Assert.Contains("no such file", lines[2].GetProperty("error").GetString());
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public void A_broken_card_in_a_folder_is_named_once_with_its_line()
    {
        var repo = Directory.CreateDirectory(Path.Combine(_temp, "repo")).FullName;
        File.WriteAllText(Path.Combine(repo, "README.md"), "---\nlicense: [\n---\n");

        var assess = CliRunner.Run("assess", repo);
        var inventory = CliRunner.Run("inventory", repo);

        Assert.Equal((2, 2), (assess.ExitCode, inventory.ExitCode));
        Assert.StartsWith($"opengrade: {Path.Combine(repo, "README.md")}:", assess.Stderr);
        Assert.StartsWith($"opengrade: {Path.Combine(repo, "README.md")}:", inventory.Stderr);
    }

    [Fact]
    public void Output_file_is_written_whole()
    {
        var output = Path.Combine(_temp, "report.json");
        var result = CliRunner.Run("assess", Write("tiny.yml", Minimal), "--format", "json", "--output", output);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stdout);
        JsonDocument.Parse(File.ReadAllText(output));
        Assert.Empty(Directory.GetFiles(_temp, "*.tmp"));
    }

    [Fact]
    public void Output_into_a_missing_folder_fails_cleanly()
    {
        var result = CliRunner.Run("assess", Write("tiny.yml", Minimal), "--output", Path.Combine(_temp, "nope", "r.txt"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("does not exist", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Theory]
    [InlineData("--format", "xml")]
    [InlineData("--no-such-flag")]
    public void Usage_errors_exit_2_with_a_message(params string[] extra)
    {
        var result = CliRunner.Run(["assess", Write("tiny.yml", Minimal), .. extra]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("opengrade: ", result.Stderr);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("assess", "--help")]
    [InlineData("bench", "--help")]
    [InlineData("bench", "mof", "--help")]
    [InlineData("bench", "aibom", "--help")]
    public void Every_command_has_help(params string[] args)
    {
        var result = CliRunner.Run(args);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage:", result.Stdout);
    }
}

using System.Text.Json;
using OpenGrade.Testing;

namespace OpenGrade.Cli.Tests;

/// <summary><c>opengrade inventory</c> and <c>opengrade assess DIR</c> end to end.</summary>
public sealed class InventoryCommandTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("opengrade-inventory-cli-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private string Repo(string name, params (string Path, string Text)[] files)
    {
        var dir = Path.Combine(_temp, name);
        foreach (var (path, text) in files)
        {
            var full = Path.Combine(dir, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }
        return dir;
    }

    private string SmallRepo() => Repo("example__tiny",
        ("README.md", "---\nlicense: apache-2.0\nlibrary_name: transformers\ndatasets:\n- example/corpus\n---\n# Tiny\n\nSee [the paper](https://arxiv.org/abs/2304.01373).\n"),
        ("config.json", "{\"architectures\": [\"GPT2LMHeadModel\"], \"model_type\": \"gpt2\"}"),
        ("model.safetensors", "placeholder"));

    [Fact]
    public void Inventory_writes_a_MOT_file_and_its_evidence_sidecar()
    {
        var output = Path.Combine(_temp, "tiny.yml");
        var r = CliRunner.Run("inventory", SmallRepo(), "--output", output);
        Assert.Equal(0, r.ExitCode);
        var yaml = File.ReadAllText(output);
        Assert.Contains("name: 'Model parameters (Final)'", yaml, StringComparison.Ordinal);
        Assert.Contains("name: 'Apache-2.0'", yaml, StringComparison.Ordinal);
        using var evidence = JsonDocument.Parse(File.ReadAllText(Path.Combine(_temp, "tiny.evidence.json")));
        Assert.Equal("example/tiny", evidence.RootElement.GetProperty("repository").GetString());
        Assert.Equal(17, evidence.RootElement.GetProperty("components").GetArrayLength());

        // The file we wrote is a MOT model file the assess command accepts.
        var assess = CliRunner.Run("assess", output);
        Assert.Equal(0, assess.ExitCode);
    }

    [Fact]
    public void Inventory_json_holds_the_MOT_model_and_the_inventory()
    {
        var r = CliRunner.Run("inventory", SmallRepo(), "--format", "json");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.Equal("tiny", doc.RootElement.GetProperty("mot_model").GetProperty("release").GetProperty("name").GetString());
        Assert.True(doc.RootElement.GetProperty("inventory").GetProperty("components").GetArrayLength() == 17);
    }

    [Fact]
    public void Assess_on_a_folder_prints_the_report_with_evidence()
    {
        var r = CliRunner.Run("assess", SmallRepo());
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Evidence", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("weight file", r.Stdout, StringComparison.Ordinal);

        var json = CliRunner.Run("assess", SmallRepo(), "--format", "json");
        using var doc = JsonDocument.Parse(json.Stdout);
        Assert.Equal(17, doc.RootElement.GetProperty("inventory").GetProperty("components").GetArrayLength());
    }

    [Fact]
    public void Broken_front_matter_is_one_line_naming_file_and_line_and_exit_2()
    {
        var dir = Repo("example__broken", ("README.md", "---\nlicense: [apache-2.0\n---\n# Broken\n"));
        var output = Path.Combine(_temp, "broken.yml");
        var r = CliRunner.Run("inventory", dir, "--output", output);
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("README.md:", line, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
        Assert.False(File.Exists(Path.Combine(_temp, "broken.evidence.json")));

        var assess = CliRunner.Run("assess", dir);
        Assert.Equal(2, assess.ExitCode);
        Assert.Contains("README.md:", assess.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Broken_recorded_api_answer_names_the_file()
    {
        var dir = Repo("example__badapi", ("api_model.json", "{\"id\": \"x\", "));
        var r = CliRunner.Run("inventory", dir);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("api_model.json", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_with_a_human_MOT_file_prints_a_table()
    {
        var folder = SharedCorpus.PathTo("corpus", "hf", "models", "allenai__OLMo-7B");
        var mot = SharedCorpus.PathTo("corpus", "mot", "models", "OLMo-7B.yml");
        var r = CliRunner.Run("inventory", folder, "--compare-with", mot);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("| Model parameters (Final) | present | present |", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("Presence agrees on", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_corpus_model_folder_assesses_without_error()
    {
        var models = Directory.GetDirectories(SharedCorpus.PathTo("corpus", "hf", "models")).Order(StringComparer.Ordinal).ToArray();
        var r = CliRunner.Run(["assess", "--format", "jsonl", .. models]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(models.Length, lines.Length);
        Assert.All(lines, l => Assert.True(JsonDocument.Parse(l).RootElement.TryGetProperty("inventory", out _), l[..Math.Min(80, l.Length)]));
    }
}

using OpenGrade.Testing;

namespace OpenGrade.Cli.Tests;

/// <summary><c>opengrade bench aibom</c> end to end on the first shared models (the whole corpus is the bench's own job).</summary>
public sealed class BenchAibomCommandTests
{
    [Fact]
    public void The_first_models_are_exported_validated_and_timed()
    {
        var shared = Path.GetDirectoryName(SharedCorpus.PathTo("schemas"))!;
        var r = CliRunner.Run("bench", "aibom", "--shared", shared, "--limit", "2");

        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("models: 2 (2 MOT files, 0 Hub folders); assessed 2", r.Stdout);
        Assert.Contains("validated: 6 of 6 documents (spdx3 2, cyclonedx 2, cyclonedx-1.7 2); failures: 0", r.Stdout);
        Assert.Matches(@"assess: \d+\.\d ms per model", r.Stdout);
        Assert.Matches(@"schema validation spdx3: \d+\.\d ms per model", r.Stdout);
    }

    [Fact]
    public void A_folder_without_the_schemas_is_one_line_naming_the_file()
    {
        var dir = Directory.CreateTempSubdirectory("opengrade-bench-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "corpus", "mot", "models"));
            var r = CliRunner.Run("bench", "aibom", "--shared", dir);

            Assert.Equal(2, r.ExitCode);
            Assert.Contains("spdx-3.0.1.schema.json: no such schema file", r.Stderr);
            Assert.Single(r.Stderr.Trim().Split('\n'));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

using System.Text.Json.Nodes;

namespace OpenGrade.Storage.Tests;

/// <summary>The catalog commands as a user runs them (the built CLI as a process).</summary>
public sealed class CatalogCliTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("og-cli-catalog-");

    public void Dispose() => _dir.Delete(true);

    private CliResult Run(params string[] args) =>
        CliRunner.RunIn(_dir.FullName, new Dictionary<string, string> { ["OPENGRADE_DB"] = Path.Combine(_dir.FullName, "env.db") }, args);

    [Fact]
    public void Import_reports_a_bad_target_on_one_line_goes_on_and_is_idempotent()
    {
        var models = SharedCorpus.PathTo("corpus", "mot", "models");
        string[] files = [Path.Combine(models, "Pythia-1B.yml"), Path.Combine(models, "OLMo-7B.yml"), Path.Combine(models, "Amber.yml")];

        var first = Run(["catalog", "import", files[0], "no-such-file.yml", files[1], files[2]]);
        Assert.Equal(2, first.ExitCode);
        var errors = first.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(errors, l => l.Contains("no-such-file.yml"));
        Assert.Contains("3 added, 0 new version(s), 0 unchanged, 1 failed", first.Stderr);
        Assert.DoesNotContain("   at ", first.Stderr);
        Assert.True(File.Exists(Path.Combine(_dir.FullName, "env.db")), "OPENGRADE_DB names the default catalog");

        var again = Run(["catalog", "import", .. files]);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("0 added, 0 new version(s), 3 unchanged, 0 failed", again.Stderr);

        var list = Run("catalog", "list", "--class", "1", "--sort", "name");
        Assert.Equal(0, list.ExitCode);
        var rows = list.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["Amber", "OLMo-7B", "Pythia-1B"], rows.Skip(1).Select(r => r.Split(' ')[0]));

        var csv = Run("catalog", "export", "--format", "csv", "--sort", "name").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id,name,producer,", csv[0]);
        Assert.Equal(4, csv.Length);

        var jsonl = Run("catalog", "export", "--producer", "eleutherai").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(jsonl);
        var record = JsonNode.Parse(line)!;
        Assert.Equal("Pythia-1B", record["id"]!.GetValue<string>());
        Assert.Equal(1, record["assessment"]!["mof"]!["class"]!.GetValue<int>());

        var check = Run("catalog", "check");
        Assert.Equal(0, check.ExitCode);
        Assert.Contains("3 models, 3 versions: ok", check.Stdout);
    }

    [Fact]
    public void Check_reports_indexes_a_load_left_deferred_and_builds_them_when_asked()
    {
        var db = Path.Combine(_dir.FullName, "loading.db");
        using (var catalog = SqlCatalog.Open(db))
        {
            // A first load killed before its end: the indexes are still deferred.
            Assert.True(catalog.DeferIndexesForLoad());
            catalog.Store(CatalogRecords.FromYaml("Half-Loaded", CatalogRecords.Yaml("Half-Loaded", "MIT")));
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        var check = Run("catalog", "check", "--db", db);
        Assert.Equal(1, check.ExitCode);
        Assert.Contains("deferred by a batch load that has not finished", check.Stderr);
        Assert.Contains("text search deferred", check.Stdout + check.Stderr);

        var built = Run("catalog", "check", "--db", db, "--build-indexes");
        Assert.True(built.ExitCode == 0, built.Stderr);
        Assert.Matches(@"built \d+ deferred indexes and triggers", built.Stdout + built.Stderr);
        Assert.Contains("1 models, 1 versions: ok; text search indexed", built.Stdout + built.Stderr);
        var list = Run("catalog", "list", "--db", db, "--q", "half-load");
        Assert.Contains("Half-Loaded", list.Stdout);
    }

    [Fact]
    public void A_token_is_printed_once_and_a_bad_db_or_filter_is_one_line()
    {
        var token = Run("catalog", "token", "create", "--name", "ci", "--db", Path.Combine(_dir.FullName, "t.db"));
        Assert.Equal(0, token.ExitCode);
        Assert.Matches("^ogt_[0-9a-f]{12}_[A-Za-z0-9_-]{43}\n$", token.Stdout);
        Assert.DoesNotContain(token.Stdout.Trim(), token.Stderr);

        var badSort = Run("catalog", "list", "--sort", "weight");
        Assert.Equal(2, badSort.ExitCode);
        Assert.Single(badSort.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        var badDb = Run("catalog", "list", "--db", Path.Combine(_dir.FullName, "no-such-dir", "x.db"));
        Assert.Equal(2, badDb.ExitCode);
        Assert.Single(badDb.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("   at ", badDb.Stderr);
    }
}

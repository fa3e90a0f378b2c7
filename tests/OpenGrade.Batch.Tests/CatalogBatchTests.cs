using System.Diagnostics;
using System.Text.Json.Nodes;
using OpenGrade.Batch.Output;
using OpenGrade.Storage;

namespace OpenGrade.Batch.Tests;

/// <summary>
/// <c>batch --db</c>: the catalog holds what <c>catalog import</c> stores for the same model, a re-run
/// stores only what changed, a killed run resumes from the checkpoint stored with its models. One
/// suite, run on SQLite and on PostgreSQL (<see cref="TestPostgres"/>).
/// </summary>
public abstract class CatalogBatchContract : TempFolderTest
{
    /// <summary>The <c>--db</c> value of a fresh, empty catalog.</summary>
    protected abstract string Db { get; }

    [Fact]
    public void A_batch_into_the_catalog_stores_what_catalog_import_stores()
    {
        var models = Listings.CorpusModels();
        var listing = Listings.WriteFile(Dir, "corpus.jsonl", models.Select(m => m.Model.ToJsonString()));
        var folders = AgreementTests.AsFolders(models, Path.Combine(Dir, "folders"));
        var imported = Path.Combine(Dir, "imported.db");

        var batch = CliRunner.Run("batch", listing, "--db", Db, "--jobs", "2");
        var lines = Path.Combine(Dir, "graded.jsonl");
        Assert.Equal(0, CliRunner.Run("batch", listing, "-o", lines, "--jobs", "2").ExitCode);
        var import = CliRunner.Run(["catalog", "import", .. folders, "--db", imported, "--no-follow"]);

        Assert.True(batch.ExitCode == 0, batch.Stderr);
        Assert.True(import.ExitCode == 0, import.Stderr);
        Assert.Contains($"{models.Count} graded", batch.Stderr);
        using var catalog = SqlCatalog.Open(Db);
        using var reference = SqlCatalog.Open(imported);
        Assert.True(catalog.CheckIntegrity().Ok);
        var graded = File.ReadAllLines(lines).Select(l => JsonNode.Parse(l)!.AsObject()).ToDictionary(l => l["listing"]!["id"]!.GetValue<string>());
        foreach (var (_, model) in models)
        {
            var id = model["id"]!.GetValue<string>();
            var stored = catalog.Get(id) ?? throw new Xunit.Sdk.XunitException($"{id} is not in the catalog");
            // The stored document is the assess object: the JSONL line without the listing facts.
            var line = graded[id];
            var listingFacts = line["listing"]!.DeepClone();
            line.Remove("listing");
            Assert.True(JsonNode.DeepEquals(line, stored.Assessment), $"{id}: the catalog holds another object than the batch line");
            // And it is what catalog import stores for a folder with the same facts (the place names aside).
            var expected = reference.Get(id) ?? throw new Xunit.Sdk.XunitException($"{id} was not imported");
            var ours = stored.Assessment.DeepClone().AsObject();
            var theirs = expected.Assessment.DeepClone().AsObject();
            ours.Remove("target");
            theirs.Remove("target");
            Assert.True(JsonNode.DeepEquals(AgreementTests.Relabel(theirs), ours), $"{id}: batch --db and catalog import disagree");
            Assert.True(JsonNode.DeepEquals(expected.Mot, stored.Mot), $"{id}: MOT views differ");
            Assert.Equal(expected.Info.Licenses, stored.Info.Licenses);
            Assert.Equal((expected.Info.MofClass, expected.Info.Osaid, expected.Info.Eu), (stored.Info.MofClass, stored.Info.Osaid, stored.Info.Eu));
            // The listing facts are kept beside it, for the census and the next run.
            var latest = catalog.LatestDocuments().Single(d => d.ModelId == id);
            Assert.True(JsonNode.DeepEquals(listingFacts, JsonNode.Parse(latest.Listing!)));
        }
        // The list the server serves agrees with the import's on every judgement.
        var ours2 = catalog.List(new ModelQuery(Sort: "name", Limit: 500, WithDocuments: false)).Items;
        var theirs2 = reference.List(new ModelQuery(Sort: "name", Limit: 500, WithDocuments: false)).Items;
        Assert.Equal(theirs2.Select(m => (m.Id, m.Name, m.MofClass, m.MofTotal, m.Osaid, m.Eu)), ours2.Select(m => (m.Id, m.Name, m.MofClass, m.MofTotal, m.Osaid, m.Eu)));
    }

    [Fact]
    public void A_rerun_stores_only_the_models_whose_version_changed()
    {
        var models = Listings.CorpusModels().Select(m => m.Model.DeepClone().AsObject()).ToList();
        var listing = Path.Combine(Dir, "models.jsonl");
        File.WriteAllLines(listing, models.Select(m => m.ToJsonString()));
        var first = CliRunner.Run("batch", listing, "--db", Db);
        Assert.True(first.ExitCode == 0, first.Stderr);

        // One model at a new commit with another license: a new catalog version, and a license event.
        var changed = models.First(m => m["sha"] is not null && m["cardData"] is JsonObject);
        var id = changed["id"]!.GetValue<string>();
        changed["sha"] = new string('a', 40);
        changed["cardData"]!["license"] = "wtfpl";
        changed["tags"] = new JsonArray([.. changed["tags"]!.AsArray().Select(t => t!.GetValue<string>()).Where(t => !t.StartsWith("license:", StringComparison.Ordinal)).Select(t => (JsonNode)t), "license:wtfpl"]);
        if (changed["card"] is not null) changed.Remove("card");
        File.WriteAllLines(listing, models.Select(m => m.ToJsonString()));
        var second = CliRunner.Run("batch", listing, "--db", Db);
        var third = CliRunner.Run("batch", listing, "--db", Db);

        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.Contains("): 1 graded,", second.Stderr);
        Assert.Contains($" {models.Count - 1} unchanged", second.Stderr);
        Assert.Contains("): 0 graded,", third.Stderr);
        Assert.Contains($"{models.Count} unchanged", third.Stderr);
        using var catalog = SqlCatalog.Open(Db);
        Assert.Equal(2, catalog.History(id).Count);
        Assert.Single(catalog.LicenseChanges(id));
        Assert.Equal(models.Count, catalog.ModelCount());
        Assert.All(models.Where(m => m != changed), m => Assert.Single(catalog.History(m["id"]!.GetValue<string>())));
        Assert.Equal("sha:" + new string('a', 40), catalog.HeldVersions().Single(h => h.ModelId == id).ListingVersion);
    }

    [Fact]
    public void The_census_of_the_catalog_is_the_census_of_the_batch_output()
    {
        var models = Listings.CorpusModels().Select(m => m.Model.DeepClone().AsObject()).ToList();
        // A derivative of a restrictive base (a conflict), and later one model at a new version (the latest counts).
        var derived = models.Single(m => m["id"]!.GetValue<string>() == "HuggingFaceH4/zephyr-7b-beta").DeepClone().AsObject();
        derived["id"] = "someone/llama3-finetune";
        derived["tags"]!.AsArray().Add("base_model:finetune:meta-llama/Meta-Llama-3-8B-Instruct");
        models.Add(derived);
        var listing = Listings.WriteFile(Dir, "models.jsonl", models.Select(m => m.ToJsonString()));
        var lines = Path.Combine(Dir, "graded.jsonl");
        Assert.Equal(0, CliRunner.Run("batch", listing, "-o", lines).ExitCode);
        Assert.Equal(0, CliRunner.Run("batch", listing, "--db", Db).ExitCode);
        var changed = models[0];
        changed["sha"] = new string('b', 40);
        changed["createdAt"] = "2030-01-01T00:00:00.000Z";
        changed["cardData"] = new JsonObject { ["license"] = "other" };
        changed.Remove("card");
        Listings.WriteFile(Dir, "models.jsonl", models.Select(m => m.ToJsonString()));
        Assert.Equal(0, CliRunner.Run("batch", listing, "-o", lines).ExitCode);
        Assert.Equal(0, CliRunner.Run("batch", listing, "--db", Db).ExitCode);

        var fromLines = Census.CensusReader.Read(lines, Core.Licensing.LicenseCatalog.Default);
        Census.CensusResult fromCatalog;
        using (var catalog = SqlCatalog.Open(Db)) fromCatalog = Census.CensusReader.Read(catalog, Core.Licensing.LicenseCatalog.Default);
        var cli = CliRunner.Run("report", "census", "--db", Db, "-o", Path.Combine(Dir, "census.html"));

        Assert.Equal(1, fromLines.Superseded);
        Assert.Equal(models.Count, fromCatalog.Models);
        Assert.Single(fromCatalog.Conflicts);
        Assert.Equal(1, fromCatalog.Months["2030-01"].Models);
        Assert.Equal(Census.CensusReport.Markdown(fromLines, "the same"), Census.CensusReport.Markdown(fromCatalog, "the same"));
        Assert.True(cli.ExitCode == 0, cli.Stderr);
        Assert.Contains($"census of {models.Count} models", cli.Stderr);
        Assert.Contains("<svg", File.ReadAllText(Path.Combine(Dir, "census.html")));
    }

    [Fact]
    public void A_census_needs_one_of_a_batch_output_or_a_catalog()
    {
        var both = CliRunner.Run("report", "census", "--from", "x.jsonl", "--db", Db, "-o", Path.Combine(Dir, "census.md"));
        var neither = CliRunner.Run("report", "census", "-o", Path.Combine(Dir, "census.md"));
        var batch = CliRunner.Run("batch", "x.jsonl", "--db", Db, "-o", Path.Combine(Dir, "x.jsonl"));

        Assert.Equal(2, both.ExitCode);
        Assert.Equal(2, neither.ExitCode);
        Assert.Equal(2, batch.ExitCode);
        Assert.Equal("opengrade: give one of --from FILE.jsonl (a batch output) or --db DB (a catalog)", both.Stderr.Trim());
        Assert.Equal(both.Stderr, neither.Stderr);
        Assert.Equal("opengrade: --db and --output are mutually exclusive: grade into a catalog (--db DB) or into a JSONL file (-o FILE.jsonl)", batch.Stderr.Trim());
        Assert.False(File.Exists(Path.Combine(Dir, "census.md")));
        var listing = Listings.WriteFile(Dir, "models.jsonl", Listings.Lines(2));
        var unreachable = CliRunner.Run("batch", listing, "--db", Path.Combine(Dir, "no", "such", "folder", "x.db"));
        Assert.Equal(2, unreachable.ExitCode);
        var line = Assert.Single(unreachable.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("cannot open the catalog", line);
        Assert.DoesNotContain("--resume", line);
    }

    [Fact]
    public void The_bench_grades_generated_lines_from_memory_into_the_catalog()
    {
        var corpus = SharedCorpus.PathTo("corpus", "hf");
        var first = CliRunner.Run("bench", "batch", "--records", "40", "--jobs", "2", "--corpus", corpus, "--db", Db);
        var again = CliRunner.Run("bench", "batch", "--records", "40", "--jobs", "2", "--corpus", corpus, "--db", Db);

        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Contains("lines fed from memory", first.Stdout);
        Assert.Contains("(40 graded, 0 failed, 0 unchanged, 0 malformed)", first.Stdout);
        Assert.Contains("40 added", first.Stdout);
        Assert.Matches(@"\n  write +[\d,]+ µs", first.Stdout);
        // The same seed gives the same lines: all held at their version.
        Assert.Contains("(0 graded, 0 failed, 40 unchanged, 0 malformed)", again.Stdout);
        using var catalog = SqlCatalog.Open(Db);
        Assert.Equal(40, catalog.ModelCount());
    }

    [Fact]
    public void A_run_killed_twice_and_resumed_stores_every_model_exactly_once()
    {
        const int Records = 1200;
        var listing = Listings.WriteFile(Dir, "models.jsonl", Listings.Lines(Records));

        KillWhenStored(["batch", listing, "--db", Db, "--jobs", "2"], 100);
        KillWhenStored(["batch", listing, "--db", Db, "--jobs", "2", "--resume"], Stored() + 100);
        var resumed = CliRunner.Run("batch", listing, "--db", Db, "--jobs", "2", "--resume");

        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        // The checkpoint is committed with the models it covers: nothing stored is read again, nothing is lost.
        Assert.Contains(" 0 unchanged", resumed.Stderr);
        // The first run loaded an empty catalog with its indexes deferred; the kills left them so, the resumed run built them.
        Assert.Contains("building the catalog's indexes", resumed.Stderr);
        using var catalog = SqlCatalog.Open(Db);
        var integrity = catalog.CheckIntegrity();
        Assert.True(integrity.Ok, string.Join("; ", integrity.Problems));
        Assert.Equal(Records, integrity.Models);
        Assert.Equal(Records, integrity.Versions);
    }

    private long Stored()
    {
        using var catalog = SqlCatalog.Open(Db);
        return catalog.ModelCount();
    }

    /// <summary>Starts the CLI, waits until the catalog holds <paramref name="models"/> models, then SIGKILLs it (it must still be running).</summary>
    private void KillWhenStored(string[] args, long models)
    {
        using var process = CliRunner.Start(args);
        var clock = Stopwatch.StartNew();
        SqlCatalog? catalog = null;
        try
        {
            while (true)
            {
                if (process.HasExited) Assert.Fail($"the run ended before it was killed (exit {process.ExitCode}): {process.StandardError.ReadToEnd()}");
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(120), "the run stored too slowly");
                try
                {
                    catalog ??= SqlCatalog.Open(Db);
                    if (catalog.ModelCount() >= models) break;
                }
                catch (CatalogException)
                {
                    // Not created yet.
                }
                Thread.Sleep(20);
            }
            process.Kill(); // SIGKILL: no clean-up of any kind
            process.WaitForExit();
        }
        finally
        {
            catalog?.Dispose();
        }
    }
}

public sealed class SqliteCatalogBatchTests : CatalogBatchContract
{
    protected override string Db => Path.Combine(Dir, "catalog.db");
}

public sealed class PostgresCatalogBatchTests : CatalogBatchContract, IDisposable
{
    private TestPostgres.TempDatabase? _database;

    protected override string Db => (_database ??= TestPostgres.CreateDatabase()).ConnectionString;

    public new void Dispose()
    {
        base.Dispose();
        _database?.Dispose();
    }
}

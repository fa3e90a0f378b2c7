using System.Text.Json.Nodes;
using OpenGrade.Storage;

namespace OpenGrade.Storage.Tests;

/// <summary>
/// The storage suite: every provider must pass it unchanged. A subclass only says how to open a
/// fresh, empty catalog (<see cref="OpenFresh"/>) and how to reopen the same one.
/// </summary>
public abstract class CatalogContract : IDisposable
{
    private readonly List<IDisposable> _open = [];

    /// <summary>The location of a fresh empty catalog for this test.</summary>
    protected abstract CatalogLocation FreshLocation();

    private CatalogLocation? _location;

    protected ICatalog Catalog()
    {
        _location ??= FreshLocation();
        var catalog = SqlCatalog.Open(_location);
        _open.Add(catalog);
        return catalog;
    }

    public virtual void Dispose()
    {
        foreach (var d in _open) d.Dispose();
        GC.SuppressFinalize(this);
    }

    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Processes_opening_a_fresh_catalog_at_once_migrate_it_once()
    {
        // Several writers (batch --shard on N machines) start together on an empty database.
        _location ??= FreshLocation();
        var location = _location;
        var opened = Enumerable.Range(0, 6).AsParallel().WithDegreeOfParallelism(6).Select(_ => SqlCatalog.Open(location)).ToList();
        _open.AddRange(opened);

        Assert.All(opened, c => Assert.Equal(0, c.ModelCount()));
        Assert.True(opened[0].CheckIntegrity().Ok);
    }

    [Fact]
    public void A_batch_of_records_and_its_run_position_commit_together()
    {
        var catalog = Catalog();
        var record = CatalogRecords.FromYaml("Lab-Model", CatalogRecords.Yaml("Lab-Model", "Apache-2.0"), T0) with
        {
            Listing = new JsonObject { ["downloads"] = 7 },
            ListingVersion = "sha:" + new string('c', 40),
        };
        var position = new RunPosition("key-1", "0/2", [new SourceMark("models.jsonl", 12, null, 0, false), new SourceMark("hf:?author=x", 3, "https://h/p2", 501, true)]);

        catalog.StoreBatch([record], position);
        catalog.StoreBatch([], position with { Sources = [position.Sources[0] with { Done = 20 }, position.Sources[1]] });

        var held = Assert.Single(catalog.HeldVersions());
        Assert.Equal(("Lab-Model", "sha:" + new string('c', 40)), (held.ModelId, held.ListingVersion));
        var latest = Assert.Single(catalog.LatestDocuments());
        Assert.Equal(7, JsonNode.Parse(latest.Listing!)!["downloads"]!.GetValue<int>());
        var stored = catalog.LoadPosition("key-1")!;
        Assert.Equal("0/2", stored.Run);
        Assert.Equal([new SourceMark("models.jsonl", 20, null, 0, false), new SourceMark("hf:?author=x", 3, "https://h/p2", 501, true)], stored.Sources);
        Assert.Null(catalog.LoadPosition("key-2"));
        // A batch that cannot be stored stores no position either.
        var bad = record with { ModelId = "../bad" };
        Assert.Throws<CatalogException>(() => catalog.StoreBatch([bad], position with { Sources = [position.Sources[0] with { Done = 99 }] }));
        Assert.Equal(20, catalog.LoadPosition("key-1")!.Sources[0].Done);
    }

    [Fact]
    public void A_stored_assessment_reads_back_whole_with_its_provenance()
    {
        var catalog = Catalog();
        var record = CatalogRecords.FromYaml("Lab-Model", CatalogRecords.Yaml("Lab-Model", "Apache-2.0"), T0);
        var result = catalog.Store(record);
        Assert.Equal((StoreOutcome.Added, 1L), (result.Outcome, result.Version));

        var stored = catalog.Get("Lab-Model");
        Assert.NotNull(stored);
        Assert.True(JsonNode.DeepEquals(record.Assessment, stored.Assessment));
        Assert.True(JsonNode.DeepEquals(record.Mot, stored.Mot));
        Assert.Equal("2026-03-01T12:00:00.000Z", stored.Info.AssessedAt);
        Assert.StartsWith("sha256:", stored.Info.SourceRevision);
        Assert.Equal(CatalogEntries.ToolVersion, stored.Info.ToolVersion);
        Assert.Contains("mof=1.0", stored.Info.FrameworkVersions);
        Assert.Equal(["Apache-2.0"], stored.Info.Licenses);
        Assert.Equal(1, catalog.ModelCount());
        Assert.Null(catalog.Get("Lab-Model", 2));
        Assert.Null(catalog.Get("No-Such-Model"));
    }

    [Fact]
    public void Reimporting_an_unchanged_assessment_adds_no_version()
    {
        var catalog = Catalog();
        var yaml = CatalogRecords.Yaml("Same", "MIT");
        catalog.Store(CatalogRecords.FromYaml("Same", yaml, T0));
        // Same content assessed later and from another path: still the same assessment.
        var again = catalog.Store(CatalogRecords.FromYaml("Same", yaml, T0.AddDays(1)));
        Assert.Equal((StoreOutcome.Unchanged, 1L), (again.Outcome, again.Version));
        Assert.Single(catalog.History("Same"));
        Assert.Equal(1, catalog.ModelCount());
    }

    [Fact]
    public void A_license_change_between_versions_is_a_first_class_event()
    {
        var catalog = Catalog();
        catalog.Store(CatalogRecords.FromYaml("Falcon-40B", CatalogRecords.Yaml("Falcon-40B", "LicenseRef-TII-Falcon-1.0"), T0));
        var second = catalog.Store(CatalogRecords.FromYaml("Falcon-40B", CatalogRecords.Yaml("Falcon-40B", "Apache-2.0"), T0.AddMonths(1)));

        Assert.Equal((StoreOutcome.NewVersion, 2L), (second.Outcome, second.Version));
        Assert.NotNull(second.LicenseChange);
        var change = Assert.Single(catalog.LicenseChanges("Falcon-40B"));
        Assert.Equal((1L, 2L), (change.FromVersion, change.ToVersion));
        Assert.Equal(["LicenseRef-TII-Falcon-1.0"], change.Before);
        Assert.Equal(["Apache-2.0"], change.After);
        Assert.Equal([1L, 2L], catalog.History("Falcon-40B").Select(v => v.Version));

        // Filters see the latest version only; the old version stays readable.
        Assert.Single(catalog.List(new ModelQuery(License: "Apache-2.0")).Items);
        Assert.Empty(catalog.List(new ModelQuery(License: "LicenseRef-TII-Falcon-1.0")).Items);
        Assert.Equal(["LicenseRef-TII-Falcon-1.0"], catalog.Get("Falcon-40B", 1)!.Info.Licenses);
        Assert.Contains(catalog.Licenses(), u => u is { LicenseId: "Apache-2.0", Models: 1 });
        Assert.DoesNotContain(catalog.Licenses(), u => u.LicenseId == "LicenseRef-TII-Falcon-1.0");

        var diff = AssessmentDiff.Between(catalog.Get("Falcon-40B", 1)!, catalog.Get("Falcon-40B", 2)!);
        Assert.True(diff["license_change"]!.GetValue<bool>());
        Assert.Equal("Apache-2.0", diff["licenses"]!["added"]![0]!.GetValue<string>());
    }

    [Fact]
    public void Filters_sort_and_cursor_paging_agree_with_every_models_facts()
    {
        var catalog = Catalog();
        var records = CatalogRecords.MotFiles().Select(f => CatalogRecords.FromFile(f, T0)).ToList();
        var results = catalog.StoreMany(records, batchSize: 50);
        Assert.All(results, r => Assert.Equal(StoreOutcome.Added, r.Outcome));
        var facts = records.ToDictionary(r => r.ModelId, r => CatalogFacts.From(r.Assessment, r.Mot));

        void Check(ModelQuery query, Func<CatalogFacts, bool> expected) => CheckIds(query, (_, f) => expected(f));

        void CheckIds(ModelQuery query, Func<string, CatalogFacts, bool> expected)
        {
            // Page through with a small limit: every match once, in the sort's order.
            var seen = new List<ModelSummary>();
            var page = catalog.List(query with { Limit = 7, WithDocuments = false });
            seen.AddRange(page.Items);
            while (page.NextCursor is { } next)
            {
                page = catalog.List(query with { Limit = 7, WithDocuments = false, Cursor = next });
                seen.AddRange(page.Items);
            }
            var want = facts.Where(kv => expected(kv.Key, kv.Value)).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(want, seen.Select(s => s.Id).Order(StringComparer.Ordinal).ToList());
            Assert.Equal(want.Count, catalog.Count(query));
            var key = SortKey.Parse(query.Sort);
            for (var i = 1; i < seen.Count; i++)
            {
                var cmp = key.Name switch
                {
                    "progress" => seen[i - 1].MofTotal.CompareTo(seen[i].MofTotal),
                    "name" => string.CompareOrdinal(seen[i - 1].Name.ToLowerInvariant(), seen[i].Name.ToLowerInvariant()),
                    _ => string.CompareOrdinal(seen[i - 1].ReleaseDate, seen[i].ReleaseDate),
                };
                Assert.True(key.Descending ? cmp >= 0 : cmp <= 0, $"{seen[i - 1].Id} then {seen[i].Id} breaks sort {query.Sort}");
            }
        }

        Check(new ModelQuery(), _ => true);
        Check(new ModelQuery(MofClass: 1), f => f.MofClass == 1);
        Check(new ModelQuery(MofClass: 0, Sort: "name"), f => f.MofClass == 0);
        Check(new ModelQuery(Osaid: "conformant", Sort: "-date"), f => f.Osaid == "conformant");
        Check(new ModelQuery(Eu: "likely-exempt"), f => f.Eu == "likely-exempt");
        Check(new ModelQuery(License: "Apache-2.0", Sort: "date"), f => f.Licenses.Contains("Apache-2.0"));
        Check(new ModelQuery(Producer: "eleutherai"), f => f.Producer.Equals("EleutherAI", StringComparison.OrdinalIgnoreCase));
        Check(new ModelQuery(Type: "code", MofClass: 3), f => f.Type == "code" && f.MofClass == 3);
        Check(new ModelQuery(Text: "LLAMA"), f => f.Name.Contains("llama", StringComparison.OrdinalIgnoreCase) || f.Producer.Contains("llama", StringComparison.OrdinalIgnoreCase));
        Check(new ModelQuery(Text: "100%_"), _ => false);
        Assert.StartsWith("indexed", catalog.CheckIntegrity().TextSearch);
        // Text search is a case-insensitive substring of id, name and producer, whether the index
        // answers (three characters or more) or a scan does (fewer); quotes and wildcards are literal.
        foreach (var text in new[] { "LLAMA", "ma", "i/Py", "-7B", "a-", "\"", "x\"y", "%", "_", "llama 2" })
        {
            CheckIds(new ModelQuery(Text: text, Sort: "name"),
                (id, f) => $"{id} {f.Name} {f.Producer}".Contains(text, StringComparison.OrdinalIgnoreCase));
        }
        var flag = facts.Values.SelectMany(f => f.Flags).GroupBy(k => k).OrderByDescending(g => g.Count()).First().Key;
        Check(new ModelQuery(Flag: flag, Sort: "-name"), f => f.Flags.Contains(flag));

        // The full view carries the very assessment that was stored.
        var top = catalog.List(new ModelQuery(MofClass: 1, Limit: 1)).Items.Single();
        Assert.True(JsonNode.DeepEquals(records.Single(r => r.ModelId == top.Id).Assessment, top.Assessment));
    }

    [Fact]
    public void Serial_numbers_are_dense_and_MOT_pages_follow_them()
    {
        var catalog = Catalog();
        for (var i = 0; i < 5; i++) catalog.Store(CatalogRecords.FromYaml($"M{i}", CatalogRecords.Yaml($"M{i}", "MIT"), T0));
        catalog.Store(CatalogRecords.FromYaml("M2", CatalogRecords.Yaml("M2", "Apache-2.0"), T0)); // a new version keeps its serial
        var page = catalog.MotPage(2, 3);
        Assert.Equal([2L, 3L, 4L], page.Select(m => m.Seq));
        Assert.Equal(["M1", "M2", "M3"], page.Select(m => m.ModelId));
        Assert.Equal("Apache-2.0", page[1].Mot["release"]!["license"]!["distribution"]!["name"]!.GetValue<string>());
        Assert.Equal("M4", catalog.MotModel(5)!.ModelId);
        Assert.Null(catalog.MotModel(6));
        Assert.Equal(5, catalog.ModelCount());
    }

    [Fact]
    public void Tokens_verify_only_as_issued()
    {
        var catalog = Catalog();
        Assert.False(catalog.HasTokens());
        var token = catalog.CreateToken("ci");
        Assert.True(catalog.HasTokens());
        Assert.True(catalog.VerifyToken(token.Token));
        Assert.False(catalog.VerifyToken(token.Token + "x"));
        Assert.False(catalog.VerifyToken(token.Token[..^1] + (token.Token[^1] == 'A' ? 'B' : 'A')));
        Assert.False(catalog.VerifyToken("ogt_000000000000_nope"));
        Assert.False(catalog.VerifyToken(""));
        Assert.False(catalog.VerifyToken(token.Id));
    }

    [Fact]
    public void A_failing_batch_keeps_the_earlier_batches_and_nothing_of_its_own()
    {
        var catalog = Catalog();
        var good = Enumerable.Range(0, 3).Select(i => CatalogRecords.FromYaml($"B{i}", CatalogRecords.Yaml($"B{i}", "MIT"), T0)).ToList();
        var bad = good[0] with { ModelId = "../escape" };
        Assert.Throws<CatalogException>(() => catalog.StoreMany([good[0], good[1], good[2], bad], batchSize: 2));
        Assert.Equal(2, catalog.ModelCount());
        Assert.True(catalog.CheckIntegrity().Ok);
    }

    [Fact]
    public void Reopening_applies_no_migration_twice_and_keeps_the_data()
    {
        var catalog = Catalog();
        catalog.Store(CatalogRecords.FromYaml("Keep", CatalogRecords.Yaml("Keep", "MIT"), T0));
        var again = Catalog();
        Assert.Equal(1, again.ModelCount());
        var report = again.CheckIntegrity();
        Assert.True(report.Ok, string.Join("; ", report.Problems));
        Assert.Equal((1L, 1L), (report.Models, report.Versions));
    }

    [Fact]
    public void A_first_load_defers_its_indexes_and_builds_them_once_at_its_end()
    {
        var catalog = Catalog();
        Assert.True(catalog.DeferIndexesForLoad());
        // A second writer (another shard, a resumed run) joins the load instead of starting another.
        Assert.True(Catalog().DeferIndexesForLoad());
        var during = catalog.CheckIntegrity();
        Assert.Contains(during.Problems, p => p.Contains("deferred by a batch load", StringComparison.Ordinal));

        var licenses = new[] { "MIT", "Apache-2.0", "GPL-3.0-only" };
        catalog.StoreBatch([.. Enumerable.Range(0, 30).Select(i =>
            CatalogRecords.FromYaml($"Load-{i:00}", CatalogRecords.Yaml($"Load-{i:00}", licenses[i % 3], producer: i % 2 == 0 ? "Even Lab" : "Odd Lab"), T0))]);
        // A held model at a new version, within the load.
        catalog.Store(CatalogRecords.FromYaml("Load-07", CatalogRecords.Yaml("Load-07", "MIT", producer: "Odd Lab"), T0.AddDays(1)));

        var required = Migrations.Deferrable(Provider).Count(d => !d.Optional);
        Assert.InRange(catalog.RestoreIndexes(), required, Migrations.Deferrable(Provider).Count);
        Assert.Equal(0, catalog.RestoreIndexes());
        var after = catalog.CheckIntegrity();
        Assert.True(after.Ok, string.Join("; ", after.Problems));
        Assert.DoesNotContain("deferred", after.TextSearch, StringComparison.Ordinal);

        // What the indexes serve answers as it would have without the deferral: search, filters, sorts.
        Assert.Equal(["Load-17"], catalog.List(new ModelQuery(Text: "load-17")).Items.Select(m => m.Id));
        Assert.Equal(11, catalog.Count(new ModelQuery(License: "MIT")));
        Assert.Equal(15, catalog.Count(new ModelQuery(Producer: "Odd Lab")));
        Assert.Equal(["Load-00", "Load-01", "Load-02"], catalog.List(new ModelQuery(Sort: "name", Limit: 3)).Items.Select(m => m.Id));
        Assert.Equal(30, catalog.ModelCount());
        // A catalog that holds models is never loaded without its indexes.
        Assert.False(catalog.DeferIndexesForLoad());
        Assert.True(catalog.CheckIntegrity().Ok);
    }

    protected abstract CatalogProvider Provider { get; }

    [Fact]
    public void Bad_sorts_and_cursors_are_refused_with_a_reason()
    {
        var catalog = Catalog();
        for (var i = 0; i < 3; i++) catalog.Store(CatalogRecords.FromYaml($"C{i}", CatalogRecords.Yaml($"C{i}", "MIT"), T0));
        Assert.Throws<QueryException>(() => catalog.List(new ModelQuery(Sort: "weight")));
        Assert.Throws<QueryException>(() => catalog.List(new ModelQuery(Cursor: "not-a-cursor")));
        var cursor = catalog.List(new ModelQuery(Limit: 1, Sort: "name")).NextCursor!;
        Assert.Contains("another sort", Assert.Throws<QueryException>(() => catalog.List(new ModelQuery(Limit: 1, Sort: "-date", Cursor: cursor))).Message);
        Assert.Equal(["C1"], catalog.List(new ModelQuery(Limit: 1, Sort: "name", Cursor: cursor)).Items.Select(i => i.Id));
    }
}

/// <summary>The suite on SQLite: a file in a fresh temporary folder.</summary>
public sealed class SqliteCatalogTests : CatalogContract
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("og-sqlite-");

    protected override CatalogLocation FreshLocation() => CatalogLocation.Parse(Path.Combine(_dir.FullName, "catalog.db"));

    protected override CatalogProvider Provider => CatalogProvider.Sqlite;

    public override void Dispose()
    {
        base.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Delete(true);
    }
}

/// <summary>The same suite on PostgreSQL: a fresh database on the server OPENGRADE_TEST_PG names.</summary>
public sealed class PostgresCatalogTests : CatalogContract
{
    private TestPostgres.TempDatabase? _db;

    protected override CatalogProvider Provider => CatalogProvider.Postgres;

    protected override CatalogLocation FreshLocation()
    {
        _db = TestPostgres.CreateDatabase();
        return CatalogLocation.Parse(_db.ConnectionString);
    }

    public override void Dispose()
    {
        base.Dispose();
        _db?.Dispose();
    }
}

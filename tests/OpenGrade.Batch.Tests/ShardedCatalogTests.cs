using System.Text.RegularExpressions;
using OpenGrade.Storage;

namespace OpenGrade.Batch.Tests;

/// <summary>
/// <c>--shard I/N</c> on N machines into one PostgreSQL catalog: two real CLI processes on loopback, started
/// together on a fresh database (both migrate it at once), each writing its shard with its own checkpoint.
/// </summary>
public sealed class ShardedCatalogTests : TempFolderTest, IDisposable
{
    private TestPostgres.TempDatabase? _database;

    public new void Dispose()
    {
        base.Dispose();
        _database?.Dispose();
    }

    [Fact]
    public void Two_shards_at_once_fill_one_catalog_with_every_model_exactly_once()
    {
        _database = TestPostgres.CreateDatabase();
        var db = _database.ConnectionString;
        const int Records = 400;
        var listing = Listings.WriteFile(Dir, "models.jsonl", Listings.Lines(Records));

        using var first = CliRunner.Start("batch", listing, "--db", db, "--shard", "0/2", "--jobs", "1");
        using var second = CliRunner.Start("batch", listing, "--db", db, "--shard", "1/2", "--jobs", "1");
        var errors = new[] { first, second }.Select(p => p.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken)).ToArray();
        foreach (var p in new[] { first, second })
        {
            Assert.True(p.WaitForExit(TimeSpan.FromMinutes(5)), "a shard did not finish in 5 minutes");
        }
        var stderr = errors.Select(e => e.Result).ToArray();

        Assert.True(first.ExitCode == 0, stderr[0]);
        Assert.True(second.ExitCode == 0, stderr[1]);
        var graded = stderr.Select(e => Count(e, "graded")).ToArray();
        var others = stderr.Select(e => Count(e, "in other shards")).ToArray();
        // Disjoint and whole: what one shard graded, the other counted as the other's.
        Assert.Equal(Records, graded.Sum());
        Assert.Equal(graded[0], others[1]);
        Assert.Equal(graded[1], others[0]);
        Assert.All(graded, g => Assert.InRange(g, 1, Records - 1));
        using (var catalog = SqlCatalog.Open(db))
        {
            var integrity = catalog.CheckIntegrity();
            Assert.True(integrity.Ok, string.Join("; ", integrity.Problems));
            Assert.Equal(Records, integrity.Models);
            Assert.Equal(Records, integrity.Versions);
            Assert.Equal(Records, catalog.HeldVersions().Select(h => h.ModelId).Distinct(StringComparer.Ordinal).Count());
        }
        // Each shard kept its own checkpoint: resumed, each finds its source finished.
        foreach (var shard in new[] { "0/2", "1/2" })
        {
            var resumed = CliRunner.Run("batch", listing, "--db", db, "--shard", shard, "--resume");
            Assert.True(resumed.ExitCode == 0, resumed.Stderr);
            Assert.Contains("batch: 0 records", resumed.Stderr);
        }
    }

    private static long Count(string summary, string what)
    {
        var match = Regex.Match(summary, @"([\d,]+) " + Regex.Escape(what));
        Assert.True(match.Success, $"no '{what}' in: {summary}");
        return long.Parse(match.Groups[1].Value.Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture);
    }
}

using Npgsql;
using OpenGrade.Core.Evaluation;
using OpenGrade.Reports;
using OpenGrade.Sources.Mot;
using OpenGrade.Storage;

namespace OpenGrade.Testing;

/// <summary>
/// Catalog records for tests, made the way <c>catalog import</c> makes them: a MOT model file is
/// read and assessed by the real pipeline, then turned into a record.
/// </summary>
public static class CatalogRecords
{
    private static readonly Assessor Assessor = Assessor.CreateDefault();
    private static readonly MotModelReader Reader = new(Assessor.Framework);

    public static CatalogRecord FromFile(string path, DateTimeOffset? at = null, string? id = null) =>
        CatalogEntries.From(AssessedTarget.Ok(path, Assessor.Assess(Reader.ReadFile(path))), at ?? DateTimeOffset.UtcNow, id);

    /// <summary>A record from MOT YAML written to a temporary file named <paramref name="name"/>.yml.</summary>
    public static CatalogRecord FromYaml(string name, string yaml, DateTimeOffset? at = null)
    {
        var dir = Directory.CreateTempSubdirectory("og-record-");
        try
        {
            var path = Path.Combine(dir.FullName, name + ".yml");
            File.WriteAllText(path, yaml);
            return FromFile(path, at);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    /// <summary>A small MOT model file whose every component carries <paramref name="license"/> (license changes flip it).</summary>
    public static string Yaml(string name, string license, string producer = "Test Lab") => $"""
        framework:
          name: 'Model Openness Framework'
          version: '1.0'
          date: '2024-12-15'
        release:
          name: '{name}'
          producer: '{producer}'
          date: '2025-06-01'
          type: 'language'
          license:
            distribution:
              name: '{license}'
              path: 'https://example.org/license'
          components:
            - name: 'Model architecture'
              description: 'code'
            - name: 'Model parameters (Final)'
              description: 'weights'
            - name: 'Model card'
              description: 'card'
        """;

    /// <summary>Every MOT model file of the shared corpus (skips, or fails under CI, when it is absent).</summary>
    public static string[] MotFiles() =>
        [.. Directory.GetFiles(SharedCorpus.PathTo("corpus", "mot", "models"), "*.yml").Order(StringComparer.Ordinal)];
}

/// <summary>
/// The PostgreSQL the tests use: <c>OPENGRADE_TEST_PG</c> (a keyword connection string). Absent,
/// PostgreSQL tests skip with one line; under <c>CI=true</c> its absence is a failure.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "OPENGRADE_TEST_PG";

    public static string ConnectionString()
    {
        var cs = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrEmpty(cs)) return cs;
        var reason = $"{Variable} is not set: start one with scripts/pg-throwaway.sh (PostgreSQL tests skipped)";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)) Assert.Fail(reason + " (CI=true: this is a failure)");
        Assert.Skip(reason);
        return "";
    }

    /// <summary>A fresh database on the test server; dispose drops it.</summary>
    public static TempDatabase CreateDatabase() => new(ConnectionString());

    public sealed class TempDatabase : IDisposable
    {
        private readonly string _admin;
        public string Name { get; } = "og_test_" + Guid.NewGuid().ToString("N")[..16];
        public string ConnectionString { get; }

        public TempDatabase(string admin)
        {
            _admin = admin;
            Execute($"CREATE DATABASE {Name}");
            ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = Name }.ToString();
        }

        private void Execute(string sql)
        {
            using var c = new NpgsqlConnection(_admin);
            c.Open();
            using var cmd = new NpgsqlCommand(sql, c);
            cmd.ExecuteNonQuery();
        }

        public void Dispose()
        {
            NpgsqlConnection.ClearAllPools();
            Execute($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
        }
    }
}

using System.Diagnostics;
using OpenGrade.Storage;

namespace OpenGrade.Cli.Commands;

public static partial class BenchCatalogCommand
{
    /// <summary>
    /// Multiplies a catalog (SQLite or PostgreSQL) in SQL: every model is copied K times under the id
    /// <c>ID~k</c> (serials continue densely, downloads are shuffled), with its version, licenses and
    /// flags. For measuring queries at sizes that generating would take hours to reach on this machine.
    /// </summary>
    private static int Replicate(string? db, int k)
    {
        var location = CatalogLocation.Resolve(db);
        using (var catalog = CatalogDb.Open(db))
        {
            if (catalog is null) return ExitCodes.Error;
        }
        using var dialect = SqlDialect.For(location);
        using var c = dialect.Open();
        dialect.Prepare(c);
        System.Data.Common.DbTransaction? tx = null;
        void Exec(string sql, long copy, long n)
        {
            using var cmd = c.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandTimeout = 0;
            cmd.CommandText = sql;
            foreach (var (name, value) in new (string, object)[] { ("k", copy), ("n", n), ("ks", copy.ToString(System.Globalization.CultureInfo.InvariantCulture)) })
            {
                var p = cmd.CreateParameter();
                p.ParameterName = name;
                p.Value = value;
                cmd.Parameters.Add(p);
            }
            cmd.ExecuteNonQuery();
        }
        if (location.Provider == CatalogProvider.Sqlite)
        {
            // A big page cache: the copies insert into every index of a table that outgrows the default 2 MB.
            Exec("PRAGMA cache_size=-2000000; PRAGMA synchronous=NORMAL;", 0, 0);
        }
        long Count(string where = "")
        {
            using var cmd = c.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "SELECT COUNT(*) FROM models" + where;
            return Convert.ToInt64(cmd.ExecuteScalar()!, System.Globalization.CultureInfo.InvariantCulture);
        }
        // The originals are the models without '~' (serials 1..n); a run after an earlier one goes on from its last copy.
        var n = Count(" WHERE id NOT LIKE '%~%'");
        var done = Count() / n - 1;
        var clock = Stopwatch.StartNew();
        for (var copy = done + 1; copy <= done + k; copy++)
        {
            tx = dialect.BeginWrite(c);
            Exec("""
                INSERT INTO models (id, seq, name, name_key, producer, producer_key, type, release_date, mof_class, mof_total, osaid, eu, downloads, assessed_at, latest_version, latest_hash, search)
                SELECT id || '~' || @ks, seq + @k * @n, name || '~' || @ks, name_key || '~' || @ks, producer, producer_key, type, release_date, mof_class, mof_total, osaid, eu,
                  CASE WHEN downloads < 0 THEN -1 ELSE (downloads * 7919 + @k * 104729) % 10000000 END, assessed_at, latest_version, latest_hash, search || '~' || @ks
                FROM models WHERE seq <= @n
                """, copy, n);
            Exec("""
                INSERT INTO versions (model_id, version, assessed_at, source_revision, tool_version, framework_versions, content_hash, evidence_hash, licenses, mof_class, osaid, eu, assessment, mot)
                SELECT v.model_id || '~' || @ks, v.version, v.assessed_at, v.source_revision, v.tool_version, v.framework_versions, v.content_hash, v.evidence_hash, v.licenses, v.mof_class, v.osaid, v.eu, v.assessment, v.mot
                FROM versions v JOIN models m ON m.id = v.model_id WHERE m.seq <= @n
                """, copy, n);
            Exec("INSERT INTO model_licenses (license_id, model_id) SELECT l.license_id, l.model_id || '~' || @ks FROM model_licenses l JOIN models m ON m.id = l.model_id WHERE m.seq <= @n", copy, n);
            Exec("INSERT INTO model_flags (flag_kind, model_id) SELECT f.flag_kind, f.model_id || '~' || @ks FROM model_flags f JOIN models m ON m.id = f.model_id WHERE m.seq <= @n", copy, n);
            Exec("UPDATE catalog_meta SET value = (SELECT COUNT(*) FROM models) WHERE key = 'models'", copy, n);
            tx.Commit();
            tx.Dispose();
            tx = null;
            Console.Error.WriteLine($"opengrade: copy {copy}/{done + k}: {Count():N0} models ({clock.Elapsed.TotalSeconds:0} s)");
        }
        Exec("UPDATE license_counts SET models = (SELECT COUNT(*) FROM model_licenses l WHERE l.license_id = license_counts.license_id)", 0, n);
        dialect.Optimize(c);
        // The planner's statistics must see the new size (SQLite's optimize above does the same).
        if (location.Provider == CatalogProvider.Postgres) Exec("ANALYZE", 0, n);
        Console.WriteLine($"replicated: {n:N0} → {Count():N0} models in {clock.Elapsed.TotalSeconds:0} s");
        return ExitCodes.Ok;
    }
}

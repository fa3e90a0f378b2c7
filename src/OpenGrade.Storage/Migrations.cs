using System.Data.Common;

namespace OpenGrade.Storage;

/// <summary>
/// The catalog's one schema, as numbered migrations applied on open (each in a transaction,
/// recorded in <c>schema_migrations</c>). A new migration is appended, never edited.
/// </summary>
public static class Migrations
{
    /// <summary>Migration <c>i + 1</c>: statements with <c>{BLOB}</c> and <c>{REAL}</c> type placeholders.</summary>
    public static readonly IReadOnlyList<string[]> All =
    [
        [
            """
            CREATE TABLE catalog_meta (
              key TEXT PRIMARY KEY,
              value BIGINT NOT NULL)
            """,
            "INSERT INTO catalog_meta (key, value) VALUES ('models', 0)",
            """
            CREATE TABLE models (
              id TEXT PRIMARY KEY,
              seq BIGINT NOT NULL UNIQUE,
              name TEXT NOT NULL,
              name_key TEXT NOT NULL,
              producer TEXT NOT NULL,
              producer_key TEXT NOT NULL,
              type TEXT NOT NULL,
              release_date TEXT NOT NULL,
              mof_class BIGINT NOT NULL,
              mof_total {REAL} NOT NULL,
              osaid TEXT NOT NULL,
              eu TEXT NOT NULL,
              downloads BIGINT NOT NULL,
              assessed_at TEXT NOT NULL,
              latest_version BIGINT NOT NULL,
              latest_hash TEXT NOT NULL,
              search TEXT NOT NULL)
            """,
            """
            CREATE TABLE versions (
              model_id TEXT NOT NULL REFERENCES models(id),
              version BIGINT NOT NULL,
              assessed_at TEXT NOT NULL,
              source_revision TEXT,
              tool_version TEXT NOT NULL,
              framework_versions TEXT NOT NULL,
              content_hash TEXT NOT NULL,
              evidence_hash TEXT NOT NULL,
              licenses TEXT NOT NULL,
              mof_class BIGINT NOT NULL,
              osaid TEXT NOT NULL,
              eu TEXT NOT NULL,
              assessment {BLOB} NOT NULL,
              mot {BLOB} NOT NULL,
              PRIMARY KEY (model_id, version))
            """,
            """
            CREATE TABLE model_licenses (
              license_id TEXT NOT NULL,
              model_id TEXT NOT NULL REFERENCES models(id),
              PRIMARY KEY (license_id, model_id))
            """,
            "CREATE INDEX ix_model_licenses_model ON model_licenses (model_id)",
            """
            CREATE TABLE license_counts (
              license_id TEXT PRIMARY KEY,
              models BIGINT NOT NULL)
            """,
            """
            CREATE TABLE model_flags (
              flag_kind TEXT NOT NULL,
              model_id TEXT NOT NULL REFERENCES models(id),
              PRIMARY KEY (flag_kind, model_id))
            """,
            "CREATE INDEX ix_model_flags_model ON model_flags (model_id)",
            """
            CREATE TABLE license_events (
              model_id TEXT NOT NULL REFERENCES models(id),
              from_version BIGINT NOT NULL,
              to_version BIGINT NOT NULL,
              at TEXT NOT NULL,
              before_ids TEXT NOT NULL,
              after_ids TEXT NOT NULL,
              PRIMARY KEY (model_id, to_version))
            """,
            """
            CREATE TABLE tokens (
              id TEXT PRIMARY KEY,
              name TEXT NOT NULL,
              hash {BLOB} NOT NULL,
              created_at TEXT NOT NULL)
            """,
            // One index per sort key (with the id as tie-break, so a cursor is one index seek),
            // and one per equality filter followed by the default sort.
            "CREATE INDEX ix_models_total ON models (mof_total, id)",
            "CREATE INDEX ix_models_name ON models (name_key, id)",
            "CREATE INDEX ix_models_date ON models (release_date, id)",
            "CREATE INDEX ix_models_assessed ON models (assessed_at, id)",
            "CREATE INDEX ix_models_downloads ON models (downloads, id)",
            "CREATE INDEX ix_models_class ON models (mof_class, mof_total, id)",
            "CREATE INDEX ix_models_osaid ON models (osaid, mof_total, id)",
            "CREATE INDEX ix_models_eu ON models (eu, mof_total, id)",
            "CREATE INDEX ix_models_producer ON models (producer_key, mof_total, id)",
            "CREATE INDEX ix_models_type ON models (type, mof_total, id)",
        ],
        [
            // batch --db: a version's listing facts beside its assessment (which stays the assess object),
            // and each run's checkpoint, written in the transaction of the models it covers.
            "ALTER TABLE versions ADD COLUMN listing_version TEXT",
            "ALTER TABLE versions ADD COLUMN listing {BLOB}",
            """
            CREATE TABLE batch_positions (
              run_key TEXT NOT NULL,
              source_index BIGINT NOT NULL,
              run TEXT NOT NULL,
              source TEXT NOT NULL,
              done BIGINT NOT NULL,
              page TEXT,
              page_first BIGINT NOT NULL,
              finished BIGINT NOT NULL,
              PRIMARY KEY (run_key, source_index))
            """,
        ],
    ];

    public static int Latest => All.Count;

    /// <summary>
    /// Applies every migration the database lacks; safe to call from several processes at once: the
    /// migrations table itself is created under the writers' lock (PostgreSQL's <c>CREATE TABLE IF NOT
    /// EXISTS</c> is not safe against a concurrent twin), so the second process finds the work done.
    /// </summary>
    public static void Apply(SqlDialect dialect)
    {
        using var c = dialect.Open();
        dialect.Prepare(c);
        using var tx = dialect.BeginWrite(c);
        Exec(c, tx, "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_at TEXT NOT NULL)");
        var current = Convert.ToInt32(Scalar(c, tx, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
        if (current > Latest)
        {
            throw new CatalogException($"the catalog has schema version {current}, newer than this OpenGrade knows ({Latest}): upgrade OpenGrade");
        }
        for (var v = current + 1; v <= Latest; v++)
        {
            foreach (var statement in All[v - 1])
            {
                Exec(c, tx, statement.Replace("{BLOB}", dialect.Blob).Replace("{REAL}", dialect.Real));
            }
            using var record = c.CreateCommand();
            record.Transaction = tx;
            record.CommandText = "INSERT INTO schema_migrations (version, applied_at) VALUES (@v, @at)";
            Sql.Add(record, "v", (long)v);
            Sql.Add(record, "at", Sql.Timestamp(DateTimeOffset.UtcNow));
            record.ExecuteNonQuery();
        }
        tx.Commit();
        dialect.Optimize(c);
    }

    private static void Exec(DbConnection c, DbTransaction? tx, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static object? Scalar(DbConnection c, DbTransaction tx, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }
}

/// <summary>Small ADO.NET helpers shared by the catalog's queries.</summary>
internal static class Sql
{
    public static void Add(DbCommand cmd, string name, object? value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value ?? DBNull.Value;
        cmd.Parameters.Add(p);
    }

    public static void Set(DbCommand cmd, string name, object? value) => cmd.Parameters[name].Value = value ?? DBNull.Value;

    /// <summary>Timestamps are stored as sortable UTC text (the same in both databases).</summary>
    public static string Timestamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}

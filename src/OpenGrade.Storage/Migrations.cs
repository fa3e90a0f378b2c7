using System.Data.Common;

namespace OpenGrade.Storage;

/// <summary>
/// The catalog's one schema, as numbered migrations applied on open (each in a transaction,
/// recorded in <c>schema_migrations</c>). A new migration is appended, never edited.
/// </summary>
public static class Migrations
{
    /// <summary>
    /// Migration <c>i + 1</c>: statements with <c>{BLOB}</c> and <c>{REAL}</c> type placeholders. A
    /// statement that starts with <c>sqlite:</c> or <c>postgres:</c> runs on that provider only; with
    /// <c>postgres optional:</c> it runs in a savepoint, and when one fails (a missing privilege or
    /// extension) the migration's later optional statements are skipped and the rest goes on.
    /// </summary>
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
        [
            // Text search (q=) by index, not by a scan of every model: substrings of at least three
            // characters are found through trigrams. SQLite: an FTS5 trigram table over models.search,
            // kept in step by triggers. PostgreSQL: a pg_trgm GIN index that LIKE uses by itself;
            // where the extension may not be created, search stays a scan (still right, only slower).
            "sqlite: CREATE VIRTUAL TABLE models_text USING fts5(search, content='models', content_rowid='seq', tokenize='trigram')",
            "sqlite: CREATE TRIGGER models_text_insert AFTER INSERT ON models BEGIN INSERT INTO models_text (rowid, search) VALUES (new.seq, new.search); END",
            "sqlite: CREATE TRIGGER models_text_delete AFTER DELETE ON models BEGIN INSERT INTO models_text (models_text, rowid, search) VALUES ('delete', old.seq, old.search); END",
            """
            sqlite: CREATE TRIGGER models_text_update AFTER UPDATE OF search, seq ON models BEGIN
              INSERT INTO models_text (models_text, rowid, search) VALUES ('delete', old.seq, old.search);
              INSERT INTO models_text (rowid, search) VALUES (new.seq, new.search);
            END
            """,
            "sqlite: INSERT INTO models_text (models_text) VALUES ('rebuild')",
            "postgres optional: CREATE EXTENSION IF NOT EXISTS pg_trgm",
            "postgres optional: CREATE INDEX ix_models_search ON models USING gin (search gin_trgm_ops)",
        ],
        [
            // The documents are zlib-packed already: PostgreSQL's own compression of big values
            // (pglz, tried on every value over 2 kB) only spends the server's CPU to find that out.
            "postgres: ALTER TABLE versions ALTER COLUMN assessment SET STORAGE EXTERNAL",
            "postgres: ALTER TABLE versions ALTER COLUMN mot SET STORAGE EXTERNAL",
            "postgres: ALTER TABLE versions ALTER COLUMN listing SET STORAGE EXTERNAL",
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
            var optionalFailed = false;
            foreach (var tagged in All[v - 1])
            {
                var (provider, optional, statement) = Parse(tagged);
                if (provider is { } only && only != dialect.Provider) continue;
                statement = statement.Replace("{BLOB}", dialect.Blob).Replace("{REAL}", dialect.Real);
                if (!optional)
                {
                    Exec(c, tx, statement);
                    continue;
                }
                if (optionalFailed) continue;
                optionalFailed = !TryOptional(c, tx, statement);
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

    /// <summary>
    /// The secondary indexes and triggers a first bulk load may drop and build once at its end (every
    /// <c>CREATE INDEX ix_…</c> and <c>CREATE TRIGGER</c> of the migrations, for this provider, as the
    /// latest migration defines it). Primary keys and unique constraints are never deferred: they keep
    /// the load correct. Read from the migrations, never from the database, so a crafted catalog file
    /// cannot make a rebuild run SQL of its choosing.
    /// </summary>
    public static IReadOnlyList<DeferrableObject> Deferrable(CatalogProvider provider)
    {
        var found = new Dictionary<string, DeferrableObject>(StringComparer.Ordinal);
        foreach (var tagged in All.SelectMany(m => m))
        {
            var (only, optional, statement) = Parse(tagged);
            if (only is { } p && p != provider) continue;
            if (DeferrableObject.TryRead(statement, optional) is { } created) found[created.Name] = created;
            else if (DeferrableObject.DroppedBy(statement) is { } dropped) found.Remove(dropped);
        }
        return [.. found.Values];
    }

    private static (CatalogProvider? Provider, bool Optional, string Statement) Parse(string tagged)
    {
        foreach (var (tag, provider, optional) in Tags)
        {
            if (tagged.StartsWith(tag, StringComparison.Ordinal)) return (provider, optional, tagged[tag.Length..].TrimStart());
        }
        return (null, false, tagged);
    }

    private static readonly (string Tag, CatalogProvider Provider, bool Optional)[] Tags =
    [
        ("sqlite:", CatalogProvider.Sqlite, false),
        ("postgres optional:", CatalogProvider.Postgres, true),
        ("postgres:", CatalogProvider.Postgres, false),
    ];

    /// <summary>Runs a statement in a savepoint: false (and nothing changed) when the database refuses it.</summary>
    internal static bool TryOptional(DbConnection c, DbTransaction tx, string statement)
    {
        Exec(c, tx, "SAVEPOINT optional_step");
        try
        {
            Exec(c, tx, statement);
            Exec(c, tx, "RELEASE SAVEPOINT optional_step");
            return true;
        }
        catch (DbException)
        {
            Exec(c, tx, "ROLLBACK TO SAVEPOINT optional_step");
            return false;
        }
    }

    internal static void Exec(DbConnection c, DbTransaction? tx, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        // A migration on a big catalog (an index over millions of rows) takes what it takes: no driver
        // time-out, which would also turn an optional step's slowness into a silently skipped index.
        cmd.CommandTimeout = 0;
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
    /// <summary>A LIKE pattern (with <c>ESCAPE '\\'</c>) for "holds <paramref name="text"/>": its %, _ and \\ are literal.</summary>
    public static string Contains(string text) => "%" + text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";

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

/// <summary>An index or trigger a bulk load builds once at its end, with the statements that drop and make it.</summary>
public sealed partial record DeferrableObject(string Kind, string Name, string Create, bool Optional)
{
    /// <summary>Dropping and making again are both safe to repeat (a load killed half-way is finished by the next).</summary>
    public string Drop => $"DROP {Kind} IF EXISTS {Name}";

    public string CreateIfMissing => Create.Replace($"CREATE {Kind} {Name} ", $"CREATE {Kind} IF NOT EXISTS {Name} ", StringComparison.Ordinal);

    internal static DeferrableObject? TryRead(string statement, bool optional)
    {
        var m = CreatePattern().Match(statement);
        if (!m.Success || (m.Groups[1].Value == "INDEX" && !m.Groups[2].Value.StartsWith("ix_", StringComparison.Ordinal))) return null;
        return new DeferrableObject(m.Groups[1].Value, m.Groups[2].Value, statement, optional);
    }

    internal static string? DroppedBy(string statement) => DropPattern().Match(statement) is { Success: true } m ? m.Groups[2].Value : null;

    [System.Text.RegularExpressions.GeneratedRegex(@"^CREATE (INDEX|TRIGGER) ([a-z_]+) ")]
    private static partial System.Text.RegularExpressions.Regex CreatePattern();

    [System.Text.RegularExpressions.GeneratedRegex(@"^DROP (INDEX|TRIGGER) (?:IF EXISTS )?([a-z_]+)")]
    private static partial System.Text.RegularExpressions.Regex DropPattern();
}

using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace OpenGrade.Storage;

/// <summary>
/// The few places SQLite and PostgreSQL differ. Everything else (the schema, every query) is
/// written once in the SQL both accept: named @parameters, ON CONFLICT, row values, LIMIT.
/// </summary>
public abstract class SqlDialect : IDisposable
{
    public abstract CatalogProvider Provider { get; }

    /// <summary>Type names substituted into the one schema.</summary>
    public abstract string Blob { get; }
    public abstract string Real { get; }

    /// <summary>An open connection, with the per-connection settings this catalog relies on.</summary>
    public abstract DbConnection Open();

    /// <summary>Starts a write transaction that serialises writers (so the dense <c>seq</c> numbering stays dense).</summary>
    public abstract DbTransaction BeginWrite(DbConnection connection);

    /// <summary>Done once, before migrations: database-wide settings.</summary>
    public virtual void Prepare(DbConnection connection) { }

    /// <summary>
    /// A column reference the planner should not answer from its own index (SQLite: unary +), so
    /// that it walks the sort's index and filters as it goes. PostgreSQL's planner weighs that itself.
    /// </summary>
    public virtual string NotIndexed(string column) => column;

    /// <summary>
    /// A query for the serial numbers of up to <c>@max</c> models whose search text holds
    /// <paramref name="lowerText"/> (three characters or more), through the provider's trigram
    /// index, in no particular order; and the value it binds to <c>@text</c>.
    /// </summary>
    public abstract (string Sql, string Text) TextMatches(string lowerText);

    /// <summary>Which index serves text search (checked for consistency with the models where it can be); problems go to <paramref name="problems"/>.</summary>
    public abstract string TextSearchIndex(DbConnection connection, List<string> problems);

    /// <summary>The names of the indexes and triggers the database holds (to find what a catalog lacks).</summary>
    public abstract IReadOnlySet<string> IndexesAndTriggers(DbConnection connection, DbTransaction? tx);

    protected static IReadOnlySet<string> Names(DbConnection c, DbTransaction? tx, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (r.Read()) names.Add(r.GetString(0));
        return names;
    }

    /// <summary>
    /// Within a write transaction of a first load (indexes deferred): the rows are appended, and only the
    /// keys that still take random inserts need the cache.
    /// </summary>
    public virtual void Appending(DbConnection connection, DbTransaction tx) { }

    /// <summary>Within the transaction that builds deferred indexes: bounds the memory the build may take.</summary>
    public virtual void BuildingIndexes(DbConnection connection, DbTransaction tx) { }

    /// <summary>After a bulk load built its deferred indexes and triggers: brings up to date what the triggers would have kept.</summary>
    public virtual void AfterDeferredLoad(DbConnection connection, DbTransaction tx) { }

    /// <summary>Refreshes the planner's statistics when they are stale (after migrations, after big imports).</summary>
    public virtual void Optimize(DbConnection connection) { }

    public abstract void Dispose();

    public static SqlDialect For(CatalogLocation location) => location.Provider switch
    {
        CatalogProvider.Sqlite => new SqliteDialect(location.ConnectionString),
        _ => new PostgresDialect(location.ConnectionString),
    };

    protected static void Exec(DbConnection c, string sql, DbTransaction? tx = null)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}

internal sealed class SqliteDialect(string connectionString) : SqlDialect
{
    public override CatalogProvider Provider => CatalogProvider.Sqlite;
    public override string Blob => "BLOB";
    public override string Real => "REAL";

    public override DbConnection Open()
    {
        var c = new SqliteConnection(connectionString);
        c.Open();
        // WAL: readers never wait for the writer. synchronous=NORMAL in WAL mode loses no committed
        // transaction when the process dies (only on power loss, the last ones), and commits fast.
        Exec(c, "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000; PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;");
        return c;
    }

    public override void Prepare(DbConnection connection) => Exec(connection, "PRAGMA journal_mode=WAL;");

    public override string NotIndexed(string column) => "+" + column;

    public override string TextSearchIndex(DbConnection connection, List<string> problems)
    {
        try
        {
            // FTS5's own check of an external-content index against the table it indexes.
            Exec(connection, "INSERT INTO models_text (models_text, rank) VALUES ('integrity-check', 1)");
        }
        catch (SqliteException e)
        {
            problems.Add($"the text search index does not match the models ({e.Message}); rebuild it with: INSERT INTO models_text (models_text) VALUES ('rebuild')");
        }
        return "indexed (SQLite FTS5 trigram table models_text)";
    }

    public override IReadOnlySet<string> IndexesAndTriggers(DbConnection connection, DbTransaction? tx) =>
        Names(connection, tx, "SELECT name FROM sqlite_master WHERE type IN ('index', 'trigger')");

    // While loading, the random inserts are into the keys only (model ids, version keys, license and
    // flag rows: about 250 MB at 2M models); the appended documents need no cache. Memory stays lower.
    public override void Appending(DbConnection connection, DbTransaction tx) => Exec(connection, "PRAGMA cache_size=-524288;", tx);

    // Building an index sorts every row: with temp_store=MEMORY and the writers' 1 GB cache, a 2M
    // catalog's build took the process from 0.7 to 1.8 GB. The sort spills to temporary files
    // instead, beyond a 256 MB cache (the connection is reopened with its usual settings).
    public override void BuildingIndexes(DbConnection connection, DbTransaction tx) =>
        Exec(connection, "PRAGMA cache_size=-262144; PRAGMA temp_store=FILE;", tx);

    // The text index's triggers were off during the load: it is made again from the models.
    public override void AfterDeferredLoad(DbConnection connection, DbTransaction tx) =>
        Migrations.Exec(connection, tx, "INSERT INTO models_text (models_text) VALUES ('rebuild')");

    // An FTS5 trigram phrase matches where its text occurs as a substring (quoted, quotes doubled).
    public override (string Sql, string Text) TextMatches(string lowerText) =>
        ("SELECT rowid FROM models_text WHERE models_text MATCH @text LIMIT @max", "\"" + lowerText.Replace("\"", "\"\"") + "\"");

    // Without statistics SQLite takes any equality filter's index, then sorts every match; with them
    // it walks the sort's index instead when the filter matches many rows. Bounded: a sample per index.
    public override void Optimize(DbConnection connection) => Exec(connection, "PRAGMA analysis_limit=1000; PRAGMA optimize=0x10002;");

    // Microsoft.Data.Sqlite starts BEGIN IMMEDIATE unless told deferred: the write lock is taken at once.
    public override DbTransaction BeginWrite(DbConnection connection)
    {
        // A write touches a leaf of every index (ten on models, the text index, versions): on a big
        // catalog those pages outgrow a reader's cache, and every miss is a read and, after the next
        // checkpoint, a scattered write. Writers get a cache the size of a big catalog's index set.
        Exec(connection, "PRAGMA cache_size=-1048576;");
        return ((SqliteConnection)connection).BeginTransaction(deferred: false);
    }

    public override void Dispose() { }
}

internal sealed class PostgresDialect : SqlDialect
{
    private readonly NpgsqlDataSource _source;

    public PostgresDialect(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        // A batch load sends the same few statements millions of times: prepared once per connection,
        // the server stops parsing and planning them each time. The user's own setting wins.
        if (builder.MaxAutoPrepare == 0) builder.MaxAutoPrepare = 32;
        _source = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    public override CatalogProvider Provider => CatalogProvider.Postgres;
    public override string Blob => "BYTEA";
    public override string Real => "DOUBLE PRECISION";

    public override DbConnection Open() => _source.OpenConnection();

    public override DbTransaction BeginWrite(DbConnection connection)
    {
        var tx = connection.BeginTransaction();
        // One writer at a time, like SQLite: the transaction-scoped lock is released on commit or rollback.
        Exec(connection, "SELECT pg_advisory_xact_lock(72657512)", tx);
        return tx;
    }

    public override IReadOnlySet<string> IndexesAndTriggers(DbConnection connection, DbTransaction? tx) =>
        Names(connection, tx, "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() UNION ALL SELECT t.tgname::text FROM pg_trigger t WHERE NOT t.tgisinternal");

    // The trigram GIN index answers the LIKE; without the index, a scan.
    public override (string Sql, string Text) TextMatches(string lowerText) =>
        ("SELECT seq FROM models WHERE search LIKE @text ESCAPE '\\' LIMIT @max", Sql.Contains(lowerText));

    public override string TextSearchIndex(DbConnection connection, List<string> problems)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'ix_models_search'";
        return Convert.ToInt64(cmd.ExecuteScalar()) > 0
            ? "indexed (PostgreSQL pg_trgm GIN index ix_models_search)"
            : "not indexed (the pg_trgm extension could not be created here: a scan of every model; CREATE EXTENSION pg_trgm as an owner, then open the catalog with a newer migration)";
    }

    public override void Dispose() => _source.Dispose();
}

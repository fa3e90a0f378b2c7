namespace OpenGrade.Storage;

/// <summary>Which database a catalog lives in.</summary>
public enum CatalogProvider { Sqlite, Postgres }

/// <summary>
/// What <c>--db</c> names: a SQLite file (the default, no server to install) or a PostgreSQL
/// connection (<c>postgres://…</c>, <c>postgresql://…</c> or a keyword string starting <c>Host=</c>).
/// </summary>
public sealed record CatalogLocation(CatalogProvider Provider, string ConnectionString, string Display)
{
    /// <summary>The variable naming the default catalog; without it, <c>opengrade.db</c> in the current folder.</summary>
    public const string Variable = "OPENGRADE_DB";

    public const string DefaultFile = "opengrade.db";

    /// <summary>The catalog <paramref name="db"/> names, or the default one when it is null or empty.</summary>
    public static CatalogLocation Resolve(string? db)
    {
        if (string.IsNullOrWhiteSpace(db)) db = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(db)) db = DefaultFile;
        return Parse(db);
    }

    public static CatalogLocation Parse(string db)
    {
        if (db.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || db.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return new CatalogLocation(CatalogProvider.Postgres, PostgresUrl.ToConnectionString(db), PostgresUrl.Redacted(db));
        }
        if (db.StartsWith("Host=", StringComparison.OrdinalIgnoreCase))
        {
            return new CatalogLocation(CatalogProvider.Postgres, db, "PostgreSQL " + PostgresUrl.RedactKeywords(db));
        }
        if (db.Any(char.IsControl)) throw new CatalogException("the database path holds a control character");
        // SQLite: a plain file path. Pooling keeps prepared connections warm between requests.
        var full = Path.GetFullPath(db);
        var csb = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = Microsoft.Data.Sqlite.SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        };
        return new CatalogLocation(CatalogProvider.Sqlite, csb.ToString(), full);
    }
}

/// <summary>A catalog could not be opened, read or written: the message is one line for a person.</summary>
public sealed class CatalogException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>PostgreSQL URLs (<c>postgres://user:pass@host:port/db?sslmode=…</c>) as Npgsql keyword strings.</summary>
internal static class PostgresUrl
{
    public static string ToConnectionString(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new CatalogException("the PostgreSQL URL is malformed (expected postgres://user:password@host:port/database)");
        }
        var csb = new Npgsql.NpgsqlConnectionStringBuilder { Host = uri.Host, Port = uri.Port > 0 ? uri.Port : 5432 };
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            csb.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2) csb.Password = Uri.UnescapeDataString(parts[1]);
        }
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0) csb.Database = database;
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            if (kv.Length != 2) continue;
            var key = Uri.UnescapeDataString(kv[0]);
            if (key.Equals("sslmode", StringComparison.OrdinalIgnoreCase) && Enum.TryParse<Npgsql.SslMode>(Uri.UnescapeDataString(kv[1]), true, out var mode)) csb.SslMode = mode;
        }
        return csb.ToString();
    }

    /// <summary>The URL without its password, for messages.</summary>
    public static string Redacted(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? $"{uri.Scheme}://{uri.Host}:{(uri.Port > 0 ? uri.Port : 5432)}{uri.AbsolutePath}" : "PostgreSQL";

    public static string RedactKeywords(string cs)
    {
        try
        {
            var csb = new Npgsql.NpgsqlConnectionStringBuilder(cs);
            return $"{csb.Host}:{csb.Port}/{csb.Database}";
        }
        catch (ArgumentException)
        {
            throw new CatalogException("the PostgreSQL connection string is malformed");
        }
    }
}

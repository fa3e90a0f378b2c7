using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenGrade.Storage;

/// <summary>
/// The catalog on a SQL database through plain ADO.NET: one schema (<see cref="Migrations"/>),
/// one set of queries, and a <see cref="SqlDialect"/> for the few differences.
/// </summary>
public sealed class SqlCatalog : ICatalog
{
    private readonly SqlDialect _dialect;

    private SqlCatalog(SqlDialect dialect, string display)
    {
        _dialect = dialect;
        Display = display;
    }

    public string Display { get; }

    public CatalogProvider Provider => _dialect.Provider;

    /// <summary>Opens (creating when needed) the catalog and applies the migrations it lacks.</summary>
    public static SqlCatalog Open(CatalogLocation location)
    {
        var dialect = SqlDialect.For(location);
        try
        {
            Migrations.Apply(dialect);
            return new SqlCatalog(dialect, location.Display);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or IOException or ArgumentException or TimeoutException)
        {
            dialect.Dispose();
            throw new CatalogException($"{location.Display}: cannot open the catalog: {OneLine(e.Message)}", e);
        }
        catch
        {
            dialect.Dispose();
            throw;
        }
    }

    public static SqlCatalog Open(string? db) => Open(CatalogLocation.Resolve(db));

    public void Dispose() => _dialect.Dispose();

    // ---------------------------------------------------------------- writes

    public StoreResult Store(CatalogRecord record) => StoreMany([record], 1)[0];

    public IReadOnlyList<StoreResult> StoreMany(IEnumerable<CatalogRecord> records, int batchSize = 500, IProgress<int>? progress = null)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize));
        var results = new List<StoreResult>();
        var batch = new List<CatalogRecord>(batchSize);
        foreach (var record in records)
        {
            batch.Add(record);
            if (batch.Count == batchSize) Flush();
        }
        if (batch.Count > 0) Flush();
        if (results.Count >= 1000)
        {
            using var c = _dialect.Open();
            _dialect.Optimize(c);
        }
        return results;

        void Flush()
        {
            results.AddRange(Commit(batch, null));
            batch.Clear();
            progress?.Report(results.Count);
        }
    }

    public IReadOnlyList<StoreResult> StoreBatch(IReadOnlyList<CatalogRecord> records, RunPosition? position = null) => Commit(records, position);

    public IReadOnlyList<StoreResult> StorePrepared(IReadOnlyList<PreparedRecord> records, RunPosition? position = null) => Commit(records, position);

    /// <summary>One write transaction: the records, then the run's position when given.</summary>
    private List<StoreResult> Commit(IReadOnlyList<CatalogRecord> records, RunPosition? position)
    {
        // The expensive part (facts, hashes, compression) happens before the write lock is taken.
        List<PreparedRecord> prepared;
        try
        {
            prepared = records.AsParallel().AsOrdered().Select(PreparedRecord.Of).ToList();
        }
        catch (AggregateException e) when (e.InnerExceptions.FirstOrDefault() is CatalogException first)
        {
            throw first;
        }
        return Commit(prepared, position);
    }

    private List<StoreResult> Commit(IReadOnlyList<PreparedRecord> prepared, RunPosition? position)
    {
        return Guard(() =>
        {
            using var c = _dialect.Open();
            using var tx = _dialect.BeginWrite(c);
            if (IndexesDeferred(c, tx)) _dialect.Appending(c, tx);
            using var writer = new CatalogWriter(c, tx);
            var stored = writer.StoreAll(prepared);
            if (position is not null) writer.Save(position);
            writer.Flush();
            tx.Commit();
            return stored;
        });
    }

    /// <summary>Set in <c>catalog_meta</c>, in the transaction that drops the indexes, cleared in the one that builds them.</summary>
    private const string DeferredKey = "indexes_deferred";

    public bool DeferIndexesForLoad() => Guard(() =>
    {
        using var c = _dialect.Open();
        using var tx = _dialect.BeginWrite(c);
        if (IndexesDeferred(c, tx)) return true;
        if (Scalar(c, tx, "SELECT COUNT(*) FROM (SELECT 1 FROM models LIMIT 1) AS any_model") > 0) return false;
        foreach (var deferred in Migrations.Deferrable(_dialect.Provider)) Migrations.Exec(c, tx, deferred.Drop);
        Migrations.Exec(c, tx, $"INSERT INTO catalog_meta (key, value) VALUES ('{DeferredKey}', 1) ON CONFLICT (key) DO UPDATE SET value = 1");
        tx.Commit();
        return true;
    });

    public int RestoreIndexes() => Guard(() =>
    {
        using var c = _dialect.Open();
        int made;
        using (var tx = _dialect.BeginWrite(c))
        {
            var deferred = IndexesDeferred(c, tx);
            var absent = Absent(c, tx);
            if (!deferred && absent.All(a => a.Optional)) return 0;
            _dialect.BuildingIndexes(c, tx);
            made = 0;
            foreach (var index in absent)
            {
                // An optional index (PostgreSQL's trigram index) is skipped where the database refuses it, as its migration was.
                if (!index.Optional) Migrations.Exec(c, tx, index.CreateIfMissing);
                else if (!Migrations.TryOptional(c, tx, index.CreateIfMissing)) continue;
                made++;
            }
            if (deferred || absent.Any(a => a.Kind == "TRIGGER")) _dialect.AfterDeferredLoad(c, tx);
            Migrations.Exec(c, tx, $"DELETE FROM catalog_meta WHERE key = '{DeferredKey}'");
            tx.Commit();
        }
        _dialect.Optimize(c);
        return made;
    });

    /// <summary>The indexes and triggers the migrations make that the database lacks (an optional one may lack for good: its extension).</summary>
    private List<DeferrableObject> Absent(DbConnection c, DbTransaction? tx)
    {
        var present = _dialect.IndexesAndTriggers(c, tx);
        return [.. Migrations.Deferrable(_dialect.Provider).Where(d => !present.Contains(d.Name))];
    }

    private static bool IndexesDeferred(DbConnection c, DbTransaction? tx) =>
        Scalar(c, tx, $"SELECT COUNT(*) FROM catalog_meta WHERE key = '{DeferredKey}'") > 0;

    private static long Scalar(DbConnection c, DbTransaction? tx, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar());
    }

    public RunPosition? LoadPosition(string runKey) => Guard(() =>
    {
        using var c = _dialect.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT run, source, done, page, page_first, finished FROM batch_positions WHERE run_key = @k ORDER BY source_index";
        Sql.Add(cmd, "k", runKey);
        using var r = cmd.ExecuteReader();
        string? run = null;
        var marks = new List<SourceMark>();
        while (r.Read())
        {
            run = r.GetString(0);
            marks.Add(new SourceMark(r.GetString(1), r.GetInt64(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetInt64(4), r.GetInt64(5) != 0));
        }
        return run is null ? null : new RunPosition(runKey, run, marks);
    });

    /// <summary>Rows read per query by the streaming reads (keyset pages on the primary key: no long-held read).</summary>
    private const int StreamPage = 2000;

    public IEnumerable<HeldVersion> HeldVersions() => Pages(
        "SELECT m.id, v.listing_version, v.source_revision FROM models m JOIN versions v ON v.model_id = m.id AND v.version = m.latest_version",
        r => new HeldVersion(r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2)), h => h.ModelId);

    public IEnumerable<LatestDocument> LatestDocuments() => Pages(
        "SELECT m.id, v.assessment, v.listing FROM models m JOIN versions v ON v.model_id = m.id AND v.version = m.latest_version",
        r => new LatestDocument(r.GetString(0), Documents.UnpackBytes((byte[])r.GetValue(1)), r.IsDBNull(2) ? null : Documents.UnpackBytes((byte[])r.GetValue(2))),
        d => d.ModelId);

    /// <summary>Every row of <paramref name="select"/> in id order, <see cref="StreamPage"/> per query: memory stays one page.</summary>
    private IEnumerable<T> Pages<T>(string select, Func<DbDataReader, T> read, Func<T, string> idOf)
    {
        string? after = null;
        while (true)
        {
            var page = Guard(() =>
            {
                using var c = _dialect.Open();
                using var cmd = c.CreateCommand();
                cmd.CommandText = $"{select}{(after is null ? "" : " WHERE m.id > @after")} ORDER BY m.id LIMIT {StreamPage}";
                if (after is not null) Sql.Add(cmd, "after", after);
                using var r = cmd.ExecuteReader();
                var rows = new List<T>(StreamPage);
                while (r.Read()) rows.Add(read(r));
                return rows;
            });
            foreach (var row in page) yield return row;
            if (page.Count < StreamPage) yield break;
            after = idOf(page[^1]);
        }
    }


    // ---------------------------------------------------------------- reads

    public ModelPage List(ModelQuery query)
    {
        var sort = SortKey.Parse(query.Sort);
        var limit = Math.Clamp(query.Limit, 1, 500);
        return Guard(() =>
        {
            using var c = _dialect.Open();
            using var cmd = c.CreateCommand();
            // The page is chosen on the models table alone (index-sized rows, no blob in any sort),
            // then only its rows fetch their assessment.
            const string Columns = "id, seq, name, producer, type, release_date, mof_class, mof_total, osaid, eu, downloads, assessed_at, latest_version, latest_hash";
            var sql = new StringBuilder($"SELECT m.{Columns.Replace(", ", ", m.")}, m.{sort.Column} AS sort_value FROM models m WHERE 1 = 1");
            // A producer is the selective filter (its index also serves the default sort); otherwise a
            // sort without a shared index is walked in order.
            Filters(cmd, sql, query, _dialect, TextCandidates(c, query), walkSortIndex: sort.Column != "mof_total" || query.Producer is not null);
            if (query.Cursor is { } cursor)
            {
                var (value, id) = sort.ReadCursor(cursor);
                sql.Append($" AND (m.{sort.Column}, m.id) {(sort.Descending ? "<" : ">")} (@cv, @cid)");
                Sql.Add(cmd, "cv", value);
                Sql.Add(cmd, "cid", id);
            }
            var dir = sort.Descending ? "DESC" : "ASC";
            sql.Append($" ORDER BY m.{sort.Column} {dir}, m.id {dir} LIMIT {limit + 1}");
            if (query.WithDocuments)
            {
                sql.Insert(0, $"SELECT p.{Columns.Replace(", ", ", p.")}, v.assessment FROM (");
                sql.Append($") p JOIN versions v ON v.model_id = p.id AND v.version = p.latest_version ORDER BY p.sort_value {dir}, p.id {dir}");
            }
            cmd.CommandText = sql.ToString();
            var items = new List<ModelSummary>();
            using (var reader = cmd.ExecuteReader())
            {
                while (reader.Read())
                {
                    var downloads = reader.GetInt64(10);
                    items.Add(new ModelSummary(
                        reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                        (int)reader.GetInt64(6), reader.GetDouble(7), reader.GetString(8), reader.GetString(9), downloads < 0 ? null : downloads,
                        reader.GetString(11), reader.GetInt64(12), reader.GetString(13),
                        query.WithDocuments ? Documents.UnpackBytes((byte[])reader.GetValue(14)) : null));
                }
            }
            string? next = null;
            if (items.Count > limit)
            {
                items.RemoveAt(items.Count - 1);
                next = sort.WriteCursor(items[^1]);
            }
            return new ModelPage(items, next);
        });
    }

    public long Count(ModelQuery query) => Guard(() =>
    {
        using var c = _dialect.Open();
        using var cmd = c.CreateCommand();
        var sql = new StringBuilder("SELECT COUNT(*) FROM models m WHERE 1 = 1");
        Filters(cmd, sql, query, _dialect, TextCandidates(c, query));
        cmd.CommandText = sql.ToString();
        return Convert.ToInt64(cmd.ExecuteScalar());
    });

    /// <param name="walkSortIndex">
    /// Set when the sort has no index shared with the filters: the few-valued filters (class,
    /// verdicts, type; each matches a large share of the models) are then checked while walking the
    /// sort's index, which finds a page after a few hundred rows instead of sorting every match.
    /// </param>
    /// <summary>How many trigram matches make a text common enough that walking the sort's index finds a page sooner than sorting the matches.</summary>
    private const int RareTextMatches = 2000;

    /// <summary>
    /// A text search's matches through the trigram index when they are few (a name, an id): the page
    /// is then chosen among them. Null when there is no text, it is under three characters, or it
    /// matches more than <see cref="RareTextMatches"/> models: then the sort's index is walked and
    /// the <c>LIKE</c> tested row by row, which finds a page of a common word at once.
    /// </summary>
    private long[]? TextCandidates(DbConnection c, ModelQuery q)
    {
        if (q.Text is not { Length: >= 3 } text) return null;
        var lower = text.ToLowerInvariant();
        using var cmd = c.CreateCommand();
        (cmd.CommandText, var value) = _dialect.TextMatches(lower);
        Sql.Add(cmd, "text", value);
        Sql.Add(cmd, "max", (long)RareTextMatches + 1);
        var seqs = new List<long>();
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read()) seqs.Add(r.GetInt64(0));
        }
        return seqs.Count > RareTextMatches ? null : [.. seqs];
    }

    private static void Filters(DbCommand cmd, StringBuilder sql, ModelQuery q, SqlDialect dialect, long[]? textCandidates, bool walkSortIndex = false)
    {
        void Eq(string column, string name, object? value, bool fewValued = true)
        {
            if (value is null) return;
            var reference = $"m.{column}";
            if (fewValued && walkSortIndex) reference = dialect.NotIndexed(reference);
            sql.Append($" AND {reference} = @{name}");
            Sql.Add(cmd, name, value);
        }
        Eq("mof_class", "fclass", q.MofClass is { } cls ? (long)cls : null);
        Eq("osaid", "fosaid", q.Osaid);
        Eq("eu", "feu", q.Eu);
        Eq("producer_key", "fproducer", q.Producer?.ToLowerInvariant(), fewValued: false);
        Eq("type", "ftype", q.Type);
        if (q.License is { } license)
        {
            sql.Append(" AND EXISTS (SELECT 1 FROM model_licenses l WHERE l.license_id = @flicense AND l.model_id = m.id)");
            Sql.Add(cmd, "flicense", license);
        }
        if (q.Flag is { } flag)
        {
            sql.Append(" AND EXISTS (SELECT 1 FROM model_flags f WHERE f.flag_kind = @fflag AND f.model_id = m.id)");
            Sql.Add(cmd, "fflag", flag);
        }
        if (q.Text is { Length: > 0 } text)
        {
            // A substring of the id, name or producer, case-insensitive; % and _ are literal.
            sql.Append(" AND m.search LIKE @ftext ESCAPE '\\'");
            Sql.Add(cmd, "ftext", Sql.Contains(text.ToLowerInvariant()));
            if (textCandidates is not null)
            {
                // Serial numbers read from the catalog itself, written inline: the planner then sees a
                // short list to look up (a parameter list would hide its length from it).
                sql.Append(textCandidates.Length == 0 ? " AND 1 = 0" : $" AND m.seq IN ({string.Join(',', textCandidates)})");
            }
        }
    }

    public long ModelCount() => Guard(() =>
    {
        using var c = _dialect.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT value FROM catalog_meta WHERE key = 'models'";
        return Convert.ToInt64(cmd.ExecuteScalar());
    });

    private const string VersionColumns = "v.model_id, v.version, v.assessed_at, v.source_revision, v.tool_version, v.framework_versions, v.content_hash, v.evidence_hash, v.licenses, v.mof_class, v.osaid, v.eu";

    private static VersionInfo ReadVersion(DbDataReader r) => new(
        r.GetString(0), r.GetInt64(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetString(4), r.GetString(5),
        r.GetString(6), r.GetString(7), JsonSerializer.Deserialize<string[]>(r.GetString(8)) ?? [], (int)r.GetInt64(9), r.GetString(10), r.GetString(11));

    public StoredVersion? Get(string modelId, long? version = null) => Guard(() =>
    {
        using var c = _dialect.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT {VersionColumns}, m.seq, v.assessment, v.mot FROM versions v JOIN models m ON m.id = v.model_id WHERE v.model_id = @id AND v.version = COALESCE(@v, m.latest_version)";
        Sql.Add(cmd, "id", modelId);
        Sql.Add(cmd, "v", version);
        using var r = cmd.ExecuteReader();
        if (!r.Read()) return null;
        return new StoredVersion(ReadVersion(r), r.GetInt64(12), Documents.Unpack((byte[])r.GetValue(13)), Documents.Unpack((byte[])r.GetValue(14)));
    });

    public IReadOnlyList<MotModel> MotPage(long first, int count) => Guard(() =>
    {
        using var c = _dialect.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT m.seq, m.id, v.mot FROM models m JOIN versions v ON v.model_id = m.id AND v.version = m.latest_version WHERE m.seq >= @a AND m.seq < @b ORDER BY m.seq";
        Sql.Add(cmd, "a", first);
        Sql.Add(cmd, "b", first + count);
        using var r = cmd.ExecuteReader();
        var list = new List<MotModel>();
        while (r.Read()) list.Add(new MotModel(r.GetInt64(0), r.GetString(1), Documents.Unpack((byte[])r.GetValue(2))));
        return (IReadOnlyList<MotModel>)list;
    });

    public MotModel? MotModel(long seq) => MotPage(seq, 1) is [var one] ? one : null;

    public IReadOnlyList<VersionInfo> History(string modelId) => Guard(() =>
    {
        using var c = _dialect.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT {VersionColumns} FROM versions v WHERE v.model_id = @id ORDER BY v.version";
        Sql.Add(cmd, "id", modelId);
        using var r = cmd.ExecuteReader();
        var list = new List<VersionInfo>();
        while (r.Read()) list.Add(ReadVersion(r));
        return (IReadOnlyList<VersionInfo>)list;
    });

    public IReadOnlyList<LicenseChange> LicenseChanges(string modelId) => Guard(() =>
    {
        using var c = _dialect.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT model_id, from_version, to_version, at, before_ids, after_ids FROM license_events WHERE model_id = @id ORDER BY to_version";
        Sql.Add(cmd, "id", modelId);
        using var r = cmd.ExecuteReader();
        var list = new List<LicenseChange>();
        while (r.Read())
        {
            list.Add(new LicenseChange(r.GetString(0), r.GetInt64(1), r.GetInt64(2), r.GetString(3),
                JsonSerializer.Deserialize<string[]>(r.GetString(4)) ?? [], JsonSerializer.Deserialize<string[]>(r.GetString(5)) ?? []));
        }
        return (IReadOnlyList<LicenseChange>)list;
    });

    public IReadOnlyList<LicenseUsage> Licenses() => Guard(() =>
    {
        using var c = _dialect.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT license_id, models FROM license_counts WHERE models > 0 ORDER BY models DESC, license_id";
        using var r = cmd.ExecuteReader();
        var list = new List<LicenseUsage>();
        while (r.Read()) list.Add(new LicenseUsage(r.GetString(0), r.GetInt64(1)));
        return (IReadOnlyList<LicenseUsage>)list;
    });

    // ---------------------------------------------------------------- tokens

    public CreatedToken CreateToken(string name)
    {
        if (name.Length > 100 || name.Any(char.IsControl)) throw new CatalogException("a token name is at most 100 characters, without control characters");
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var token = $"ogt_{id}_{System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32))}";
        Guard(() =>
        {
            using var c = _dialect.Open();
            using var tx = _dialect.BeginWrite(c);
            using var cmd = c.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "INSERT INTO tokens (id, name, hash, created_at) VALUES (@id, @name, @hash, @at)";
            Sql.Add(cmd, "id", id);
            Sql.Add(cmd, "name", name);
            Sql.Add(cmd, "hash", SHA256.HashData(Encoding.UTF8.GetBytes(token)));
            Sql.Add(cmd, "at", Sql.Timestamp(DateTimeOffset.UtcNow));
            cmd.ExecuteNonQuery();
            tx.Commit();
            return 0;
        });
        return new CreatedToken(id, name, token);
    }

    public bool VerifyToken(string token)
    {
        // Tokens carry 256 random bits, so a plain SHA-256 is enough (no password stretching);
        // the id part only finds the row, the hash decides, in constant time.
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        // ogt_<12 hex id>_<secret>: the secret's base64url may itself hold '_'.
        var id = token.Length > 17 && token.StartsWith("ogt_", StringComparison.Ordinal) && token[16] == '_' ? token[4..16] : "";
        var stored = Guard(() =>
        {
            using var c = _dialect.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT hash FROM tokens WHERE id = @id";
            Sql.Add(cmd, "id", id);
            return cmd.ExecuteScalar() as byte[];
        });
        return CryptographicOperations.FixedTimeEquals(presented, stored ?? new byte[presented.Length]) && stored is not null;
    }

    public bool HasTokens() => Guard(() =>
    {
        using var c = _dialect.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM tokens";
        return Convert.ToInt64(cmd.ExecuteScalar()) > 0;
    });

    // ---------------------------------------------------------------- integrity

    public IntegrityReport CheckIntegrity() => Guard(() =>
    {
        using var c = _dialect.Open();
        var problems = new List<string>();
        var models = Scalar(c, null, "SELECT COUNT(*) FROM models");
        var versions = Scalar(c, null, "SELECT COUNT(*) FROM versions");
        var counter = Scalar(c, null, "SELECT value FROM catalog_meta WHERE key = 'models'");
        if (counter != models) problems.Add($"the model counter says {counter}, the table holds {models}");
        var missing = Scalar(c, null, "SELECT COUNT(*) FROM models m WHERE NOT EXISTS (SELECT 1 FROM versions v WHERE v.model_id = m.id AND v.version = m.latest_version)");
        if (missing > 0) problems.Add($"{missing} model(s) lack their latest version");
        var orphans = Scalar(c, null, "SELECT COUNT(*) FROM versions v WHERE NOT EXISTS (SELECT 1 FROM models m WHERE m.id = v.model_id AND v.version <= m.latest_version)");
        if (orphans > 0) problems.Add($"{orphans} version(s) belong to no model");
        var maxSeq = Scalar(c, null, "SELECT COALESCE(MAX(seq), 0) FROM models");
        if (maxSeq != models) problems.Add($"serial numbers are not dense (max {maxSeq}, {models} models)");
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "SELECT model_id, version, content_hash, assessment, mot FROM versions";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                try
                {
                    var assessment = Documents.Unpack((byte[])r.GetValue(3));
                    Documents.Unpack((byte[])r.GetValue(4));
                    if (CatalogFacts.ContentHashOf(assessment) != r.GetString(2)) problems.Add($"{r.GetString(0)} v{r.GetInt64(1)}: the assessment does not match its hash");
                }
                catch (Exception e) when (e is InvalidDataException or JsonException or CatalogException)
                {
                    problems.Add($"{r.GetString(0)} v{r.GetInt64(1)}: unreadable document ({OneLine(e.Message)})");
                }
            }
        }
        // While a load has them deferred, the text index is rebuilt at its end: checking it now would only say it lags.
        var deferred = IndexesDeferred(c, null);
        if (deferred)
        {
            problems.Add("the secondary indexes are deferred by a batch load that has not finished: lists and search scan every model. "
                + "Finish the load (opengrade batch … --db … --resume) or build them now: opengrade catalog check --build-indexes");
        }
        else if (Absent(c, null).Where(a => !a.Optional).ToList() is { Count: > 0 } lacking)
        {
            problems.Add($"the catalog lacks {string.Join(", ", lacking.Select(m => m.Name))}: build them with: opengrade catalog check --build-indexes");
        }
        var textSearch = deferred ? "deferred (built when the batch load finishes)" : _dialect.TextSearchIndex(c, problems);
        return new IntegrityReport(models, versions, counter, problems) { TextSearch = textSearch };
    });

    // ---------------------------------------------------------------- helpers

    private T Guard<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (DbException e)
        {
            throw new CatalogException($"{Display}: {OneLine(e.Message)}", e);
        }
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();

}

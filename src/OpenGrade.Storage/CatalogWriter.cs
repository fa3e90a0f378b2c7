using System.Data.Common;
using System.Text.Json;

namespace OpenGrade.Storage;

/// <summary>
/// The statements of one write transaction. What the catalog holds for the batch's models is read
/// first, in a few queries; the writes then need no answer from the database, so a provider that
/// takes batches (PostgreSQL) receives them in a few round trips instead of ten per model.
/// </summary>
internal sealed class CatalogWriter(DbConnection c, DbTransaction tx) : IDisposable
{
    /// <summary>Ids per look-up query: well under every provider's parameter limit.</summary>
    private const int LookupChunk = 200;

    private readonly WriteStatements _statements = WriteStatements.For(c, tx);

    /// <summary>The last serial number given (read once per transaction: writers are serialised, so it holds).</summary>
    private long? _lastSeq;

    /// <summary>Models added, and models per license id gained or lost, in this transaction: counters are updated once, at <see cref="Flush"/>.</summary>
    private long _added;

    private readonly Dictionary<string, long> _licenseDeltas = new(StringComparer.Ordinal);

    /// <summary>A model's latest version as the transaction sees it.</summary>
    private sealed record Held(long Version, string Hash, IReadOnlyList<string> Licenses);

    public void Dispose() => _statements.Dispose();

    /// <summary>Updates the counters and sends what is still queued; the transaction's commit follows.</summary>
    public void Flush()
    {
        if (_added > 0) _statements.Run("UPDATE catalog_meta SET value = value + @p0 WHERE key = 'models'", _added);
        foreach (var (license, delta) in _licenseDeltas.Where(d => d.Value != 0).OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            _statements.Run("INSERT INTO license_counts (license_id, models) VALUES (@p0, @p1) ON CONFLICT (license_id) DO UPDATE SET models = license_counts.models + @p1", license, delta);
        }
        _added = 0;
        _licenseDeltas.Clear();
        _statements.Flush();
    }

    /// <summary>The next dense serial number: MOT's numeric id (1, 2, 3, …); page n of /api/v1/models is then a range of seq, not an OFFSET.</summary>
    private long NextSeq()
    {
        if (_lastSeq is null)
        {
            using var cmd = c.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "SELECT COALESCE(MAX(seq), 0) FROM models";
            _lastSeq = Convert.ToInt64(cmd.ExecuteScalar());
        }
        return (long)(_lastSeq = _lastSeq + 1);
    }

    public List<StoreResult> StoreAll(IReadOnlyList<PreparedRecord> records)
    {
        var held = Lookup(records.Select(p => p.Record.ModelId).Distinct(StringComparer.Ordinal).ToList());
        return [.. records.Select(p => Store(p, held))];
    }

    /// <summary>The latest version, content hash and licenses of every id the catalog holds.</summary>
    private Dictionary<string, Held> Lookup(IReadOnlyList<string> ids)
    {
        var held = new Dictionary<string, Held>(StringComparer.Ordinal);
        foreach (var chunk in ids.Chunk(LookupChunk))
        {
            using var cmd = c.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "SELECT m.id, m.latest_version, m.latest_hash, v.licenses FROM models m "
                + "JOIN versions v ON v.model_id = m.id AND v.version = m.latest_version "
                + $"WHERE m.id IN ({string.Join(", ", chunk.Select((_, i) => "@h" + i))})";
            for (var i = 0; i < chunk.Length; i++) Sql.Add(cmd, "h" + i, chunk[i]);
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                held[r.GetString(0)] = new Held(r.GetInt64(1), r.GetString(2), JsonSerializer.Deserialize<string[]>(r.GetString(3)) ?? []);
            }
        }
        return held;
    }

    private StoreResult Store(PreparedRecord p, Dictionary<string, Held> held)
    {
        var r = p.Record;
        var f = p.Facts;
        held.TryGetValue(r.ModelId, out var latest);
        if (latest is not null && latest.Hash == f.ContentHash)
        {
            if (p.Listing is not null)
            {
                // The same assessment at a new listing version: the version keeps it (a re-run then knows it), no new version.
                _statements.Run("UPDATE versions SET listing_version = @p0, listing = @p1 WHERE model_id = @p2 AND version = @p3",
                    r.ListingVersion, p.Listing, r.ModelId, latest.Version);
                if (r.Downloads is { } downloads) _statements.Run("UPDATE models SET downloads = @p0 WHERE id = @p1", downloads, r.ModelId);
            }
            return new StoreResult(r.ModelId, latest.Version, StoreOutcome.Unchanged, null);
        }

        var version = (latest?.Version ?? 0) + 1;
        var at = Sql.Timestamp(r.AssessedAt);
        var licensesJson = JsonSerializer.Serialize(f.Licenses);
        object?[] row =
        [
            r.ModelId, f.Name, f.Name.ToLowerInvariant(), f.Producer, f.Producer.ToLowerInvariant(), f.Type, f.ReleaseDate,
            (long)f.MofClass, f.MofTotal, f.Osaid, f.Eu, r.Downloads ?? -1L, at, version, f.ContentHash,
            $"{r.ModelId} {f.Name} {f.Producer}".ToLowerInvariant(),
        ];
        if (latest is null)
        {
            _statements.Run("""
                INSERT INTO models (id, name, name_key, producer, producer_key, type, release_date, mof_class, mof_total,
                  osaid, eu, downloads, assessed_at, latest_version, latest_hash, search, seq)
                VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12, @p13, @p14, @p15, @p16)
                """, [.. row, NextSeq()]);
            _added++;
        }
        else
        {
            _statements.Run("""
                UPDATE models SET name = @p1, name_key = @p2, producer = @p3, producer_key = @p4, type = @p5, release_date = @p6,
                  mof_class = @p7, mof_total = @p8, osaid = @p9, eu = @p10, downloads = @p11, assessed_at = @p12,
                  latest_version = @p13, latest_hash = @p14, search = @p15
                WHERE id = @p0
                """, row);
        }
        _statements.Run("""
            INSERT INTO versions (model_id, version, assessed_at, source_revision, tool_version, framework_versions,
              content_hash, evidence_hash, licenses, mof_class, osaid, eu, assessment, mot, listing_version, listing)
            VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12, @p13, @p14, @p15)
            """,
            r.ModelId, version, at, r.SourceRevision, r.ToolVersion, f.FrameworkVersions,
            f.ContentHash, f.EvidenceHash, licensesJson, (long)f.MofClass, f.Osaid, f.Eu, p.Assessment, p.Mot, r.ListingVersion, p.Listing);

        var before = latest?.Licenses ?? [];
        ReplaceLicenses(r.ModelId, before, f.Licenses);
        // A model new to the catalog has no flags to clear.
        if (latest is not null) _statements.Run("DELETE FROM model_flags WHERE model_id = @p0", r.ModelId);
        foreach (var flag in f.Flags) _statements.Run("INSERT INTO model_flags (flag_kind, model_id) VALUES (@p0, @p1)", flag, r.ModelId);

        LicenseChange? change = null;
        if (latest is not null && !before.SequenceEqual(f.Licenses))
        {
            change = new LicenseChange(r.ModelId, latest.Version, version, at, before, f.Licenses);
            _statements.Run("INSERT INTO license_events (model_id, from_version, to_version, at, before_ids, after_ids) VALUES (@p0, @p1, @p2, @p3, @p4, @p5)",
                r.ModelId, latest.Version, version, at, JsonSerializer.Serialize(before), licensesJson);
        }
        // A model met twice in one batch sees its first record as held.
        held[r.ModelId] = new Held(version, f.ContentHash, f.Licenses);
        return new StoreResult(r.ModelId, version, latest is null ? StoreOutcome.Added : StoreOutcome.NewVersion, change);
    }

    /// <summary>The run's position replaces the one stored under its key, in this transaction.</summary>
    public void Save(RunPosition position)
    {
        _statements.Run("DELETE FROM batch_positions WHERE run_key = @p0", position.RunKey);
        for (var i = 0; i < position.Sources.Count; i++)
        {
            var m = position.Sources[i];
            _statements.Run("INSERT INTO batch_positions (run_key, source_index, run, source, done, page, page_first, finished) VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7)",
                position.RunKey, (long)i, position.Run, m.Source, m.Done, m.Page, m.PageFirst, m.Finished ? 1L : 0L);
        }
    }

    private void ReplaceLicenses(string modelId, IReadOnlyList<string> before, IReadOnlyList<string> after)
    {
        foreach (var gone in before.Except(after, StringComparer.Ordinal))
        {
            _statements.Run("DELETE FROM model_licenses WHERE license_id = @p0 AND model_id = @p1", gone, modelId);
            _licenseDeltas[gone] = _licenseDeltas.GetValueOrDefault(gone) - 1;
        }
        foreach (var added in after.Except(before, StringComparer.Ordinal))
        {
            _statements.Run("INSERT INTO model_licenses (license_id, model_id) VALUES (@p0, @p1)", added, modelId);
            _licenseDeltas[added] = _licenseDeltas.GetValueOrDefault(added) + 1;
        }
    }
}

/// <summary>
/// Write statements whose results nobody reads, with parameters <c>@p0…</c>: run one by one on a
/// prepared command per statement (SQLite, in process: a statement costs microseconds), or queued into
/// one batch per few thousand (a server: one round trip instead of one per statement).
/// </summary>
internal abstract class WriteStatements : IDisposable
{
    public abstract void Run(string sql, params object?[] values);

    public abstract void Flush();

    public abstract void Dispose();

    public static WriteStatements For(DbConnection c, DbTransaction tx) => c.CanCreateBatch ? new Batched(c, tx) : new OneByOne(c, tx);

    private sealed class OneByOne(DbConnection c, DbTransaction tx) : WriteStatements
    {
        private readonly Dictionary<string, DbCommand> _commands = [];

        public override void Run(string sql, params object?[] values)
        {
            if (!_commands.TryGetValue(sql, out var cmd))
            {
                cmd = c.CreateCommand();
                cmd.Transaction = tx;
                cmd.CommandText = sql;
                for (var i = 0; i < values.Length; i++) Sql.Add(cmd, "p" + i, values[i]);
                _commands[sql] = cmd;
            }
            else
            {
                for (var i = 0; i < values.Length; i++) Sql.Set(cmd, "p" + i, values[i]);
            }
            cmd.ExecuteNonQuery();
        }

        public override void Flush()
        {
        }

        public override void Dispose()
        {
            foreach (var cmd in _commands.Values) cmd.Dispose();
        }
    }

    private sealed class Batched(DbConnection c, DbTransaction tx) : WriteStatements
    {
        /// <summary>Statements per round trip: bounds the memory a batch holds.</summary>
        private const int PerBatch = 2000;

        private DbBatch? _batch;

        public override void Run(string sql, params object?[] values)
        {
            _batch ??= NewBatch();
            var command = _batch.CreateBatchCommand();
            command.CommandText = sql;
            for (var i = 0; i < values.Length; i++)
            {
                var p = command.CreateParameter();
                p.ParameterName = "p" + i;
                p.Value = values[i] ?? DBNull.Value;
                command.Parameters.Add(p);
            }
            _batch.BatchCommands.Add(command);
            if (_batch.BatchCommands.Count >= PerBatch) Flush();
        }

        public override void Flush()
        {
            if (_batch is not { BatchCommands.Count: > 0 }) return;
            _batch.ExecuteNonQuery();
            _batch.Dispose();
            _batch = null;
        }

        private DbBatch NewBatch()
        {
            var batch = c.CreateBatch();
            batch.Transaction = tx;
            return batch;
        }

        public override void Dispose() => _batch?.Dispose();
    }
}

using System.Collections;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenGrade.Batch.Records;
using OpenGrade.Sources.Files;
using Parquet;
using Parquet.Serialization;

namespace OpenGrade.Batch.Sources;

/// <summary>
/// The public Parquet dumps of the Hub listing, read one row group at a time with Parquet.Net
/// (docs/batch.md says why): <c>hub-stats</c> <c>models.parquet</c> (the API's field names, with
/// <c>cardData</c> and <c>safetensors</c> as JSON text or as a struct) and
/// <c>model_cards_with_metadata</c> (<c>modelId</c>, <c>last_modified</c>, <c>card</c>). Each row
/// becomes the Hub model object a listing line holds, so both go through the same parsing.
/// </summary>
public sealed class ParquetSource(string path) : IRecordSource
{
    /// <summary>Column names of the dumps that differ from the API's.</summary>
    private static readonly Dictionary<string, string> Renamed = new(StringComparer.Ordinal)
    {
        ["modelId"] = "id",
        ["last_modified"] = "lastModified",
        ["created_at"] = "createdAt",
    };

    /// <summary>Columns a dump may hold as JSON text where the API has an object or array.</summary>
    private static readonly HashSet<string> JsonText = ["cardData", "safetensors", "config", "siblings", "model-index", "transformersInfo"];

    private long _rows;
    private long _read;

    public string Name => path;

    public double? Fraction => _rows > 0 ? (double)_read / _rows : null;

    public static bool Handles(string path) => path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase);

    public async IAsyncEnumerable<RawRecord> ReadAsync(int index, SourcePosition from, [EnumeratorCancellation] CancellationToken ct)
    {
        Stream file;
        ParquetReader reader;
        try
        {
            file = RegularFile.Open(path);
            reader = await ParquetReader.CreateAsync(file, cancellationToken: ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new SourceException($"{path}: {(e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : $"not a readable Parquet file ({e.Message})")}");
        }
        await using var _ = file;
        await using var __ = reader;
        var groups = reader.RowGroupCount;
        var sizes = Enumerable.Range(0, groups).Select(g => reader.RowGroups[g].RowCount).ToArray();
        _rows = sizes.Sum();
        var name = Path.GetFileName(path);
        long first = 1;
        for (var g = 0; g < groups; g++)
        {
            var next = first + sizes[g];
            if (next - 1 <= from.Done)
            {
                // Every row of this group was done before: not even decoded.
                first = next;
                _read = first - 1;
                continue;
            }
            IList<Dictionary<string, object>> rows;
            try
            {
                file.Position = 0;
                rows = (await ParquetSerializer.DeserializeUntypedAsync(file, rowGroupIndex: g, cancellationToken: ct)).Data;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new SourceException($"{path}: row group {g + 1} cannot be read ({e.Message})");
            }
            for (var i = 0; i < rows.Count; i++)
            {
                var ordinal = first + i;
                _read = ordinal;
                if (ordinal <= from.Done) continue;
                var where = $"{name} row {ordinal}";
                yield return ToModel(rows[i]) is { } model
                    ? new RawRecord(index, ordinal, where, default, model)
                    : new RawRecord(index, ordinal, where, default, Problem: "a row whose values cannot be read as a Hub model object");
                rows[i] = null!; // the row group is let go row by row
            }
            first = next;
        }
    }

    /// <summary>A row as the Hub model object the listing gives (API field names and shapes).</summary>
    public static JsonObject? ToModel(IDictionary<string, object> row)
    {
        var model = new JsonObject();
        foreach (var (column, cell) in row)
        {
            if (cell is not { } value) continue;
            var key = Renamed.GetValueOrDefault(column, column);
            if (model.ContainsKey(key)) continue; // an API name and a dump name for one field: the first wins
            var node = ToNode(value, depth: 0);
            if (JsonText.Contains(key) && node is JsonValue text && text.TryGetValue<string>(out var json))
            {
                try
                {
                    node = JsonNode.Parse(json);
                }
                catch (JsonException)
                {
                    // Left as text: the record check reports the field as not an object.
                }
            }
            model[key] = node;
        }
        return model;
    }

    private static JsonNode? ToNode(object? value, int depth) => depth > 32 ? null : value switch
    {
        null => null,
        string s => JsonValue.Create(s),
        ReadOnlyMemory<char> m => JsonValue.Create(m.ToString()),
        DateTime d => JsonValue.Create(d.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)),
        DateTimeOffset d => JsonValue.Create(d.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)),
        bool b => JsonValue.Create(b),
        long or int or short or sbyte or byte or ushort or uint => JsonValue.Create(Convert.ToInt64(value, CultureInfo.InvariantCulture)),
        ulong u => u <= long.MaxValue ? JsonValue.Create((long)u) : JsonValue.Create((double)u),
        double or float or decimal => JsonValue.Create(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
        IDictionary<string, object?> map => new JsonObject(map.Select(kv => KeyValuePair.Create(kv.Key, ToNode(kv.Value, depth + 1)))),
        IDictionary map => new JsonObject(map.Keys.Cast<object>().Select(k => KeyValuePair.Create(k.ToString() ?? "", ToNode(map[k], depth + 1)))),
        IEnumerable items => new JsonArray([.. items.Cast<object?>().Select(i => ToNode(i, depth + 1))]),
        _ => JsonValue.Create(value.ToString()),
    };
}

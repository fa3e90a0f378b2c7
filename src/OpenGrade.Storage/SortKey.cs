using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenGrade.Storage;

/// <summary>
/// A list's sort (<c>progress</c>, <c>name</c>, <c>date</c>, <c>assessed</c>, <c>downloads</c>,
/// <c>class</c>; a leading <c>-</c> for descending) and its keyset cursor: the last row's sort
/// value and id, so the next page is one index seek however deep it is.
/// </summary>
public sealed record SortKey(string Name, string Column, bool Descending, SortKey.Kind ValueKind)
{
    public enum Kind { Text, Integer, Real }

    public static readonly IReadOnlyList<string> Names = ["progress", "name", "date", "assessed", "downloads", "class"];

    public static SortKey Parse(string sort)
    {
        var descending = sort.StartsWith('-');
        var name = descending ? sort[1..] : sort;
        return name switch
        {
            "progress" => new SortKey(name, "mof_total", descending, Kind.Real),
            "name" => new SortKey(name, "name_key", descending, Kind.Text),
            "date" => new SortKey(name, "release_date", descending, Kind.Text),
            "assessed" => new SortKey(name, "assessed_at", descending, Kind.Text),
            "downloads" => new SortKey(name, "downloads", descending, Kind.Integer),
            "class" => new SortKey(name, "mof_class", descending, Kind.Integer),
            _ => throw new QueryException($"unknown sort '{sort}' (one of {string.Join(", ", Names)}, with - for descending)"),
        };
    }

    public string Token => (Descending ? "-" : "") + Name;

    public string WriteCursor(ModelSummary last)
    {
        JsonNode value = Name switch
        {
            "progress" => last.MofTotal,
            "name" => last.Name.ToLowerInvariant(),
            "date" => last.ReleaseDate,
            "assessed" => last.AssessedAt,
            "downloads" => last.Downloads ?? -1,
            _ => (long)last.MofClass,
        };
        var json = new JsonObject { ["s"] = Token, ["v"] = value, ["id"] = last.Id };
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json.ToJsonString()));
    }

    /// <summary>The cursor's sort value and id; a cursor from another sort or a mangled one is refused.</summary>
    public (object Value, string Id) ReadCursor(string cursor)
    {
        try
        {
            if (cursor.Length > 2000) throw new FormatException();
            var json = JsonNode.Parse(Base64Url.DecodeFromChars(cursor)) as JsonObject ?? throw new FormatException();
            if ((string?)json["s"] != Token) throw new QueryException("the cursor belongs to another sort order");
            var id = (string?)json["id"] ?? throw new FormatException();
            var v = json["v"] ?? throw new FormatException();
            object value = ValueKind switch
            {
                Kind.Real => v.GetValue<double>(),
                Kind.Integer => v.GetValue<long>(),
                _ => v.GetValue<string>(),
            };
            return (value, id);
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
        {
            throw new QueryException("the cursor is malformed (pass back next_cursor exactly as given)");
        }
    }
}

/// <summary>A list query that cannot be run as given: the message says why, for a 400 answer.</summary>
public sealed class QueryException(string message) : Exception(message);

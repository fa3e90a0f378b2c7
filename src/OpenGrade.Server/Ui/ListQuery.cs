using System.Globalization;
using Microsoft.AspNetCore.Http;
using OpenGrade.Core.Text;
using OpenGrade.Storage;

namespace OpenGrade.Server.Ui;

/// <summary>
/// The list page's state, all of it in the URL (a GET form): filters, sort, cursor and view.
/// Parsed once; <see cref="Link"/> rebuilds a URL with one value changed.
/// </summary>
public sealed record ListQuery(IReadOnlyDictionary<string, string> Values)
{
    public const int PageSize = 25;

    /// <summary>The filter parameters, in form order, with their labels (the same names as /api/v2/models).</summary>
    public static IReadOnlyList<(string Key, string Label)> Filters { get; } =
    [
        ("q", "Search"), ("class", "MOF class"), ("osaid", "OSAID verdict"), ("eu_ai_act", "EU AI Act verdict"),
        ("license", "License id"), ("flag", "Flag kind"), ("producer", "Producer"), ("type", "Type"),
    ];

    private static readonly HashSet<string> Known = [.. Filters.Select(f => f.Key), "sort", "cursor", "view"];

    public string? this[string key] => Values.TryGetValue(key, out var v) && v.Length > 0 ? v : null;

    public bool Grid => this["view"] == "grid";

    /// <summary>The query, or a message saying which parameter is wrong.</summary>
    public static (ListQuery? Query, string? Error) Parse(IQueryCollection q)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in q)
        {
            if (!Known.Contains(key)) continue; // unknown parameters are ignored: a shared link with extras still opens
            var s = value.ToString();
            if (value.Count > 1) return (null, $"'{key}' is given more than once");
            if (s.Length > 200 || s.Any(TerminalText.IsUnsafe)) return (null, $"'{key}' is longer than 200 characters or holds control characters");
            values[key] = s.Trim();
        }
        var query = new ListQuery(values);
        if (query["class"] is { } c && (!int.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > 3)) return (null, "class is 0 (unclassified), 1, 2 or 3");
        if (query["view"] is { } v && v is not ("table" or "grid")) return (null, "view is table or grid");
        return (query, null);
    }

    public ModelQuery ToModelQuery(int limit = PageSize, bool withDocuments = true) => new(
        this["class"] is { } c ? int.Parse(c, CultureInfo.InvariantCulture) : null,
        this["osaid"], this["eu_ai_act"], this["license"], this["flag"], this["producer"], this["type"], this["q"],
        this["sort"] ?? "-progress", this["cursor"], limit, withDocuments);

    /// <summary>This URL's query string with <paramref name="key"/> set to <paramref name="value"/> (removed when null); the cursor is dropped unless set.</summary>
    public string Link(string path, string key, string? value)
    {
        var pairs = Values.Where(kv => kv.Key != key && kv.Key != "cursor" && kv.Value.Length > 0).Select(kv => KeyValuePair.Create(kv.Key, (string?)kv.Value)).ToList();
        if (value is not null) pairs.Add(KeyValuePair.Create(key, (string?)value));
        return path + QueryString.Create(pairs.OrderBy(p => p.Key, StringComparer.Ordinal)).ToUriComponent();
    }
}

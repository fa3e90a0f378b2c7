using System.Globalization;
using OpenGrade.Storage;

namespace OpenGrade.Server;

/// <summary>The CSV of a model list, as <c>catalog export --format csv</c> and the web UI's export write it.</summary>
public static class CatalogCsv
{
    public static IReadOnlyList<string> Columns { get; } = ["id", "name", "producer", "type", "release_date", "mof_class", "mof_total_progress", "osaid", "eu_ai_act", "downloads", "assessed_at", "version", "content_hash"];

    public static string[] Values(ModelSummary m) =>
    [
        m.Id, m.Name, m.Producer, m.Type, m.ReleaseDate, m.MofClass.ToString(CultureInfo.InvariantCulture), m.MofTotal.ToString("R", CultureInfo.InvariantCulture),
        m.Osaid, m.Eu, m.Downloads?.ToString(CultureInfo.InvariantCulture) ?? "", m.AssessedAt, m.Version.ToString(CultureInfo.InvariantCulture), m.ContentHash,
    ];

    /// <summary>RFC 4180 quoting, and a leading quote on cells a spreadsheet would run as a formula.</summary>
    public static string Row(IEnumerable<string> cells) => string.Join(',', cells.Select(Cell));

    private static string Cell(string cell)
    {
        if (cell.Length > 0 && "=+-@\t\r".Contains(cell[0]) && !double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) cell = "'" + cell;
        return cell.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + cell.Replace("\"", "\"\"") + "\"" : cell;
    }
}

using System.Globalization;
using System.Text;

namespace OpenGrade.Core.Text;

/// <summary>
/// Makes outside text (file names, Hub ids, license names, error messages that quote them) safe to
/// print for a person: control characters (escape sequences, newlines, carriage returns), C1
/// controls and bidirectional overrides become visible escapes such as <c>\x1b</c> or <c>\u202e</c>,
/// so a name can neither drive the terminal nor forge a line of the report.
/// </summary>
public static class TerminalText
{
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        if (!text.Any(NeedsEscape)) return text;
        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (!NeedsEscape(c)) sb.Append(c);
            else if (c == '\n') sb.Append("\\n");
            else if (c == '\r') sb.Append("\\r");
            else if (c == '\t') sb.Append("\\t");
            else if (c < 0x100) sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
            else sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    /// <summary>At most <paramref name="max"/> characters of <see cref="Escape"/>d text, with how much was cut.</summary>
    public static string Clip(string? text, int max = 300)
    {
        var escaped = Escape(text);
        return escaped.Length <= max ? escaped : $"{escaped[..max]}… ({escaped.Length - max:N0} more characters)";
    }

    private static bool NeedsEscape(char c) =>
        c < 0x20 || c is '\u007f' || c is >= '\u0080' and <= '\u009f'
        || c is >= '\u202a' and <= '\u202e' || c is >= '\u2066' and <= '\u2069' || c is '\u200e' or '\u200f' or '\u061c';
}

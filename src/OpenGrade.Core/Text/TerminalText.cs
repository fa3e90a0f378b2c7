using System.Globalization;
using System.Text;

namespace OpenGrade.Core.Text;

/// <summary>
/// Makes outside text (file names, Hub ids, license names, error messages that quote them) safe to
/// print for a person: control characters (escape sequences, newlines, carriage returns), C1
/// controls, Unicode line and paragraph separators and bidirectional overrides become visible escapes such as <c>\x1b</c> or <c>\u202e</c>,
/// so a name can neither drive the terminal nor forge a line of the report.
/// </summary>
public static class TerminalText
{
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        if (!text.Any(IsUnsafe)) return text;
        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (!IsUnsafe(c)) sb.Append(c);
            else if (c == '\n') sb.Append("\\n");
            else if (c == '\r') sb.Append("\\r");
            else if (c == '\t') sb.Append("\\t");
            else if (c < 0x100) sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
            else sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    /// <summary>The most characters of a problem an error message quotes: one line, of a size a person reads.</summary>
    public const int MaxMessage = 1000;

    /// <summary>A problem for an exception message: escaped to one line and clipped to <see cref="MaxMessage"/>.</summary>
    public static string OneLine(string? problem) => Clip(problem, MaxMessage);

    /// <summary>At most <paramref name="max"/> characters of <see cref="Escape"/>d text, with how much was cut.</summary>
    public static string Clip(string? text, int max = 300)
    {
        var escaped = Escape(text);
        return escaped.Length <= max ? escaped : $"{escaped[..max]}… ({escaped.Length - max:N0} more characters)";
    }

    /// <summary>C0 and C1 controls, DEL, line and paragraph separators, and the bidirectional controls that reorder what a terminal shows.</summary>
    public static bool IsUnsafe(char c) =>
        c < 0x20 || c is '\u007f' || c is >= '\u0080' and <= '\u009f'
        || c is >= '\u202a' and <= '\u202e' || c is >= '\u2066' and <= '\u2069' || c is '\u200e' or '\u200f' or '\u061c' or '\u2028' or '\u2029';
}

using System.Globalization;
using Spectre.Console;
using OpenGrade.Core.Text;

namespace OpenGrade.Reports;

/// <summary>
/// Outside text (names, licenses, paths, URLs, reasons that quote them) on its way into a human
/// format: control characters made visible (<see cref="TerminalText"/>), clipped to
/// <see cref="MaxEcho"/> characters so that one absurd value cannot swell a report, then escaped for
/// the format (Spectre markup, or Markdown table cells).
/// </summary>
public static class SafeText
{
    /// <summary>The most characters of one outside value a human report repeats.</summary>
    public const int MaxEcho = 500;

    /// <summary>Control characters shown and the value clipped, for any format that escapes its own syntax next.</summary>
    public static string Plain(string? text) => TerminalText.Clip(text, MaxEcho);

    public static string Markup(string? text) => Spectre.Console.Markup.Escape(Plain(text));

    /// <summary>
    /// For Markdown (tables and lists): every character that can open structure, a link, an image,
    /// emphasis or HTML is backslash-escaped (the backslash itself first), angle brackets become
    /// entities, so a value stays one plain cell.
    /// </summary>
    public static string Markdown(string? text)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var c in Plain(text))
        {
            sb.Append(c switch
            {
                '<' => "&lt;",
                '>' => "&gt;",
                '\\' or '|' or '`' or '[' or ']' or '(' or ')' or '!' or '*' or '_' or '#' or '~' => "\\" + c,
                _ => c.ToString(),
            });
        }
        return sb.ToString();
    }

    /// <summary>Like <c>MarkupLineInterpolated</c>, but every interpolated value also passes through <see cref="Markup(string?)"/>.</summary>
    public static void MarkupLineSafe(this IAnsiConsole console, FormattableString line) =>
        console.MarkupLine(line.ToString(MarkupFormatter.Instance));

    private sealed class MarkupFormatter : IFormatProvider, ICustomFormatter
    {
        public static readonly MarkupFormatter Instance = new();

        public object? GetFormat(Type? formatType) => formatType == typeof(ICustomFormatter) ? this : null;

        public string Format(string? format, object? arg, IFormatProvider? formatProvider) =>
            Markup(arg is IFormattable f ? f.ToString(format, CultureInfo.CurrentCulture) : arg?.ToString());
    }
}

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

    public static string Markup(string? text) => Spectre.Console.Markup.Escape(TerminalText.Clip(text, MaxEcho));

    /// <summary>For Markdown (tables and lists): pipes, angle brackets and backticks cannot open structure or HTML.</summary>
    public static string Markdown(string? text) =>
        TerminalText.Clip(text, MaxEcho).Replace("|", "\\|").Replace("`", "\\`").Replace("<", "&lt;").Replace(">", "&gt;");

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

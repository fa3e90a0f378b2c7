using OpenGrade.Reports;
using OpenGrade.Core.Text;

namespace OpenGrade.Cli.Commands;

/// <summary>
/// Lines the commands print for people. Nearly every one quotes outside text (a target, a file
/// name, a license name, an error that repeats them), so each goes through
/// <see cref="TerminalText.Escape"/>: a name can neither drive the terminal nor forge a line.
/// </summary>
public static class Messages
{
    /// <summary><c>opengrade: MESSAGE</c> on standard error.</summary>
    public static void Error(string message) => Console.Error.WriteLine($"opengrade: {TerminalText.Escape(message)}");

    /// <summary><c>opengrade: NOTE</c> on standard error: information beside a machine-readable report on standard output.</summary>
    public static void Note(string note) => Console.Error.WriteLine($"opengrade: {TerminalText.Escape(note)}");

    /// <summary>One line of a human report on standard output.</summary>
    public static void Line(string text) => Console.Out.WriteLine(TerminalText.Escape(text));
}

using OpenGrade.Reports;
using OpenGrade.Core.Text;

namespace OpenGrade.Cli;

/// <summary>
/// Shows what is being fetched on standard error, so standard output stays a clean report: one
/// line kept up to date on a terminal, one line per step when stderr is redirected.
/// </summary>
public sealed class StderrProgress : IProgress<string>
{
    private readonly bool _terminal = !Console.IsErrorRedirected;

    /// <summary>An empty report ends the display: the terminal line is cleared before the report is printed.</summary>
    public void Report(string value)
    {
        // Progress names files and ids from the Hub: they may carry escape sequences or newlines.
        value = TerminalText.Clip(value, 400);
        if (value.Length == 0)
        {
            if (_terminal) Console.Error.Write("\r\u001b[K");
            return;
        }
        if (value.StartsWith("skipped ", StringComparison.Ordinal))
        {
            if (_terminal) Console.Error.Write("\r\u001b[K");
            Console.Error.WriteLine($"opengrade: warning: {value}");
            return;
        }
        if (_terminal) Console.Error.Write($"\r\u001b[Kfetching {value}");
        else Console.Error.WriteLine($"opengrade: fetching {value}");
    }
}

using System.CommandLine;
using OpenGrade.Reports;
using OpenGrade.Core.Text;

namespace OpenGrade.Cli;

/// <summary>Exit codes every command keeps: other tools rely on them.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The release failed a check (a policy violation).</summary>
    public const int Failed = 1;

    /// <summary>Bad input or usage: nothing was judged.</summary>
    public const int Error = 2;
}

/// <summary>
/// Runs the command line: usage errors exit 2 with a one-line message, and no exception ever
/// reaches the user as a stack trace.
/// </summary>
public static class CommandRunner
{
    public static int Run(RootCommand root, string[] args)
    {
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors) Console.Error.WriteLine($"opengrade: {TerminalText.Escape(error.Message)}");
            Console.Error.WriteLine("Try 'opengrade --help'.");
            return ExitCodes.Error;
        }
        try
        {
            return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Console.Error.WriteLine($"opengrade: {TerminalText.Clip(e.Message, 2000)}");
            return ExitCodes.Error;
        }
    }
}

using Spectre.Console;

namespace OpenGrade.Reports;

/// <summary>A Spectre console that writes plain text (no colours, no escape sequences) into a writer: reports for files and pipes.</summary>
public static class PlainConsole
{
    public const int Width = 120;

    public static IAnsiConsole Create(TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = Width;
        return console;
    }
}

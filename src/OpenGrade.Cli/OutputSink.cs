using System.Text;
using Spectre.Console;

namespace OpenGrade.Cli;

/// <summary>
/// Where a command's report goes: standard output, or a file written whole or not at all
/// (a temporary file renamed into place, so a failure never leaves half a report).
/// </summary>
public sealed class OutputSink(string? path)
{
    private readonly StringBuilder _buffer = new();

    public bool IsTerminal => path is null && !Console.IsOutputRedirected;

    public void Write(string text)
    {
        if (path is null) Console.Out.Write(text);
        else _buffer.Append(text);
    }

    public void WriteLine(string text) => Write(text + "\n");

    /// <summary>A Spectre console that writes into this sink: colours only on a real terminal.</summary>
    public IAnsiConsole Terminal()
    {
        if (IsTerminal) return AnsiConsole.Console;
        var writer = new SinkWriter(this);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 120;
        return console;
    }

    public void Commit()
    {
        if (path is null) return;
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(dir)) throw new IOException($"{path}: the folder {dir} does not exist");
        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            File.WriteAllText(temp, _buffer.ToString(), new UTF8Encoding(false));
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    private sealed class SinkWriter(OutputSink sink) : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;
        public override void Write(char value) => sink.Write(value.ToString());
        public override void Write(string? value) => sink.Write(value ?? "");
    }
}

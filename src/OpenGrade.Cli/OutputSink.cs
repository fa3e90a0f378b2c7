using System.Text;
using OpenGrade.Reports;
using Spectre.Console;

namespace OpenGrade.Cli;

/// <summary>
/// Where a command's report goes: standard output (no path, or <c>-</c>), or the file given with
/// <c>-o</c>, written whole or not at all (see <see cref="OutputFile"/>). The path is checked when
/// the sink is made, before the command does its work: a missing folder, a folder, or a file the
/// command reads fail at once with an <see cref="OutputException"/>.
/// </summary>
public sealed class OutputSink
{
    /// <summary>The <c>-o</c> value that means standard output.</summary>
    public const string StandardOutput = "-";

    private readonly StringBuilder _buffer = new();
    private byte[]? _bytes;
    private readonly OutputDestination? _destination;

    public OutputSink(string? path, IEnumerable<string>? inputs = null)
    {
        FilePath = path is null or StandardOutput ? null : path;
        if (FilePath is null) return;
        _destination = OutputFile.Resolve(FilePath);
        OutputFile.RefuseInputs(FilePath, inputs ?? []);
    }

    /// <summary>The output path as the user gave it; null for standard output.</summary>
    public string? FilePath { get; }

    /// <summary>True when the output is a regular file (or a new one) that <see cref="Commit"/> replaces, not a stream.</summary>
    public bool ReplacesFile => _destination?.Way == WriteWay.Replace;

    public bool IsTerminal => FilePath is null && !Console.IsOutputRedirected;

    public void Write(string text)
    {
        if (FilePath is null) Console.Out.Write(text);
        else _buffer.Append(text);
    }

    public void WriteLine(string text) => Write(text + "\n");

    /// <summary>Binary output (a PNG): to standard output at once, or kept whole for <see cref="Commit"/>; the only output of its command.</summary>
    public void Write(byte[] bytes)
    {
        if (FilePath is null)
        {
            using var stdout = Console.OpenStandardOutput();
            stdout.Write(bytes);
        }
        else _bytes = bytes;
    }

    /// <summary>A Spectre console that writes into this sink: colours only on a real terminal.</summary>
    public IAnsiConsole Terminal()
    {
        if (IsTerminal) return AnsiConsole.Console;
        return PlainConsole.Create(new SinkWriter(this));
    }

    /// <summary>Writes what was gathered to the file; standard output was written as it came.</summary>
    public void Commit()
    {
        if (FilePath is null) return;
        if (_bytes is not null) OutputFile.Write(FilePath, _bytes);
        else OutputFile.Write(FilePath, _buffer.ToString());
    }

    private sealed class SinkWriter(OutputSink sink) : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;
        public override void Write(char value) => sink.Write(value.ToString());
        public override void Write(string? value) => sink.Write(value ?? "");
    }
}

using OpenGrade.Core.Text;

namespace OpenGrade.Sources.Mot;

/// <summary>A model file that cannot be read, with the place in the file that is wrong.</summary>
/// <remarks>The message is one line: control characters the problem quotes from the file are shown escaped.</remarks>
public sealed class ModelFileException(string path, int line, int column, string problem)
    : Exception(line > 0 ? $"{path}:{line}:{column}: {TerminalText.OneLine(problem)}" : $"{path}: {TerminalText.OneLine(problem)}")
{
    public string Path { get; } = path;
    public int Line { get; } = line;
    public int Column { get; } = column;
    public string Problem { get; } = problem;
}

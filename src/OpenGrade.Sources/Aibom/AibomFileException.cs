using OpenGrade.Core.Text;

namespace OpenGrade.Sources.Aibom;

/// <summary>An AI-BOM that cannot be read as a release; the message is one line naming the file (and the line when known).</summary>
public sealed class AibomFileException(string path, int line, int column, string problem)
    : Exception(line > 0 ? $"{path}:{line}:{column}: {TerminalText.OneLine(problem)}" : $"{path}: {TerminalText.OneLine(problem)}")
{
    public string Path { get; } = path;
    public string Problem { get; } = problem;
}

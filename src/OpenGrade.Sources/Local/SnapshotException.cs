using OpenGrade.Core.Text;

namespace OpenGrade.Sources.Local;

/// <summary>
/// A repository file that cannot be read as what it claims to be, with the place that is wrong.
/// Inside the reader, <see cref="Path"/> is relative to the snapshot folder
/// (<see cref="WithinSnapshot"/>); <see cref="LocalSnapshotReader.Read"/> turns it into the path
/// the user can find, so callers print <see cref="Exception.Message"/> as it is. The message is one
/// line: control characters the problem quotes from the file are shown escaped.
/// </summary>
public sealed class SnapshotException(string path, int line, string problem, bool withinSnapshot = true)
    : Exception(line > 0 ? $"{path}:{line}: {TerminalText.OneLine(problem)}" : $"{path}: {TerminalText.OneLine(problem)}")
{
    public string Path { get; } = path;
    public int Line { get; } = line;
    public string Problem { get; } = problem;
    public bool WithinSnapshot { get; } = withinSnapshot;
}

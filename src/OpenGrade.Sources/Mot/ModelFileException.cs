namespace OpenGrade.Sources.Mot;

/// <summary>A model file that cannot be read, with the place in the file that is wrong.</summary>
public sealed class ModelFileException(string path, int line, int column, string problem)
    : Exception(line > 0 ? $"{path}:{line}:{column}: {problem}" : $"{path}: {problem}")
{
    public string Path { get; } = path;
    public int Line { get; } = line;
    public int Column { get; } = column;
    public string Problem { get; } = problem;
}

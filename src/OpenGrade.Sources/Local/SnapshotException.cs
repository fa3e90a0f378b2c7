namespace OpenGrade.Sources.Local;

/// <summary>A repository file that cannot be read as what it claims to be, with the place that is wrong.</summary>
public sealed class SnapshotException(string path, int line, string problem)
    : Exception(line > 0 ? $"{path}:{line}: {problem}" : $"{path}: {problem}")
{
    public string Path { get; } = path;
    public int Line { get; } = line;
}

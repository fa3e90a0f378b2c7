namespace OpenGrade.Reports.Judgements;

/// <summary>Which judgements a report shows (<c>--framework mof,osaid,eu-ai-act</c>). Flags are always shown.</summary>
[Flags]
public enum Frameworks
{
    None = 0,
    Mof = 1,
    Osaid = 2,
    EuAiAct = 4,
    All = Mof | Osaid | EuAiAct,
}

public static class FrameworkSelection
{
    public static IReadOnlyList<string> Names { get; } = ["mof", "osaid", "eu-ai-act"];

    /// <summary>Parses a comma-separated list of framework names; the error names the first unknown one.</summary>
    public static bool TryParse(string text, out Frameworks frameworks, out string? error)
    {
        frameworks = Frameworks.None;
        error = null;
        foreach (var raw in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var one = raw.ToLowerInvariant() switch
            {
                "mof" => Frameworks.Mof,
                "osaid" => Frameworks.Osaid,
                "eu-ai-act" => Frameworks.EuAiAct,
                "all" => Frameworks.All,
                _ => Frameworks.None,
            };
            if (one == Frameworks.None)
            {
                error = $"unknown framework '{raw}' (expected a comma-separated list of {string.Join(", ", Names)})";
                return false;
            }
            frameworks |= one;
        }
        if (frameworks != Frameworks.None) return true;
        error = $"--framework names no framework (expected {string.Join(", ", Names)})";
        return false;
    }
}

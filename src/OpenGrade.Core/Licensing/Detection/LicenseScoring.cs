namespace OpenGrade.Core.Licensing.Detection;

/// <summary>
/// How answers are compared with corpus labels (the convention of the shared peer-benchmark
/// script): an expression becomes the set of its ids, lower case, with AND/OR/WITH dropped and
/// "-only", "-or-later" and "+" folded, since a bare GPL text cannot tell them apart.
/// </summary>
public static class LicenseScoring
{
    private static readonly HashSet<string> NotIds = new(StringComparer.Ordinal)
    {
        "and", "or", "with", "exception", "none", "noassertion", "other", "unknown",
    };

    public static HashSet<string> IdSet(string? expression)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        if (expression is null) return set;
        foreach (var token in expression.Split([' ', '\t', '(', ')', ',', ';'], StringSplitOptions.RemoveEmptyEntries))
        {
            var t = token.ToLowerInvariant();
            if (NotIds.Contains(t)) continue;
            if (t.EndsWith('+')) t = t[..^1];
            if (t.EndsWith("-only", StringComparison.Ordinal)) t = t[..^5];
            else if (t.EndsWith("-or-later", StringComparison.Ordinal)) t = t[..^9];
            set.Add(t);
        }
        return set;
    }

    /// <summary>Whether an answer (null = no license) is right for a label ("none" = no license expected).</summary>
    public static bool IsRight(string expected, string? answer) => IdSet(expected).SetEquals(IdSet(answer));
}

namespace OpenGrade.Core.Licensing.Detection;

/// <summary>How an answer compares with a label, strictest first failing check.</summary>
public enum ScoreClass
{
    /// <summary>The same licenses with the same operators and -only/-or-later forms.</summary>
    Right,

    /// <summary>No answer where a license was expected.</summary>
    None,

    /// <summary>Different licenses (or an answer where none was expected).</summary>
    WrongId,

    /// <summary>A different member of the same family answered (BSD-3-Clause vs BSD-3-Clause-HP).</summary>
    VariantConfusion,

    /// <summary>The right licenses joined by the wrong operators (OR/AND/WITH), or with extra terms repeated.</summary>
    WrongOperator,

    /// <summary>The right licenses, but -only where -or-later was meant or the reverse.</summary>
    OnlyOrLater,
}

/// <summary>
/// How answers are compared with corpus labels (the convention of the shared peer-benchmark
/// script): an expression becomes the set of its ids, lower case, with AND/OR/WITH dropped and
/// "-only", "-or-later" and "+" folded, since a bare GPL text cannot tell them apart.
/// <see cref="Classify"/> is the strict comparison the harvested set is also scored by.
/// </summary>
public static class LicenseScoring
{
    private static readonly HashSet<string> NotIds = new(StringComparer.Ordinal)
    {
        "and", "or", "with", "exception", "none", "noassertion", "other", "unknown",
    };

    public static HashSet<string> IdSet(string? expression) => IdSet(expression, fold: true);

    private static HashSet<string> IdSet(string? expression, bool fold)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        if (expression is null) return set;
        foreach (var token in expression.Split([' ', '\t', '(', ')', ',', ';'], StringSplitOptions.RemoveEmptyEntries))
        {
            var t = token.ToLowerInvariant();
            if (NotIds.Contains(t)) continue;
            if (fold)
            {
                if (t.EndsWith('+')) t = t[..^1];
                if (t.EndsWith("-only", StringComparison.Ordinal)) t = t[..^5];
                else if (t.EndsWith("-or-later", StringComparison.Ordinal)) t = t[..^9];
            }
            else if (t.EndsWith('+')) t = t[..^1] + "-or-later";
            set.Add(t);
        }
        return set;
    }

    /// <summary>Whether an answer (null = no license) is right for a label ("none" = no license expected).</summary>
    public static bool IsRight(string expected, string? answer) => IdSet(expected).SetEquals(IdSet(answer));

    /// <summary>The strict verdict on an answer: which failure class it falls in, or right.</summary>
    public static ScoreClass Classify(string expected, string? answer)
    {
        var want = IdSet(expected);
        var got = IdSet(answer);
        if (want.Count == 0) return got.Count == 0 ? ScoreClass.Right : ScoreClass.WrongId;
        if (got.Count == 0) return ScoreClass.None;
        if (!want.SetEquals(got))
        {
            var missing = want.Except(got).ToList();
            var extra = got.Except(want).ToList();
            return missing.Any(m => extra.Any(e => Family(m) == Family(e))) ? ScoreClass.VariantConfusion : ScoreClass.WrongId;
        }
        if (!IdSet(expected, fold: false).SetEquals(IdSet(answer, fold: false))) return ScoreClass.OnlyOrLater;
        return Shape(expected) == Shape(answer!) ? ScoreClass.Right : ScoreClass.WrongOperator;
    }

    // The family of an id: its first word ("bsd" for BSD-3-Clause-HP, "python" for Python-2.0.1).
    private static string Family(string id) => id.Split('-', '.')[0];

    // An expression in a canonical shape: nested like operators flattened and operands sorted, so
    // that only a difference in operators (or a repeated term) remains.
    private static string Shape(string expression)
    {
        if (!LicenseExpressionParser.TryParse(expression, out var parsed)) return expression.ToLowerInvariant();
        return Canonical(parsed!);
    }

    private static string Canonical(LicenseExpression e) => e switch
    {
        LicenseExpression.Id id => Folded(id.Value),
        LicenseExpression.With w => $"{Folded(w.License.Value)} with {w.Exception.ToLowerInvariant()}",
        LicenseExpression.And or LicenseExpression.Or => Join(e),
        _ => e.ToString()!.ToLowerInvariant(),
    };

    private static string Join(LicenseExpression e)
    {
        var op = e is LicenseExpression.And ? "and" : "or";
        var parts = Operands(e, e.GetType()).Select(Canonical).Order(StringComparer.Ordinal).ToList();
        return "(" + string.Join($" {op} ", parts) + ")";
    }

    private static IEnumerable<LicenseExpression> Operands(LicenseExpression e, Type op) => e switch
    {
        LicenseExpression.And a when a.GetType() == op => Operands(a.Left, op).Concat(Operands(a.Right, op)),
        LicenseExpression.Or o when o.GetType() == op => Operands(o.Left, op).Concat(Operands(o.Right, op)),
        _ => [e],
    };

    private static string Folded(string id)
    {
        var t = id.ToLowerInvariant();
        return t.EndsWith('+') ? t[..^1] + "-or-later" : t;
    }
}

namespace OpenGrade.Core.Licensing;

/// <summary>An SPDX license expression: a license id, an id WITH an exception, or AND/OR of expressions.</summary>
public abstract record LicenseExpression
{
    /// <summary>Every license id the expression names, left to right.</summary>
    public abstract IEnumerable<string> Ids { get; }

    /// <summary>
    /// Whether a licensee can satisfy the expression with licenses the predicate accepts:
    /// OR needs one acceptable branch, AND needs all.
    /// </summary>
    public abstract bool Satisfies(Func<string, bool> acceptable);

    public sealed record Id(string Value) : LicenseExpression
    {
        public override IEnumerable<string> Ids => [Value];
        public override bool Satisfies(Func<string, bool> acceptable) => acceptable(Value);
        public override string ToString() => Value;
    }

    /// <summary>An id with an exception (e.g. GPL-2.0-only WITH Classpath-exception-2.0); exceptions only add permissions.</summary>
    public sealed record With(Id License, string Exception) : LicenseExpression
    {
        public override IEnumerable<string> Ids => License.Ids;
        public override bool Satisfies(Func<string, bool> acceptable) => License.Satisfies(acceptable);
        public override string ToString() => $"{License} WITH {Exception}";
    }

    public sealed record And(LicenseExpression Left, LicenseExpression Right) : LicenseExpression
    {
        public override IEnumerable<string> Ids => Left.Ids.Concat(Right.Ids);
        public override bool Satisfies(Func<string, bool> acceptable) => Left.Satisfies(acceptable) && Right.Satisfies(acceptable);
        public override string ToString() => $"{Wrap(Left, this)} AND {Wrap(Right, this)}";
    }

    public sealed record Or(LicenseExpression Left, LicenseExpression Right) : LicenseExpression
    {
        public override IEnumerable<string> Ids => Left.Ids.Concat(Right.Ids);
        public override bool Satisfies(Func<string, bool> acceptable) => Left.Satisfies(acceptable) || Right.Satisfies(acceptable);
        public override string ToString() => $"{Left} OR {Right}";
    }

    private static string Wrap(LicenseExpression inner, LicenseExpression outer) =>
        inner is Or && outer is And ? $"({inner})" : inner.ToString()!;

    /// <summary>
    /// The same expression with nested like operators flattened and repeated terms dropped
    /// (compared ignoring case): "(ISC OR MIT) OR MIT" is "ISC OR MIT", "(X AND MIT) AND MIT" is
    /// "X AND MIT". Order of first appearance is kept.
    /// </summary>
    public LicenseExpression Simplified()
    {
        if (this is not (And or Or)) return this;
        var operands = new List<LicenseExpression>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var operand in Operands(this, GetType()))
        {
            var simple = operand.Simplified();
            if (seen.Add(simple.ToString()!)) operands.Add(simple);
        }
        return operands.Skip(1).Aggregate(operands[0], (left, right) => this is And ? new And(left, right) : new Or(left, right));
    }

    private static IEnumerable<LicenseExpression> Operands(LicenseExpression e, Type op) => e switch
    {
        And a when op == typeof(And) => Operands(a.Left, op).Concat(Operands(a.Right, op)),
        Or o when op == typeof(Or) => Operands(o.Left, op).Concat(Operands(o.Right, op)),
        _ => [e],
    };

    /// <summary>Replaces every id by what <paramref name="map"/> returns for it.</summary>
    public LicenseExpression MapIds(Func<string, string> map) => this switch
    {
        Id id => new Id(map(id.Value)),
        With w => new With(new Id(map(w.License.Value)), w.Exception),
        And a => new And(a.Left.MapIds(map), a.Right.MapIds(map)),
        Or o => new Or(o.Left.MapIds(map), o.Right.MapIds(map)),
        _ => this,
    };
}

/// <summary>
/// Parses SPDX license expressions (SPDX spec annex D): AND binds tighter than OR, WITH tighter
/// than both, parentheses group; operators are accepted in any case. Expressions longer than
/// <see cref="MaxTokens"/> tokens or nested deeper than <see cref="MaxNesting"/> parentheses are
/// not read: no real license statement comes near, and the parser and the tree it builds recurse.
/// </summary>
public static class LicenseExpressionParser
{
    public const int MaxTokens = 1000;
    public const int MaxNesting = 32;

    public static bool TryParse(string text, out LicenseExpression? expression)
    {
        expression = null;
        var tokens = Tokenize(text);
        if (tokens.Count is 0 or > MaxTokens || !NestingWithin(tokens, MaxNesting)) return false;
        var pos = 0;
        var result = ParseOr(tokens, ref pos);
        if (result is null || pos != tokens.Count) return false;
        expression = result;
        return true;
    }

    private static bool NestingWithin(List<string> tokens, int max)
    {
        var depth = 0;
        foreach (var t in tokens)
        {
            if (t == "(" && ++depth > max) return false;
            if (t == ")") depth--;
        }
        return true;
    }

    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < text.Length && tokens.Count <= MaxTokens)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c is '(' or ')') { tokens.Add(c.ToString()); i++; continue; }
            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not '(' and not ')') i++;
            tokens.Add(text[start..i]);
        }
        return tokens;
    }

    private static bool IsOperator(string token, string op) => string.Equals(token, op, StringComparison.OrdinalIgnoreCase);

    private static bool IsIdToken(string token) =>
        token is not "(" and not ")" && !IsOperator(token, "AND") && !IsOperator(token, "OR") && !IsOperator(token, "WITH")
        && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '+' or ':');

    private static LicenseExpression? ParseOr(List<string> t, ref int pos)
    {
        var left = ParseAnd(t, ref pos);
        while (left is not null && pos < t.Count && IsOperator(t[pos], "OR"))
        {
            pos++;
            var right = ParseAnd(t, ref pos);
            left = right is null ? null : new LicenseExpression.Or(left, right);
        }
        return left;
    }

    private static LicenseExpression? ParseAnd(List<string> t, ref int pos)
    {
        var left = ParseWith(t, ref pos);
        while (left is not null && pos < t.Count && IsOperator(t[pos], "AND"))
        {
            pos++;
            var right = ParseWith(t, ref pos);
            left = right is null ? null : new LicenseExpression.And(left, right);
        }
        return left;
    }

    private static LicenseExpression? ParseWith(List<string> t, ref int pos)
    {
        if (pos >= t.Count) return null;
        if (t[pos] == "(")
        {
            pos++;
            var inner = ParseOr(t, ref pos);
            if (inner is null || pos >= t.Count || t[pos] != ")") return null;
            pos++;
            return inner;
        }
        if (!IsIdToken(t[pos])) return null;
        var id = new LicenseExpression.Id(t[pos++]);
        if (pos < t.Count && IsOperator(t[pos], "WITH"))
        {
            pos++;
            if (pos >= t.Count || !IsIdToken(t[pos])) return null;
            return new LicenseExpression.With(id, t[pos++]);
        }
        return id;
    }
}

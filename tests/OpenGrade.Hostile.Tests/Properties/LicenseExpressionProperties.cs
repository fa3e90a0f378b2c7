using CsCheck;
using NuGet.Packaging.Licenses;
using OpenGrade.Core.Licensing;

namespace OpenGrade.Hostile.Tests.Properties;

/// <summary>SPDX expressions: what is printed parses back to the same expression; any text parses or is refused, never throws.</summary>
public sealed class LicenseExpressionProperties
{
    private static readonly string[] CatalogIds = [.. LicenseCatalog.Default.Spdx.Keys.Concat(LicenseCatalog.Default.AiLicenses.Keys).Order(StringComparer.Ordinal)];
    private static readonly string[] Exceptions = [.. NuGetLicenseData.ExceptionList.Keys.Order(StringComparer.Ordinal)];

    private static readonly Gen<string> IdChars = Gen.String[Gen.Char["abcXYZ0189.-"], 1, 12];

    private static readonly Gen<LicenseExpression.Id> Ids = Property.Any(
        Gen.Int[0, CatalogIds.Length - 1].Select(i => CatalogIds[i]),
        IdChars.Select(s => "LicenseRef-" + s),
        Gen.Select(IdChars, IdChars, (d, l) => $"DocumentRef-{d}:LicenseRef-{l}"),
        Gen.Select(Gen.Int[0, CatalogIds.Length - 1], Gen.Bool, (i, plus) => CatalogIds[i] + (plus ? "+" : "")))
        .Select(id => new LicenseExpression.Id(id));

    /// <summary>Expression trees of ids, WITH exceptions and AND/OR nested either way.</summary>
    private static readonly Gen<LicenseExpression> Expressions = Gen.Recursive<LicenseExpression>((depth, inner) =>
    {
        var leaf = Property.Any<LicenseExpression>(
            Ids.Select(id => (LicenseExpression)id),
            Gen.Select(Ids, Gen.Int[0, Exceptions.Length - 1], (id, e) => (LicenseExpression)new LicenseExpression.With(id, Exceptions[e])));
        return depth > 4 ? leaf : Property.Any(leaf,
            Gen.Select(inner, inner, (l, r) => (LicenseExpression)new LicenseExpression.And(l, r)),
            Gen.Select(inner, inner, (l, r) => (LicenseExpression)new LicenseExpression.Or(l, r)));
    });

    /// <summary>
    /// parse ∘ print = id. AND and OR are associative, so the printer does not keep the grouping of
    /// a chain of one operator ("a AND (b AND c)" prints as "a AND b AND c"): the trees are
    /// compared with such chains flattened, and the print must be a fixed point.
    /// </summary>
    [Fact(Timeout = Property.Timeout)]
    public Task Printed_expressions_parse_back_to_the_same_expression() =>
        Property.Check(Expressions, e =>
        {
            var printed = e.ToString()!;
            Assert.True(LicenseExpressionParser.TryParse(printed, out var parsed), $"'{printed}' does not parse");
            Assert.Equal(Flat(e), Flat(parsed!));
            Assert.Equal(printed, parsed!.ToString());
        }, iter: 3000, print: e => e.ToString()!);

    /// <summary>Operators in any case, extra spaces and redundant parentheses do not change the expression.</summary>
    [Fact(Timeout = Property.Timeout)]
    public Task Spelling_and_redundant_parentheses_do_not_change_the_expression() =>
        Property.Check(Gen.Select(Expressions, Gen.Int[0, int.MaxValue]), t =>
        {
            var (e, noise) = t;
            var text = Spell(e, new Random(noise));
            Assert.True(LicenseExpressionParser.TryParse(text, out var parsed), $"'{text}' does not parse");
            Assert.Equal(Flat(e), Flat(parsed!));
        }, iter: 2000, print: t => Spell(t.Item1, new Random(t.Item2)));

    [Fact(Timeout = Property.Timeout)]
    public Task Random_text_parses_or_is_refused() =>
        Property.ResultOrCleanError(Property.Any(
            Mutations.RandomText("aAnNdDoOrRwWiItThH-.+:()   \t\n\u00a0\u2028\u0000é0", 120),
            Gen.Select(Expressions, Gen.Int[0, 1 << 20], Gen.Char[(char)0, (char)0x3000], (e, p, c) =>
            {
                var s = e.ToString()!;
                var i = p % (s.Length + 1);
                return s[..i] + c + s[i..];
            })), ParserTargets.Spdx, iter: 3000);

    /// <summary>The tree with every chain of one operator flattened, as text: equal for expressions equal up to associativity.</summary>
    private static string Flat(LicenseExpression e) => e switch
    {
        LicenseExpression.And => "AND(" + string.Join(", ", Chain<LicenseExpression.And>(e).Select(Flat)) + ")",
        LicenseExpression.Or => "OR(" + string.Join(", ", Chain<LicenseExpression.Or>(e).Select(Flat)) + ")",
        _ => e.ToString()!,
    };

    private static IEnumerable<LicenseExpression> Chain<T>(LicenseExpression e) where T : LicenseExpression => e switch
    {
        LicenseExpression.And a when typeof(T) == typeof(LicenseExpression.And) => Chain<T>(a.Left).Concat(Chain<T>(a.Right)),
        LicenseExpression.Or o when typeof(T) == typeof(LicenseExpression.Or) => Chain<T>(o.Left).Concat(Chain<T>(o.Right)),
        _ => [e],
    };

    /// <summary>The expression written by a careless hand: operators in random case, random spacing, every compound in parentheses.</summary>
    private static string Spell(LicenseExpression e, Random r)
    {
        string Op(string op) => string.Concat(op.Select(c => r.Next(2) == 0 ? char.ToLowerInvariant(c) : c));
        string Space() => r.Next(3) switch { 0 => " ", 1 => "  ", _ => "\t " };
        return e switch
        {
            LicenseExpression.Id id => id.Value,
            LicenseExpression.With w => $"{w.License.Value}{Space()}{Op("WITH")}{Space()}{w.Exception}",
            LicenseExpression.And a => $"({Spell(a.Left, r)}{Space()}{Op("AND")}{Space()}{Spell(a.Right, r)})",
            LicenseExpression.Or o => $"( {Spell(o.Left, r)}{Space()}{Op("OR")}{Space()}{Spell(o.Right, r)} )",
            _ => throw new ArgumentOutOfRangeException(nameof(e)),
        };
    }
}

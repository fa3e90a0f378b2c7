using System.Collections.Frozen;

namespace OpenGrade.Core.Licensing.Detection;

/// <summary>
/// Turns the ids the SPDX text list uses into the ids OpenGrade reports: deprecated
/// "GPL-2.0-with-GCC-exception" style ids become "GPL-2.0-only WITH GCC-exception-2.0", deprecated
/// bare GNU ids become their "-only"/"-or-later" forms. Also folds ids for comparison the way
/// the corpora are scored (case, "-only", "-or-later", "+").
/// </summary>
internal static class LicenseIdCanonicalizer
{
    // The SPDX list keeps GPL-with-exception texts only under these deprecated ids.
    private static readonly FrozenDictionary<string, string> WithException = new Dictionary<string, string>
    {
        ["GPL-2.0-with-GCC-exception"] = "GPL-2.0-only WITH GCC-exception-2.0",
        ["GPL-2.0-with-autoconf-exception"] = "GPL-2.0-only WITH Autoconf-exception-2.0",
        ["GPL-2.0-with-bison-exception"] = "GPL-2.0-or-later WITH Bison-exception-2.2",
        ["GPL-2.0-with-classpath-exception"] = "GPL-2.0-only WITH Classpath-exception-2.0",
        ["GPL-2.0-with-font-exception"] = "GPL-2.0-only WITH Font-exception-2.0",
        ["GPL-3.0-with-GCC-exception"] = "GPL-3.0-only WITH GCC-exception-3.1",
        ["GPL-3.0-with-autoconf-exception"] = "GPL-3.0-only WITH Autoconf-exception-3.0",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    // Ids the SPDX list deprecated in favour of another after the SPDX snapshot of our catalog
    // (NuGet.Packaging) was taken; the npm text list still carries them.
    private static readonly FrozenDictionary<string, string> Superseded = new Dictionary<string, string>
    {
        ["bzip2-1.0.5"] = "bzip2-1.0.6",
        ["StandardML-NJ"] = "SMLNJ",
        ["Nunit"] = "zlib-acknowledgement",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static bool IsSuperseded(string id) => Superseded.ContainsKey(id);

    public static string? ExceptionOf(string id) => WithException.GetValueOrDefault(id);

    public static string Canonical(string id, LicenseCatalog catalog)
    {
        if (WithException.TryGetValue(id, out var with)) return with;
        if (Superseded.TryGetValue(id, out var successor)) return successor;
        if (!catalog.Spdx.TryGetValue(id, out var spdx) || !spdx.IsDeprecated) return id;
        if (id.EndsWith('+') && catalog.Spdx.ContainsKey(id[..^1] + "-or-later")) return id[..^1] + "-or-later";
        if (catalog.Spdx.ContainsKey(id + "-only")) return id + "-only";
        return id;
    }

    public static string CanonicalExpression(string expression, LicenseCatalog catalog) =>
        LicenseExpressionParser.TryParse(expression, out var parsed) ? parsed!.MapIds(id => Canonical(id, catalog)).ToString()! : expression;

    public static string Folded(string id)
    {
        var f = id.Trim().ToLowerInvariant();
        if (f.EndsWith('+')) f = f[..^1];
        foreach (var suffix in (string[])["-only", "-or-later"])
        {
            if (f.EndsWith(suffix, StringComparison.Ordinal)) f = f[..^suffix.Length];
        }
        return f;
    }

    /// <summary>The ids of an expression, folded: what the corpora compare.</summary>
    public static HashSet<string> FoldedSet(string expression)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var token in expression.Split([' ', '(', ')', ','], StringSplitOptions.RemoveEmptyEntries))
        {
            if (token is "AND" or "OR" or "WITH" or "and" or "or" or "with") continue;
            set.Add(Folded(token));
        }
        return set;
    }
}

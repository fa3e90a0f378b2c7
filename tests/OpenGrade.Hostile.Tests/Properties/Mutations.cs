using System.Text;
using CsCheck;

namespace OpenGrade.Hostile.Tests.Properties;

/// <summary>
/// Generators of hostile text: real files changed the ways files get damaged or crafted (byte
/// flips, truncation, duplicated or re-indented lines, anchors, aliases and tags, huge numbers,
/// control characters, nesting), and random text over the characters that steer a parser.
/// Every change is bounded in size so that a property can run in-process: structures whose
/// harm is their size (alias bombs, nesting 20k deep) are driven through the CLI instead
/// (<see cref="HostileStructureProperties"/>).
/// </summary>
public static class Mutations
{
    /// <summary>One to three changes applied to one of <paramref name="bases"/>.</summary>
    public static Gen<string> Of(IReadOnlyList<string> bases, Gen<string> hostileValues, Gen<string> nesting) =>
        Gen.Int[0, bases.Count - 1].SelectMany(i => Change(hostileValues, nesting).Array[1, 3]
            .Select(changes => changes.Aggregate(bases[i], (text, change) => change(text))));

    /// <summary>Random text over the characters that steer YAML, JSON and Markdown parsers.</summary>
    public static Gen<string> RandomText(string alphabet, int maxLength = 200) =>
        Gen.String[Gen.Char[alphabet], 0, maxLength];

    public const string YamlAlphabet = "abcxyz019.-_:,?[]{}&*!|>'\"#%@`~ \t\n\r\\/\u0000\u001b\u0085\u00a0\u2028\ufeff\u202e";
    public const string JsonAlphabet = "abc019.-+eE:,[]{}\"\\/ \t\nntrufls\u0000\u001b\u2028";
    public const string MarkdownAlphabet = "ab19 #>-*_`[]()!<>|:/.\\\n\t~=+\u0000\u001b\u202e";

    /// <summary>Values that stress scalar typing and the code behind it.</summary>
    public static readonly Gen<string> HostileYamlValues = Property.Any(
        Gen.OneOf(
            "1e400", "-1e400", "1e-400", new string('9', 400), "-" + new string('9', 40), "0x7fffffffffffffffff", ".inf", "-.inf", ".nan",
            "~", "null", "yes", "no", "''", "\"\"", "{}", "[]", "[a, {b: c}]", "!!binary AAAA", "!!int x", "!custom v", "!!map {}",
            "&anchor v", "*undefined", "? complex", "|-\n  block", ">\n  folded", "'unterminated", "\"\\u0000\\x1b\\u202e\"",
            "\"\\ud800\"", "2024-13-45", "%TAG ! tag:x,2000:", "--- second", "...", "- item", "a: b: c", "@reserved", "`reserved",
            "\t", "\u00a0", "\ufeff", "x\u001b[2Jy", "x\u0085y", "x\u2028y", "x\u202ey", "\u0000"),
        Gen.Int[1, 5000].Select(n => new string('9', n)),
        Gen.Long.Select(l => l.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Gen.Double.Select(d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>YAML nesting and shared nodes, small enough to be harmless to a correct reader.</summary>
    public static readonly Gen<string> SmallYamlStructures = Property.Any(
        Gen.Int[1, 200].Select(d => new string('[', d) + "x" + new string(']', d)),
        Gen.Int[1, 200].Select(d => string.Concat(Enumerable.Repeat("{a: ", d)) + "x" + new string('}', d)),
        Gen.Select(Gen.Int[1, 3], Gen.Int[1, 5], AliasFan));

    /// <summary>An anchored list and <paramref name="levels"/> lists that each repeat the previous one <paramref name="fan"/> times, as one flow mapping.</summary>
    public static string AliasFan(int levels, int fan)
    {
        var sb = new StringBuilder("{l0: &l0 [x, y]");
        for (var i = 1; i <= levels; i++)
        {
            sb.Append($", l{i}: &l{i} [").Append(string.Join(", ", Enumerable.Repeat($"*l{i - 1}", fan))).Append(']');
        }
        return sb.Append('}').ToString();
    }

    private static Gen<Func<string, string>> Change(Gen<string> hostileValues, Gen<string> nesting)
    {
        var position = Gen.Int[0, 1 << 20];
        var controls = Gen.Char["\u0000\u0001\u0007\b\t\v\f\r\u001b\u007f\u0085\u009b\u00a0\u2028\u2029\u202a\u202e\u2066\u2069\ufeff\ufffe\uffff"];
        return Gen.Frequency<Func<string, string>>(
            (3, Gen.Select(position, Gen.Char[(char)0, (char)0x7f], (p, c) => Edit(t => Flip(t, p, c)))),
            (2, position.Select(p => Edit(t => t.Length == 0 ? t : t[..(p % t.Length)]))),
            (2, position.Select(p => Edit(t => OnLines(t, p, (lines, i) => lines.Insert(i, lines[i]))))),
            (1, position.Select(p => Edit(t => OnLines(t, p, (lines, i) => lines.RemoveAt(i))))),
            (2, Gen.Select(position, Gen.OneOf("", " ", "  ", "    ", "\t", " \t", "      "), (p, pad) =>
                Edit(t => OnLines(t, p, (lines, i) => lines[i] = pad + lines[i].TrimStart())))),
            (3, Gen.Select(position, hostileValues, (p, v) => Edit(t => ReplaceValue(t, p, v)))),
            (2, Gen.Select(position, Gen.OneOf("&a ", "*a ", "!!str ", "!!binary ", "!x ", "!<tag:x> ", "? ", "<<: *a\n", "&a\n"), (p, tag) =>
                Edit(t => InsertBeforeValue(t, p, tag)))),
            (2, Gen.Select(position, controls, (p, c) => Edit(t => t.Insert(p % (t.Length + 1), c.ToString())))),
            (1, Gen.Select(position, nesting, (p, n) => Edit(t => ReplaceValue(t, p, n)))));
    }

    private static Func<string, string> Edit(Func<string, string> edit) => edit;

    private static string Flip(string text, int position, char c)
    {
        if (text.Length == 0) return c.ToString();
        var i = position % text.Length;
        return string.Concat(text.AsSpan(0, i), c.ToString(), text.AsSpan(i + 1));
    }

    private static string OnLines(string text, int position, Action<List<string>, int> change)
    {
        var lines = text.Split('\n').ToList();
        change(lines, position % lines.Count);
        return string.Join('\n', lines);
    }

    /// <summary>Replaces what follows the first ": " (or "- ") on a line with <paramref name="value"/>.</summary>
    private static string ReplaceValue(string text, int position, string value) => OnLines(text, position, (lines, i) =>
    {
        var at = ValueStart(lines[i]);
        lines[i] = at < 0 ? lines[i] + value : lines[i][..at] + value;
    });

    private static string InsertBeforeValue(string text, int position, string prefix) => OnLines(text, position, (lines, i) =>
    {
        var at = ValueStart(lines[i]);
        lines[i] = at < 0 ? prefix + lines[i] : lines[i].Insert(at, prefix);
    });

    private static int ValueStart(string line)
    {
        var colon = line.IndexOf(": ", StringComparison.Ordinal);
        if (colon >= 0) return colon + 2;
        var dash = line.IndexOf("- ", StringComparison.Ordinal);
        return dash >= 0 ? dash + 2 : -1;
    }
}

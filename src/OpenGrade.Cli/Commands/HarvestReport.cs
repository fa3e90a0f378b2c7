using System.Globalization;
using OpenGrade.Core.Licensing.Detection;
using OpenGrade.Core.Text;
using Spectre.Console;

namespace OpenGrade.Cli.Commands;

/// <summary>
/// Scores the harvested evaluation set (scripts/harvest-licenses.sh: file, expected, source,
/// origin) per source: the id-set accuracy of the shared corpora, the strict accuracy (operators
/// and -only/-or-later too), and how many answers fall in each failure class.
/// </summary>
internal static class HarvestReport
{
    private static readonly ScoreClass[] Failures = [ScoreClass.None, ScoreClass.WrongId, ScoreClass.VariantConfusion, ScoreClass.WrongOperator, ScoreClass.OnlyOrLater];

    private sealed record Scored(string File, string Expected, string Source, string? Answer, bool IdSetRight, ScoreClass Class);

    public static void Render(IAnsiConsole console, LicenseIdentifier identifier, string dir, bool misses)
    {
        var rows = File.ReadLines(Path.Combine(dir, "manifest.tsv"))
            .Select(l => l.TrimEnd('\r').Split('\t'))
            .Where(c => c.Length >= 3 && c[0] != "file" && !c[0].StartsWith('#'))
            .AsParallel().AsOrdered()
            .Select(c =>
            {
                var answer = identifier.Identify(File.ReadAllText(Path.Combine(dir, c[0]))).License;
                return new Scored(c[0], c[1], c[2], answer, LicenseScoring.IsRight(c[1], answer), LicenseScoring.Classify(c[1], answer));
            })
            .ToList();
        var table = new Table().AddColumns(["source", "files", "id sets", "strict", .. Failures.Select(Name)]);
        foreach (var group in rows.GroupBy(r => r.Source).OrderBy(g => g.Key, StringComparer.Ordinal).Append(rows.GroupBy(_ => "all").Single()))
        {
            var n = group.Count();
            table.AddRow([Markup.Escape(TerminalText.Escape(group.Key)), n.ToString(CultureInfo.InvariantCulture),
                Percent(group.Count(r => r.IdSetRight), n), Percent(group.Count(r => r.Class == ScoreClass.Right), n),
                .. Failures.Select(f => group.Count(r => r.Class == f).ToString(CultureInfo.InvariantCulture))]);
        }
        console.WriteLine($"harvested set {dir}:");
        console.Write(table);
        console.WriteLine("id sets: the shared corpora's scoring (-only/-or-later folded, operators ignored); strict: the failure classes below count as wrong.");
        if (!misses) return;
        foreach (var r in rows.Where(r => r.Class != ScoreClass.Right))
        {
            console.WriteLine(TerminalText.Escape($"{Name(r.Class)}: {r.File} expected {r.Expected}, got {r.Answer ?? "none"}"));
        }
    }

    private static string Percent(int right, int n) => n == 0 ? "-" : (100.0 * right / n).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Name(ScoreClass c) => c switch
    {
        ScoreClass.None => "none",
        ScoreClass.WrongId => "wrong id",
        ScoreClass.VariantConfusion => "variant",
        ScoreClass.WrongOperator => "operator",
        ScoreClass.OnlyOrLater => "only/later",
        _ => "right",
    };
}

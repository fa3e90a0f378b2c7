using System.Globalization;
using OpenGrade.Core.Licensing.Detection;
using OpenGrade.Core.Text;
using Spectre.Console;

namespace OpenGrade.Cli.Commands;

/// <summary>
/// Scores the harvested evaluation set (scripts/harvest-licenses.sh: file, expected, source,
/// origin) per source: the id-set accuracy of the shared corpora, the strict accuracy (operators
/// and -only/-or-later too), and how many answers fall in each failure class. Labels listed in
/// scripts/harvest-licenses-disputes.tsv (manifest columns disputed, reading, reason) are scored
/// both ways: against the label as harvested, and against the reading of the text.
/// </summary>
internal static class HarvestReport
{
    private static readonly ScoreClass[] Failures = [ScoreClass.None, ScoreClass.WrongId, ScoreClass.VariantConfusion, ScoreClass.WrongOperator, ScoreClass.OnlyOrLater];

    private sealed record Scored(string File, string Expected, string Source, string? Answer, bool IdSetRight, ScoreClass Class, Dispute? Dispute)
    {
        // A disputed label is scored against the reading of the text (none when empty).
        public bool IdSetRightByText => Dispute is null ? IdSetRight : LicenseScoring.IsRight(Dispute.Reading, Answer);

        public bool StrictRightByText => Dispute is null ? Class == ScoreClass.Right : LicenseScoring.Classify(Dispute.Reading, Answer) == ScoreClass.Right;
    }

    private sealed record Dispute(string Reading, string Reason);

    private static Dispute? DisputeOf(string[] c) => c.Length >= 8 && c[5] == "yes" ? new Dispute(c[6], c[7]) : null;

    public static void Render(IAnsiConsole console, LicenseIdentifier identifier, string dir, bool misses)
    {
        var rows = File.ReadLines(Path.Combine(dir, "manifest.tsv"))
            .Select(l => l.TrimEnd('\r').Split('\t'))
            .Where(c => c.Length >= 3 && c[0] != "file" && !c[0].StartsWith('#'))
            .AsParallel().AsOrdered()
            .Select(c =>
            {
                var answer = identifier.Identify(File.ReadAllText(Path.Combine(dir, c[0]))).License;
                return new Scored(c[0], c[1], c[2], answer, LicenseScoring.IsRight(c[1], answer), LicenseScoring.Classify(c[1], answer), DisputeOf(c));
            })
            .ToList();
        var table = new Table().AddColumns(["source", "files", "id sets", "strict", .. Failures.Select(Name), "disputed", "id sets*", "strict*"]);
        foreach (var group in rows.GroupBy(r => r.Source).OrderBy(g => g.Key, StringComparer.Ordinal).Append(rows.GroupBy(_ => "all").Single()))
        {
            var n = group.Count();
            table.AddRow([Markup.Escape(TerminalText.Escape(group.Key)), n.ToString(CultureInfo.InvariantCulture),
                Percent(group.Count(r => r.IdSetRight), n), Percent(group.Count(r => r.Class == ScoreClass.Right), n),
                .. Failures.Select(f => group.Count(r => r.Class == f).ToString(CultureInfo.InvariantCulture)),
                group.Count(r => r.Dispute is not null).ToString(CultureInfo.InvariantCulture),
                Percent(group.Count(r => r.IdSetRightByText), n), Percent(group.Count(r => r.StrictRightByText), n)]);
        }
        console.WriteLine($"harvested set {dir}:");
        console.Write(table);
        console.WriteLine("id sets: the shared corpora's scoring (-only/-or-later folded, operators ignored); strict: every failure class counts: none, wrong (another id), variant (a sibling id), op (AND/OR/WITH, a repeated term), later (-only vs -or-later).");
        console.WriteLine("disputed: labels the text contradicts (scripts/harvest-licenses-disputes.tsv); *: those rows scored against the text's reading, every other row against its label.");
        if (!misses) return;
        foreach (var r in rows.Where(r => r.Class != ScoreClass.Right))
        {
            var disputed = r.Dispute is null ? "" : $" (label disputed: {(r.Dispute.Reading.Length == 0 ? "none" : r.Dispute.Reading)}, {r.Dispute.Reason})";
            console.WriteLine(TerminalText.Escape($"{Name(r.Class)}: {r.File} expected {r.Expected}, got {r.Answer ?? "none"}{disputed}"));
        }
    }

    private static string Percent(int right, int n) => n == 0 ? "-" : (100.0 * right / n).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Name(ScoreClass c) => c switch
    {
        ScoreClass.None => "none",
        ScoreClass.WrongId => "wrong",
        ScoreClass.VariantConfusion => "variant",
        ScoreClass.WrongOperator => "op",
        ScoreClass.OnlyOrLater => "later",
        _ => "right",
    };
}

using OpenGrade.Core.Evaluation;
using OpenGrade.Core.Evaluation.EuAiAct;
using OpenGrade.Core.Evaluation.Osaid;
using Spectre.Console;

namespace OpenGrade.Reports.Judgements;

/// <summary>The terminal sections for the judgements: a side-by-side summary, then OSAID, the EU AI Act and the flags.</summary>
public static class JudgementText
{
    public static void WriteSummary(IAnsiConsole console, Assessment a, Frameworks frameworks)
    {
        var table = new Table().Border(TableBorder.Simple).AddColumn("framework").AddColumn("judgement");
        if (frameworks.HasFlag(Frameworks.Mof))
        {
            table.AddRow(SafeText.Markup($"MOF {a.Mof.Framework.Version} (MOT)"), Colour(a.Mof.Class != 0, a.Mof.ClassLabel));
            table.AddRow("MOF (recognised)", Colour(a.MofRecognised.Class != 0, a.MofRecognised.ClassLabel));
        }
        if (frameworks.HasFlag(Frameworks.Osaid) && a.Osaid is { } osaid)
        {
            table.AddRow(SafeText.Markup($"OSAID {osaid.Framework.Version}"), Verdict(osaid.Verdict));
        }
        if (frameworks.HasFlag(Frameworks.EuAiAct) && a.EuAiAct is { } eu)
        {
            table.AddRow("EU AI Act open-source exemption", Verdict(eu.Verdict));
        }
        table.AddRow("flags", a.Flags.IsEmpty ? "[green]none[/]" : $"[yellow]{SafeText.Markup(string.Join(", ", a.Flags.Select(f => f.Kind)))}[/]");
        console.Write(table);
    }

    public static void WriteDetails(IAnsiConsole console, Assessment a, Frameworks frameworks)
    {
        if (frameworks.HasFlag(Frameworks.Osaid) && a.Osaid is { } osaid)
        {
            console.MarkupLine($"[bold]OSAID {SafeText.Markup(osaid.Framework.Version)}[/]: {Verdict(osaid.Verdict)}");
            console.MarkupLineSafe($"  {osaid.Reason}");
            var table = new Table().Border(TableBorder.Rounded).AddColumn("element").AddColumn("requirement").AddColumn("status").AddColumn("reason");
            foreach (var r in osaid.Requirements)
            {
                table.AddRow(SafeText.Markup(r.Element), SafeText.Markup(r.Name), Status(r.Status), SafeText.Markup(r.Reason));
            }
            console.Write(table);
            console.WriteLine();
        }
        if (frameworks.HasFlag(Frameworks.EuAiAct) && a.EuAiAct is { } eu)
        {
            console.MarkupLine($"[bold]EU AI Act open-source exemption[/]: {Verdict(eu.Verdict)}");
            console.MarkupLineSafe($"  [grey]{eu.Disclaimer}[/]");
            var table = new Table().Border(TableBorder.Rounded).AddColumn("condition").AddColumn("status").AddColumn("reason");
            foreach (var c in eu.Conditions) table.AddRow(SafeText.Markup(c.Name), Status(c.Status), SafeText.Markup(c.Reason));
            console.Write(table);
            foreach (var note in eu.Notes) console.MarkupLineSafe($"  [grey]{note}[/]");
            console.WriteLine();
        }
        if (!a.Flags.IsEmpty)
        {
            console.MarkupLine("[bold]Flags[/]");
            foreach (var f in a.Flags) console.MarkupLineSafe($"  [yellow]{f.Kind}[/]: {f.Message}");
            console.WriteLine();
        }
        if (!a.Lineage.IsEmpty)
        {
            console.MarkupLine("[bold]Lineage[/] (nearest first)");
            foreach (var t in a.Lineage) console.MarkupLineSafe($"  {new string(' ', 2 * (t.Ancestor.Depth - 1))}{LineageWords.Line(t)}");
            console.WriteLine();
        }
    }

    private static string Colour(bool good, string text) => good ? $"[green]{SafeText.Markup(text)}[/]" : $"[yellow]{SafeText.Markup(text)}[/]";

    private static string Verdict(OsaidVerdict v) => v switch
    {
        OsaidVerdict.Conformant => "[green]conformant[/]",
        OsaidVerdict.NotConformant => "[red]not-conformant[/]",
        _ => "[yellow]insufficient-information[/]",
    };

    private static string Verdict(EuAiActVerdict v) => v switch
    {
        EuAiActVerdict.LikelyExempt => "[green]likely-exempt[/] [grey](information, not legal advice)[/]",
        EuAiActVerdict.NotExempt => "[red]not-exempt[/] [grey](information, not legal advice)[/]",
        _ => "[yellow]unknown[/] [grey](information, not legal advice)[/]",
    };

    private static string Status(RequirementStatus s) => s switch
    {
        RequirementStatus.Met => "[green]met[/]",
        RequirementStatus.NotMet => "[red]not met[/]",
        _ => "[yellow]unknown[/]",
    };
}

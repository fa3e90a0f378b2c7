using OpenGrade.Core.Domain;
using OpenGrade.Core.Evaluation;
using OpenGrade.Core.Evaluation.Mof;
using OpenGrade.Reports.Judgements;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace OpenGrade.Reports;

/// <summary>The terminal report: class reached, progress per class, the component table and the path to the next class.</summary>
public static class TextReport
{
    public static void Render(IAnsiConsole console, AssessedTarget target, Frameworks frameworks = Frameworks.All)
    {
        if (target.Assessment is null)
        {
            console.MarkupLineSafe($"[red]error[/] {target.Target}: {target.Error}");
            return;
        }
        var a = target.Assessment;
        var r = a.Release;
        var title = string.Join(" ", new[] { r.Name, r.Version }.Where(s => !string.IsNullOrWhiteSpace(s)));
        console.Write(new Rule($"[bold]{SafeText.Markup(title)}[/]") { Justification = Justify.Left });
        var facts = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        facts.AddRow("[grey]producer[/]", SafeText.Markup(r.Producer is { Length: > 0 } p ? p : "unknown"));
        facts.AddRow("[grey]source[/]", SafeText.Markup(target.Target));
        console.Write(facts);
        console.WriteLine();
        JudgementText.WriteSummary(console, a, frameworks);
        console.WriteLine();
        if (!frameworks.HasFlag(Frameworks.Mof))
        {
            JudgementText.WriteDetails(console, a, frameworks);
            return;
        }

        var differs = a.Mof.Class != a.MofRecognised.Class || a.Mof.Progress != a.MofRecognised.Progress;
        console.MarkupLine($"[bold]MOF {SafeText.Markup(a.Mof.Framework.Version)}[/] (as MOT computes it): {ClassMarkup(a.Mof)}");
        if (differs)
        {
            console.MarkupLine($"[bold]OpenGrade reading[/] (license names recognised): {ClassMarkup(a.MofRecognised)}");
        }
        console.WriteLine();
        console.Write(ProgressTable(a, differs));
        console.WriteLine();
        console.Write(ComponentTable(a.MofRecognised, a.Mof));
        WriteNotes(console, a.Mof, a.MofRecognised);
        WriteRecognitions(console, a.MofRecognised);
        WriteNextClass(console, differs ? a.MofRecognised : a.Mof);
        console.WriteLine();
        JudgementText.WriteDetails(console, a, frameworks);
        if (target.Inventory is { } inventory) InventoryReport.WriteText(console, inventory);
    }

    private static string ClassMarkup(MofResult m) => m.Class == 0
        ? $"[yellow]{SafeText.Markup(m.ClassLabel)}[/]"
        : $"[green]{SafeText.Markup(m.ClassLabel)}[/]";

    private static IRenderable ProgressTable(Assessment a, bool both)
    {
        var table = new Table().Border(TableBorder.Simple).AddColumn("class").AddColumn("MOT progress");
        if (both) table.AddColumn("recognised");
        foreach (var c in a.Mof.Framework.Classes)
        {
            var cells = new List<IRenderable> { new Markup(SafeText.Markup(c.Label)), Bar(a.Mof.Progress.For(c.Number)) };
            if (both) cells.Add(Bar(a.MofRecognised.Progress.For(c.Number)));
            table.AddRow(cells);
        }
        return table;
    }

    private static IRenderable Bar(double percent)
    {
        const int width = 20;
        var filled = (int)Math.Round(percent / 100 * width);
        var colour = percent >= 100 ? "green" : percent > 0 ? "yellow" : "grey";
        return new Markup($"[{colour}]{new string('█', filled)}[/][grey]{new string('░', width - filled)}[/] {percent,5:0.0}%");
    }

    private static IRenderable ComponentTable(MofResult recognised, MofResult mot)
    {
        var motById = mot.Components.ToDictionary(v => v.Component.Id);
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("class").AddColumn("component").AddColumn("status").AddColumn("license").AddColumn("type-appropriate");
        foreach (var v in recognised.InReadingOrder())
        {
            var m = motById[v.Component.Id];
            var name = v.Component.Required ? v.Component.Name : $"{v.Component.Name} [grey](optional)[/]";
            table.AddRow(
                new Markup(Vocabulary.Roman(v.Component.Class)),
                new Markup(name),
                new Markup(StatusMarkup(m, v)),
                new Markup(LicenseMarkup(m, v)),
                new Markup(v.TypeAppropriate switch { true => "[green]yes[/]", false => "[yellow]no[/]", _ => "[grey]-[/]" }));
        }
        return table;
    }

    private static string StatusMarkup(ComponentVerdict mot, ComponentVerdict recognised)
    {
        static string One(ComponentVerdict v) => v.Status switch
        {
            ComponentStatus.Included => "[green]included[/]",
            ComponentStatus.Missing when v.Presence == Presence.Unknown => "[yellow]unknown[/]",
            ComponentStatus.Missing => v.Component.Required ? "[red]missing[/]" : "[grey]absent[/]",
            ComponentStatus.Invalid => "[red]not open[/]",
            _ when v.Entry?.LicenseUnknown is not null => "[yellow]license unknown[/]",
            _ => "[red]unlicensed[/]",
        };
        return mot.Status == recognised.Status ? One(mot) : $"{One(mot)} → {One(recognised)}";
    }

    private static string LicenseMarkup(ComponentVerdict mot, ComponentVerdict recognised)
    {
        var text = SafeText.Markup(mot.License ?? (mot.Present ? "none" : mot.DeclaredLicense is { } declared ? $"declared {declared}" : ""));
        if (recognised.Reading is { Kind: Core.Licensing.ReadingKind.Recognised } reading)
        {
            text += $" [grey]→ {SafeText.Markup(reading.Id!)}[/]";
        }
        var source = mot.LicenseSource switch
        {
            LicenseSource.ContentTypeGlobal => " [grey](global)[/]",
            LicenseSource.Distribution => " [grey](distribution)[/]",
            _ => "",
        };
        return text + source;
    }

    private static void WriteNotes(IAnsiConsole console, MofResult m, MofResult recognised)
    {
        foreach (var s in m.Framework.Substitutions.Where(_ => m.ResearchPaperReplacesTechnicalReport))
        {
            console.MarkupLineSafe($"[grey]The {s.Replacement.Name} stands in for the {s.Component.Name} (MOF 1.0 allows it).[/]");
        }
        if (recognised.Components.Any(v => v.Reading is { Kind: Core.Licensing.ReadingKind.Recognised }))
        {
            console.MarkupLine("[grey]a → b: MOT's status or license → OpenGrade's reading of the license name.[/]");
        }
        var unknown = m.Components.Where(v => v.Presence == Presence.Unknown).ToList();
        if (unknown.Count > 0)
        {
            // One line per distinct reason: a MOT file's silence or a repository without a full file list.
            foreach (var reason in unknown.GroupBy(v => v.PresenceReason ?? "not shown"))
            {
                console.MarkupLineSafe($"[grey]unknown ({reason.Key}): {string.Join(", ", reason.Select(v => v.Component.Name))}. MOF counts them as missing, as MOT does; OSAID and the EU AI Act do not read them as withheld.[/]");
            }
        }
        if (!m.NotTypeAppropriate.IsEmpty)
        {
            console.MarkupLineSafe($"[grey]Open but not the license type MOF recommends (a warning; the class is unaffected): {string.Join(", ", m.NotTypeAppropriate.Select(c => c.Name))}.[/]");
        }
        console.WriteLine();
    }

    private static void WriteRecognitions(IAnsiConsole console, MofResult recognised)
    {
        if (recognised.Recognitions.IsEmpty) return;
        console.MarkupLine("[bold]License names read[/] (MOT counts only exact SPDX ids):");
        foreach (var r in recognised.Recognitions) console.MarkupLineSafe($"  • {r.Describe()}");
        console.WriteLine();
    }

    private static void WriteNextClass(IAnsiConsole console, MofResult m)
    {
        if (m.NextClass.IsEmpty)
        {
            console.MarkupLine("[green]Every MOF class is reached.[/]");
            return;
        }
        console.MarkupLine("[bold]Path to the next class[/]");
        foreach (var group in m.NextClass.GroupBy(g => g.Class))
        {
            console.MarkupLine($"  [underline]{SafeText.Markup(m.Framework.LabelOf(group.Key))}[/] needs:");
            foreach (var gap in group) console.MarkupLineSafe($"    - {gap.Message}");
        }
    }
}

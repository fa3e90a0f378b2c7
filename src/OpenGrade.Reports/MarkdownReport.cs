using System.Text;
using OpenGrade.Core.Evaluation.Mof;
using OpenGrade.Reports.Judgements;

namespace OpenGrade.Reports;

/// <summary>The assessment as GitHub-flavoured Markdown, for pull requests, wikis and issues.</summary>
public static class MarkdownReport
{
    public static string Render(AssessedTarget target, Frameworks frameworks = Frameworks.All)
    {
        var sb = new StringBuilder();
        if (target.Assessment is null)
        {
            sb.AppendLine($"**Error** `{Escape(target.Target)}`: {Escape(target.Error)}").AppendLine();
            return sb.ToString();
        }
        var a = target.Assessment;
        var r = a.Release;
        sb.AppendLine($"## {Escape(r.Name)}{(string.IsNullOrWhiteSpace(r.Version) ? "" : " " + Escape(r.Version))}").AppendLine();
        sb.AppendLine($"- Producer: {Escape(r.Producer is { Length: > 0 } p ? p : "unknown")}");
        sb.AppendLine($"- Source: `{Escape(target.Target)}`").AppendLine();
        JudgementMarkdown.WriteSummary(sb, a, frameworks);
        if (!frameworks.HasFlag(Frameworks.Mof))
        {
            JudgementMarkdown.WriteDetails(sb, a, frameworks);
            return sb.ToString();
        }
        sb.AppendLine($"- **MOF {a.Mof.Framework.Version}** (as MOT computes it): **{a.Mof.ClassLabel}**");
        var differs = a.Mof.Class != a.MofRecognised.Class || a.Mof.Progress != a.MofRecognised.Progress;
        if (differs) sb.AppendLine($"- OpenGrade reading (license names recognised): **{a.MofRecognised.ClassLabel}**");
        sb.AppendLine();

        sb.AppendLine(differs ? "| class | MOT progress | recognised |" : "| class | progress |");
        sb.AppendLine(differs ? "|---|---:|---:|" : "|---|---:|");
        foreach (var c in a.Mof.Framework.Classes)
        {
            sb.Append($"| {c.Label} | {a.Mof.Progress.For(c.Number):0.0}% |");
            if (differs) sb.Append($" {a.MofRecognised.Progress.For(c.Number):0.0}% |");
            sb.AppendLine();
        }
        sb.AppendLine();

        var mot = a.Mof.Components.ToDictionary(v => v.Component.Id);
        sb.AppendLine("| class | component | status | license | type-appropriate |");
        sb.AppendLine("|---|---|---|---|---|");
        foreach (var v in a.MofRecognised.InReadingOrder())
        {
            var m = mot[v.Component.Id];
            var status = m.Status == v.Status ? m.Shown() : $"{m.Shown()} → {v.Shown()}";
            var license = m.License ?? "";
            if (v.Reading is { Kind: Core.Licensing.ReadingKind.Recognised } reading) license += $" → {reading.Id}";
            var name = v.Component.Required ? v.Component.Name : v.Component.Name + " (optional)";
            var suited = v.TypeAppropriate switch { true => "yes", false => "no", _ => "" };
            sb.AppendLine($"| {Vocabulary.Roman(v.Component.Class)} | {Escape(name)} | {status} | {Escape(license)} | {suited} |");
        }
        sb.AppendLine();

        if (!a.MofRecognised.Recognitions.IsEmpty)
        {
            sb.AppendLine("License names read (MOT counts only exact SPDX ids):").AppendLine();
            foreach (var rec in a.MofRecognised.Recognitions) sb.AppendLine($"- {Escape(rec.Describe())}");
            sb.AppendLine();
        }
        var next = differs ? a.MofRecognised : a.Mof;
        if (!next.NextClass.IsEmpty)
        {
            sb.AppendLine("### Path to the next class").AppendLine();
            foreach (var group in next.NextClass.GroupBy(g => g.Class))
            {
                sb.AppendLine($"**{next.Framework.LabelOf(group.Key)}** needs:").AppendLine();
                foreach (var gap in group) sb.AppendLine($"- {Escape(gap.Message)}");
                sb.AppendLine();
            }
        }
        JudgementMarkdown.WriteDetails(sb, a, frameworks);
        if (target.Inventory is { } inventory) InventoryReport.WriteMarkdown(sb, inventory);
        return sb.ToString();
    }

    private static string Escape(string? text) => SafeText.Markdown(text);
}

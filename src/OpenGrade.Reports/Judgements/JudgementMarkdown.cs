using System.Text;
using OpenGrade.Core.Evaluation;

namespace OpenGrade.Reports.Judgements;

/// <summary>The Markdown sections for the judgements: a side-by-side summary table, then OSAID, the EU AI Act and the flags.</summary>
public static class JudgementMarkdown
{
    public static void WriteSummary(StringBuilder sb, Assessment a, Frameworks frameworks)
    {
        sb.AppendLine("| framework | judgement |").AppendLine("|---|---|");
        if (frameworks.HasFlag(Frameworks.Mof))
        {
            sb.AppendLine($"| MOF {a.Mof.Framework.Version} (MOT) | {a.Mof.ClassLabel} |");
            sb.AppendLine($"| MOF (recognised) | {a.MofRecognised.ClassLabel} |");
        }
        if (frameworks.HasFlag(Frameworks.Osaid) && a.Osaid is { } osaid) sb.AppendLine($"| OSAID {osaid.Framework.Version} | **{osaid.Verdict.Key()}** |");
        if (frameworks.HasFlag(Frameworks.EuAiAct) && a.EuAiAct is { } eu) sb.AppendLine($"| EU AI Act open-source exemption | **{eu.Verdict.Key()}** (information, not legal advice) |");
        sb.AppendLine($"| flags | {(a.Flags.IsEmpty ? "none" : string.Join(", ", a.Flags.Select(f => $"`{f.Kind}`")))} |");
        sb.AppendLine();
    }

    public static void WriteDetails(StringBuilder sb, Assessment a, Frameworks frameworks)
    {
        if (frameworks.HasFlag(Frameworks.Osaid) && a.Osaid is { } osaid)
        {
            sb.AppendLine($"### OSAID {osaid.Framework.Version}: {osaid.Verdict.Key()}").AppendLine();
            sb.AppendLine(Escape(osaid.Reason)).AppendLine();
            sb.AppendLine("| element | requirement | status | reason |").AppendLine("|---|---|---|---|");
            foreach (var r in osaid.Requirements) sb.AppendLine($"| {Escape(r.Element)} | {Escape(r.Name)} | {r.Status.Key()} | {Escape(r.Reason)} |");
            sb.AppendLine();
        }
        if (frameworks.HasFlag(Frameworks.EuAiAct) && a.EuAiAct is { } eu)
        {
            sb.AppendLine($"### EU AI Act open-source exemption: {eu.Verdict.Key()}").AppendLine();
            sb.AppendLine($"*{Escape(eu.Disclaimer)}*").AppendLine();
            sb.AppendLine("| condition | status | reason |").AppendLine("|---|---|---|");
            foreach (var c in eu.Conditions) sb.AppendLine($"| {Escape(c.Name)} | {c.Status.Key()} | {Escape(c.Reason)} |");
            sb.AppendLine();
            foreach (var note in eu.Notes) sb.AppendLine($"- {Escape(note)}");
            sb.AppendLine();
        }
        if (!a.Flags.IsEmpty)
        {
            sb.AppendLine("### Flags").AppendLine();
            foreach (var f in a.Flags) sb.AppendLine($"- `{f.Kind}`: {Escape(f.Message)}");
            sb.AppendLine();
        }
        if (!a.Lineage.IsEmpty)
        {
            sb.AppendLine("### Lineage").AppendLine();
            foreach (var t in a.Lineage) sb.AppendLine($"{new string(' ', 2 * (t.Ancestor.Depth - 1))}- {Escape(LineageWords.Line(t))}");
            sb.AppendLine();
        }
    }

    private static string Escape(string? text) => SafeText.Markdown(text);
}

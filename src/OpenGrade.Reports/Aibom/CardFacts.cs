using System.Collections.Immutable;
using System.Text;
using OpenGrade.Core.Inventory;
using OpenGrade.Core.Inventory.Rules;

namespace OpenGrade.Reports.Aibom;

/// <summary>One evaluation result a card's <c>model-index</c> states: the metric, its value, and the task and dataset it was measured on.</summary>
public sealed record CardMetric(string Type, string Value, string? Slice);

/// <summary>
/// What a model card states that both AI-BOM formats have fields for: the intended use and the
/// limitations (the text of those sections), the <c>model-index</c> metrics and the datasets its
/// metadata names. Read from the card as it is, nothing inferred; empty without a card.
/// </summary>
public sealed record CardFacts(string? IntendedUse, string? Limitations, ImmutableArray<CardMetric> Metrics, ImmutableArray<string> Datasets)
{
    public static readonly CardFacts None = new(null, null, [], []);

    /// <summary>Longest section text carried: an AI-BOM points at the card, it does not replace it.</summary>
    public const int MaxText = 2000;

    public const int MaxMetrics = 50;

    public static CardFacts From(RepositorySnapshot? snapshot)
    {
        if (snapshot is null) return None;
        var card = snapshot.Card;
        return new CardFacts(
            Section(card, t => t.Contains("intended use") || t is "uses" or "direct use"),
            Section(card, t => t.Contains("limitation") || t.Contains("out-of-scope") || t.Contains("bias, risks")),
            [.. MetricsOf(snapshot.Metadata).Take(MaxMetrics)],
            snapshot.Metadata?.Strings("datasets") ?? []);
    }

    private static IEnumerable<CardMetric> MetricsOf(CardMetadata? meta)
    {
        foreach (var result in EvaluationResultsRule.ModelIndexResults(meta))
        {
            var task = result["task"] is MetaMap t ? Scalar(t["name"]) ?? Scalar(t["type"]) : null;
            var dataset = result["dataset"] is MetaMap d ? Scalar(d["name"]) ?? Scalar(d["type"]) : null;
            var slice = string.Join(" / ", new[] { task, dataset }.Where(s => s is not null));
            if (result["metrics"] is not MetaList metrics) continue;
            foreach (var m in metrics.Items.OfType<MetaMap>())
            {
                if ((Scalar(m["name"]) ?? Scalar(m["type"])) is { } type && Scalar(m["value"]) is { } value)
                {
                    yield return new CardMetric(type, value, slice.Length > 0 ? slice : null);
                }
            }
        }
    }

    private static string? Scalar(MetaValue? v) => v is MetaScalar { Value: { Length: > 0 } s } ? s.Trim() : null;

    /// <summary>The text under the first heading whose lower-case title matches, up to the next heading of the same or a higher level.</summary>
    private static string? Section(CardDocument? card, Func<string, bool> title)
    {
        if (card is null) return null;
        var sections = card.Sections;
        for (var i = 0; i < sections.Length; i++)
        {
            if (!title(sections[i].Title.Trim().ToLowerInvariant())) continue;
            var end = sections.Skip(i + 1).FirstOrDefault(s => s.Level <= sections[i].Level)?.Line ?? card.Lines.Length + 1;
            var text = new StringBuilder();
            for (var line = sections[i].Line + 1; line < end && text.Length < MaxText; line++)
            {
                var l = card.LineText(line).Trim();
                if (l.Length == 0) continue;
                if (text.Length > 0) text.Append(' ');
                text.Append(l);
            }
            if (text.Length > 0) return text.Length > MaxText ? text.ToString(0, MaxText).TrimEnd() + "…" : text.ToString();
        }
        return null;
    }
}

using OpenGrade.Core.Evaluation;
using OpenGrade.Core.Licensing;

namespace OpenGrade.Reports.Judgements;

/// <summary>One ancestor in words, the same in the text and Markdown reports.</summary>
public static class LineageWords
{
    public static string Line(InheritedTerms t)
    {
        var a = t.Ancestor;
        var license = a.License ?? "license unknown";
        var terms = t.Restrictions is { IsEmpty: false } r ? $"; carries {string.Join(", ", r.Select(k => k.Key()))}" : "";
        var binds = t.Binds ? "; its terms bind the weights" : "";
        return $"{a.Relation} of {a.Id}: {license}{terms}{binds} ({a.LicenseBasis})";
    }
}

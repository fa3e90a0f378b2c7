using System.Collections.Immutable;
using OpenGrade.Core.Domain;

namespace OpenGrade.Core.Evaluation;

/// <summary>
/// An ancestor whose license is known, with that license's facts: what a derivative inherits.
/// The judgements read the lineage through this one list, so every judgement inherits alike.
/// </summary>
internal sealed record Inherited(Ancestor Ancestor, LicenseFacts Facts)
{
    /// <summary>The MOF component that holds the weights, the part a derivative takes from its base.</summary>
    public const string WeightsComponent = Inventory.Rules.Components.FinalParameters;

    /// <summary>The ancestor's license is one OpenGrade knows and it is not open: its terms bind the derivative's weights.</summary>
    public bool Binds => Facts.Recognised && !Facts.Open;

    public Evidence Evidence => new("lineage", Ancestor.Id, $"{Ancestor.Relation} of {Ancestor.Id} under {Ancestor.License} ({Ancestor.LicenseBasis})");

    public static IReadOnlyList<Inherited> Known(ImmutableArray<Ancestor> lineage, LicenseFactsReader licenses) =>
        lineage.IsDefaultOrEmpty ? [] : [.. lineage.Where(a => a.License is not null).Select(a => new Inherited(a, licenses.Read(a.License!)))];
}

using System.Collections.Immutable;
using OpenGrade.Core.Data;
using OpenGrade.Core.Licensing;

namespace OpenGrade.Core.Frameworks;

/// <summary>How strong the terms on a component must be for OSAID.</summary>
public enum TermsRule
{
    /// <summary>An OSI-approved license (what OSAID asks of code).</summary>
    OsiApproved,

    /// <summary>OSI-approved, FSF-libre, or an open data / content license MOF accepts (parameters, data information).</summary>
    OpenTerms,
}

/// <summary>
/// One OSAID requirement met through MOF components. <see cref="AnyOf"/>: one listed component
/// suffices (data information); otherwise every listed component is needed.
/// <see cref="WhereUsed"/>: a component the release does not list is taken as unused.
/// </summary>
public sealed record OsaidRequirementDefinition(
    string Id,
    string Name,
    string Element,
    ImmutableArray<MofComponent> Components,
    TermsRule Terms,
    bool AnyOf,
    bool WhereUsed,
    string Summary);

/// <summary>One of the four freedoms and the license restrictions that take it away.</summary>
public sealed record OsaidFreedom(string Id, string Name, string Summary, ImmutableArray<RestrictionKind> BrokenBy);

/// <summary>The Open Source AI Definition as data: its elements' requirements over MOF components, and the four freedoms.</summary>
public sealed record OsaidFramework(
    string Name,
    string Version,
    string Date,
    ImmutableArray<OsaidRequirementDefinition> Requirements,
    ImmutableArray<OsaidFreedom> Freedoms,
    ImmutableArray<RestrictionKind> AllowedConditions);

/// <summary>Builds an <see cref="OsaidFramework"/> from its YAML description, checked against MOF's component names.</summary>
public static class OsaidFrameworkLoader
{
    private static readonly Lazy<OsaidFramework> Osaid10 = new(() => Build(FrameworkData.FromJson(EmbeddedData.ReadJsonText("frameworks/osaid-1.0"), FrameworkJson.Default.OsaidDocument), MofFrameworkLoader.Default));

    public static OsaidFramework Default => Osaid10.Value;

    /// <summary>From YAML text in the form of Data/frameworks/osaid-1.0.yaml (the source tree's file, or another).</summary>
    public static OsaidFramework Parse(string yaml, MofFramework mof) => Build(FrameworkData.FromYaml(yaml, FrameworkJson.Default.OsaidDocument), mof);

    private static OsaidFramework Build(Document doc, MofFramework mof)
    {
        MofComponent Component(string name) => mof.Find(name)
            ?? throw new FormatException($"OSAID data names unknown MOF component '{name}'");
        var requirements = doc.Elements.SelectMany(e => e.Requirements.Select(r => new OsaidRequirementDefinition(
            r.Id, r.Name, e.Name, [.. r.Components.Select(Component)], ParseTerms(r.Terms),
            r.Rule switch
            {
                "all-of" or null => false,
                "any-of" => true,
                _ => throw new FormatException($"OSAID requirement '{r.Id}': unknown rule '{r.Rule}' (expected any-of or all-of)"),
            },
            r.WhereUsed, r.Summary))).ToImmutableArray();
        var freedoms = doc.Freedoms.Select(f => new OsaidFreedom(f.Id, f.Name, f.Summary, [.. f.BrokenBy.Select(Restriction)]))
            .ToImmutableArray();
        var allowed = doc.AllowedConditions.Select(Restriction).ToImmutableArray();

        // Every restriction OpenGrade records must be placed: either it takes a freedom away or it is allowed.
        var placed = freedoms.SelectMany(f => f.BrokenBy).Concat(allowed).ToHashSet();
        var unplaced = Enum.GetValues<RestrictionKind>().Where(k => !placed.Contains(k)).ToList();
        if (unplaced.Count > 0)
        {
            throw new FormatException($"OSAID data does not say whether {string.Join(", ", unplaced.Select(k => k.Key()))} break a freedom");
        }
        return new OsaidFramework(doc.Framework.Name, doc.Framework.Version, doc.Framework.Date, requirements, freedoms, allowed);
    }

    internal static RestrictionKind Restriction(string name) => RestrictionKindNames.TryParse(name, out var kind)
        ? kind
        : throw new FormatException($"unknown restriction kind '{name}' (expected one of {string.Join(", ", RestrictionKindNames.All)})");

    private static TermsRule ParseTerms(string terms) => terms switch
    {
        "osi-approved" => TermsRule.OsiApproved,
        "open-terms" => TermsRule.OpenTerms,
        _ => throw new FormatException($"unknown terms rule '{terms}' (expected osi-approved or open-terms)"),
    };

    internal sealed class Document
    {
        public OsaidHeader Framework { get; set; } = new();
        public List<ElementDoc> Elements { get; set; } = [];
        public List<FreedomDoc> Freedoms { get; set; } = [];
        public List<string> AllowedConditions { get; set; } = [];
    }

    internal sealed class OsaidHeader
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public string Version { get; set; } = "";
        public string Date { get; set; } = "";
        public string Publisher { get; set; } = "";
    }

    internal sealed class ElementDoc
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public List<RequirementDoc> Requirements { get; set; } = [];
    }

    internal sealed class RequirementDoc
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public string? Rule { get; set; }
        public List<string> Components { get; set; } = [];
        public string Terms { get; set; } = "";
        public bool WhereUsed { get; set; }
        public string Summary { get; set; } = "";
    }

    internal sealed class FreedomDoc
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public string Summary { get; set; } = "";
        public List<string> BrokenBy { get; set; } = [];
    }
}

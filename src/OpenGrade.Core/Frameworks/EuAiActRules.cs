using System.Collections.Immutable;
using OpenGrade.Core.Data;
using OpenGrade.Core.Licensing;

namespace OpenGrade.Core.Frameworks;

/// <summary>One piece of information Art. 53(2) wants public, shown by any of these MOF components.</summary>
public sealed record PublicInformationRule(string Id, string Name, ImmutableArray<MofComponent> Components);

/// <summary>The EU AI Act's open-source exemption for general-purpose AI models, as data.</summary>
public sealed record EuAiActRules(
    string Name,
    string Regulation,
    ImmutableArray<string> Articles,
    string Disclaimer,
    double SystemicRiskFlops,
    double FlopsPerParameterToken,
    double PlausibleTokenCeiling,
    ImmutableArray<MofComponent> LicensedComponents,
    ImmutableArray<RestrictionKind> DisqualifyingRestrictions,
    ImmutableArray<PublicInformationRule> PublicInformation);

public static class EuAiActRulesLoader
{
    private static readonly Lazy<EuAiActRules> Embedded = new(() => Build(FrameworkData.FromJson(EmbeddedData.ReadJsonText("frameworks/eu-ai-act"), FrameworkJson.Default.EuAiActDocument), MofFrameworkLoader.Default));

    public static EuAiActRules Default => Embedded.Value;

    /// <summary>From YAML text in the form of Data/frameworks/eu-ai-act.yaml (the source tree's file, or another).</summary>
    public static EuAiActRules Parse(string yaml, MofFramework mof) => Build(FrameworkData.FromYaml(yaml, FrameworkJson.Default.EuAiActDocument), mof);

    private static EuAiActRules Build(Document doc, MofFramework mof)
    {
        MofComponent Component(string name) => mof.Find(name)
            ?? throw new FormatException($"EU AI Act data names unknown MOF component '{name}'");
        if (doc.SystemicRiskFlops <= 0 || doc.FlopsPerParameterToken <= 0 || doc.PlausibleTokenCeiling <= 0)
        {
            throw new FormatException("EU AI Act data: the compute figures must be positive");
        }
        return new EuAiActRules(
            doc.Framework.Name, doc.Framework.Regulation, [.. doc.Framework.Articles], doc.Framework.Disclaimer,
            doc.SystemicRiskFlops, doc.FlopsPerParameterToken, doc.PlausibleTokenCeiling,
            [.. doc.LicensedComponents.Select(Component)],
            [.. doc.DisqualifyingRestrictions.Select(OsaidFrameworkLoader.Restriction)],
            [.. doc.PublicInformation.Select(p => new PublicInformationRule(p.Id, p.Name, [.. p.Components.Select(Component)]))]);
    }

    internal sealed class Document
    {
        public EuAiActHeader Framework { get; set; } = new();
        public double SystemicRiskFlops { get; set; }
        public double FlopsPerParameterToken { get; set; }
        public double PlausibleTokenCeiling { get; set; }
        public List<string> LicensedComponents { get; set; } = [];
        public List<string> DisqualifyingRestrictions { get; set; } = [];
        public List<PublicInformationDoc> PublicInformation { get; set; } = [];
    }

    internal sealed class EuAiActHeader
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public string Regulation { get; set; } = "";
        public List<string> Articles { get; set; } = [];
        public string Disclaimer { get; set; } = "";
    }

    internal sealed class PublicInformationDoc
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public List<string> Components { get; set; } = [];
    }
}

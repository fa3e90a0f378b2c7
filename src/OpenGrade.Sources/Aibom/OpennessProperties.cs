using System.Collections.Immutable;
using System.Globalization;
using OpenGrade.Core.Domain;

namespace OpenGrade.Sources.Aibom;

/// <summary>The <c>openness:</c> properties of one element (CycloneDX properties or SPDX CdxPropertiesExtension entries), with where it is.</summary>
internal sealed record ElementProperties(string Location, ILookup<string, string> Properties)
{
    public string? this[string name] => Properties[name].FirstOrDefault();
}

/// <summary>
/// Reads OpenGrade's own AI-BOMs back to exactly the release they were made from: the release
/// fields, global licenses and signals on the model, and each component's own license entry
/// (docs/exports.md, "Reading AI-BOMs back"), under the names in <see cref="OpennessKeys"/>.
/// </summary>
internal static class OpennessProperties
{
    public const string FrameworkVersion = OpennessKeys.MofFrameworkVersion;
    public const string Component = OpennessKeys.MofComponent;
    public const string LicenseEntry = OpennessKeys.LicenseEntry;
    public const string LicensePath = OpennessKeys.LicensePath;
    public const string ComponentPath = OpennessKeys.ComponentPath;
    public const string DatasetRole = OpennessKeys.DatasetRole;
    private const string Release = OpennessKeys.ReleasePrefix;
    private const string Global = OpennessKeys.GlobalLicensePrefix;
    private const string Signal = OpennessKeys.SignalPrefix;

    /// <summary>Written by OpenGrade: the model carries the framework version and the release name.</summary>
    public static bool AreOurs(ElementProperties model) => model[FrameworkVersion] is not null && model[Release + "name"] is not null;

    public static (ModelRelease Release, ReleaseSignals Signals) Read(ElementProperties model, IEnumerable<ElementProperties> elements)
    {
        string? R(string field) => model[Release + field];
        LicenseDeclaration? G(string scope) =>
            model[Global + scope] is { } name ? new LicenseDeclaration(name, model[Global + scope + ":path"]) : null;
        var components = elements
            .Where(e => e[Component] is not null)
            .Select(e => new ComponentEntry(e[Component]!, null, e[LicenseEntry], e[LicensePath], e[ComponentPath], new SourceLocation(e.Location)))
            .ToImmutableArray();
        var release = new ModelRelease(R("name")!, R("version"), R("producer"), R("date"), R("type"), R("architecture"), R("repository"), R("huggingface"),
            new GlobalLicenses(G("distribution"), G("code"), G("data"), G("document")), components)
        {
            Coverage = model[OpennessKeys.ReleaseCoverage] is { } coverage ? ReleaseCoverage.Parse(coverage) ?? ReleaseCoverage.Record : ReleaseCoverage.Record,
            Lineage = Lineage(elements),
        };
        var signals = ReleaseSignals.Empty with
        {
            Gated = model[Signal + "gated"] is { } g ? g == "true" : null,
            ParameterCount = Long(model[Signal + "parameter-count"]),
            TrainingTokens = Long(model[Signal + "training-tokens"]),
            ReportedTrainingFlops = double.TryParse(model[Signal + "reported-training-flops"], NumberStyles.Float, CultureInfo.InvariantCulture, out var f) ? f : null,
        };
        return (release, signals);
    }

    /// <summary>The ancestors the elements carry, in the release's order (nearest first); a damaged entry is left out.</summary>
    private static ImmutableArray<Ancestor> Lineage(IEnumerable<ElementProperties> elements) => AncestorText.Ordered(
        elements.Select(e => (Index: Long(e[OpennessKeys.LineageIndex]), Ancestor: e[OpennessKeys.LineageAncestor] is { } text ? AncestorText.Parse(text) : null))
            .Where(x => x.Ancestor is not null)
            .Select(x => ((int)Math.Clamp(x.Index ?? int.MaxValue, 0, int.MaxValue), x.Ancestor!)));

    private static long? Long(string? text) => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
}

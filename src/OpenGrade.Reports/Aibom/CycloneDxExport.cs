using System.Text.Json.Nodes;

using OpenGrade.Core.Domain;

namespace OpenGrade.Reports.Aibom;

/// <summary>The CycloneDX versions OpenGrade writes; the ML-BOM parts are the same in both.</summary>
public enum CycloneDxVersion
{
    V1_6,
    V1_7,
}

/// <summary>
/// An assessment as a CycloneDX 1.6 or 1.7 ML-BOM (docs/exports.md): the model as the
/// <c>machine-learning-model</c> metadata component with a model card, one component per other
/// MOF component present with its own licenses, the judgements as <c>openness:</c> and CNCF
/// properties, a review annotation, and dependencies. Pure: same facts, same bytes.
/// </summary>
public static class CycloneDxExport
{
    public const string ModelRef = "model";
    public const string LicenseIdProperty = OpennessKeys.LicenseId;

    public static JsonObject Render(BomFacts f, CycloneDxVersion version, string toolVersion)
    {
        var spec = version == CycloneDxVersion.V1_7 ? "1.7" : "1.6";
        var tool = new JsonObject { ["type"] = "application", ["name"] = ExportContext.ToolName, ["version"] = toolVersion };
        var bom = new JsonObject
        {
            ["$schema"] = $"http://cyclonedx.org/schema/bom-{spec}.schema.json",
            ["bomFormat"] = "CycloneDX",
            ["specVersion"] = spec,
            ["serialNumber"] = $"urn:uuid:{f.Uuid:D}",
            ["version"] = 1,
            ["metadata"] = new JsonObject
            {
                ["timestamp"] = f.Timestamp,
                ["tools"] = new JsonObject { ["components"] = new JsonArray(tool.DeepClone()) },
                ["component"] = ModelComponent(f, version),
            },
            ["components"] = new JsonArray([.. f.Parts.Select(p => (JsonNode)PartComponent(p, version))]),
            ["dependencies"] = new JsonArray([
                new JsonObject { ["ref"] = ModelRef, ["dependsOn"] = new JsonArray([.. f.Parts.Select(p => (JsonNode)Ref(p))]) },
                .. f.Parts.Select(p => (JsonNode)new JsonObject { ["ref"] = Ref(p) }),
            ]),
            ["annotations"] = new JsonArray(new JsonObject
            {
                ["subjects"] = new JsonArray(ModelRef),
                ["annotator"] = new JsonObject { ["component"] = tool },
                ["timestamp"] = f.Timestamp,
                ["text"] = f.Review,
            }),
        };
        return bom;
    }

    public static string Ref(BomPart p) => "mof-" + p.Key;

    private static JsonObject ModelComponent(BomFacts f, CycloneDxVersion version)
    {
        var m = f.Model;
        var c = new JsonObject { ["type"] = "machine-learning-model", ["bom-ref"] = ModelRef };
        if (m.Supplier is { } s) c["supplier"] = new JsonObject { ["name"] = s };
        c["name"] = m.Name;
        if ((m.Version ?? m.Revision) is { } v) c["version"] = v;
        c["description"] = $"{m.Name}: AI-BOM with openness judgements by {ExportContext.ToolName}";
        if (Licenses(f.ModelLicenses.Declared, f.ModelLicenses.Concluded, version) is { } licenses) c["licenses"] = licenses;
        if (m.Purl is { } purl) c["purl"] = purl;
        var refs = new JsonArray();
        if (m.DownloadLocation is { } d) refs.Add(Reference("distribution", d, null));
        if (m.Repository is { } repo) refs.Add(Reference("vcs", repo, null));
        foreach (var p in f.Parts.Where(p => p.Location is not null && p.Kind == PartKind.Documentation))
        {
            refs.Add(Reference(p.Key == "model-card" ? "model-card" : "documentation", p.Location!, p.Verdict.Component.Name));
        }
        if (refs.Count > 0) c["externalReferences"] = refs;
        var parameters = new JsonObject();
        if (m.Task is { } task) parameters["task"] = task;
        if (m.Architecture is { } arch) parameters["architectureFamily"] = arch;
        if (m.ModelArchitecture is { } modelArch) parameters["modelArchitecture"] = modelArch;
        var datasets = f.Parts.Where(p => p.Kind is PartKind.TrainingData or PartKind.EvaluationData).ToList();
        // The data components first, then the datasets the card names, as the card names them (no license: that is the components' job).
        JsonNode[] cardDatasets = [.. f.Card.Datasets.Select(name => (JsonNode)new JsonObject { ["type"] = "dataset", ["name"] = name })];
        if (datasets.Count + cardDatasets.Length > 0) parameters["datasets"] = new JsonArray([.. datasets.Select(p => (JsonNode)new JsonObject { ["ref"] = Ref(p) }), .. cardDatasets]);
        if (ModelCard(parameters, f.Card) is { Count: > 0 } card) c["modelCard"] = card;
        if (Ancestors(f.Lineage, null, version) is { Count: > 0 } ancestors) c["pedigree"] = new JsonObject { ["ancestors"] = ancestors };
        c["properties"] = Properties([.. f.ModelProperties, .. f.Weights?.Properties ?? []]);
        return c;
    }

    /// <summary>The model card: parameters, the card's metrics (quantitative analysis), intended use and limitations (considerations).</summary>
    private static JsonObject ModelCard(JsonObject parameters, CardFacts card)
    {
        var m = new JsonObject();
        if (parameters.Count > 0) m["modelParameters"] = parameters;
        if (!card.Metrics.IsEmpty)
        {
            m["quantitativeAnalysis"] = new JsonObject
            {
                ["performanceMetrics"] = new JsonArray([.. card.Metrics.Select(x =>
                {
                    var metric = new JsonObject { ["type"] = x.Type, ["value"] = x.Value };
                    if (x.Slice is { } slice) metric["slice"] = slice;
                    return (JsonNode)metric;
                })]),
            };
        }
        var considerations = new JsonObject();
        if (card.IntendedUse is { } use) considerations["useCases"] = new JsonArray(use);
        if (card.Limitations is { } limits) considerations["technicalLimitations"] = new JsonArray(limits);
        if (considerations.Count > 0) m["considerations"] = considerations;
        return m;
    }

    /// <summary>
    /// The lineage as <c>pedigree.ancestors</c>, nested: CycloneDX defines an ancestor as the
    /// component this one is derived from, and a chain as each ancestor carrying its own pedigree,
    /// so a base model's base sits in the base model's pedigree; the relation and depth are properties.
    /// </summary>
    private static JsonArray Ancestors(IReadOnlyList<BomAncestor> lineage, string? childKey, CycloneDxVersion version) =>
        [.. lineage.Where(a => a.ChildKey == childKey).Select(a =>
        {
            var c = new JsonObject { ["type"] = "machine-learning-model", ["bom-ref"] = a.Key, ["name"] = a.Name };
            c["description"] = $"{a.Ancestor.Relation} base at depth {a.Ancestor.Depth} of {a.Ancestor.Child}";
            if (Licenses(a.Declared, a.Concluded, version) is { } licenses) c["licenses"] = licenses;
            if (a.Location is { } url) c["externalReferences"] = new JsonArray(Reference("distribution", url, null));
            if (Ancestors(lineage, a.Key, version) is { Count: > 0 } deeper) c["pedigree"] = new JsonObject { ["ancestors"] = deeper };
            c["properties"] = Properties(a.Properties);
            return (JsonNode)c;
        })];

    private static JsonObject PartComponent(BomPart p, CycloneDxVersion version)
    {
        var c = new JsonObject { ["type"] = ComponentType(p.Kind), ["bom-ref"] = Ref(p), ["name"] = p.Name };
        if (Licenses(p.Declared, p.Concluded, version) is { } licenses) c["licenses"] = licenses;
        if (p.Location is { } url) c["externalReferences"] = new JsonArray(Reference(ReferenceType(p), url, null));
        if (DataType(p.Kind) is { } dataType)
        {
            var data = new JsonObject { ["type"] = dataType, ["name"] = p.Name };
            if (p.Location is { } u) data["contents"] = new JsonObject { ["url"] = u };
            data["description"] = p.Verdict.Component.Description;
            c["data"] = new JsonArray(data);
        }
        c["properties"] = Properties(p.Properties);
        return c;
    }

    private static string ComponentType(PartKind kind) => kind switch
    {
        PartKind.Checkpoint => "machine-learning-model",
        PartKind.TrainingData or PartKind.EvaluationData or PartKind.Metadata or PartKind.Samples => "data",
        PartKind.Code => "application",
        PartKind.Library => "library",
        _ => "file",
    };

    private static string? DataType(PartKind kind) => kind switch
    {
        PartKind.TrainingData or PartKind.EvaluationData => "dataset",
        PartKind.Metadata => "configuration",
        PartKind.Samples => "other",
        _ => null,
    };

    private static string ReferenceType(BomPart p) => p.Kind switch
    {
        PartKind.Code or PartKind.Library => "vcs",
        PartKind.Documentation => p.Key == "model-card" ? "model-card" : "documentation",
        PartKind.EvaluationResults => "evidence",
        PartKind.Metadata => "configuration",
        _ => "distribution",
    };

    private static JsonObject Reference(string type, string url, string? comment)
    {
        var r = new JsonObject { ["type"] = type, ["url"] = url };
        if (comment is not null) r["comment"] = comment;
        return r;
    }

    /// <summary>
    /// The declared and concluded licenses. An SPDX-list id goes in <c>license.id</c>, a single
    /// custom license in <c>license.name</c> (+ <c>url</c>), anything else in one <c>expression</c>.
    /// CycloneDX 1.6 forbids mixing an expression with license objects or giving two expressions,
    /// so there the declared one wins and the concluded one stays in a property.
    /// </summary>
    private static JsonArray? Licenses(BomLicense declared, BomLicense concluded, CycloneDxVersion version)
    {
        var entries = new List<JsonObject>();
        foreach (var (license, ack) in new[] { (declared, "declared"), (concluded, "concluded") })
        {
            if (license.State == LicenseState.Stated) entries.Add(LicenseEntry(license, ack));
        }
        if (entries.Count == 0) return null;
        if (version == CycloneDxVersion.V1_6 && entries.Any(e => e.ContainsKey("expression"))) entries = [entries[0]];
        return new JsonArray([.. entries]);
    }

    private static JsonObject LicenseEntry(BomLicense l, string acknowledgement)
    {
        if (l.IsListedId) return new JsonObject { ["license"] = new JsonObject { ["id"] = l.Expression, ["acknowledgement"] = acknowledgement } };
        if (!l.IsSingleCustom) return new JsonObject { ["expression"] = l.Expression, ["acknowledgement"] = acknowledgement };
        var license = new JsonObject { ["name"] = l.Name ?? l.Expression, ["acknowledgement"] = acknowledgement };
        if (l.Url is { } url) license["url"] = url;
        license["properties"] = new JsonArray(new JsonObject { ["name"] = LicenseIdProperty, ["value"] = l.Expression });
        return new JsonObject { ["license"] = license };
    }

    private static JsonArray Properties(IEnumerable<BomProperty> properties) =>
        new([.. properties.Select(p => (JsonNode)new JsonObject { ["name"] = p.Name, ["value"] = p.Value })]);
}

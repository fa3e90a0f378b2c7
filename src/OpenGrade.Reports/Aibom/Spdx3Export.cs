using System.Text.Json.Nodes;

namespace OpenGrade.Reports.Aibom;

/// <summary>
/// An assessment as an SPDX 3.0.1 JSON-LD document with the AI and Dataset profiles
/// (docs/exports.md): a <c>software_Sbom</c> whose root is the model (<c>ai_AIPackage</c>), one
/// element per other MOF component present, exactly one declared and one concluded license
/// relationship per element, the judgements as <c>extension_CdxPropertiesExtension</c> entries
/// and a review <c>Annotation</c>. Pure: same facts, same bytes.
/// </summary>
public static class Spdx3Export
{
    public const string Context = "https://spdx.org/rdf/3.0.1/spdx-context.jsonld";
    public const string CreationInfo = "_:creationinfo";
    public const string NoAssertionLicense = "expandedlicensing_NoAssertionLicense";
    public const string NoneLicense = "expandedlicensing_NoneLicense";

    public static JsonObject Render(BomFacts f, ExportContext ctx)
    {
        var b = new Builder(ctx.DocumentBase?.TrimEnd('/', '#') ?? $"https://spdx.org/spdxdocs/opengrade-{MofParts.Slug(f.Model.Id)}-{f.Uuid:D}");
        return b.Build(f, ctx);
    }

    /// <summary>Collects the graph; ids are the document base plus a fragment.</summary>
    private sealed class Builder(string docBase)
    {
        private readonly JsonArray _graph = [];
        private readonly Dictionary<string, string> _licenseIds = new(StringComparer.Ordinal);
        private int _relationships;

        private string Id(string fragment) => $"{docBase}#{fragment}";

        public JsonObject Build(BomFacts f, ExportContext ctx)
        {
            var agent = Id("agent-opengrade");
            var tool = Id("tool-opengrade");
            _graph.Add(new JsonObject
            {
                ["type"] = "CreationInfo",
                ["@id"] = CreationInfo,
                ["specVersion"] = "3.0.1",
                ["created"] = f.Timestamp,
                ["createdBy"] = new JsonArray(agent),
                ["createdUsing"] = new JsonArray(tool),
            });
            _graph.Add(Element("SoftwareAgent", agent, ExportContext.ToolName));
            _graph.Add(Element("Tool", tool, $"{ExportContext.ToolName} {ctx.ToolVersion}"));
            string? supplier = null;
            if (f.Model.Supplier is { } s)
            {
                supplier = Id("organization-" + MofParts.Slug(s));
                _graph.Add(Element("Organization", supplier, s));
            }

            var model = Id("model");
            var parts = f.Parts.Select(p => (Part: p, Id: Id("component-" + p.Key))).ToList();
            var ancestors = f.Lineage.Select(x => (Ancestor: x, Id: Id(x.Key))).ToList();
            var dataLicense = LicenseElement("CC0-1.0", null);
            _graph.Add(new JsonObject
            {
                ["type"] = "SpdxDocument",
                ["spdxId"] = Id("document"),
                ["creationInfo"] = CreationInfo,
                ["name"] = $"AI-BOM for {f.Model.Name}",
                ["dataLicense"] = dataLicense,
                // "extension" is left out on purpose: in the 3.0.1 context it expands to a property, not a profile.
                ["profileConformance"] = new JsonArray("core", "software", "ai", "dataset", "simpleLicensing"),
                ["rootElement"] = new JsonArray(Id("sbom")),
            });
            _graph.Add(new JsonObject
            {
                ["type"] = "software_Sbom",
                ["spdxId"] = Id("sbom"),
                ["creationInfo"] = CreationInfo,
                ["software_sbomType"] = new JsonArray("analyzed"),
                ["rootElement"] = new JsonArray(model),
                ["element"] = new JsonArray([model, .. parts.Select(p => (JsonNode)p.Id), .. ancestors.Select(x => (JsonNode)x.Id)]),
            });

            _graph.Add(ModelElement(f, model, supplier));
            LicenseRelationships(model, f.ModelLicenses.Declared, f.ModelLicenses.Concluded);
            foreach (var (part, id) in parts)
            {
                _graph.Add(PartElement(part, id, supplier));
                LicenseRelationships(id, part.Declared, part.Concluded);
            }
            foreach (var (part, id) in parts)
            {
                var (from, type, to) = Lineage(part, id, model, parts);
                Relationship(from, type, to);
            }
            foreach (var (ancestor, id) in ancestors)
            {
                _graph.Add(AncestorElement(ancestor, id));
                LicenseRelationships(id, ancestor.Declared, ancestor.Concluded);
            }
            foreach (var (ancestor, id) in ancestors)
            {
                // The model (or the ancestor it is the base of) descends from this one.
                Relationship(ancestor.ChildKey is { } child ? Id(child) : model, "descendantOf", id);
            }
            _graph.Add(new JsonObject
            {
                ["type"] = "Annotation",
                ["spdxId"] = Id("annotation-review"),
                ["creationInfo"] = CreationInfo,
                ["annotationType"] = "review",
                ["subject"] = model,
                ["contentType"] = "text/plain",
                ["statement"] = f.Review,
            });
            return new JsonObject { ["@context"] = Context, ["@graph"] = _graph };
        }

        private static JsonObject Element(string type, string id, string name) => new()
        {
            ["type"] = type,
            ["spdxId"] = id,
            ["creationInfo"] = CreationInfo,
            ["name"] = name,
        };

        private static JsonObject ModelElement(BomFacts f, string id, string? supplier)
        {
            var m = f.Model;
            var e = Element("ai_AIPackage", id, m.Name);
            // SPDX's model text asks for these four on every AIPackage; NOASSERTION where the release does not say.
            e["software_packageVersion"] = m.Version ?? m.Revision ?? "NOASSERTION";
            e["software_downloadLocation"] = m.DownloadLocation ?? "NOASSERTION";
            e["software_primaryPurpose"] = "model";
            if (m.ReleaseTime is { } t) e["releaseTime"] = t;
            if (supplier is not null) e["suppliedBy"] = supplier;
            if (m.Purl is { } purl)
            {
                e["externalIdentifier"] = new JsonArray(new JsonObject { ["type"] = "ExternalIdentifier", ["externalIdentifierType"] = "packageUrl", ["identifier"] = purl });
            }
            if (m.Repository is { } repo)
            {
                e["externalRef"] = new JsonArray(new JsonObject { ["type"] = "ExternalRef", ["externalRefType"] = "vcs", ["locator"] = new JsonArray(repo) });
            }
            if (m.Architecture is { } arch) e["ai_typeOfModel"] = new JsonArray([arch, .. m.ModelArchitecture is { } ma ? new JsonNode[] { ma } : []]);
            var card = f.Card;
            var application = string.Join(" ", new[] { m.Task is { } task ? $"task: {task}." : null, card.IntendedUse is { } use ? $"Intended use: {use}" : null }.OfType<string>());
            if (application.Length > 0) e["ai_informationAboutApplication"] = application;
            if (card.Limitations is { } limits) e["ai_limitation"] = limits;
            if (!card.Metrics.IsEmpty)
            {
                e["ai_metric"] = new JsonArray([.. card.Metrics.Select(x => (JsonNode)new JsonObject
                {
                    ["type"] = "DictionaryEntry",
                    ["key"] = x.Slice is { } slice ? $"{x.Type} ({slice})" : x.Type,
                    ["value"] = x.Value,
                })]);
            }
            if (m.Type is { } type) e["ai_domain"] = new JsonArray(type);
            e["extension"] = Extension([.. f.ModelProperties, .. f.Weights?.Properties ?? []]);
            return e;
        }

        private static JsonObject PartElement(BomPart p, string id, string? supplier)
        {
            var type = p.Kind switch
            {
                PartKind.Checkpoint => "ai_AIPackage",
                PartKind.TrainingData or PartKind.EvaluationData => "dataset_DatasetPackage",
                _ => "software_Package",
            };
            var e = Element(type, id, p.Name);
            e["software_downloadLocation"] = p.Location ?? "NOASSERTION";
            e["software_primaryPurpose"] = p.Kind switch
            {
                PartKind.Checkpoint => "model",
                PartKind.TrainingData or PartKind.EvaluationData or PartKind.Samples => "data",
                PartKind.Metadata => "configuration",
                PartKind.Code => "source",
                PartKind.Library => "library",
                PartKind.EvaluationResults => "evidence",
                _ => "documentation",
            };
            if (p.Kind == PartKind.Code && p.Key == "evaluation-code") e["software_additionalPurpose"] = new JsonArray("test");
            if (type == "dataset_DatasetPackage")
            {
                e["dataset_datasetType"] = new JsonArray("noAssertion");
                if (p.Location is not null) e["dataset_datasetAvailability"] = "directDownload";
            }
            if (p.Kind == PartKind.Checkpoint)
            {
                // Many checkpoints stand behind one element: no single version to name.
                e["software_packageVersion"] = "NOASSERTION";
                if (supplier is not null) e["suppliedBy"] = supplier;
            }
            e["description"] = p.Verdict.Component.Description;
            e["extension"] = Extension(p.Properties);
            return e;
        }

        /// <summary>A base model as an <c>ai_AIPackage</c>: no version or supplier is known, so NOASSERTION where SPDX's model text asks.</summary>
        private static JsonObject AncestorElement(BomAncestor a, string id)
        {
            var e = Element("ai_AIPackage", id, a.Name);
            e["software_packageVersion"] = "NOASSERTION";
            e["software_downloadLocation"] = a.Location ?? "NOASSERTION";
            e["software_primaryPurpose"] = "model";
            e["comment"] = $"{a.Ancestor.Relation} base at depth {a.Ancestor.Depth} of {a.Ancestor.Child}";
            e["extension"] = Extension(a.Properties);
            return e;
        }

        /// <summary>How a part relates to the model (or, for a data card, to the training data).</summary>
        private static (string From, string Type, string To) Lineage(BomPart p, string id, string model, List<(BomPart Part, string Id)> parts) => p.Key switch
        {
            "training-code" => (id, "generates", model),
            "evaluation-code" => (model, "hasTest", id),
            "data-preprocessing-code" or "supporting-libraries-and-tools" => (model, "usesTool", id),
            "model-architecture" or "inference-code" => (model, "dependsOn", id),
            "intermediate-model-parameters" => (id, "ancestorOf", model),
            "datasets" => (model, "trainedOn", id),
            "evaluation-data" => (model, "testedOn", id),
            "model-metadata" => (model, "hasMetadata", id),
            "sample-model-outputs" => (model, "hasExample", id),
            "evaluation-results" => (model, "hasEvidence", id),
            "data-card" when parts.FirstOrDefault(x => x.Part.Key == "datasets") is { Id: { } data } => (data, "hasDocumentation", id),
            _ => (model, "hasDocumentation", id),
        };

        private void LicenseRelationships(string from, BomLicense declared, BomLicense concluded)
        {
            Relationship(from, "hasDeclaredLicense", LicenseTarget(declared));
            Relationship(from, "hasConcludedLicense", LicenseTarget(concluded));
        }

        private string LicenseTarget(BomLicense l) => l.State switch
        {
            LicenseState.None => NoneLicense,
            LicenseState.NoAssertion => NoAssertionLicense,
            _ => LicenseElement(l.Expression!, l),
        };

        /// <summary>One <c>simplelicensing_LicenseExpression</c> per distinct expression, with custom ids mapped to their text.</summary>
        private string LicenseElement(string expression, BomLicense? l)
        {
            if (_licenseIds.TryGetValue(expression, out var existing)) return existing;
            var id = Id($"license-{_licenseIds.Count + 1}");
            _licenseIds[expression] = id;
            var e = new JsonObject
            {
                ["type"] = "simplelicensing_LicenseExpression",
                ["spdxId"] = id,
                ["creationInfo"] = CreationInfo,
                ["simplelicensing_licenseExpression"] = expression,
            };
            if (l is { CustomIdUris.IsDefaultOrEmpty: false })
            {
                e["simplelicensing_customIdToUri"] = new JsonArray([.. l.CustomIdUris.Select(kv => (JsonNode)new JsonObject
                {
                    ["type"] = "DictionaryEntry",
                    ["key"] = kv.Key,
                    ["value"] = kv.Value,
                })]);
            }
            _graph.Add(e);
            return id;
        }

        private void Relationship(string from, string type, string to)
        {
            _relationships++;
            _graph.Add(new JsonObject
            {
                ["type"] = "Relationship",
                ["spdxId"] = Id($"relationship-{_relationships}"),
                ["creationInfo"] = CreationInfo,
                ["from"] = from,
                ["relationshipType"] = type,
                ["to"] = new JsonArray(to),
            });
        }

        private static JsonArray Extension(IEnumerable<BomProperty> properties) => new(new JsonObject
        {
            ["type"] = "extension_CdxPropertiesExtension",
            ["extension_cdxProperty"] = new JsonArray([.. properties.Select(p => (JsonNode)new JsonObject
            {
                ["type"] = "extension_CdxPropertyEntry",
                ["extension_cdxPropName"] = p.Name,
                ["extension_cdxPropValue"] = p.Value,
            })]),
        });
    }
}

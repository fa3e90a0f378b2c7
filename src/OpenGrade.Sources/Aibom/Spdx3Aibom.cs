using System.Collections.Immutable;
using System.Text.Json.Nodes;
using OpenGrade.Core.Domain;

namespace OpenGrade.Sources.Aibom;

/// <summary>An SPDX 3.0.1 JSON-LD AI-BOM (AI and Dataset profiles) as a release.</summary>
internal static class Spdx3Aibom
{
    private const string Format = "spdx-3.0.1";
    private const string SpdxLicenses = "https://spdx.org/licenses/";

    /// <summary>How a relationship from the model (or to it) places its other end.</summary>
    private static readonly Dictionary<string, string> FromModel = new(StringComparer.Ordinal)
    {
        ["trainedOn"] = "Datasets",
        ["testedOn"] = "Evaluation data",
        ["hasTest"] = "Evaluation code",
        ["hasMetadata"] = "Model metadata",
        ["hasExample"] = "Sample model outputs",
        ["hasEvidence"] = "Evaluation results",
    };

    public static AibomRelease Read(JsonObject doc, string path)
    {
        var graph = (doc["@graph"] as JsonArray)?.OfType<JsonObject>().Select((o, i) => (Node: o, Pointer: $"/@graph/{i}")).ToList()
            ?? [(doc, "")];
        var byId = new Dictionary<string, (JsonObject Node, string Pointer)>(StringComparer.Ordinal);
        foreach (var g in graph)
        {
            if (Id(g.Node) is { } id) byId.TryAdd(id, g);
        }
        var relationships = graph.Select(g => g.Node).Where(o => Text(o["type"]) == "Relationship").ToList();
        var model = Root(graph, byId);
        if (model is null) throw new AibomFileException(path, 0, 0, "has no package to judge (no ai_AIPackage and no root package)");
        var (modelNode, modelPointer) = model.Value;
        var modelProps = Properties(modelNode, $"{path}:{modelPointer}");

        if (OpennessProperties.AreOurs(modelProps))
        {
            var elements = graph.Where(g => Text(g.Node["type"]) is "ai_AIPackage" or "dataset_DatasetPackage" or "software_Package")
                .Select(g => Properties(g.Node, $"{path}:{g.Pointer}"));
            var (ours, signals) = OpennessProperties.Read(modelProps, elements);
            return new AibomRelease(ours, signals, Format, true, []);
        }

        var notes = ImmutableArray.CreateBuilder<string>();
        var modelId = Id(modelNode)!;
        var found = new List<FoundComponent>();
        // Indexed once: a document may hold many thousands of relationships.
        var byFrom = relationships.ToLookup(r => (Text(r["from"]) ?? "", Text(r["relationshipType"]) ?? ""));
        var licenses = new Dictionary<string, (string? License, string? Path)>(StringComparer.Ordinal);
        (string? License, string? Path) LicenseOf(string id) =>
            licenses.TryGetValue(id, out var known) ? known : licenses[id] = License(id, byFrom, byId);
        var placed = new HashSet<(string, string)>();
        var isModel = Text(modelNode["type"]) == "ai_AIPackage";
        if (isModel)
        {
            var (l, lp) = LicenseOf(modelId);
            found.Add(new("Model parameters (Final)", l, lp, Text(modelNode["software_downloadLocation"]), $"{path}:{modelPointer}"));
        }
        else
        {
            notes.Add($"{path}:{modelPointer}: the root is a {Text(modelNode["type"])}, not an ai_AIPackage: no model weights are described");
            if (Text(modelNode["type"]) == "dataset_DatasetPackage")
            {
                var (l, lp) = LicenseOf(modelId);
                found.Add(new("Datasets", l, lp, Text(modelNode["software_downloadLocation"]), $"{path}:{modelPointer}"));
            }
        }
        foreach (var r in relationships)
        {
            var type = Text(r["relationshipType"]) ?? "";
            var from = Text(r["from"]);
            foreach (var to in Strings(r["to"]))
            {
                string? component = null;
                string? other = null;
                if (from == modelId && FromModel.TryGetValue(type, out var c)) (component, other) = (c, to);
                else if (from == modelId && type == "hasDocumentation" && byId.TryGetValue(to, out var d)) (component, other) = (ComponentGuess.Document(Text(d.Node["name"])), to);
                else if (to == modelId && type == "generates") (component, other) = ("Training code", from);
                else if (to == modelId && type == "ancestorOf") (component, other) = ("Model parameters (Intermediate)", from);
                if (component is null || other is null || !placed.Add((component, other)) || !byId.TryGetValue(other, out var element)) continue;
                var props = Properties(element.Node, $"{path}:{element.Pointer}");
                var (l, lp) = LicenseOf(other);
                found.Add(new(props[OpennessProperties.Component] ?? component, l, lp, Text(element.Node["software_downloadLocation"]), $"{path}:{element.Pointer}"));
            }
        }
        var supplier = Text(modelNode["suppliedBy"]) is { } s && byId.TryGetValue(s, out var org) ? Text(org.Node["name"]) : null;
        var purl = (modelNode["externalIdentifier"] as JsonArray)?.OfType<JsonObject>()
            .Where(e => Text(e["externalIdentifierType"]) == "packageUrl").Select(e => Text(e["identifier"])).FirstOrDefault();
        var vcs = (modelNode["externalRef"] as JsonArray)?.OfType<JsonObject>()
            .Where(e => Text(e["externalRefType"]) == "vcs").Select(e => Strings(e["locator"]).FirstOrDefault()).FirstOrDefault();
        var download = Text(modelNode["software_downloadLocation"]) is { } dl && dl != "NOASSERTION" ? dl : null;
        var name = Text(modelNode["name"]) ?? System.IO.Path.GetFileName(path);
        var release = AibomReleases.Build(name, Text(modelNode["software_packageVersion"]),
            supplier, Strings(modelNode["ai_typeOfModel"]).FirstOrDefault(), vcs, download, purl, found)
            with { Lineage = ForeignLineage.Build(Descent(modelId, ForeignLineage.HubId(purl) ?? name, relationships, byId, LicenseOf, path)) };
        return new AibomRelease(release, ReleaseSignals.Empty, Format, false, notes.ToImmutable());
    }

    /// <summary>
    /// The models the model descends from: <c>X descendantOf Y</c> or <c>Y ancestorOf X</c> between
    /// AI packages, breadth first from the model. A checkpoint (<c>ancestorOf</c> the model, placed
    /// as intermediate parameters) is not a base model: only <c>descendantOf</c> starts a lineage.
    /// </summary>
    private static IEnumerable<FoundAncestor> Descent(string modelId, string modelName, List<JsonObject> relationships,
        Dictionary<string, (JsonObject Node, string Pointer)> byId, Func<string, (string? License, string? Path)> licenseOf, string path)
    {
        var parents = relationships.Where(r => Text(r["relationshipType"]) == "descendantOf")
            .SelectMany(r => Strings(r["to"]).Select(to => (From: Text(r["from"]) ?? "", To: to)))
            .ToLookup(e => e.From, e => e.To);
        var queue = new Queue<(string Id, string ChildName, int Depth)>(parents[modelId].Select(p => (p, modelName, 1)));
        var visited = new HashSet<string>(StringComparer.Ordinal) { modelId };
        while (queue.Count > 0)
        {
            var (id, child, depth) = queue.Dequeue();
            if (!visited.Add(id) || !byId.TryGetValue(id, out var element) || Text(element.Node["type"]) != "ai_AIPackage") continue;
            var name = Text(element.Node["name"]) ?? id;
            var props = Properties(element.Node, $"{path}:{element.Pointer}");
            yield return new FoundAncestor(name, depth, child, props[OpennessKeys.LineageRelation], licenseOf(id).License, $"{path}:{element.Pointer}");
            foreach (var p in parents[id]) queue.Enqueue((p, name, depth + 1));
        }
    }

    /// <summary>The model: the SBOM's root AIPackage, else any AIPackage, else the document's root package.</summary>
    private static (JsonObject Node, string Pointer)? Root(List<(JsonObject Node, string Pointer)> graph, Dictionary<string, (JsonObject Node, string Pointer)> byId)
    {
        var roots = graph.Where(g => Text(g.Node["type"]) is "SpdxDocument" or "software_Sbom")
            .SelectMany(g => Strings(g.Node["rootElement"]))
            .SelectMany(id => byId.TryGetValue(id, out var e) ? (Text(e.Node["type"]) == "software_Sbom" ? Strings(e.Node["rootElement"]) : [id]) : [])
            .Where(byId.ContainsKey).Select(id => byId[id]).ToList();
        return roots.Cast<(JsonObject, string)?>().FirstOrDefault(r => Text(r!.Value.Item1["type"]) == "ai_AIPackage")
            ?? graph.Cast<(JsonObject, string)?>().FirstOrDefault(g => Text(g!.Value.Item1["type"]) == "ai_AIPackage")
            ?? roots.Cast<(JsonObject, string)?>().FirstOrDefault(r => Text(r!.Value.Item1["type"]) is "dataset_DatasetPackage" or "software_Package");
    }

    /// <summary>The declared license (else the concluded one): an expression, "unlicensed" for NoneLicense, null for NoAssertion or none stated.</summary>
    private static (string? License, string? Path) License(string id, ILookup<(string, string), JsonObject> byFrom, Dictionary<string, (JsonObject Node, string Pointer)> byId)
    {
        foreach (var kind in new[] { "hasDeclaredLicense", "hasConcludedLicense" })
        {
            var targets = byFrom[(id, kind)].SelectMany(r => Strings(r["to"])).ToList();
            if (targets.Count == 0) continue;
            var texts = new List<string?>();
            string? path = null;
            foreach (var t in targets)
            {
                if (t == "expandedlicensing_NoneLicense") { texts.Add("unlicensed"); continue; }
                if (t == "expandedlicensing_NoAssertionLicense") { texts.Add(null); continue; }
                if (byId.TryGetValue(t, out var e) && Text(e.Node["simplelicensing_licenseExpression"]) is { } expression)
                {
                    texts.Add(expression);
                    path ??= (e.Node["simplelicensing_customIdToUri"] as JsonArray)?.OfType<JsonObject>().Select(d => Text(d["value"])).FirstOrDefault();
                }
                else if (t.StartsWith(SpdxLicenses, StringComparison.Ordinal)) texts.Add(t[SpdxLicenses.Length..]);
                else texts.Add(null);
            }
            return (ComponentGuess.Combine(texts), path);
        }
        return (null, null);
    }

    private static ElementProperties Properties(JsonObject e, string location) =>
        new(location, ((e["extension"] as JsonArray)?.OfType<JsonObject>() ?? [])
            .SelectMany(x => (x["extension_cdxProperty"] as JsonArray)?.OfType<JsonObject>() ?? [])
            .Where(p => Text(p["extension_cdxPropName"]) is not null)
            .ToLookup(p => Text(p["extension_cdxPropName"])!, p => Text(p["extension_cdxPropValue"]) ?? ""));

    private static string? Id(JsonObject o) => Text(o["spdxId"]) ?? Text(o["@id"]);

    private static string? Text(JsonNode? node) => CycloneDxAibom.Text(node);

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonArray a => a.Select(Text).OfType<string>(),
        JsonValue v when Text(v) is { } s => [s],
        _ => [],
    };
}

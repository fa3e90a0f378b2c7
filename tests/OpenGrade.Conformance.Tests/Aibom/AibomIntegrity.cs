using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OpenGrade.Core.Licensing;

namespace OpenGrade.Conformance.Tests.Aibom;

/// <summary>
/// The checks no schema makes (research note aibom.md, section 5): ids unique and every
/// reference resolving, exactly one declared and one concluded license per package, license
/// expressions that parse with OpenGrade's own parser over known ids, and timestamp forms.
/// Each returns the problems found, empty when there are none.
/// </summary>
public static partial class AibomIntegrity
{
    private static readonly HashSet<string> NamedIndividuals = ["expandedlicensing_NoAssertionLicense", "expandedlicensing_NoneLicense"];
    private static readonly string[] SpdxReferenceProperties = ["from", "to", "createdBy", "createdUsing", "suppliedBy", "originatedBy", "rootElement", "element", "subject", "dataLicense", "creationInfo"];

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")]
    private static partial Regex SpdxDateTime();

    [GeneratedRegex(@"^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial Regex SerialNumber();

    public static List<string> CheckSpdx(JsonObject doc, LicenseCatalog catalog, bool ours)
    {
        var problems = new List<string>();
        var graph = doc["@graph"]!.AsArray().OfType<JsonObject>().ToList();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var o in graph)
        {
            var id = (string?)o["spdxId"] ?? (string?)o["@id"];
            if (id is null) continue;
            if (!ids.Add(id)) problems.Add($"duplicate id {id}");
        }
        foreach (var o in graph)
        {
            foreach (var prop in SpdxReferenceProperties)
            {
                foreach (var target in Strings(o[prop]))
                {
                    if (!ids.Contains(target) && !NamedIndividuals.Contains(target) && !target.StartsWith("https://spdx.org/licenses/", StringComparison.Ordinal))
                    {
                        problems.Add($"{(string?)o["spdxId"] ?? (string?)o["type"]}: {prop} -> {target} does not resolve");
                    }
                }
            }
            foreach (var time in new[] { "created", "releaseTime", "builtTime", "validUntilTime" })
            {
                if ((string?)o[time] is { } t && !SpdxDateTime().IsMatch(t)) problems.Add($"{time} '{t}' is not UTC to the second");
            }
            if ((string?)o["type"] == "CreationInfo" && (string?)o["specVersion"] != "3.0.1") problems.Add("specVersion is not 3.0.1");
            if (o["profileConformance"] is JsonArray profiles && Strings(profiles).Contains("extension")) problems.Add("profileConformance names 'extension'");
            if ((string?)o["type"] == "simplelicensing_LicenseExpression")
            {
                var expression = (string?)o["simplelicensing_licenseExpression"] ?? "";
                problems.AddRange(CheckExpression(expression, catalog));
                foreach (var entry in o["simplelicensing_customIdToUri"]?.AsArray().OfType<JsonObject>() ?? [])
                {
                    if (!expression.Contains((string?)entry["key"] ?? "\0", StringComparison.Ordinal)) problems.Add($"customIdToUri key {(string?)entry["key"]} is not in '{expression}'");
                    if (!Uri.TryCreate((string?)entry["value"], UriKind.Absolute, out _)) problems.Add($"customIdToUri value '{(string?)entry["value"]}' is not an absolute URI");
                }
            }
        }
        var relationships = graph.Where(o => (string?)o["type"] == "Relationship").ToList();
        string[] packageTypes = ours ? ["ai_AIPackage", "dataset_DatasetPackage", "software_Package"] : ["ai_AIPackage", "dataset_DatasetPackage"];
        foreach (var p in graph.Where(o => packageTypes.Contains((string?)o["type"])))
        {
            var id = (string)p["spdxId"]!;
            foreach (var kind in new[] { "hasDeclaredLicense", "hasConcludedLicense" })
            {
                var count = relationships.Count(r => (string?)r["from"] == id && (string?)r["relationshipType"] == kind);
                if (count != 1) problems.Add($"{id}: {count} {kind} relationships (exactly one required)");
            }
            if ((string?)p["type"] == "ai_AIPackage")
            {
                foreach (var required in new[] { "software_downloadLocation", "software_packageVersion" })
                {
                    if (p[required] is null) problems.Add($"{id}: no {required}");
                }
            }
        }
        return problems;
    }

    public static List<string> CheckCycloneDx(JsonObject bom, LicenseCatalog catalog)
    {
        var problems = new List<string>();
        var spec = (string?)bom["specVersion"];
        if ((string?)bom["serialNumber"] is { } serial && !SerialNumber().IsMatch(serial)) problems.Add($"serialNumber '{serial}' is not a lower-case urn:uuid");
        if ((string?)bom["metadata"]?["timestamp"] is { } ts && !SpdxDateTime().IsMatch(ts)) problems.Add($"timestamp '{ts}' is not UTC to the second");
        var components = new List<JsonObject>();
        if (bom["metadata"]?["component"] is JsonObject root) Collect(root, components);
        foreach (var c in bom["components"]?.AsArray().OfType<JsonObject>() ?? []) Collect(c, components);
        var refs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in AllBomRefs(bom))
        {
            if (!refs.Add(r)) problems.Add($"duplicate bom-ref {r}");
        }
        void Resolve(string? r, string where)
        {
            if (r is not null && !refs.Contains(r)) problems.Add($"{where} -> {r} does not resolve");
        }
        foreach (var d in bom["dependencies"]?.AsArray().OfType<JsonObject>() ?? [])
        {
            Resolve((string?)d["ref"], "dependencies.ref");
            foreach (var on in Strings(d["dependsOn"])) Resolve(on, $"dependencies[{(string?)d["ref"]}].dependsOn");
        }
        foreach (var a in bom["annotations"]?.AsArray().OfType<JsonObject>() ?? [])
        {
            foreach (var s in Strings(a["subjects"])) Resolve(s, "annotations.subjects");
        }
        foreach (var c in components)
        {
            foreach (var ds in c["modelCard"]?["modelParameters"]?["datasets"]?.AsArray().OfType<JsonObject>() ?? [])
            {
                Resolve((string?)ds["ref"], "modelCard.datasets.ref");
            }
            if (c["licenses"] is not JsonArray licenses) continue;
            var expressions = licenses.OfType<JsonObject>().Count(l => l["expression"] is not null);
            if (spec == "1.6" && expressions > 0 && licenses.Count > 1) problems.Add($"{(string?)c["bom-ref"]}: CycloneDX 1.6 licenses mix an expression with other entries");
            foreach (var l in licenses.OfType<JsonObject>())
            {
                if ((string?)l["expression"] is { } e) problems.AddRange(CheckExpression(e, catalog));
                if ((string?)l["license"]?["id"] is { } id && !catalog.Spdx.ContainsKey(id)) problems.Add($"license.id '{id}' is not an SPDX list id");
            }
        }
        return problems;
    }

    private static void Collect(JsonObject component, List<JsonObject> into)
    {
        into.Add(component);
        foreach (var c in component["components"]?.AsArray().OfType<JsonObject>() ?? []) Collect(c, into);
    }

    /// <summary>Every bom-ref in the document, wherever it is (components, model cards, data, licenses).</summary>
    private static IEnumerable<string> AllBomRefs(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(kv => kv.Key == "bom-ref" && kv.Value is JsonValue v && v.TryGetValue<string>(out var s) ? [s] : AllBomRefs(kv.Value)),
        JsonArray a => a.SelectMany(AllBomRefs),
        _ => [],
    };

    private static IEnumerable<string> CheckExpression(string expression, LicenseCatalog catalog)
    {
        if (!LicenseExpressionParser.TryParse(expression, out var parsed)) return [$"license expression '{expression}' does not parse"];
        return parsed!.Ids
            .Where(id => !catalog.Spdx.ContainsKey(id) && !id.StartsWith("LicenseRef-", StringComparison.Ordinal) && !id.StartsWith("DocumentRef-", StringComparison.Ordinal))
            .Select(id => $"license id '{id}' in '{expression}' is neither an SPDX list id nor a LicenseRef");
    }

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonArray a => a.Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>(),
        JsonValue v when v.TryGetValue<string>(out var s) => [s],
        _ => [],
    };
}

using System.Collections.Immutable;
using System.Text.Json.Nodes;
using OpenGrade.Core.Domain;

namespace OpenGrade.Sources.Aibom;

/// <summary>A CycloneDX ML-BOM (1.6, 1.7; earlier 1.x read the same way) as a release.</summary>
internal static class CycloneDxAibom
{
    public static AibomRelease Read(JsonObject bom, string path)
    {
        var spec = (string?)bom["specVersion"] ?? "?";
        var format = $"cyclonedx-{spec}";
        var components = (bom["components"] as JsonArray)?.OfType<JsonObject>().Select((c, i) => (Component: c, Pointer: $"/components/{i}")).ToList() ?? [];
        var (model, pointer) = bom["metadata"]?["component"] is JsonObject m && Text(m["type"]) == "machine-learning-model"
            ? (m, "/metadata/component")
            : components.FirstOrDefault(c => Text(c.Component["type"]) == "machine-learning-model");
        if (model is null) throw new AibomFileException(path, 0, 0, "names no machine-learning-model component: not an AI-BOM of a model");

        var modelProps = Properties(model, $"{path}:{pointer}");
        if (OpennessProperties.AreOurs(modelProps))
        {
            var elements = components.Select(c => Properties(c.Component, $"{path}:{c.Pointer}")).Prepend(modelProps)
                .Concat(Ancestors(model, $"{path}:{pointer}"));
            var (release, signals) = OpennessProperties.Read(modelProps, elements);
            return new AibomRelease(release, signals, format, true, []);
        }
        return Theirs(bom, model, pointer, components.Where(c => !ReferenceEquals(c.Component, model)).ToList(), path, format);
    }

    /// <summary>The components in a component's pedigree ancestors, nested ones included (bounded by the reader's JSON depth limit).</summary>
    private static IEnumerable<ElementProperties> Ancestors(JsonObject component, string location)
    {
        var ancestors = component["pedigree"]?["ancestors"] as JsonArray ?? [];
        for (var i = 0; i < ancestors.Count; i++)
        {
            if (ancestors[i] is not JsonObject a) continue;
            var here = $"{location}/pedigree/ancestors/{i}";
            yield return Properties(a, here);
            foreach (var deeper in Ancestors(a, here)) yield return deeper;
        }
    }

    private static AibomRelease Theirs(JsonObject bom, JsonObject model, string pointer, List<(JsonObject Component, string Pointer)> others, string path, string format)
    {
        var found = new List<FoundComponent>();
        var notes = ImmutableArray.CreateBuilder<string>();
        var (modelLicense, modelLicenseUrl) = License(model["licenses"]);
        found.Add(new("Model parameters (Final)", modelLicense, modelLicenseUrl, Url(model, "distribution"), $"{path}:{pointer}"));
        var card = model["modelCard"] as JsonObject;
        if (card is { Count: > 0 })
        {
            // A CycloneDX model card is the model card; it goes under the model's license.
            found.Add(new("Model card", modelLicense, modelLicenseUrl, Url(model, "model-card"), $"{path}:{pointer}/modelCard"));
        }
        var datasets = card?["modelParameters"]?["datasets"] as JsonArray ?? [];
        for (var i = 0; i < datasets.Count; i++)
        {
            // Inline dataset descriptions (no licenses in CycloneDX's componentData) count as present, unlicensed data.
            if (datasets[i] is JsonObject inline && inline["ref"] is null)
            {
                found.Add(new(ComponentGuess.Dataset(Text(inline["name"]), null), null, null, Text(inline["contents"]?["url"]), $"{path}:{pointer}/modelCard/modelParameters/datasets/{i}"));
            }
        }
        foreach (var (c, p) in others)
        {
            var location = $"{path}:{p}";
            var props = Properties(c, location);
            var (license, url) = License(c["licenses"]);
            var name = Text(c["name"]);
            var component = props[OpennessProperties.Component] ?? Place(c, name, props);
            if (component is null)
            {
                notes.Add($"{location}: {Text(c["type"])} component '{name}' is not placed as a MOF component");
                continue;
            }
            found.Add(new(component, license, url, Text(c["data"]?[0]?["contents"]?["url"]) ?? FirstUrl(c), location));
        }
        var modelName = Text(model["name"]) ?? System.IO.Path.GetFileName(path);
        var release = AibomReleases.Build(modelName, Text(model["version"]),
            Text(model["supplier"]?["name"]) ?? Text(model["manufacturer"]?["name"]) ?? Text(bom["metadata"]?["supplier"]?["name"]),
            Text(card?["modelParameters"]?["architectureFamily"]) ?? Text(card?["modelParameters"]?["modelArchitecture"]),
            Url(model, "vcs"), Url(model, "distribution") ?? Url(model, "website"), Text(model["purl"]), found)
            with { Lineage = ForeignLineage.Build(Pedigree(model, ForeignLineage.HubId(Text(model["purl"])) ?? modelName, $"{path}:{pointer}", 1)) };
        return new AibomRelease(release, ReleaseSignals.Empty, format, false, notes.ToImmutable());
    }

    /// <summary>The ancestors in a component's pedigree, nested ones one level deeper, named by their Hub id (from the purl) or name.</summary>
    private static IEnumerable<FoundAncestor> Pedigree(JsonObject component, string child, string location, int depth)
    {
        var ancestors = component["pedigree"]?["ancestors"] as JsonArray ?? [];
        for (var i = 0; i < ancestors.Count; i++)
        {
            if (ancestors[i] is not JsonObject a || (ForeignLineage.HubId(Text(a["purl"])) ?? Text(a["name"])) is not { } id) continue;
            var here = $"{location}/pedigree/ancestors/{i}";
            yield return new FoundAncestor(id, depth, child, Properties(a, here)[OpennessKeys.LineageRelation], License(a["licenses"]).License, here);
            foreach (var deeper in Pedigree(a, id, here, depth + 1)) yield return deeper;
        }
    }

    private static string? Place(JsonObject c, string? name, ElementProperties props) => Text(c["type"]) switch
    {
        "data" => Text(c["data"]?[0]?["type"]) switch
        {
            "configuration" => "Model metadata",
            "dataset" or null => ComponentGuess.Dataset(name, props[OpennessProperties.DatasetRole]),
            _ => null,
        },
        "machine-learning-model" => null,
        "file" when Url(c, "documentation") is not null || Url(c, "model-card") is not null => ComponentGuess.Document(name),
        _ => null,
    };

    /// <summary>
    /// The license a component states: the declared entries (or, without acknowledgements, all
    /// entries) as one expression; a named license by its name, with its URL as the license path.
    /// </summary>
    private static (string? License, string? Url) License(JsonNode? licenses)
    {
        var entries = (licenses as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        string? Ack(JsonObject e) => Text(e["acknowledgement"]) ?? Text(e["license"]?["acknowledgement"]);
        var chosen = entries.Where(e => Ack(e) == "declared").ToList();
        if (chosen.Count == 0) chosen = entries.Where(e => Ack(e) != "concluded").ToList();
        if (chosen.Count == 0) chosen = entries;
        var texts = chosen.Select(e => Text(e["expression"]) ?? Text(e["license"]?["id"]) ?? Text(e["license"]?["name"])).OfType<string>().ToList();
        var url = chosen.Select(e => Text(e["license"]?["url"])).FirstOrDefault(u => u is not null);
        return (texts.Count == 0 ? null : ComponentGuess.Combine(texts), url);
    }

    private static ElementProperties Properties(JsonObject c, string location) =>
        new(location, ((c["properties"] as JsonArray)?.OfType<JsonObject>() ?? [])
            .Where(p => Text(p["name"]) is not null)
            .ToLookup(p => Text(p["name"])!, p => Text(p["value"]) ?? ""));

    private static string? Url(JsonObject c, string type) =>
        (c["externalReferences"] as JsonArray)?.OfType<JsonObject>().Where(r => Text(r["type"]) == type).Select(r => Text(r["url"])).FirstOrDefault(u => u is not null);

    private static string? FirstUrl(JsonObject c) =>
        (c["externalReferences"] as JsonArray)?.OfType<JsonObject>().Select(r => Text(r["url"])).FirstOrDefault(u => u is not null);

    internal static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;
}

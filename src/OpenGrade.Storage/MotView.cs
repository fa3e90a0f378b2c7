using System.Globalization;
using System.Text.Json.Nodes;
using OpenGrade.Core.Domain;
using OpenGrade.Core.Evaluation.Mof;

namespace OpenGrade.Storage;

/// <summary>
/// A release as MOT's API shows it (<c>ModelSerializer::normalize()</c> + <c>classify()</c>, see
/// ../shared/reference/mot.md): <c>{framework, release, classification}</c>; the API adds <c>id</c>.
/// Built once at store time from the same judgement the assessment holds (MOT's exact class).
/// </summary>
public static class MotView
{
    public static JsonObject From(ModelRelease release, MofResult mot)
    {
        var framework = mot.Framework;
        var license = new JsonObject();
        foreach (var (key, slot) in new[] { ("distribution", release.Licenses.Distribution), ("code", release.Licenses.Code), ("data", release.Licenses.Data), ("document", release.Licenses.Document) })
        {
            if (slot is not null) license[key] = new JsonObject { ["name"] = slot.Name, ["path"] = slot.Path };
        }
        // MOT keeps one entry per component (the last one of a name wins) and lists them in its configuration order.
        var entries = new Dictionary<string, ComponentEntry>(StringComparer.Ordinal);
        foreach (var entry in release.Components) entries[entry.Name] = entry;
        var components = new JsonArray();
        foreach (var component in framework.Components)
        {
            if (!entries.TryGetValue(component.Name, out var entry)) continue;
            var json = new JsonObject { ["name"] = component.Name, ["description"] = component.Description };
            // MOT stores `unlicensed` as an empty string and shows an empty license as `unlicensed`.
            if (entry.License is { } l) json["license"] = l is "" or "unlicensed" ? "unlicensed" : l;
            if (entry.LicensePath is { Length: > 0 } lp) json["license_path"] = lp;
            if (entry.ComponentPath is { Length: > 0 } cp) json["component_path"] = cp;
            components.Add(json);
        }
        return new JsonObject
        {
            ["framework"] = new JsonObject { ["name"] = framework.Name, ["version"] = framework.Version, ["date"] = framework.Date },
            ["release"] = new JsonObject
            {
                ["name"] = release.Name,
                ["date"] = release.Date,
                ["producer"] = release.Producer,
                ["repository"] = release.Repository,
                ["huggingface"] = release.HuggingFace,
                ["license"] = license,
                ["components"] = components,
            },
            ["classification"] = new JsonObject
            {
                ["class"] = mot.Class,
                ["label"] = mot.ClassLabel,
                ["progress"] = new JsonObject
                {
                    ["1"] = mot.Progress.Class1,
                    ["2"] = mot.Progress.Class2,
                    ["3"] = mot.Progress.Class3,
                },
            },
        };
    }

    /// <summary>The API's model object: <c>id</c> (MOT's numeric id, as a string) first, then the stored view.</summary>
    public static JsonObject WithId(long seq, JsonObject view)
    {
        var json = new JsonObject { ["id"] = seq.ToString(CultureInfo.InvariantCulture) };
        foreach (var (key, value) in view) json[key] = value?.DeepClone();
        return json;
    }
}

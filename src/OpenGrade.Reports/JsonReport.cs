using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenGrade.Core.Domain;
using OpenGrade.Core.Evaluation.Mof;
using OpenGrade.Reports.Judgements;

namespace OpenGrade.Reports;

/// <summary>
/// The machine-readable assessment (docs/json-output.md). Field names and meanings are a
/// contract: add fields, never rename or remove them.
/// </summary>
public static class JsonReport
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Render(AssessedTarget target, bool indented = true, Frameworks frameworks = Frameworks.All) =>
        ToJson(target, frameworks).ToJsonString(indented ? Indented : Compact);

    /// <summary>Several targets as one JSON array.</summary>
    public static string RenderAll(IEnumerable<AssessedTarget> targets, Frameworks frameworks = Frameworks.All) =>
        new JsonArray([.. targets.Select(t => ToJson(t, frameworks))]).ToJsonString(Indented);

    public static JsonObject ToJson(AssessedTarget target, Frameworks frameworks = Frameworks.All)
    {
        if (target.Assessment is null) return new JsonObject { ["target"] = target.Target, ["error"] = target.Error };
        var a = target.Assessment;
        var json = new JsonObject
        {
            ["target"] = target.Target,
            ["release"] = Release(a.Release),
            ["mof"] = Mof(a.Mof, withRecognitions: false),
            ["mof_recognised"] = Mof(a.MofRecognised, withRecognitions: true),
        };
        JudgementJson.AddTo(json, a, frameworks);
        if (target.Inventory is { } inventory) json["inventory"] = InventoryReport.ToJson(inventory);
        return json;
    }

    private static JsonObject Release(ModelRelease r) => new()
    {
        ["name"] = r.Name,
        ["version"] = r.Version,
        ["producer"] = r.Producer,
        ["date"] = r.Date,
        ["type"] = r.Type,
        ["architecture"] = r.Architecture,
        ["repository"] = r.Repository,
        ["huggingface"] = r.HuggingFace,
    };

    private static JsonObject Mof(MofResult m, bool withRecognitions)
    {
        var json = new JsonObject
        {
            ["framework_version"] = m.Framework.Version,
            ["class"] = m.Class,
            ["class_label"] = m.ClassLabel,
            ["progress"] = new JsonObject
            {
                ["class1"] = m.Progress.Class1,
                ["class2"] = m.Progress.Class2,
                ["class3"] = m.Progress.Class3,
            },
            ["total_progress"] = m.Progress.Total,
            ["components"] = new JsonArray([.. m.InReadingOrder().Select(Component)]),
            ["not_type_appropriate"] = new JsonArray([.. m.NotTypeAppropriate.Select(c => (JsonNode)c.Name)]),
            ["research_paper_replaces_technical_report"] = m.ResearchPaperReplacesTechnicalReport,
            ["next_class"] = new JsonArray([.. m.NextClass.Select(Gap)]),
        };
        if (withRecognitions)
        {
            json["recognitions"] = new JsonArray([.. m.Recognitions.Select(r => (JsonNode)new JsonObject
            {
                ["text"] = r.Text,
                ["read_as"] = r.Id,
                ["kind"] = r.Kind.Key(),
                ["name"] = r.Name,
                ["message"] = r.Describe(),
            })]);
        }
        return json;
    }

    private static JsonNode Component(ComponentVerdict v) => new JsonObject
    {
        ["name"] = v.Component.Name,
        ["content_type"] = v.Component.ContentType.Key(),
        ["class"] = v.Component.Class,
        ["required"] = v.Component.Required,
        ["status"] = v.Status.Key(),
        ["license"] = v.License,
        ["license_source"] = v.LicenseSource.Key(),
        ["type_appropriate"] = v.TypeAppropriate,
        ["license_path"] = v.Entry?.LicensePath is { Length: > 0 } lp ? lp : null,
        ["component_path"] = v.Entry?.ComponentPath is { Length: > 0 } cp ? cp : null,
        ["presence"] = v.Presence.Key(),
        ["presence_reason"] = v.PresenceReason,
        ["declared_license"] = v.DeclaredLicense,
    };

    private static JsonNode Gap(MofGap g) => new JsonObject
    {
        ["class"] = g.Class,
        ["component"] = g.Component.Name,
        ["problem"] = g.Kind.Key(),
        ["license"] = g.License,
        ["suggested_licenses"] = new JsonArray([.. g.SuggestedLicenses.Select(s => (JsonNode)s)]),
        ["message"] = g.Message,
    };
}

using System.Text.Json.Nodes;
using OpenGrade.Core.Domain;
using OpenGrade.Core.Evaluation;
using OpenGrade.Core.Evaluation.EuAiAct;
using OpenGrade.Core.Evaluation.Flags;
using OpenGrade.Core.Evaluation.Osaid;
using OpenGrade.Core.Licensing;

namespace OpenGrade.Reports.Judgements;

/// <summary>The JSON sections for the judgements beyond MOF (docs/json-output.md): <c>osaid</c>, <c>eu_ai_act</c>, <c>flags</c>.</summary>
public static class JudgementJson
{
    public static void AddTo(JsonObject json, Assessment a, Frameworks frameworks)
    {
        // A framework left out keeps its key with null: the output contract never omits a field.
        if (!frameworks.HasFlag(Frameworks.Mof))
        {
            json["mof"] = null;
            json["mof_recognised"] = null;
        }
        json["osaid"] = frameworks.HasFlag(Frameworks.Osaid) && a.Osaid is { } osaid ? Osaid(osaid) : null;
        json["eu_ai_act"] = frameworks.HasFlag(Frameworks.EuAiAct) && a.EuAiAct is { } eu ? EuAiAct(eu) : null;
        json["flags"] = new JsonArray([.. a.Flags.Select(Flag)]);
        json["lineage"] = new JsonArray([.. a.Lineage.Select(Ancestor)]);
    }

    private static JsonNode Ancestor(InheritedTerms t) => new JsonObject
    {
        ["id"] = t.Ancestor.Id,
        ["relation"] = t.Ancestor.Relation,
        ["depth"] = t.Ancestor.Depth,
        ["base_of"] = t.Ancestor.Child,
        ["license"] = t.Ancestor.License,
        ["license_basis"] = t.Ancestor.LicenseBasis,
        ["known"] = t.Ancestor.Known,
        ["restrictions"] = t.Restrictions is { } r ? new JsonArray([.. r.Select(k => (JsonNode)k.Key())]) : null,
        ["binds_weights"] = t.Binds,
        ["evidence"] = Evidence(t.Ancestor.Evidence),
    };

    private static JsonObject Osaid(OsaidResult r) => new()
    {
        ["framework_version"] = r.Framework.Version,
        ["verdict"] = r.Verdict.Key(),
        ["reason"] = r.Reason,
        ["components_complete"] = r.ComponentsComplete,
        ["requirements"] = new JsonArray([.. r.Requirements.Select(q => (JsonNode)new JsonObject
        {
            ["id"] = q.Id,
            ["name"] = q.Name,
            ["element"] = q.Element,
            ["status"] = q.Status.Key(),
            ["reason"] = q.Reason,
            ["evidence"] = Evidence(q.Evidence),
        })]),
    };

    private static JsonObject EuAiAct(EuAiActResult r) => new()
    {
        ["verdict"] = r.Verdict.Key(),
        ["reason"] = r.Reason,
        ["reasons"] = new JsonArray([.. r.Conditions.Select(c => (JsonNode)new JsonObject
        {
            ["condition"] = c.Id,
            ["name"] = c.Name,
            ["status"] = c.Status.Key(),
            ["reason"] = c.Reason,
            ["evidence"] = Evidence(c.Evidence),
        })]),
        ["estimated_training_flops"] = r.EstimatedTrainingFlops,
        ["notes"] = new JsonArray([.. r.Notes.Select(n => (JsonNode)n)]),
        ["disclaimer"] = r.Disclaimer,
    };

    private static JsonNode Flag(Flag f) => new JsonObject
    {
        ["kind"] = f.Kind,
        ["message"] = f.Message,
        ["evidence"] = Evidence(f.Evidence),
    };

    private static JsonArray Evidence(IEnumerable<Evidence> evidence) => new([.. evidence.Select(e => (JsonNode)new JsonObject
    {
        ["kind"] = e.Kind,
        ["location"] = e.Location,
        ["detail"] = e.Detail,
        ["confidence"] = e.Confidence,
    })]);
}

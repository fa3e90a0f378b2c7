using System.Text.Json.Nodes;
using OpenGrade.Core.Domain;
using OpenGrade.Core.Licensing;
using OpenGrade.Core.Licensing.Detection;

namespace OpenGrade.Reports;

/// <summary>
/// The facts <c>opengrade license show</c> prints, as JSON (the catalog's <c>/api/v2/licenses/{id}</c>):
/// name, kind, OSI/FSF status, MOF openness and content types, and an AI license's terms.
/// </summary>
public static class LicenseFactsJson
{
    /// <summary>The id OpenGrade knows for <paramref name="text"/> (an id, a Hub id or a name), or null.</summary>
    public static string? Resolve(LicenseCatalog catalog, string text)
    {
        var resolved = new LicenseRecognizer(catalog).Read(text).Id;
        if (resolved is null && catalog.UsePolicies.ContainsKey(text)) resolved = text;
        return resolved is not null && (catalog.IsKnownId(resolved) || catalog.UsePolicies.ContainsKey(resolved)) ? resolved : null;
    }

    public static JsonObject For(LicenseCatalog catalog, string id)
    {
        catalog.AiLicenses.TryGetValue(id, out var ai);
        catalog.Spdx.TryGetValue(id, out var spdx);
        catalog.UsePolicies.TryGetValue(id, out var policy);
        var spdxName = LicenseIdentifier.Default.Index.Licenses.FirstOrDefault(l => l.Id == id)?.Name;
        var json = new JsonObject { ["id"] = id, ["name"] = ai?.Name ?? policy?.Name ?? spdxName ?? id };
        if (policy is not null)
        {
            json["kind"] = "acceptable-use-policy";
            json["policy_of"] = new JsonArray([.. policy.PolicyOf.Select(p => (JsonNode)p)]);
            json["can_change"] = policy.CanChange;
            return json;
        }
        json["kind"] = spdx is not null ? "spdx" : "ai-license";
        json["osi_approved"] = spdx?.IsOsiApproved ?? ai?.Terms?.OsiApproved ?? false;
        json["fsf_libre"] = spdx?.IsFsfLibre == true;
        json["open_for_mof"] = catalog.IsOpenId(id);
        json["mof_content_types"] = new JsonArray([.. Enum.GetValues<ContentType>().Where(t => catalog.IsTypeAppropriateId(id, t)).Select(t => (JsonNode)t.ToKey())]);
        json["huggingface_ids"] = new JsonArray([.. (ai?.HuggingFaceIds ?? []).Select(h => (JsonNode)h)]);
        if (ai?.Terms is not { } t)
        {
            json["terms"] = null;
            return json;
        }
        json["terms"] = new JsonObject
        {
            ["monthly_active_user_threshold"] = t.MonthlyActiveUserThreshold,
            ["revenue_threshold_usd"] = t.RevenueThresholdUsd,
            ["use_restrictions"] = t.UseRestrictions,
            ["acceptable_use_policy"] = t.AcceptableUsePolicy,
            ["acceptable_use_policy_can_change"] = t.AcceptableUsePolicyCanChange,
            ["restrictions_flow_to_derivatives"] = t.RestrictionsFlowToDerivatives,
            ["remote_restriction"] = t.RemoteRestriction,
            ["no_improving_other_models"] = t.NoImprovingOtherModels,
            ["naming_rule"] = t.NamingRule,
            ["attribution"] = t.AttributionDisplay,
            ["non_commercial"] = t.NonCommercial,
            ["research_only"] = t.ResearchOnly,
            ["territorial_exclusions"] = new JsonArray([.. (t.TerritorialExclusions.IsDefault ? [] : t.TerritorialExclusions).Select(x => (JsonNode)x)]),
            ["governing_law"] = t.GoverningLaw,
            ["notes"] = t.Notes,
            ["restriction_kinds"] = new JsonArray([.. t.Restrictions.Select(x => (JsonNode)x.ToString())]),
        };
        return json;
    }
}

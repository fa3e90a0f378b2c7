using System.Collections.Immutable;
using System.Net;
using System.Text.Json.Nodes;
using OpenGrade.Core.Inventory;
using OpenGrade.Core.Text;
using OpenGrade.Sources.Files;
using OpenGrade.Sources.Hub;
using OpenGrade.Sources.Local;

namespace OpenGrade.Sources.Links;

/// <summary>
/// Hub datasets and models a release links to: <c>GET /api/datasets/{id}</c> and <c>GET /api/models/{id}</c>
/// (only the card data, tags and gate are asked for), the declared license (<c>license</c>, <c>license_name</c>,
/// <c>license_link</c> of the card data, <c>license:</c> tags), and for a model its own base models. One request
/// per place: the card data is the Hub's parse of the card's front matter, so reading the card
/// (<c>README.md</c>) again would add nothing for the license. A renamed repository's redirect is followed
/// within the request and its new id becomes the canonical id.
/// </summary>
public sealed class HubLinks(LinkHttp http, LinkOptions options)
{
    /// <summary>The fields asked for keep an answer small even for a repository with many files.</summary>
    public const long MaxAnswerBytes = 4L << 20;

    /// <summary>A merge can name many parents; more than this many base models of one model are not followed.</summary>
    public const int MaxBaseModels = 16;

    private static readonly string[] Relations = ["finetune", "quantized", "adapter", "merge"];

    public async Task<LinkedPlace> ResolveDatasetAsync(LinkTarget target, CancellationToken ct)
    {
        if (!HubNames.IsRepoId(target.Id)) return Refused(target, "a Hub dataset id");
        var page = new Uri(options.HubEndpoint, $"datasets/{target.Id}").AbsoluteUri;
        try
        {
            var (answer, info, canonical) = await InfoAsync(target, "datasets", ct);
            if (info is null) return LinkedPlace.Unresolved(target, LinkOutcome.NotFound, page, $"the Hub has no dataset {target.Id} (answered {(int)answer.Status})") with { FromCache = answer.FromCache };
            var licenses = Declared(info, answer.FinalUri, "hub-api");
            var detail = licenses.Length == 0
                ? "Hub dataset: no license in its card data (the card's front matter) or tags"
                : $"Hub dataset: license {string.Join(", ", licenses.Select(l => l.License))}";
            if (licenses.Length == 0) licenses = [new LinkedLicense(null, null, "hub-api", answer.FinalUri.AbsoluteUri, 0.0)];
            return new LinkedPlace(target, LinkOutcome.Resolved, page, TerminalText.OneLine(detail), licenses, [], [],
                canonical, Gated(info), answer.FromCache);
        }
        catch (LinkUnavailableException e)
        {
            return LinkedPlace.Unresolved(target, LinkOutcome.Unavailable, page, TerminalText.OneLine(e.Message));
        }
    }

    public async Task<LinkedPlace> ResolveModelAsync(LinkTarget target, CancellationToken ct)
    {
        if (!HubNames.IsRepoId(target.Id)) return Refused(target, "a Hub model id");
        var page = new Uri(options.HubEndpoint, target.Id).AbsoluteUri;
        try
        {
            var (answer, info, canonical) = await InfoAsync(target, "models", ct);
            if (info is null) return LinkedPlace.Unresolved(target, LinkOutcome.NotFound, page, $"the Hub has no model {target.Id} (answered {(int)answer.Status})") with { FromCache = answer.FromCache };
            var licenses = Declared(info, answer.FinalUri, "hub-api");
            var notes = new List<string>();
            var bases = BaseModels(info, canonical ?? target.Id, answer.FinalUri, notes);
            var detail = $"Hub model: license {(licenses.Length == 0 ? "not stated" : string.Join(", ", licenses.Select(l => l.License ?? l.Name)))}"
                + (bases.Length == 0 ? "; no base model" : $"; base models: {string.Join(", ", bases.Select(b => $"{b.Id} ({b.Relation})"))}")
                + string.Concat(notes.Select(n => "; " + n));
            if (licenses.Length == 0) licenses = [new LinkedLicense(null, null, "hub-api", answer.FinalUri.AbsoluteUri, 0.0)];
            return new LinkedPlace(target, LinkOutcome.Resolved, page, TerminalText.OneLine(detail), licenses, [], bases,
                canonical, Gated(info), answer.FromCache);
        }
        catch (LinkUnavailableException e)
        {
            return LinkedPlace.Unresolved(target, LinkOutcome.Unavailable, page, TerminalText.OneLine(e.Message));
        }
    }

    private static LinkedPlace Refused(LinkTarget target, string what) =>
        LinkedPlace.Unresolved(target, LinkOutcome.Unavailable, "",
            $"refused before any request: not {what} ('name' or 'org/name' of letters, digits, '-', '_' and '.')");

    /// <summary>The API answer, or null info for a 404; the canonical id when a redirect led to a renamed repository.</summary>
    private async Task<(LinkAnswer Answer, JsonObject? Info, string? Canonical)> InfoAsync(LinkTarget target, string type, CancellationToken ct)
    {
        var uri = new Uri(options.HubEndpoint, $"api/{type}/{target.Id}?expand=cardData&expand=tags&expand=gated");
        var answer = await http.GetAsync(Request(target.Kind, $"{target.Id}.api", uri), ct);
        if (answer.Status != HttpStatusCode.OK) return (answer, null, null);
        var info = LinkJson.Object(answer.Body, $"the Hub's {type[..^1]} answer");
        var id = info["id"] is null ? target.Id : LinkJson.Str(info, "id");
        if (!HubNames.IsRepoId(id)) throw new LinkUnavailableException($"the Hub's answer for {target.Id} has an invalid id; refused");
        // The id must be the one asked for (the Hub ignores case) or the one a redirect led to: an answer about another repository is refused.
        var prefix = $"/api/{type}/";
        var path = answer.FinalUri.AbsolutePath;
        var redirectedTo = answer.FinalUri.AbsoluteUri != uri.AbsoluteUri && path.StartsWith(prefix, StringComparison.Ordinal) ? Uri.UnescapeDataString(path[prefix.Length..]) : "";
        if (!id!.Equals(target.Id, StringComparison.OrdinalIgnoreCase) && !id.Equals(redirectedTo, StringComparison.OrdinalIgnoreCase))
        {
            throw new LinkUnavailableException($"the Hub answered for another repository ({id}) without a redirect to it; refused");
        }
        return (answer, info, id == target.Id ? null : id);
    }

    private LinkRequest Request(LinkKind kind, string name, Uri uri) =>
        new(kind, name, uri, options.HubEndpoint, options.Hub.Token, MaxAnswerBytes, "the Hub");

    /// <summary>cardData's license (one or a list), with license_name and license_link, then license: tags it does not repeat.</summary>
    private static ImmutableArray<LinkedLicense> Declared(JsonObject info, Uri source, string method)
    {
        var card = info["cardData"] is JsonObject cd ? new CardMetadata("cardData", (MetaMap)HubRecords.ToMeta(cd)) : null;
        var declared = card is null ? [] : Declared(card, source, method);
        var tags = (info["tags"] as JsonArray ?? []).Select(LinkJson.Str).OfType<string>()
            .Where(t => t.StartsWith("license:", StringComparison.Ordinal)).Select(t => t["license:".Length..].Trim())
            .Where(t => t.Length > 0 && !declared.Any(d => string.Equals(d.License, t, StringComparison.OrdinalIgnoreCase)))
            .Distinct(StringComparer.OrdinalIgnoreCase).Take(8)
            .Select(t => new LinkedLicense(TerminalText.Clip(t, 100), null, method, source.AbsoluteUri, 1.0));
        return [.. declared, .. tags];
    }

    private static ImmutableArray<LinkedLicense> Declared(CardMetadata card, Uri source, string method)
    {
        var name = card.Text("license_name") is { } n ? TerminalText.Clip(n, 200) : null;
        // license_link (a repository path or a URL) is kept where the record has room for where a license is written.
        var link = card.Text("license_link") is { } l ? TerminalText.Clip(l, 300) : null;
        return [.. card.Strings("license").Distinct(StringComparer.OrdinalIgnoreCase).Take(8)
            .Select(id => new LinkedLicense(TerminalText.Clip(id, 100), name, method, source.AbsoluteUri, 1.0, link))];
    }

    /// <summary>
    /// Base models from the tags (<c>base_model:{relation}:{id}</c>, or a bare <c>base_model:{id}</c>) and from
    /// cardData <c>base_model</c> (one or a list, its relation from <c>base_model_relation</c>); a tag's relation
    /// wins, "unknown" when nothing says. Invalid ids and the model itself are left out with a note.
    /// </summary>
    private static ImmutableArray<BaseModelLink> BaseModels(JsonObject info, string self, Uri source, List<string> notes)
    {
        var found = new List<BaseModelLink>();
        var refused = 0;
        void Add(string id, string relation, string from)
        {
            id = id.Trim();
            if (!HubNames.IsRepoId(id))
            {
                refused++;
                return;
            }
            if (id.Equals(self, StringComparison.OrdinalIgnoreCase))
            {
                notes.Add("the model names itself as its base model (ignored)");
                return;
            }
            var known = found.FindIndex(b => b.Id.Equals(id, StringComparison.OrdinalIgnoreCase));
            if (known < 0) found.Add(new BaseModelLink(id, relation, from));
            else if (found[known].Relation == "unknown" && relation != "unknown") found[known] = found[known] with { Relation = relation };
        }
        foreach (var tag in (info["tags"] as JsonArray ?? []).Select(LinkJson.Str).OfType<string>().Where(t => t.StartsWith("base_model:", StringComparison.Ordinal)))
        {
            var rest = tag["base_model:".Length..];
            var colon = rest.IndexOf(':');
            var relation = colon > 0 ? rest[..colon] : null;
            if (relation is not null && Relations.Contains(relation)) Add(rest[(colon + 1)..], relation, $"{source.AbsoluteUri} tags");
            else if (colon < 0) Add(rest, "unknown", $"{source.AbsoluteUri} tags");
            else refused++;
        }
        if (info["cardData"] is JsonObject card)
        {
            var stated = LinkJson.Str(card, "base_model_relation")?.Trim();
            var relation = stated is not null && Relations.Contains(stated) ? stated : "unknown";
            foreach (var id in LinkJson.Strings(card["base_model"])) Add(id, relation, $"{source.AbsoluteUri} cardData.base_model");
        }
        if (refused > 0) notes.Add($"{refused} base model name(s) refused as invalid");
        if (found.Count > MaxBaseModels) notes.Add($"{found.Count - MaxBaseModels} more base models than {MaxBaseModels} not followed");
        return [.. found.Take(MaxBaseModels)];
    }

    /// <summary>The Hub's gate: false, "auto" or "manual".</summary>
    private static bool? Gated(JsonObject info) => info["gated"] switch
    {
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<string>(out var s) => s is "auto" or "manual" || !s.Equals("false", StringComparison.OrdinalIgnoreCase),
        _ => null,
    };
}

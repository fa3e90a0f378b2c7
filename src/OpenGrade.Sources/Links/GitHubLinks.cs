using System.Collections.Immutable;
using System.Net;
using System.Text.Json.Nodes;
using OpenGrade.Core.Inventory;
using OpenGrade.Core.Text;
using OpenGrade.Sources.Files;
using OpenGrade.Sources.Hub;

namespace OpenGrade.Sources.Links;

/// <summary>
/// A GitHub repository's license as GitHub itself detects it, in one request:
/// <c>GET /repos/{owner}/{repo}/license</c> gives GitHub's verdict and the license file (decoded for
/// OpenGrade's own detector). Its 404 means "no license file GitHub could pick, or no such repository";
/// the two are not told apart by a second request (<c>GET /repos/{owner}/{repo}</c>): either way the
/// place's license is unknown, and the component's presence rests on the card's link, not on the
/// repository's existence. A renamed repository's 301 is followed within the request and its new name
/// becomes the canonical id.
/// </summary>
public sealed class GitHubLinks(LinkHttp http, LinkOptions options)
{
    /// <summary>GitHub's API answers are small; a license answer carries the file in base64.</summary>
    public const long MaxAnswerBytes = 4L << 20;

    /// <summary>The decoded license text handed to the detector is cut at this size.</summary>
    public const int MaxLicenseTextBytes = 1 << 20;

    /// <summary>What GitHub's 404 for the license says, and all it says.</summary>
    public const string NoLicenseFile = "GitHub's license endpoint answered 404: no license file found, or no such repository";

    public async Task<LinkedPlace> ResolveAsync(LinkTarget target, CancellationToken ct)
    {
        if (!LinkNames.TryGitHub(target.Id, out var owner, out var repo, out var problem))
        {
            return LinkedPlace.Unresolved(target, LinkOutcome.Unavailable, "", $"refused before any request: {problem}");
        }
        var page = $"https://github.com/{owner}/{repo}";
        try
        {
            var licenseUri = new Uri(options.GitHub, $"repos/{owner}/{repo}/license");
            var license = await http.GetAsync(Request($"{owner}/{repo}.license", licenseUri), ct, GitHubHeaders);
            if (license.Status == HttpStatusCode.OK) return FromLicense(target, page, licenseUri, license);
            if (license.Status != HttpStatusCode.NotFound) throw new LinkUnavailableException($"GitHub answered {(int)license.Status} for the license");
            return new LinkedPlace(target, LinkOutcome.Resolved, page, NoLicenseFile,
                [new LinkedLicense(null, null, "github-api", licenseUri.AbsoluteUri, 1.0)], [], [], null, FromCache: license.FromCache);
        }
        catch (LinkUnavailableException e)
        {
            return LinkedPlace.Unresolved(target, LinkOutcome.Unavailable, page, TerminalText.OneLine(e.Message));
        }
    }

    private LinkRequest Request(string name, Uri uri) =>
        new(LinkKind.GitHubRepository, name, uri, options.GitHub, options.GitHubToken, MaxAnswerBytes, "GitHub");

    private static void GitHubHeaders(HttpRequestMessage message)
    {
        message.Headers.Accept.ParseAdd("application/vnd.github+json");
        message.Headers.TryAddWithoutValidation("X-GitHub-Api-Version", "2022-11-28");
    }

    private static LinkedPlace FromLicense(LinkTarget target, string page, Uri licenseUri, LinkAnswer answer)
    {
        var json = LinkJson.Object(answer.Body, "GitHub's license answer");
        var verdict = json["license"] as JsonObject;
        var path = HubPath.TryCreate(LinkJson.Str(json, "path"), out _)?.Value;
        var htmlUrl = LinkJson.Str(json, "html_url");
        var canonical = Trusted(target, CanonicalFromPage(htmlUrl), answer, licenseUri);
        var notes = new List<string>();
        var licenses = ImmutableArray.Create(Verdict(verdict, licenseUri, path));
        ImmutableArray<LinkedText> texts = [];
        if (Decode(json, notes) is { } text && path is not null)
        {
            texts = [new LinkedText(path, SafeUrl(htmlUrl) ?? licenseUri.AbsoluteUri, text)];
        }
        var id = licenses[0].License ?? "no license";
        var detail = $"GitHub's license detection: {id}{(licenses[0].Name is { } n ? $" ({n})" : "")} in {path ?? "a license file"}"
            + string.Concat(notes.Select(x => "; " + x));
        return new LinkedPlace(target, LinkOutcome.Resolved, canonical is null ? page : $"https://github.com/{canonical}", TerminalText.OneLine(detail),
            licenses, texts, [], Differs(target, canonical), FromCache: answer.FromCache);
    }

    /// <summary>GitHub's licensee verdict: the SPDX id, or its own key (<c>other</c>) when the SPDX id is missing.</summary>
    private static LinkedLicense Verdict(JsonObject? license, Uri source, string? path)
    {
        var spdx = LinkJson.Str(license, "spdx_id");
        var id = string.IsNullOrWhiteSpace(spdx) ? LinkJson.Str(license, "key") : spdx;
        var name = LinkJson.Str(license, "name");
        return new LinkedLicense(id is null ? null : TerminalText.Clip(id, 100), name is null ? null : TerminalText.Clip(name, 200),
            "github-api", source.AbsoluteUri, id is null ? 0.0 : 0.9, path);
    }

    /// <summary>The license file GitHub sends in base64, decoded within its budget; a malformed one is noted, not fatal.</summary>
    private static string? Decode(JsonObject json, List<string> notes)
    {
        if (LinkJson.Str(json, "encoding") != "base64" || LinkJson.Str(json, "content") is not { } content) return null;
        var compact = content.Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal);
        if (compact.Length > (MaxLicenseTextBytes / 3 + 1) * 4)
        {
            notes.Add($"the license file is larger than {MaxLicenseTextBytes >> 10} KiB and was not read");
            return null;
        }
        try
        {
            return TextDecoding.Decode(Convert.FromBase64String(compact));
        }
        catch (FormatException)
        {
            notes.Add("the license file's content is not valid base64 and was not read");
            return null;
        }
    }

    /// <summary>owner/repo from a github.com file address (<c>https://github.com/o/r/blob/main/LICENSE</c>), when valid.</summary>
    private static string? CanonicalFromPage(string? htmlUrl)
    {
        if (!Uri.TryCreate(htmlUrl, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps) return null;
        var parts = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2 && LinkNames.TryGitHub($"{parts[0]}/{parts[1]}", out _, out _, out _) ? $"{parts[0]}/{parts[1]}" : null;
    }

    private static string? SafeUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && !url!.Any(TerminalText.IsUnsafe) ? uri.AbsoluteUri : null;

    /// <summary>
    /// A name the answer gives is believed when it is the one asked for (GitHub's names ignore case) or
    /// when a redirect led there (a rename); an answer about another repository without one is not.
    /// </summary>
    private static string? Trusted(LinkTarget target, string? named, LinkAnswer answer, Uri asked) =>
        named is not null && (named.Equals(target.Id, StringComparison.OrdinalIgnoreCase) || answer.FinalUri.AbsoluteUri != asked.AbsoluteUri) ? named : null;

    private static string? Differs(LinkTarget target, string? canonical) =>
        canonical is not null && !string.Equals(canonical, target.Id, StringComparison.Ordinal) ? canonical : null;
}

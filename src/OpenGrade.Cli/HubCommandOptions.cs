using System.CommandLine;
using OpenGrade.Sources.Hub;
using OpenGrade.Sources.Links;

namespace OpenGrade.Cli;

/// <summary>The options of every command that can read <c>hf:org/name[@revision]</c> targets.</summary>
public sealed class HubCommandOptions
{
    public Option<string?> Endpoint { get; } = new("--endpoint")
    {
        Description = "Hugging Face Hub endpoint (default: $HF_ENDPOINT, else https://huggingface.co)",
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = "Hub access token for gated or private repos (default: $HF_TOKEN, which is not sent to an --endpoint given on the command line); sent to the endpoint's host only, over https or to this machine, never printed",
    };

    public Option<bool> Offline { get; } = new("--offline")
    {
        Description = "Answer hf: targets from the local cache only; no network",
    };

    public Option<string?> CacheDir { get; } = new("--cache-dir")
    {
        Description = "Where fetched Hub files are cached (default: $OPENGRADE_CACHE, else ~/.cache/opengrade)",
    };

    public Option<double> Timeout { get; } = new("--timeout")
    {
        Description = "Seconds each Hub request attempt may take, the whole answer included, before it is retried (0.1 to 3600)",
        DefaultValueFactory = _ => 20,
    };

    public Option<int> Retries { get; } = new("--retries")
    {
        Description = "Retries of a failed Hub request (5xx, 429, timeouts, network errors), with backoff",
        DefaultValueFactory = _ => 3,
    };

    public Option<double> MaxWait { get; } = new("--max-wait")
    {
        Description = "Longest Retry-After to obey, in seconds; a Hub asking for more fails at once with the reason",
        DefaultValueFactory = _ => 60,
    };

    public Option<double> Deadline { get; } = new("--deadline")
    {
        Description = "Seconds the whole fetch of one Hub model may take, every request and wait included (at most 3600)",
        DefaultValueFactory = _ => 300,
    };

    public Option<string?> GitHubEndpoint { get; } = new("--github-endpoint")
    {
        Description = "GitHub REST API endpoint for linked repositories (default: $GITHUB_API_URL, else https://api.github.com); $GITHUB_TOKEN, if set, is sent only to the endpoint the environment names, over https or to this machine, never printed",
    };

    public Option<string?> ArxivEndpoint { get; } = new("--arxiv-endpoint")
    {
        Description = "arXiv export endpoint whose oai2 (OAI-PMH) answers linked papers' licenses (default: $OPENGRADE_ARXIV_ENDPOINT, else https://export.arxiv.org); no token is ever sent to it",
    };

    public Option<bool> NoFollow { get; } = new("--no-follow")
    {
        Description = "Do not follow links to GitHub, arXiv, Hub datasets or base models; linked components stay unknown with that reason",
    };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Endpoint, Token, Offline, CacheDir, Timeout, Retries, MaxWait, Deadline }) command.Options.Add(option);
    }

    /// <summary>The link-following options (a separate call, so that only commands that follow links show them).</summary>
    public void AddLinkOptionsTo(Command command)
    {
        foreach (var option in new Option[] { GitHubEndpoint, ArxivEndpoint, NoFollow }) command.Options.Add(option);
    }

    /// <summary>
    /// How links are followed. $GITHUB_TOKEN belongs to the default GitHub API (as $HF_TOKEN to the Hub
    /// $HF_ENDPOINT names): a --github-endpoint given on the command line never receives it.
    /// </summary>
    public const string GitHubEndpointVariable = "GITHUB_API_URL";
    public const string ArxivEndpointVariable = "OPENGRADE_ARXIV_ENDPOINT";

    public LinkOptions ReadLinks(ParseResult parse, HubOptions hub)
    {
        // Like $HF_ENDPOINT for the Hub: $GITHUB_API_URL (GitHub's own name for it) and $OPENGRADE_ARXIV_ENDPOINT
        // point every run at a GitHub Enterprise, a mirror or a stand-in; the flags win over them.
        var github = EndpointOf(parse.GetValue(GitHubEndpoint) ?? Environment.GetEnvironmentVariable(GitHubEndpointVariable), "--github-endpoint", "use $GITHUB_TOKEN")
            ?? LinkOptions.DefaultGitHubEndpoint;
        var arxiv = EndpointOf(parse.GetValue(ArxivEndpoint) ?? Environment.GetEnvironmentVariable(ArxivEndpointVariable), "--arxiv-endpoint", "arXiv needs none")
            ?? LinkOptions.DefaultArxivEndpoint;
        var token = parse.GetValue(GitHubEndpoint) is null ? Environment.GetEnvironmentVariable("GITHUB_TOKEN") : null;
        return new LinkOptions(hub, github, string.IsNullOrWhiteSpace(token) ? null : token.Trim(), arxiv, Follow: !parse.GetValue(NoFollow));
    }

    /// <summary>An http(s) URL without user information, ending in '/'; null when not given.</summary>
    private static Uri? EndpointOf(string? text, string flag, string credentials)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (!Uri.TryCreate(text.TrimEnd('/') + "/", UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            throw new FormatException($"{flag} '{text}' is not an http(s) URL");
        }
        if (!string.IsNullOrEmpty(endpoint.UserInfo)) throw new FormatException($"{flag} must not carry a user name or password ({credentials})");
        return endpoint;
    }

    public HubOptions Read(ParseResult parse)
    {
        var endpointText = parse.GetValue(Endpoint) ?? Environment.GetEnvironmentVariable("HF_ENDPOINT");
        var endpoint = EndpointOf(endpointText, "--endpoint", "use --token") ?? HubOptions.DefaultEndpoint;
        var timeout = parse.GetValue(Timeout);
        // Written so that NaN fails too: every comparison with NaN is false.
        if (!(timeout >= 0.1 && timeout <= 3600)) throw new FormatException("--timeout must be a number of seconds from 0.1 to 3600");
        var deadline = parse.GetValue(Deadline);
        if (!(deadline >= 1 && deadline <= 3600)) throw new FormatException("--deadline must be a number of seconds from 1 to 3600");
        var maxWait = parse.GetValue(MaxWait);
        if (!(maxWait >= 0 && maxWait <= 3600)) throw new FormatException("--max-wait must be a number of seconds from 0 to 3600");
        var retries = parse.GetValue(Retries);
        if (retries is < 0 or > 10) throw new FormatException("--retries must be between 0 and 10");
        // $HF_TOKEN belongs to the Hub $HF_ENDPOINT names (or the default one): a one-off --endpoint
        // gets a token only when --token gives it one.
        var token = parse.GetValue(Token) ?? (parse.GetValue(Endpoint) is null ? Environment.GetEnvironmentVariable("HF_TOKEN") : null);
        return new HubOptions(endpoint, string.IsNullOrWhiteSpace(token) ? null : token.Trim(),
            parse.GetValue(CacheDir) ?? HubOptions.DefaultCacheDirectory(), parse.GetValue(Offline),
            TimeSpan.FromSeconds(timeout), retries, RetryWaitCap: TimeSpan.FromSeconds(maxWait), FetchDeadline: TimeSpan.FromSeconds(deadline));
    }
}

using System.CommandLine;
using OpenGrade.Sources.Hub;

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
        Description = "Hub access token for gated or private repos (default: $HF_TOKEN); sent to the endpoint only, never printed",
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
        Description = "Seconds to wait for each Hub request before retrying",
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

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Endpoint, Token, Offline, CacheDir, Timeout, Retries, MaxWait }) command.Options.Add(option);
    }

    public HubOptions Read(ParseResult parse)
    {
        var endpointText = parse.GetValue(Endpoint) ?? Environment.GetEnvironmentVariable("HF_ENDPOINT");
        var endpoint = HubOptions.DefaultEndpoint;
        if (!string.IsNullOrWhiteSpace(endpointText)
            && (!Uri.TryCreate(endpointText.TrimEnd('/') + "/", UriKind.Absolute, out endpoint!) || endpoint.Scheme is not ("http" or "https")))
        {
            throw new FormatException($"--endpoint '{endpointText}' is not an http(s) URL");
        }
        var timeout = parse.GetValue(Timeout);
        // Written so that NaN fails too: every comparison with NaN is false.
        if (!(timeout > 0 && timeout <= 3600)) throw new FormatException("--timeout must be a number of seconds above 0 and at most 3600");
        var maxWait = parse.GetValue(MaxWait);
        if (!(maxWait >= 0 && maxWait <= 3600)) throw new FormatException("--max-wait must be a number of seconds from 0 to 3600");
        var retries = parse.GetValue(Retries);
        if (retries is < 0 or > 10) throw new FormatException("--retries must be between 0 and 10");
        var token = parse.GetValue(Token) ?? Environment.GetEnvironmentVariable("HF_TOKEN");
        return new HubOptions(endpoint, string.IsNullOrWhiteSpace(token) ? null : token.Trim(),
            parse.GetValue(CacheDir) ?? HubOptions.DefaultCacheDirectory(), parse.GetValue(Offline),
            TimeSpan.FromSeconds(timeout), retries, RetryWaitCap: TimeSpan.FromSeconds(maxWait));
    }
}

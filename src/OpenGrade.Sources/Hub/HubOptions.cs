using OpenGrade.Core.Text;
using OpenGrade.Sources.Http;

namespace OpenGrade.Sources.Hub;

/// <summary>How to reach the Hub, how long to wait, how much to read, and where to keep what was fetched.</summary>
public sealed record HubOptions(
    Uri Endpoint,
    string? Token,
    string CacheDirectory,
    bool Offline = false,
    TimeSpan? AttemptTimeout = null,
    int MaxRetries = 3,
    long MaxFileBytes = 2 * 1024 * 1024,
    TimeSpan? RetryWaitCap = null,
    TimeSpan? RequestDeadline = null,
    TimeSpan? FetchDeadline = null)
{
    /// <summary>The whole fetch of one model (every request, wait and write) ends within this; at most an hour, so a live fetch never looks stale.</summary>
    public TimeSpan FetchBudget => FetchDeadline ?? TimeSpan.FromMinutes(5);

    public static readonly Uri DefaultEndpoint = new("https://huggingface.co");

    /// <summary>
    /// Budget for an API answer (model info, refs, dataset info). A model with 100k files answers with
    /// tens of MiB of JSON; the recorded answers a snapshot keeps are read back with the same budget.
    /// </summary>
    public const long ApiAnswerBytes = 64L << 20;

    public long MaxApiBytes => ApiAnswerBytes;

    public TimeSpan Timeout => AttemptTimeout ?? TimeSpan.FromSeconds(20);

    /// <summary>The longest Retry-After that is obeyed; a server asking for more gets a rate-limit error at once.</summary>
    public TimeSpan MaxRetryWait => RetryWaitCap ?? TimeSpan.FromSeconds(60);

    public HttpLimits Limits => new(Timeout, MaxRetries, MaxRetryWait,
        RequestDeadline ?? HttpLimits.DefaultDeadline(Timeout, MaxRetries, MaxRetryWait));

    /// <summary>The default cache folder: $OPENGRADE_CACHE, else $XDG_CACHE_HOME/opengrade, else ~/.cache/opengrade.</summary>
    public static string DefaultCacheDirectory()
    {
        var explicitDir = Environment.GetEnvironmentVariable("OPENGRADE_CACHE");
        if (!string.IsNullOrEmpty(explicitDir)) return explicitDir;
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var baseDir = !string.IsNullOrEmpty(xdg) ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(baseDir, "opengrade");
    }
}

/// <summary>Why a Hub request failed, in words a user can act on.</summary>
public enum HubFailure
{
    NotFound,
    RevisionNotFound,
    AccessDenied,
    Gated,
    RateLimited,
    Unavailable,
    TimedOut,
    TooLarge,
    NotCached,

    /// <summary>The Hub's answer is not what the Hub answers (a name that escapes the cache, an id for another repo): a hostile or broken mirror.</summary>
    Refused,
}

/// <remarks>The message is one line: control characters an answer put into it are shown escaped.</remarks>
public sealed class HubException(HubFailure failure, string message) : Exception(TerminalText.OneLine(message))
{
    public HubFailure Failure { get; } = failure;
}

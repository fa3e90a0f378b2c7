namespace OpenGrade.Sources.Hub;

/// <summary>How to reach the Hub and where to keep what was fetched.</summary>
public sealed record HubOptions(
    Uri Endpoint,
    string? Token,
    string CacheDirectory,
    bool Offline = false,
    TimeSpan? AttemptTimeout = null,
    int MaxRetries = 3,
    long MaxFileBytes = 2 * 1024 * 1024)
{
    public static readonly Uri DefaultEndpoint = new("https://huggingface.co");

    public TimeSpan Timeout => AttemptTimeout ?? TimeSpan.FromSeconds(20);

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
}

public sealed class HubException(HubFailure failure, string message) : Exception(message)
{
    public HubFailure Failure { get; } = failure;
}

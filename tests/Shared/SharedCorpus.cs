namespace OpenGrade.Testing;

/// <summary>
/// Finds the read-only reference corpus (<c>../shared</c> beside the repository). On a user's
/// clone it is absent and tests that need it skip with a one-line reason; under CI
/// (<c>CI=true</c>) its absence is a failure, never a silent skip.
/// </summary>
public static class SharedCorpus
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string? Root
    {
        get
        {
            var dir = Environment.GetEnvironmentVariable("OPENGRADE_SHARED") ?? Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));
            return Directory.Exists(dir) ? dir : null;
        }
    }

    /// <summary>The absolute path of a file or folder under ../shared; skips (or fails under CI) when the corpus is absent.</summary>
    public static string PathTo(params string[] parts)
    {
        var root = Root;
        if (root is null)
        {
            const string reason = "../shared is not beside the repository; corpus tests need it";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail(reason + " (CI=true: this is a failure)");
            }
            Assert.Skip(reason);
        }
        var path = Path.Combine([root!, .. parts]);
        if (!File.Exists(path) && !Directory.Exists(path)) Assert.Fail($"the shared corpus lacks {Path.Combine(parts)}");
        return path;
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OpenGrade.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("cannot find the repository root (OpenGrade.slnx) above " + AppContext.BaseDirectory);
    }
}

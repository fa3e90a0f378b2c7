namespace OpenGrade.Cli.Tests.Hub;

/// <summary>Finds the snapshot folder a fetch left in a test's cache, whichever endpoint folder it went to.</summary>
public static class CachedSnapshots
{
    public static string Single(string cache, string repoId) =>
        Directory.GetDirectories(cache, "snapshots", SearchOption.AllDirectories)
            .Where(d => Path.GetDirectoryName(d)!.Replace('\\', '/').EndsWith("/models/" + repoId, StringComparison.Ordinal))
            .SelectMany(Directory.GetDirectories)
            .Single(d => !Path.GetFileName(d).StartsWith('.'));
}

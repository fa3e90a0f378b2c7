using OpenGrade.Sources.Hub;

namespace OpenGrade.Batch.Tests;

/// <summary>A test class with its own temporary folder (removed after each test) and the Hub options file sources take.</summary>
public abstract class TempFolderTest : IDisposable
{
    protected static readonly HubOptions Hub = new(HubOptions.DefaultEndpoint, null, Path.GetTempPath());

    protected string Dir { get; } = Directory.CreateTempSubdirectory("og-batch-").FullName;

    public void Dispose()
    {
        Directory.Delete(Dir, recursive: true);
        GC.SuppressFinalize(this);
    }
}

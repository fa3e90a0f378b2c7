using OpenGrade.Testing;

namespace OpenGrade.Cli.Tests.Hub;

/// <summary><c>opengrade inventory hf:…</c> against the fake Hub: the same MOT file as from the snapshot folder.</summary>
public sealed class InventoryHubTests : IAsyncLifetime
{
    private readonly string _cache = Directory.CreateTempSubdirectory("opengrade-inventory-hub-").FullName;
    private FakeHub _hub = null!;

    public async ValueTask InitializeAsync() => _hub = await FakeHub.StartAsync(SharedCorpus.PathTo("corpus", "hf"));

    public async ValueTask DisposeAsync()
    {
        await _hub.DisposeAsync();
        Directory.Delete(_cache, recursive: true);
    }

    [Fact]
    public void Inventory_of_a_Hub_model_is_the_inventory_of_its_snapshot_folder()
    {
        var hub = CliRunner.Run("inventory", "hf:meta-llama/Llama-3.1-8B-Instruct", "--endpoint", _hub.Endpoint.ToString(), "--cache-dir", _cache, "--timeout", "5");
        Assert.True(hub.ExitCode == 0, hub.Stderr);
        Assert.Contains("name: 'LicenseRef-llama3.1'", hub.Stdout, StringComparison.Ordinal);
        Assert.Contains("name: 'Model parameters (Final)'", hub.Stdout, StringComparison.Ordinal);

        var snapshot = CachedSnapshots.Single(_cache, "meta-llama/Llama-3.1-8B-Instruct");
        var folder = CliRunner.Run("inventory", snapshot);
        Assert.Equal(0, folder.ExitCode);
        Assert.Equal(folder.Stdout, hub.Stdout);
    }

    [Fact]
    public void A_missing_Hub_model_is_one_line_and_exit_2()
    {
        var r = CliRunner.Run("inventory", "hf:nobody/no-such-model", "--endpoint", _hub.Endpoint.ToString(), "--cache-dir", _cache, "--timeout", "5", "--retries", "0");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("opengrade: ", r.Stderr, StringComparison.Ordinal);
        Assert.Empty(r.Stdout);
    }
}

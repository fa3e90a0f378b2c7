using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;
using OpenGrade.Cli;
using OpenGrade.Core.Evaluation;
using OpenGrade.Server;
using OpenGrade.Storage;

namespace OpenGrade.Server.Tests;

/// <summary>
/// A catalog server in-process (TestServer) over a fresh SQLite catalog, assessing uploads with
/// the CLI's own <see cref="Targets"/>. Every log line is captured, so tests can say what was never logged.
/// </summary>
public sealed class TestCatalogServer : IAsyncDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("og-server-");

    public SqlCatalog Catalog { get; }
    public WebApplication App { get; }
    public HttpClient Client { get; }
    public ConcurrentQueue<string> Logs { get; } = new();

    private TestCatalogServer(Func<CatalogServerOptions, CatalogServerOptions>? adjust)
    {
        Catalog = SqlCatalog.Open(CatalogLocation.Parse(Path.Combine(_dir.FullName, "catalog.db")));
        var options = new CatalogServerOptions
        {
            Catalog = Catalog,
            Assess = new Targets(Assessor.CreateDefault()).Assess,
            ConfigureBuilder = b =>
            {
                b.WebHost.UseTestServer();
                b.Logging.SetMinimumLevel(LogLevel.Trace);
                b.Logging.AddProvider(new CapturingLogger(Logs));
            },
        };
        App = CatalogServer.Build(adjust?.Invoke(options) ?? options);
        App.StartAsync().GetAwaiter().GetResult();
        Client = App.GetTestClient();
    }

    public static TestCatalogServer Start(Func<CatalogServerOptions, CatalogServerOptions>? adjust = null) => new(adjust);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Catalog.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Delete(true);
    }

    private sealed class CapturingLogger(ConcurrentQueue<string> lines) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;
        public void Dispose() { }
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(formatter(state, exception) + " " + exception + " " + state);
    }
}

/// <summary>One server for the read-only tests: the 273 MOT model files and MOT's 27 Test_Data files imported once.</summary>
public sealed class ImportedCorpus : IAsyncLifetime
{
    public TestCatalogServer Server { get; private set; } = null!;

    public ValueTask InitializeAsync()
    {
        Server = TestCatalogServer.Start();
        var root = SharedCorpus.Root;
        if (root is not null)
        {
            var files = Directory.GetFiles(Path.Combine(root, "corpus", "mot", "models"), "*.yml")
                .Concat(Directory.GetFiles(Path.Combine(root, "corpus", "mot", "Test_Data"), "*.yml"))
                .Order(StringComparer.Ordinal);
            Server.Catalog.StoreMany(files.Select(f => CatalogRecords.FromFile(f)), batchSize: 100);
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();

    /// <summary>The client, once the shared corpus is known to be there (skips, or fails under CI, when it is absent).</summary>
    public HttpClient Client
    {
        get
        {
            SharedCorpus.PathTo("corpus", "mot", "models");
            return Server.Client;
        }
    }
}

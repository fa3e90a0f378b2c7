using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;
using OpenGrade.Server;
using OpenGrade.Storage;

namespace OpenGrade.Ui.Tests;

/// <summary>
/// The real server on a loopback port over a temporary SQLite catalog (the 273 MOT model files
/// plus <see cref="HandBuilt"/>), and headless Chromium when /usr/bin/chromium exists.
/// </summary>
public sealed class UiSite : IAsyncLifetime
{
    /// <summary>/usr/bin/chromium, or <c>$OPENGRADE_CHROMIUM</c> (another build, or a missing path to check the skip).</summary>
    public static string ChromiumPath { get; } = Environment.GetEnvironmentVariable("OPENGRADE_CHROMIUM") is { Length: > 0 } p ? p : "/usr/bin/chromium";

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("og-ui-");
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public SqlCatalog Catalog { get; private set; } = null!;
    public WebApplication App { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";
    public bool HasCorpus { get; private set; }

    public async ValueTask InitializeAsync()
    {
        Catalog = SqlCatalog.Open(CatalogLocation.Parse(Path.Combine(_dir.FullName, "catalog.db")));
        HasCorpus = SharedCorpus.Root is not null;
        if (HasCorpus) Catalog.StoreMany(CatalogRecords.MotFiles().Select(f => CatalogRecords.FromFile(f)), batchSize: 100);
        foreach (var r in HandBuilt.All()) Catalog.Store(r);
        App = CatalogServer.Build(new CatalogServerOptions { Catalog = Catalog, Urls = ["http://127.0.0.1:0"], RequestsPerWindow = 100_000 });
        await App.StartAsync();
        BaseUrl = App.Urls.First().TrimEnd('/');
        if (File.Exists(ChromiumPath))
        {
            _playwright = await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true });
        }
    }

    /// <summary>The MOT corpus is there (skips, or fails under CI, when ../shared is absent).</summary>
    public void NeedCorpus() => SharedCorpus.PathTo("corpus", "mot", "models");

    /// <summary>A fresh browser page (its own context); skips when Chromium is not installed, fails under CI=true.</summary>
    public async Task<IPage> PageAsync()
    {
        if (_browser is null)
        {
            var reason = $"{ChromiumPath} is not installed (apt-get install chromium; ./test.sh does it as root): browser tests skipped";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)) Assert.Fail(reason + " (CI=true: this is a failure)");
            Assert.Skip(reason);
        }
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        await context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new BrowserContextGrantPermissionsOptions { Origin = BaseUrl });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    /// <summary>Saves a screenshot into docs/screenshots/ only when OPENGRADE_SCREENSHOTS=1 (normal runs leave the tree clean).</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("OPENGRADE_SCREENSHOTS") != "1") return;
        var dir = Path.Combine(SharedCorpus.RepoRoot, "docs", "screenshots");
        Directory.CreateDirectory(dir);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, name + ".png"), FullPage = false });
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Catalog.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Delete(true);
    }
}

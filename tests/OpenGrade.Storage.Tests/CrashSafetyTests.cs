using System.Diagnostics;
using OpenGrade.Storage;

namespace OpenGrade.Storage.Tests;

/// <summary>
/// kill -9 during a big import: what was committed stays, nothing half-written appears. The
/// import runs in a child process (the real CLI) and is killed once some batches are visible.
/// </summary>
public sealed class CrashSafetyTests
{
    [Fact]
    public void Killing_an_import_with_SIGKILL_loses_no_committed_batch_and_leaves_no_partial_assessment()
    {
        var templates = SharedCorpus.PathTo("corpus", "mot", "models");
        var dir = Directory.CreateTempSubdirectory("og-crash-");
        try
        {
            var db = Path.Combine(dir.FullName, "catalog.db");
            const int rows = 10_000, batch = 100;
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { CliRunner.CliPath, "bench", "catalog", "--rows", $"{rows}", "--batch", $"{batch}", "--load-only", "--db", db, "--templates", templates }) start.ArgumentList.Add(a);
            using var child = Process.Start(start)!;
            child.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            child.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);

            // Wait (bounded) until some batches are committed, then kill without warning.
            var seen = 0L;
            var clock = Stopwatch.StartNew();
            while (seen < 3 * batch && clock.Elapsed < TimeSpan.FromSeconds(90) && !child.HasExited)
            {
                Thread.Sleep(50);
                if (!File.Exists(db)) continue;
                try
                {
                    using var peek = SqlCatalog.Open(db);
                    seen = peek.ModelCount();
                }
                catch (CatalogException)
                {
                    // The child may hold the migration lock for a moment.
                }
            }
            Assert.False(child.HasExited, "the import finished before it could be killed: raise rows");
            child.Kill(); // SIGKILL on Unix
            child.WaitForExit(TimeSpan.FromSeconds(10));

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            using var catalog = SqlCatalog.Open(db);
            var report = catalog.CheckIntegrity();
            Assert.True(report.Ok, string.Join("; ", report.Problems));
            Assert.True(report.Models >= seen, $"{report.Models} models after the kill, {seen} were committed before it");
            Assert.True(report.Models < rows, "the kill came after the end");
            Assert.Equal(0, report.Models % batch); // whole batches only
            Assert.Equal(report.Models, report.Versions);
            Assert.Equal(report.Models, catalog.ModelCount());
        }
        finally
        {
            dir.Delete(true);
        }
    }
}

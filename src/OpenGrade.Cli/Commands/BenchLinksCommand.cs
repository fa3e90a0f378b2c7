using System.CommandLine;
using System.Diagnostics;
using OpenGrade.Core.Evaluation;
using OpenGrade.Core.Inventory;
using OpenGrade.Sources.Hub;

namespace OpenGrade.Cli.Commands;

/// <summary>
/// <c>opengrade bench links DIR</c>: the cost of link following. Every model folder of DIR is assessed as
/// <c>assess</c> does (one run, one resolver), first into an empty cache (cold), then again on that cache
/// (warm); for each pass it prints the requests sent, the cache answers, the distinct linked places and
/// the wall time. Point it at the stand-in (scripts/bench-links.sh) to measure offline. Asserts nothing.
/// </summary>
public static class BenchLinksCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("DIR")
        {
            Description = "Folder of model repository folders (default: ../shared/corpus/hf/models)",
            DefaultValueFactory = _ => Path.Combine("..", "shared", "corpus", "hf", "models"),
        };
        var hub = new HubCommandOptions();
        var command = new Command("links", "Requests, places and wall time of assessing every model folder in DIR with link following, cold (empty cache) then warm.") { dir };
        hub.AddTo(command);
        hub.AddLinkOptionsTo(command);
        command.SetAction(parse =>
        {
            var folder = parse.GetValue(dir)!;
            if (!Directory.Exists(folder))
            {
                Messages.Error($"{folder}: no such folder");
                return ExitCodes.Error;
            }
            var folders = Directory.GetDirectories(folder).Order(StringComparer.Ordinal).ToArray();
            // The bench's own cache, so that the first pass is cold whatever --cache-dir says; removed afterwards.
            var cache = Directory.CreateTempSubdirectory("og-bench-links-").FullName;
            try
            {
                var hubOptions = hub.Read(parse) with { CacheDirectory = cache };
                var links = hub.ReadLinks(parse, hubOptions);
                Messages.Line($"{folders.Length} model folders from {folder}; GitHub {links.GitHub}, arXiv {links.Arxiv}, Hub {links.HubEndpoint}");
                foreach (var pass in new[] { "cold", "warm" })
                {
                    var clock = Stopwatch.StartNew();
                    using var targets = new Targets(Assessor.CreateDefault(), hubOptions, null, links);
                    var results = folders.Select(targets.Assess).ToList();
                    clock.Stop();
                    var places = results.SelectMany(r => r.Inventory?.Snapshot.Linked ?? [])
                        .DistinctBy(p => p.Target.Key.ToLowerInvariant()).ToList();
                    var stats = targets.LinkStats;
                    var failed = results.Count(r => r.Error is not null);
                    Console.WriteLine($"{pass}: {stats?.Requests ?? 0} requests, {stats?.CacheHits ?? 0} cache answers, {stats?.Revalidated ?? 0} revalidated, {stats?.Redirects ?? 0} redirects followed within them; "
                        + $"{places.Count} distinct places ({Count(places, LinkOutcome.Resolved)} resolved, {Count(places, LinkOutcome.NotFound)} not found, "
                        + $"{Count(places, LinkOutcome.Unavailable)} unavailable, {Count(places, LinkOutcome.NotFollowed)} not followed); "
                        + $"{(places.Count == 0 ? 0 : (double)(stats?.Requests ?? 0) / places.Count):0.00} requests per place; "
                        + $"{clock.Elapsed.TotalMilliseconds:0} ms for {results.Count} folders{(failed > 0 ? $" ({failed} failed)" : "")}");
                }
                return ExitCodes.Ok;
            }
            catch (Exception e) when (e is FormatException or HubException or IOException)
            {
                Messages.Error(e.Message);
                return ExitCodes.Error;
            }
            finally
            {
                Directory.Delete(cache, recursive: true);
            }
        });
        return command;
    }

    private static int Count(List<LinkedPlace> places, LinkOutcome outcome) => places.Count(p => p.Outcome == outcome);
}

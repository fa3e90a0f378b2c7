using System.Collections.Immutable;
using OpenGrade.Core.Inventory;
using OpenGrade.Core.Text;
using OpenGrade.Sources.Http;

namespace OpenGrade.Sources.Links;

/// <summary>
/// Follows a release's links: each distinct target becomes exactly one <see cref="LinkedPlace"/>
/// (resolved, not found, unavailable, or not followed, with the reason), and a Hub model's own base
/// models are followed level by level to the root, within a depth limit, with a cycle guard, and up
/// to a total number of places. Each place is asked once per run, a few at a time (and a few per host);
/// a bad link never throws. Only the caller's cancellation ends a run early.
/// </summary>
public sealed class LinkResolver : IDisposable
{
    private readonly LinkOptions _options;
    private readonly BoundedHttp _http;
    private readonly GitHubLinks _github;
    private readonly ArxivLinks _arxiv;
    private readonly HubLinks _hub;

    public LinkResolver(LinkOptions options, HttpMessageHandler? transport = null)
    {
        _options = options;
        var limits = options.Limits;
        _http = new BoundedHttp(limits, transport ?? BoundedHttp.DefaultTransport(limits), "opengrade/1.0", Math.Max(1, options.PerHostConcurrency));
        var http = new LinkHttp(_http, new LinkCache(options.CacheDirectory, HubLinks.MaxAnswerBytes), options, Stats);
        _github = new GitHubLinks(http, options);
        _arxiv = new ArxivLinks(http, options);
        _hub = new HubLinks(http, options);
    }

    /// <summary>What this resolver sent and what its cache answered, over all its runs.</summary>
    public LinkStats Stats { get; } = new();

    /// <summary>Whether links are followed at all (false under <c>--no-follow</c>).</summary>
    public bool Follows => _options.Follow;

    public void Dispose() => _http.Dispose();

    public async Task<ImmutableArray<LinkedPlace>> ResolveAsync(IEnumerable<LinkTarget> targets, CancellationToken ct)
    {
        // Each target the caller gives is one place under its own key; ancestors found on the way are
        // compared ignoring case (the Hub's ids do), so one model reached in two spellings is asked once.
        var roots = targets.DistinctBy(t => t.Key, StringComparer.Ordinal).ToList();
        if (!_options.Follow)
        {
            return [.. roots.Select(t => LinkedPlace.Unresolved(t, LinkOutcome.NotFollowed, "", "not followed: link following is off (--no-follow)"))];
        }
        // Every request is bounded by itself; the whole run (many slow places) by the Hub's fetch budget (--deadline).
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
        budget.CancelAfter(_options.Hub.FetchBudget);
        var places = new List<LinkedPlace>();
        var seen = new HashSet<string>(roots.Select(Identity), StringComparer.Ordinal);
        var fetched = 0;
        // Each item: the target and the chain of models that led to it (empty for a target given by the caller).
        var level = roots.Select(t => (Target: t, Chain: ImmutableArray<string>.Empty)).ToList();
        for (var depth = 0; level.Count > 0; depth++)
        {
            var room = Math.Max(0, _options.MaxPlaces - fetched);
            var asked = level.Take(room).ToList();
            fetched += asked.Count;
            var resolved = new LinkedPlace[asked.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, asked.Count),
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.Parallelism), CancellationToken = ct },
                async (i, _) => resolved[i] = await ResolveOneAsync(asked[i].Target, budget.Token, ct));
            var next = new List<(LinkTarget Target, ImmutableArray<string> Chain)>();
            for (var i = 0; i < asked.Count; i++)
            {
                var place = resolved[i];
                var chain = asked[i].Chain.Add(place.Target.Id);
                var notes = new List<string>();
                var stopped = new List<LinkedPlace>();
                foreach (var parent in place.Outcome == LinkOutcome.Resolved ? place.BaseModels : [])
                {
                    var target = new LinkTarget(LinkKind.HubModel, parent.Id);
                    if (chain.Contains(parent.Id, StringComparer.OrdinalIgnoreCase))
                    {
                        notes.Add($"base model {parent.Id} not followed again: a cycle ({string.Join(" → ", chain.Add(parent.Id))})");
                    }
                    else if (!seen.Add(Identity(target)))
                    {
                        continue; // reached by another path (a merge's shared ancestor): one place serves both
                    }
                    else if (depth + 1 > _options.DepthLimit)
                    {
                        stopped.Add(NotFollowed(target, $"not followed: deeper than the limit of {_options.DepthLimit} base-model steps ({string.Join(" → ", chain.Add(parent.Id))})"));
                    }
                    else
                    {
                        next.Add((target, chain));
                    }
                }
                places.Add(notes.Count == 0 ? place : place with { Detail = TerminalText.OneLine(place.Detail + "; " + string.Join("; ", notes)) });
                places.AddRange(stopped);
            }
            places.AddRange(level.Skip(asked.Count).Select(item =>
                NotFollowed(item.Target, $"not followed: more than {_options.MaxPlaces} linked places in one run")));
            level = next;
        }
        return [.. places];
    }

    private static string Identity(LinkTarget target) =>
        target.Kind is LinkKind.HubModel or LinkKind.HubDataset or LinkKind.GitHubRepository ? target.Key.ToLowerInvariant() : target.Key;

    private LinkedPlace OverBudget(LinkTarget target) =>
        LinkedPlace.Unresolved(target, LinkOutcome.Unavailable, "",
            $"not resolved within the link-following budget of {_options.Hub.FetchBudget.TotalSeconds:0} s (--deadline)");

    private static LinkedPlace NotFollowed(LinkTarget target, string reason) =>
        LinkedPlace.Unresolved(target, LinkOutcome.NotFollowed, "", TerminalText.OneLine(reason));

    private async Task<LinkedPlace> ResolveOneAsync(LinkTarget target, CancellationToken ct, CancellationToken caller)
    {
        if (ct.IsCancellationRequested && !caller.IsCancellationRequested) return OverBudget(target);
        try
        {
            return target.Kind switch
            {
                LinkKind.GitHubRepository => await _github.ResolveAsync(target, ct),
                LinkKind.ArxivPaper => await _arxiv.ResolveAsync(target, ct),
                LinkKind.HubDataset => await _hub.ResolveDatasetAsync(target, ct),
                LinkKind.HubModel => await _hub.ResolveModelAsync(target, ct),
                _ => NotFollowed(target, "not followed: OpenGrade cannot follow this kind of link"),
            };
        }
        catch (OperationCanceledException) when (!caller.IsCancellationRequested)
        {
            return OverBudget(target);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A link never fails the run: whatever went wrong is this place's reason.
            return LinkedPlace.Unresolved(target, LinkOutcome.Unavailable, "", TerminalText.OneLine($"could not be followed: {e.Message}"));
        }
    }
}

using System.Collections.Immutable;
using OpenGrade.Core.Inventory;

namespace OpenGrade.Sources.Local;

/// <summary>
/// Builds a <see cref="RepositorySnapshot"/> from what the Hub says about a model: its model object
/// (an entry of the listing, or a recorded <c>api_model.json</c>) and the text of its card. The folder
/// reader composes its snapshots here too, so a listing line and a folder holding the same facts give
/// the inventory the very same snapshot ("one inventory, one set of judgements").
/// </summary>
public static class HubModelSnapshot
{
    /// <summary>The name a card's text is read under: evidence points at the README as on the Hub.</summary>
    public const string CardPath = "README.md";

    /// <summary>
    /// The most files taken from a model object's <c>siblings</c>; past it the rest is dropped and the
    /// listing is <see cref="ListingCompleteness.Partial"/> (absence then proves nothing).
    /// </summary>
    public const int MaxListedFiles = 100_000;

    /// <summary>
    /// A model known only from the Hub: a listing entry (with <c>full=true</c> it carries <c>siblings</c>;
    /// without them the file list is unknown, <see cref="ListingCompleteness.None"/>) and its card text, if any.
    /// </summary>
    /// <param name="id">The validated repository id (<c>org/name</c>).</param>
    /// <param name="cardText">The README text; callers cut it to <see cref="SnapshotFiles.MaxTextBytes"/> as the folder reader does.</param>
    /// <param name="knownDatasets">Dataset metadata for the datasets the model names, when a catalog of them is at hand.</param>
    /// <exception cref="SnapshotException">The card is malformed (front matter never closed, invalid YAML, Markdown nested too deep).</exception>
    public static RepositorySnapshot FromModel(string id, HubModelRecord hub, string? cardText,
        Func<IEnumerable<string>, ImmutableArray<DatasetFacts>>? knownDatasets = null)
    {
        var listed = hub.Siblings.IsDefaultOrEmpty ? [] : hub.Siblings;
        var partial = listed.Length > MaxListedFiles;
        var files = listed.Take(MaxListedFiles).OrderBy(f => f.Path, StringComparer.Ordinal).ToImmutableArray();
        var listing = new FileListing(files,
            files.IsEmpty ? ListingCompleteness.None : partial ? ListingCompleteness.Partial : ListingCompleteness.Complete, hub.Facts.Source);
        var (metadata, card) = cardText is null ? (null, null) : CardReader.Read(cardText, CardPath);
        return Compose(id, hub.Sha, listing, metadata, card, hub, hub.Config, [], [], [], knownDatasets, null);
    }

    /// <summary>
    /// The parts every snapshot is made of, put together once: card metadata falls back to the Hub's
    /// <c>cardData</c>, the configuration to the Hub's <c>config</c>; the datasets the card and tags name
    /// are looked up (fetched answers first, then the known-datasets catalog).
    /// </summary>
    internal static RepositorySnapshot Compose(string id, string? sha, FileListing listing, CardMetadata? metadata, CardDocument? card,
        HubModelRecord? hub, ModelConfig? config, ImmutableArray<GitRef> refs, ImmutableArray<TextFile> texts,
        ImmutableArray<DatasetFacts> fetched, Func<IEnumerable<string>, ImmutableArray<DatasetFacts>>? knownDatasets, CountedParameters? parameters)
    {
        metadata ??= hub?.CardData;
        var names = (metadata?.Strings("datasets") ?? []).Concat(hub?.Facts.Tags.Where(t => t.StartsWith("dataset:", StringComparison.Ordinal)).Select(t => t[8..]) ?? []);
        var known = knownDatasets is null ? [] : knownDatasets(names);
        var datasets = fetched.Concat(known.Where(k => !fetched.Any(f => f.Id.Equals(k.Id, StringComparison.OrdinalIgnoreCase)))).ToImmutableArray();
        return new RepositorySnapshot(id, sha, listing, metadata, card, refs, config ?? hub?.Config, hub?.Facts, texts, datasets, parameters);
    }
}

using System.Collections.Immutable;

namespace OpenGrade.Core.Inventory;

/// <summary>
/// Everything the inventory may look at in one model repository, already read. A local folder
/// and the Hugging Face Hub API both produce this record; the inventory sees nothing else, so the
/// same repository gives the same inventory whichever way it was read.
/// </summary>
/// <param name="Id">The repository id (<c>owner/name</c>) when known, else the folder name.</param>
/// <param name="Revision">The commit the snapshot shows, when known.</param>
/// <param name="Files">The file list and how far it can be trusted.</param>
/// <param name="Metadata">The card's YAML front matter, or the Hub's parse of it (<c>cardData</c>).</param>
/// <param name="Card">The card text (README.md) with its sections, links and tables.</param>
/// <param name="Refs">Branches and tags (from <c>.git</c> or a recorded <c>/refs</c> answer).</param>
/// <param name="Config">What config.json says about the architecture.</param>
/// <param name="Hub">Facts only the Hub API reports (gating, library, tags, parameter count).</param>
/// <param name="Texts">License, notice and use-policy files whose text was available.</param>
/// <param name="Datasets">Facts about datasets the release names, when the source knows them.</param>
/// <param name="ParameterCount">Parameters counted from safetensors headers on disk, when weights were there.</param>
public sealed record RepositorySnapshot(
    string Id,
    string? Revision,
    FileListing Files,
    CardMetadata? Metadata,
    CardDocument? Card,
    ImmutableArray<GitRef> Refs,
    ModelConfig? Config,
    HubFacts? Hub,
    ImmutableArray<TextFile> Texts,
    ImmutableArray<DatasetFacts> Datasets,
    CountedParameters? ParameterCount = null)
{
    /// <summary>What following the release's links learned (GitHub code, arXiv papers, Hub datasets, base models); empty with <c>--no-follow</c>.</summary>
    public ImmutableArray<LinkedPlace> Linked { get; init; } = [];

    /// <summary>The owner part of the id (<c>meta-llama</c>), when the id has one.</summary>
    public string? Owner => Id.Contains('/') ? Id[..Id.IndexOf('/')] : null;

    /// <summary>The name part of the id (<c>Llama-3.1-8B-Instruct</c>).</summary>
    public string Name => Id.Contains('/') ? Id[(Id.IndexOf('/') + 1)..] : Id;
}

/// <summary>One file of the repository; <see cref="Size"/> is null when the listing gave none.</summary>
public sealed record RepoFile(string Path, long? Size = null)
{
    public string FileName => System.IO.Path.GetFileName(Path);
}

/// <summary>How far a file list can be trusted to show what is absent.</summary>
public enum ListingCompleteness
{
    /// <summary>The whole tree (a clone, a full snapshot, or the Hub's siblings): a file not listed is not there.</summary>
    Complete,

    /// <summary>Some files are known to be missing from the list: absence proves nothing.</summary>
    Partial,

    /// <summary>Only the card was available: absence proves nothing.</summary>
    None,
}

/// <summary>The repository's files and where the list came from (a folder, siblings.json, the API).</summary>
public sealed record FileListing(ImmutableArray<RepoFile> Files, ListingCompleteness Completeness, string Source)
{
    public static readonly FileListing Empty = new([], ListingCompleteness.None, "");

    public bool Contains(string path) => Files.Any(f => string.Equals(f.Path, path, StringComparison.Ordinal));
}

public enum GitRefKind
{
    Branch,
    Tag,
}

/// <summary>A branch or tag, with where it was seen (so that evidence can cite it).</summary>
public sealed record GitRef(string Name, GitRefKind Kind, string Source);

/// <summary>What config.json says: the model classes and type a library instantiates.</summary>
public sealed record ModelConfig(ImmutableArray<string> Architectures, string? ModelType, string Source);

/// <summary>Facts the Hub API reports about a model that are not in the repository files themselves.</summary>
/// <param name="Gated"><c>"auto"</c> or <c>"manual"</c> when the Hub gates the files, null when it does not.</param>
/// <param name="SafetensorsParameters">The Hub's parameter count from the safetensors headers.</param>
public sealed record HubFacts(
    string? Gated,
    string? LibraryName,
    string? PipelineTag,
    ImmutableArray<string> Tags,
    long? SafetensorsParameters,
    string Source);

/// <summary>A text file whose content the inventory reads (license, notice, use policy).</summary>
public sealed record TextFile(string Path, string Text);

/// <summary>What is known about a dataset the release names (its Hub id and license).</summary>
public sealed record DatasetFacts(string Id, string? License, string Source);

/// <summary>A parameter count read from the weight files themselves.</summary>
public sealed record CountedParameters(long Count, string Source);

using System.Collections.Immutable;

namespace OpenGrade.Core.Inventory;

/// <summary>
/// A metadata value with the line it starts on (0 when the source has no lines, e.g. the Hub's
/// JSON). Front matter (YAML) and the Hub's <c>cardData</c> (JSON) both become this tree, so rules
/// need not know which one they read.
/// </summary>
public abstract record MetaValue(int Line);

public sealed record MetaScalar(string? Value, int Line) : MetaValue(Line);

public sealed record MetaList(ImmutableArray<MetaValue> Items, int Line) : MetaValue(Line);

public sealed record MetaEntry(string Key, MetaValue Value);

public sealed record MetaMap(ImmutableArray<MetaEntry> Entries, int Line) : MetaValue(Line)
{
    public static readonly MetaMap Empty = new([], 0);

    public MetaValue? this[string key] => Entries.FirstOrDefault(e => e.Key == key)?.Value;
}

/// <summary>The card's metadata (<c>license</c>, <c>datasets</c>, <c>model-index</c>…) and the file it came from.</summary>
public sealed record CardMetadata(string Source, MetaMap Root)
{
    /// <summary>A scalar value as text; null when absent, empty, or not a scalar.</summary>
    public string? Text(string key) =>
        Root[key] is MetaScalar { Value: { Length: > 0 } v } ? v.Trim() : null;

    /// <summary>A scalar or a list of scalars as strings (<c>datasets: x</c> and <c>datasets: [x, y]</c> alike).</summary>
    public ImmutableArray<string> Strings(string key) => Root[key] switch
    {
        MetaScalar { Value: { Length: > 0 } v } => [v.Trim()],
        MetaList list => [.. list.Items.OfType<MetaScalar>().Select(s => s.Value?.Trim()).Where(s => !string.IsNullOrEmpty(s)).Select(s => s!)],
        _ => [],
    };

    public bool Has(string key) => Root[key] is not null;

    /// <summary>Where a key's value is, for evidence: <c>README.md:7</c>, or the source alone without lines.</summary>
    public string Where(string key) => Locate(Root[key]);

    public string Locate(MetaValue? value) => value is { Line: > 0 } ? $"{Source}:{value.Line}" : Source;
}

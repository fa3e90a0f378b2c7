using System.Text.Json;
using OpenGrade.Batch.Output;
using OpenGrade.Core.Licensing;

namespace OpenGrade.Batch.Census;

/// <summary>A count and the downloads of the models counted (downloads weight openwashing and licenses).</summary>
public sealed class Tally
{
    public long Count;
    public long Downloads;

    public void Add(long downloads)
    {
        Count++;
        Downloads += downloads;
    }
}

/// <summary>Models created in one month: how many, how many reach a MOF class (OpenGrade's reading), are OSAID-conformant, are flagged openwashing.</summary>
public sealed class MonthTally
{
    public long Models, Classified, OsaidConformant, Openwashing;
}

/// <summary>A derivative whose declared license differs from the restrictive license of its base.</summary>
public sealed record DerivativeConflict(string Id, string License, string BaseId, string BaseLicense, string? Relation, long Downloads);

/// <summary>
/// The state of openness over a batch output: read from its JSONL lines (the last line of a model wins,
/// as a re-run appends updates), counted per class, verdict, flag, license and creation month.
/// </summary>
public sealed class CensusResult
{
    public long Models, Errors, Downloads, Lines, Superseded, Unreadable;
    public SortedDictionary<int, Tally> MofClass { get; } = [];
    public SortedDictionary<int, Tally> MofRecognisedClass { get; } = [];
    public Dictionary<string, Tally> Osaid { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, Tally> EuAiAct { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, Tally> Flags { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, Tally> Licenses { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, Tally> AiLicenses { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, MonthTally> Months { get; } = new(StringComparer.Ordinal);
    public long Derivatives, DerivativesWithKnownBase, ConflictCount;
    public List<DerivativeConflict> Conflicts { get; } = [];

    /// <summary>The models flagged openwashing, and the downloads they carry.</summary>
    public Tally Openwashing => Flags.GetValueOrDefault("openwashing") ?? new Tally();
}

/// <summary>
/// Counts models into a <see cref="CensusResult"/>, one model at a time: the one census, whichever reader
/// feeds it (the last line of each model of a batch output, or the latest version of each catalog model).
/// </summary>
public sealed class CensusCounter(LicenseCatalog catalog)
{
    /// <summary>Conflicts listed by name (the most downloaded); all are counted.</summary>
    public const int ListedConflicts = 50;

    private sealed record Derivative(string Id, string License, long Downloads, List<(string Id, string? Relation)> Bases);

    private readonly Dictionary<ulong, string> _licenseOf = [];
    private readonly List<Derivative> _derivatives = [];

    public CensusResult Census { get; } = new();

    /// <summary>Counts one model: its assess object (or error object) and its listing facts (<c>default</c> when it has none).</summary>
    public void Add(string id, JsonElement root, JsonElement listing)
    {
        var census = Census;
        var downloads = listing.ValueKind == JsonValueKind.Object && listing.TryGetProperty("downloads", out var dl) && dl.ValueKind == JsonValueKind.Number ? dl.GetInt64() : 0;
        if (root.TryGetProperty("error", out _))
        {
            census.Errors++;
            return;
        }
        census.Models++;
        census.Downloads += downloads;
        Add(census.MofClass, root.GetProperty("mof").GetProperty("class").GetInt32(), downloads);
        var recognised = root.GetProperty("mof_recognised").GetProperty("class").GetInt32();
        Add(census.MofRecognisedClass, recognised, downloads);
        var osaid = Text(root, "osaid", "verdict");
        Add(census.Osaid, osaid, downloads);
        Add(census.EuAiAct, Text(root, "eu_ai_act", "verdict"), downloads);
        var openwashing = false;
        if (root.TryGetProperty("flags", out var flags) && flags.ValueKind == JsonValueKind.Array)
        {
            foreach (var kind in flags.EnumerateArray().Select(f => f.TryGetProperty("kind", out var k) ? k.GetString() ?? "?" : "?").Distinct(StringComparer.Ordinal))
            {
                Add(census.Flags, kind, downloads);
                openwashing |= kind == "openwashing";
            }
        }
        var license = root.TryGetProperty("inventory", out var inventory) && inventory.TryGetProperty("licenses", out var licenses)
            && licenses.TryGetProperty("distribution", out var distribution) && distribution.ValueKind == JsonValueKind.Object
            && distribution.TryGetProperty("license", out var lic) && lic.ValueKind == JsonValueKind.String ? lic.GetString()! : "none";
        Add(census.Licenses, license, downloads);
        if (catalog.AiLicenses.ContainsKey(license)) Add(census.AiLicenses, license, downloads);
        _licenseOf[StableHash.Of(id)] = license;
        if (listing.ValueKind == JsonValueKind.Object && listing.TryGetProperty("created_at", out var created) && created.ValueKind == JsonValueKind.String && created.GetString() is { Length: >= 7 } date)
        {
            var month = date[..7];
            if (!census.Months.TryGetValue(month, out var m)) census.Months[month] = m = new MonthTally();
            m.Models++;
            if (recognised > 0) m.Classified++;
            if (osaid == "conformant") m.OsaidConformant++;
            if (openwashing) m.Openwashing++;
        }
        if (listing.ValueKind == JsonValueKind.Object && listing.TryGetProperty("base_models", out var bases) && bases.ValueKind == JsonValueKind.Array && bases.GetArrayLength() > 0)
        {
            census.Derivatives++;
            _derivatives.Add(new Derivative(id, license, downloads,
                [.. bases.EnumerateArray().Select(b => (b.GetProperty("id").GetString()!, b.TryGetProperty("relation", out var r) ? r.GetString() : null))]));
        }
    }

    /// <summary>Settles the derivatives once every model is counted (a base may come after its derivative) and returns the census.</summary>
    public CensusResult Finish()
    {
        var census = Census;
        foreach (var d in _derivatives)
        {
            var known = d.Bases.Where(b => _licenseOf.ContainsKey(StableHash.Of(b.Id))).ToList();
            if (known.Count > 0) census.DerivativesWithKnownBase++;
            // A base under terms that are not open, and a derivative declaring other terms: the base's terms do not go away.
            var conflict = known.FirstOrDefault(b => _licenseOf[StableHash.Of(b.Id)] is var l && l != "none" && !catalog.IsOpenId(l) && l != d.License);
            if (conflict.Id is null) continue;
            census.ConflictCount++;
            census.Conflicts.Add(new DerivativeConflict(d.Id, d.License, conflict.Id, _licenseOf[StableHash.Of(conflict.Id)], conflict.Relation, d.Downloads));
        }
        var top = census.Conflicts.OrderByDescending(c => c.Downloads).ThenBy(c => c.Id, StringComparer.Ordinal).Take(ListedConflicts).ToList();
        census.Conflicts.Clear();
        census.Conflicts.AddRange(top);
        return census;
    }

    private static string Text(JsonElement root, string section, string field) =>
        root.TryGetProperty(section, out var s) && s.ValueKind == JsonValueKind.Object && s.TryGetProperty(field, out var f) && f.ValueKind == JsonValueKind.String ? f.GetString()! : "absent";

    private static void Add<TKey>(IDictionary<TKey, Tally> tallies, TKey key, long downloads)
    {
        if (!tallies.TryGetValue(key, out var tally)) tallies[key] = tally = new Tally();
        tally.Add(downloads);
    }
}

/// <summary>Reads a batch output into a <see cref="CensusResult"/> in two passes (which line of each model is the last; then those lines), in bounded memory per line.</summary>
public static class CensusReader
{
    /// <summary>Conflicts listed by name (the most downloaded); all are counted.</summary>
    public const int ListedConflicts = CensusCounter.ListedConflicts;

    private const int MaxLineBytes = 64 << 20;

    public static CensusResult Read(string path, LicenseCatalog catalog)
    {
        var last = new Dictionary<ulong, long>();
        var lineNumber = 0L;
        foreach (var line in Lines(path))
        {
            lineNumber++;
            if (JsonLinesSink.Model(line.Span.Length > 8192 ? line.Span[..8192] : line.Span) is var (id, _)) last[StableHash.Of(id)] = lineNumber;
        }
        var counter = new CensusCounter(catalog);
        var census = counter.Census;
        lineNumber = 0;
        foreach (var line in Lines(path))
        {
            lineNumber++;
            census.Lines++;
            if (JsonLinesSink.Model(line.Span.Length > 8192 ? line.Span[..8192] : line.Span) is not var (id, _))
            {
                census.Unreadable++;
                continue;
            }
            if (!last.TryGetValue(StableHash.Of(id), out var lastLine) || lastLine != lineNumber)
            {
                census.Superseded++;
                continue;
            }
            try
            {
                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement;
                counter.Add(id, root, root.TryGetProperty("listing", out var listing) ? listing : default);
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
            {
                census.Unreadable++;
            }
        }
        return counter.Finish();
    }

    /// <summary>
    /// The census of a catalog: the latest version of each model (read a page at a time), its assess
    /// object and, when batch stored it, its listing facts, counted by the same <see cref="CensusCounter"/>.
    /// </summary>
    public static CensusResult Read(OpenGrade.Storage.ICatalog store, LicenseCatalog catalog)
    {
        var counter = new CensusCounter(catalog);
        var census = counter.Census;
        foreach (var model in store.LatestDocuments())
        {
            census.Lines++;
            try
            {
                using var doc = JsonDocument.Parse(model.Assessment);
                using var listing = model.Listing is { } facts ? JsonDocument.Parse(facts) : null;
                counter.Add(model.ModelId, doc.RootElement, listing?.RootElement ?? default);
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
            {
                census.Unreadable++;
            }
        }
        return counter.Finish();
    }

    /// <summary>The file's lines as bytes (a line longer than the cap is skipped).</summary>
    private static IEnumerable<ReadOnlyMemory<byte>> Lines(string path)
    {
        using var file = OpenGrade.Sources.Files.RegularFile.Open(path);
        var buffer = new byte[4 << 20];
        int start = 0, end = 0;
        var skipping = false;
        while (true)
        {
            if (end == buffer.Length)
            {
                if (start > 0)
                {
                    Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                    end -= start;
                    start = 0;
                }
                else if (buffer.Length < MaxLineBytes)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }
                else
                {
                    skipping = true;
                    start = end = 0;
                }
            }
            var read = file.Read(buffer, end, buffer.Length - end);
            if (read == 0) break;
            var scan = end;
            end += read;
            int newline;
            while ((newline = Array.IndexOf(buffer, (byte)'\n', scan, end - scan)) >= 0)
            {
                if (!skipping && newline > start) yield return buffer.AsMemory(start, newline - start);
                skipping = false;
                start = scan = newline + 1;
            }
        }
        if (!skipping && end > start) yield return buffer.AsMemory(start, end - start);
    }
}

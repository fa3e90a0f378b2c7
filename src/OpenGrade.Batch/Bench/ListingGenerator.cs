using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenGrade.Batch.Bench;

/// <summary>
/// Makes listing lines for a benchmark, deterministically from a seed, with the field distributions
/// of the recorded Hub answers (<c>corpus/hf/api/recorded</c>): each line starts from one recorded model
/// object (its tags, cardData, config and siblings), takes a license and a pipeline tag drawn with the
/// frequencies the recordings show, and a card (a README of <c>corpus/hf/models</c>) as often as the
/// corpus's model folders have one. Ids, commits, dates and downloads are drawn anew.
/// </summary>
public sealed class ListingGenerator
{
    private readonly IReadOnlyList<JsonObject> _templates;
    private readonly IReadOnlyList<string> _licenses;
    private readonly IReadOnlyList<string> _pipelines;
    private readonly IReadOnlyList<string> _cards;
    private readonly double _cardShare;
    private readonly double _siblingsShare;

    private ListingGenerator(IReadOnlyList<JsonObject> templates, IReadOnlyList<string> cards, double cardShare)
    {
        _templates = templates;
        _cards = cards;
        _cardShare = cardShare;
        // Drawn from these lists uniformly: a value appears as often as the recordings show it.
        _licenses = [.. templates.SelectMany(t => Tags(t).Where(x => x.StartsWith("license:", StringComparison.Ordinal)).Select(x => x[8..]))];
        _pipelines = [.. templates.Select(t => t["pipeline_tag"]?.GetValue<string>()).OfType<string>()];
        _siblingsShare = templates.Count(t => t["siblings"] is JsonArray { Count: > 0 }) / (double)templates.Count;
    }

    public int Templates => _templates.Count;

    public string Describe() =>
        $"{_templates.Count} recorded model objects, {_licenses.Distinct().Count()} licenses, {_pipelines.Distinct().Count()} pipeline tags, "
        + $"cards on {_cardShare:P0} ({_cards.Count} READMEs), siblings on {_siblingsShare:P0}";

    /// <summary>Reads the recorded answers and READMEs of the corpus folder (<c>shared/corpus/hf</c>).</summary>
    public static ListingGenerator FromCorpus(string hf)
    {
        var templates = new List<JsonObject>();
        foreach (var file in Directory.GetFiles(Path.Combine(hf, "api", "recorded"), "*.json").Order(StringComparer.Ordinal))
        {
            if (JsonNode.Parse(File.ReadAllText(file)) is not JsonObject exchange || exchange["response"] is not JsonObject response) continue;
            if (response["status"]?["code"]?.GetValue<int>() != 200 || response["body"]?.GetValue<string>() is not { } body) continue;
            // The expand=… recordings hold one field, not a listing entry.
            if (JsonNode.Parse(body) is JsonObject model && model.ContainsKey("tags")) templates.Add(model);
        }
        var folders = Directory.GetDirectories(Path.Combine(hf, "models"));
        var cards = folders.Select(f => Path.Combine(f, "README.md")).Where(File.Exists).Order(StringComparer.Ordinal).Select(File.ReadAllText).ToList();
        if (templates.Count == 0) throw new InvalidOperationException($"{hf}: no recorded model answers under api/recorded");
        return new ListingGenerator(templates, cards, folders.Length == 0 ? 0 : cards.Count / (double)folders.Length);
    }

    private static readonly JavaScriptEncoder HubEscaping = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <summary>
    /// A template's members as UTF-8 JSON, written once: a line is then mostly copies of these bytes (the bench
    /// times grading; its input should cost what reading a line from a file costs, not a JSON serialisation).
    /// </summary>
    private sealed class EncodedTemplate
    {
        public required JsonObject Model { get; init; }
        public required (string Name, JsonEncodedText Key, byte[] Value)[] Members { get; init; }
        /// <summary>The tags and the card data with each license in place of the template's.</summary>
        public required Dictionary<string, byte[]> Tags { get; init; }
        public required Dictionary<string, byte[]> CardData { get; init; }
    }

    private IReadOnlyList<EncodedTemplate> Encode()
    {
        return [.. _templates.Select(t => new EncodedTemplate
        {
            Model = t,
            Members = [.. t.Select(kv => (kv.Key, JsonEncodedText.Encode(kv.Key, HubEscaping), Bytes(w => WriteValue(w, kv.Value))))],
            Tags = _licenses.Distinct().ToDictionary(l => l, l => Bytes(w => WriteValue(w, new JsonArray([.. Tags(t)
                .Where(x => !x.StartsWith("license:", StringComparison.Ordinal)).Append("license:" + l).Select(x => (JsonNode)x)])))),
            CardData = t["cardData"] is JsonObject cardData ? _licenses.Distinct().ToDictionary(l => l, l => Bytes(w => WriteCardData(w, cardData, l))) : [],
        })];
    }

    private static byte[] Bytes(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = HubEscaping })) write(writer);
        return buffer.WrittenSpan.ToArray();
    }

    private static readonly string[] Drawn = ["id", "modelId", "author", "sha", "createdAt", "lastModified", "downloads", "likes", "tags", "pipeline_tag", "card"];

    /// <summary>
    /// The lines as UTF-8 JSON, escaped as the Hub writes its answers (the recordings keep <c>&lt;</c>, <c>&amp;</c>
    /// and non-ASCII text as they are; System.Text.Json's default would write <c>\u003C</c> for each).
    /// </summary>
    public IEnumerable<byte[]> Lines(long count, int seed)
    {
        var templates = Encode();
        var cards = _cards.Select(c => Bytes(w => w.WriteStringValue(c))).ToList();
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        using var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = HubEscaping, SkipValidation = true });
        var random = new Random(seed);
        var epoch = new DateTime(2021, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var sha = new byte[20];
        var drawn = new Dictionary<string, Action<Utf8JsonWriter>>(StringComparer.Ordinal);
        for (long i = 0; i < count; i++)
        {
            var template = templates[random.Next(templates.Count)];
            drawn.Clear();
            var id = $"org{random.Next(20_000)}/model-{i}";
            drawn["id"] = w => w.WriteStringValue(id);
            drawn["modelId"] = w => w.WriteStringValue(id);
            var author = id[..id.IndexOf('/')];
            drawn["author"] = w => w.WriteStringValue(author);
            random.NextBytes(sha);
            var commit = Convert.ToHexStringLower(sha);
            drawn["sha"] = w => w.WriteStringValue(commit);
            var created = epoch.AddMinutes(random.Next(6 * 365 * 24 * 60));
            var createdAt = created.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            drawn["createdAt"] = w => w.WriteStringValue(createdAt);
            var modified = created.AddDays(random.Next(300)).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            drawn["lastModified"] = w => w.WriteStringValue(modified);
            var downloads = (long)Math.Exp(random.NextDouble() * 14);
            drawn["downloads"] = w => w.WriteNumberValue(downloads);
            var likes = (long)Math.Exp(random.NextDouble() * 7);
            drawn["likes"] = w => w.WriteNumberValue(likes);
            string? license = null;
            if (_licenses.Count > 0)
            {
                license = _licenses[random.Next(_licenses.Count)];
                var tags = template.Tags[license];
                drawn["tags"] = w => w.WriteRawValue(tags, skipInputValidation: true);
            }
            if (_pipelines.Count > 0)
            {
                var pipeline = _pipelines[random.Next(_pipelines.Count)];
                drawn["pipeline_tag"] = w => w.WriteStringValue(pipeline);
            }
            var withoutSiblings = random.NextDouble() >= _siblingsShare;
            if (_cards.Count > 0 && random.NextDouble() < _cardShare)
            {
                var card = cards[random.Next(cards.Count)];
                drawn["card"] = w => w.WriteRawValue(card, skipInputValidation: true);
            }
            buffer.ResetWrittenCount();
            writer.Reset(buffer);
            // The template's members in their order, the drawn values in place; drawn members it lacks after them.
            writer.WriteStartObject();
            foreach (var (name, key, value) in template.Members)
            {
                if (withoutSiblings && name == "siblings") continue;
                writer.WritePropertyName(key);
                if (drawn.TryGetValue(name, out var write)) write(writer);
                else if (name == "cardData" && license is not null && template.CardData.TryGetValue(license, out var cardData)) writer.WriteRawValue(cardData, skipInputValidation: true);
                else writer.WriteRawValue(value, skipInputValidation: true);
            }
            foreach (var name in Drawn)
            {
                if (template.Model.ContainsKey(name) || !drawn.TryGetValue(name, out var write)) continue;
                writer.WritePropertyName(name);
                write(writer);
            }
            writer.WriteEndObject();
            writer.Flush();
            yield return buffer.WrittenSpan.ToArray();
        }
    }

    private static void WriteCardData(Utf8JsonWriter writer, JsonObject cardData, string license)
    {
        writer.WriteStartObject();
        foreach (var (name, value) in cardData)
        {
            writer.WritePropertyName(name);
            if (name == "license") writer.WriteStringValue(license);
            else WriteValue(writer, value);
        }
        if (!cardData.ContainsKey("license")) writer.WriteString("license", license);
        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, JsonNode? value)
    {
        if (value is null) writer.WriteNullValue();
        else value.WriteTo(writer);
    }

    private static IEnumerable<string> Tags(JsonObject model) =>
        model["tags"] is JsonArray tags ? tags.Select(t => t?.GetValue<string>()).OfType<string>() : [];
}

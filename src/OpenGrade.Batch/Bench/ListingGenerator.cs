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

    /// <summary>
    /// The lines as UTF-8 JSON, escaped as the Hub writes its answers (the recordings keep <c>&lt;</c>, <c>&amp;</c>
    /// and non-ASCII text as they are; System.Text.Json's default would write <c>\u003C</c> for each).
    /// </summary>
    public IEnumerable<byte[]> Lines(long count, int seed)
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        using var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        var random = new Random(seed);
        var epoch = new DateTime(2021, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var sha = new byte[20];
        for (long i = 0; i < count; i++)
        {
            // The template is written with the drawn values in place (never copied): what the line
            // changes is gathered first, in the order a copy of the template would have been changed.
            var template = _templates[random.Next(_templates.Count)];
            var changed = new JsonObject();
            var id = $"org{random.Next(20_000)}/model-{i}";
            changed["id"] = id;
            changed["modelId"] = id;
            changed["author"] = id[..id.IndexOf('/')];
            random.NextBytes(sha);
            changed["sha"] = Convert.ToHexStringLower(sha);
            var created = epoch.AddMinutes(random.Next(6 * 365 * 24 * 60));
            changed["createdAt"] = created.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            changed["lastModified"] = created.AddDays(random.Next(300)).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            changed["downloads"] = (long)Math.Exp(random.NextDouble() * 14);
            changed["likes"] = (long)Math.Exp(random.NextDouble() * 7);
            string? license = null;
            if (_licenses.Count > 0)
            {
                license = _licenses[random.Next(_licenses.Count)];
                changed["tags"] = new JsonArray([.. Tags(template).Where(t => !t.StartsWith("license:", StringComparison.Ordinal)).Append("license:" + license).Select(t => (JsonNode)t)]);
            }
            if (_pipelines.Count > 0) changed["pipeline_tag"] = _pipelines[random.Next(_pipelines.Count)];
            var withoutSiblings = random.NextDouble() >= _siblingsShare;
            if (_cards.Count > 0 && random.NextDouble() < _cardShare) changed["card"] = _cards[random.Next(_cards.Count)];
            buffer.ResetWrittenCount();
            writer.Reset(buffer);
            Write(writer, template, changed, license, withoutSiblings);
            writer.Flush();
            yield return buffer.WrittenSpan.ToArray();
        }
    }

    /// <summary>The template with its changed members written in their places and new ones after them, as the changed copy would write.</summary>
    private static void Write(Utf8JsonWriter writer, JsonObject template, JsonObject changed, string? license, bool withoutSiblings)
    {
        writer.WriteStartObject();
        foreach (var (name, value) in template)
        {
            if (withoutSiblings && name == "siblings") continue;
            writer.WritePropertyName(name);
            if (changed.TryGetPropertyValue(name, out var now)) WriteValue(writer, now);
            else if (name == "cardData" && license is not null && value is JsonObject cardData) WriteCardData(writer, cardData, license);
            else WriteValue(writer, value);
        }
        foreach (var (name, value) in changed)
        {
            if (template.ContainsKey(name)) continue;
            writer.WritePropertyName(name);
            WriteValue(writer, value);
        }
        writer.WriteEndObject();
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

using System.Globalization;
using System.IO.Compression;
using System.Text.Json.Nodes;
using OpenGrade.Batch.Running;
using OpenGrade.Batch.Sources;
using OpenGrade.Sources.Hub;
using Parquet.Serialization;
using ZstdSharp;

namespace OpenGrade.Batch.Tests;

/// <summary>Every file source gives the same graded lines for the same records; malformed records are counted with their place.</summary>
public sealed class SourceTests : TempFolderTest
{
    [Fact]
    public async Task Gzip_and_zstd_files_give_the_lines_the_plain_file_gives()
    {
        var lines = Listings.Lines(40).ToList();
        var plain = Listings.WriteFile(Dir, "models.jsonl", lines);
        var gz = Path.Combine(Dir, "models.jsonl.gz");
        using (var file = File.Create(gz))
        using (var zip = new GZipStream(file, CompressionLevel.Fastest))
        {
            zip.Write(File.ReadAllBytes(plain));
        }
        var zst = Path.Combine(Dir, "models.jsonl.zst");
        using (var file = File.Create(zst))
        using (var z = new CompressionStream(file))
        {
            z.Write(File.ReadAllBytes(plain));
        }

        var fromPlain = await Listings.RunAsync([BatchSources.Open(plain, Hub)]);
        var fromGz = await Listings.RunAsync([BatchSources.Open(gz, Hub)]);
        var fromZst = await Listings.RunAsync([BatchSources.Open(zst, Hub)]);

        Assert.Equal(40, fromPlain.Counts.Graded);
        Assert.Equal(fromPlain.Sink.Models.Select(m => m.Line), fromGz.Sink.Models.Select(m => m.Line));
        Assert.Equal(fromPlain.Sink.Models.Select(m => m.Line), fromZst.Sink.Models.Select(m => m.Line));
    }

    [Fact]
    public async Task Output_is_in_input_order_whatever_the_number_of_jobs()
    {
        var path = Listings.WriteFile(Dir, "models.jsonl", Listings.Lines(60));

        var one = await Listings.RunAsync([BatchSources.Open(path, Hub)], new BatchOptions(Jobs: 1));
        var four = await Listings.RunAsync([BatchSources.Open(path, Hub)], new BatchOptions(Jobs: 4));

        Assert.Equal(one.Sink.Models.Select(m => m.Line), four.Sink.Models.Select(m => m.Line));
        Assert.Equal(Enumerable.Range(0, 60).Select(i => i), one.Sink.Models.Select(m => int.Parse(m.Id[(m.Id.LastIndexOf('-') + 1)..], CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Malformed_records_are_counted_with_their_line_and_never_written()
    {
        var good = Listings.Lines(3).ToList();
        var path = Listings.WriteFile(Dir, "mixed.jsonl",
        [
            good[0],
            "{not json",
            "[1, 2]",
            """{"id": "../../etc/passwd"}""",
            """{"id": "org/name\u001b[31m"}""",
            """{"id": 42}""",
            """{"id": "org/ok", "downloads": "many"}""",
            """{"id": "org/ok", "tags": "license:mit"}""",
            """{"id": "org/ok", "sha": "not-a-commit"}""",
            """{"id": "org/ok", "card": 7}""",
            """{"id": "org/dup", "id": "org/other"}""",
            "",
            good[1],
            good[2][..^1],
            good[2],
            """{"id": "org/ok", "card": "\ud800 a lone surrogate"}""",
            """{"id": "org/ok", "tags": ["\udc00"]}""",
        ]);

        var (counts, sink, problems) = await Listings.RunAsync([BatchSources.Open(path, Hub)]);

        Assert.Equal(3, counts.Graded);
        Assert.Equal(13, counts.Malformed);
        Assert.Equal(["mixed.jsonl:2", "mixed.jsonl:3", "mixed.jsonl:4", "mixed.jsonl:5", "mixed.jsonl:6", "mixed.jsonl:7", "mixed.jsonl:8",
            "mixed.jsonl:9", "mixed.jsonl:10", "mixed.jsonl:11", "mixed.jsonl:14", "mixed.jsonl:16", "mixed.jsonl:17"], problems.Select(p => p[..p.IndexOf(": ", StringComparison.Ordinal)]));
        // Strings that cannot become text are a record's problem in one line, never an exception out of the run.
        Assert.Contains(problems, p => p.StartsWith("mixed.jsonl:16: a string that is not valid Unicode text", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("mixed.jsonl:17: malformed JSON record", StringComparison.Ordinal));
        Assert.DoesNotContain(problems, p => p.Contains('\u001b'));
        Assert.All(sink.Models, m => Assert.NotNull(JsonNode.Parse(m.Line)!["mof"]));
    }

    [Fact]
    public async Task A_line_over_the_length_cap_is_reported_and_the_next_line_is_read()
    {
        var path = Path.Combine(Dir, "long.jsonl");
        var good = Listings.Lines(2).ToList();
        using (var writer = new StreamWriter(path))
        {
            writer.WriteLine(good[0]);
            writer.Write("{\"id\": \"org/long\", \"pad\": \"");
            writer.Write(new string('x', Records.ListingRecords.MaxRecordBytes + 10));
            writer.WriteLine("\"}");
            writer.WriteLine(good[1]);
        }

        var (counts, _, problems) = await Listings.RunAsync([BatchSources.Open(path, Hub)]);

        Assert.Equal(2, counts.Graded);
        Assert.StartsWith("long.jsonl:2: a line longer than", Assert.Single(problems));
    }

    [Fact]
    public async Task Both_parquet_dump_layouts_give_the_lines_the_same_records_give_as_JSONL()
    {
        var models = Listings.CorpusModels().Select(m => m.Model).ToList();
        var statsRows = models.Select(m => new HubStatsRow
        {
            id = Str(m, "id"), author = Str(m, "author"), downloads = m["downloads"]?.GetValue<long>(), likes = m["likes"]?.GetValue<long>(),
            tags = m["tags"]?.AsArray().Select(t => t!.GetValue<string>()).ToList(), library_name = Str(m, "library_name"), pipeline_tag = Str(m, "pipeline_tag"),
            createdAt = Date(m, "createdAt"), lastModified = Date(m, "lastModified"), cardData = m["cardData"]?.ToJsonString(),
        }).ToList();
        var cardRows = models.Select(m => new ModelCardRow
        {
            modelId = Str(m, "id"), author = Str(m, "author"), last_modified = Date(m, "lastModified"), downloads = m["downloads"]?.GetValue<long>(),
            likes = m["likes"]?.GetValue<long>(), library_name = Str(m, "library_name"), tags = m["tags"]?.AsArray().Select(t => t!.GetValue<string>()).ToList(),
            pipeline_tag = Str(m, "pipeline_tag"), createdAt = Date(m, "createdAt"), card = Str(m, "card"),
        }).ToList();
        var statsParquet = Path.Combine(Dir, "models.parquet");
        var cardsParquet = Path.Combine(Dir, "model_cards.parquet");
        var ct = TestContext.Current.CancellationToken;
        await ParquetSerializer.SerializeAsync(statsRows, statsParquet, new Parquet.ParquetOptions { RowGroupSize = 5 }, cancellationToken: ct);
        await ParquetSerializer.SerializeAsync(cardRows, cardsParquet, new Parquet.ParquetOptions { RowGroupSize = 4 }, cancellationToken: ct);
        // The same records as listing lines, with the fields each dump has.
        string[] statsFields = ["id", "author", "downloads", "likes", "tags", "library_name", "pipeline_tag", "createdAt", "lastModified", "cardData"];
        string[] cardFields = ["id", "author", "lastModified", "downloads", "likes", "library_name", "tags", "pipeline_tag", "createdAt", "card"];
        var statsJsonl = Listings.WriteFile(Dir, "stats.jsonl", models.Select(m => Only(m, statsFields)));
        var cardsJsonl = Listings.WriteFile(Dir, "cards.jsonl", models.Select(m => Only(m, cardFields)));

        var statsFromParquet = await Listings.RunAsync([BatchSources.Open(statsParquet, Hub)]);
        var statsFromJsonl = await Listings.RunAsync([BatchSources.Open(statsJsonl, Hub)]);
        var cardsFromParquet = await Listings.RunAsync([BatchSources.Open(cardsParquet, Hub)]);
        var cardsFromJsonl = await Listings.RunAsync([BatchSources.Open(cardsJsonl, Hub)]);

        Assert.Equal(models.Count, statsFromParquet.Counts.Graded);
        Assert.Equal(models.Count, cardsFromParquet.Counts.Graded);
        Assert.Equal(statsFromJsonl.Sink.Models.Select(m => m.Line), statsFromParquet.Sink.Models.Select(m => m.Line));
        Assert.Equal(cardsFromJsonl.Sink.Models.Select(m => m.Line), cardsFromParquet.Sink.Models.Select(m => m.Line));
        // The card of the model_cards dump is read: a model with a README gets evidence from it.
        Assert.Contains(cardsFromParquet.Sink.Models, m => m.Line.Contains("\"README.md", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_parquet_file_that_is_not_one_stops_the_run_with_one_line()
    {
        var path = Path.Combine(Dir, "broken.parquet");
        await File.WriteAllTextAsync(path, "PAR1 this is not parquet", TestContext.Current.CancellationToken);

        var e = await Assert.ThrowsAsync<SourceException>(() => Listings.RunAsync([BatchSources.Open(path, Hub)]));

        Assert.Contains("broken.parquet", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    private static string? Str(JsonObject m, string key) => m[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static DateTime? Date(JsonObject m, string key) =>
        Str(m, key) is { } s ? DateTime.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal) : null;

    private static string Only(JsonObject m, string[] fields) =>
        new JsonObject(fields.Where(m.ContainsKey).Select(f => KeyValuePair.Create(f, m[f]?.DeepClone()))).ToJsonString();

#pragma warning disable IDE1006, SA1300 // the dumps' column names
    private sealed class HubStatsRow
    {
        public string? id { get; set; }
        public string? author { get; set; }
        public long? downloads { get; set; }
        public long? likes { get; set; }
        public List<string>? tags { get; set; }
        public string? library_name { get; set; }
        public string? pipeline_tag { get; set; }
        public DateTime? createdAt { get; set; }
        public DateTime? lastModified { get; set; }
        public string? cardData { get; set; }
    }

    private sealed class ModelCardRow
    {
        public string? modelId { get; set; }
        public string? author { get; set; }
        public DateTime? last_modified { get; set; }
        public long? downloads { get; set; }
        public long? likes { get; set; }
        public string? library_name { get; set; }
        public List<string>? tags { get; set; }
        public string? pipeline_tag { get; set; }
        public DateTime? createdAt { get; set; }
        public string? card { get; set; }
    }
#pragma warning restore IDE1006, SA1300
}

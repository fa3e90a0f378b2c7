using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using OpenGrade.Core.Evaluation;
using OpenGrade.Reports;
using OpenGrade.Server;
using OpenGrade.Sources.Mot;
using OpenGrade.Storage;

namespace OpenGrade.Cli.Commands;

/// <summary>
/// <c>opengrade bench catalog --rows N</c>: generates N assessments from real ones (the MOT corpus's
/// assessments as templates: their classes and verdicts as they are, producers, names, dates,
/// downloads and some licenses varied), loads them, then measures the API on loopback.
/// </summary>
public static partial class BenchCatalogCommand
{
    public static Command Create()
    {
        var rows = new Option<int>("--rows") { Description = "Assessments to generate and load", DefaultValueFactory = _ => 100_000 };
        var db = CatalogDb.Create();
        var templates = new Option<string>("--templates")
        {
            Description = "Folder of MOT model files whose assessments serve as templates",
            DefaultValueFactory = _ => Path.Combine("..", "shared", "corpus", "mot", "models"),
        };
        var batch = new Option<int>("--batch") { Description = "Assessments per transaction", DefaultValueFactory = _ => 1000 };
        var loadOnly = new Option<bool>("--load-only") { Description = "Load and stop (no measurement)" };
        var skipLoad = new Option<bool>("--skip-load") { Description = "Measure the catalog as it is (loaded by an earlier run)" };
        var samples = new Option<int>("--samples") { Description = "Timed requests per query kind", DefaultValueFactory = _ => 400 };
        var seconds = new Option<double>("--seconds") { Description = "Length of the load loop (at most 60)", DefaultValueFactory = _ => 10 };
        var replicate = new Option<int>("--replicate")
        {
            Description = "Copy the catalog's models K more times in SQL (new ids, same facts and documents) to reach big sizes faster than generating; the copies' documents still name the originals",
        };
        var command = new Command("catalog", "Catalog load rate, p50/p99 latency of /api/v2/models (filtered, sorted) and /api/v1/models, and requests/s on loopback. Use a fresh --db.")
        {
            rows, db, templates, batch, loadOnly, skipLoad, samples, seconds, replicate,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(replicate) is > 0 and var k) return Replicate(parse.GetValue(db), k);
            return Run(parse.GetValue(rows), parse.GetValue(db), parse.GetValue(templates)!, parse.GetValue(batch),
                parse.GetValue(loadOnly), parse.GetValue(skipLoad), parse.GetValue(samples), Math.Clamp(parse.GetValue(seconds), 1, 60));
        });
        return command;
    }

    private static int Run(int rows, string? db, string templateDir, int batch, bool loadOnly, bool skipLoad, int samples, double seconds)
    {
        if (rows < 1 || batch is < 1 or > 10000 || samples < 10)
        {
            Messages.Error("--rows must be at least 1, --batch from 1 to 10000, --samples at least 10");
            return ExitCodes.Error;
        }
        using var catalog = CatalogDb.Open(db);
        if (catalog is null) return ExitCodes.Error;
        if (!skipLoad)
        {
            if (!Directory.Exists(templateDir))
            {
                Messages.Error($"{templateDir}: no such folder (give --templates)");
                return ExitCodes.Error;
            }
            var generator = Generator.FromMotFolder(templateDir);
            var clock = Stopwatch.StartNew();
            var last = 0;
            catalog.StoreMany(generator.Records(rows), batch, new Progress(n =>
            {
                if (n - last < 20_000 && n != rows) return;
                last = n;
                Console.Error.WriteLine($"opengrade: loaded {n:N0}/{rows:N0} ({n / clock.Elapsed.TotalSeconds:N0}/s)");
            }));
            clock.Stop();
            Console.WriteLine($"load: {rows:N0} assessments in {clock.Elapsed.TotalSeconds:0.0} s = {rows / clock.Elapsed.TotalSeconds:N0} assessments/s ({catalog.Display})");
        }
        if (loadOnly) return ExitCodes.Ok;
        Measure(catalog, samples, seconds).GetAwaiter().GetResult();
        return ExitCodes.Ok;
    }

    /// <summary>A synchronous IProgress (System.Progress posts to the thread pool).</summary>
    private sealed class Progress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }

    private static async Task Measure(ICatalog catalog, int samples, double seconds)
    {
        var total = catalog.ModelCount();
        Console.WriteLine($"catalog: {total:N0} models");
        await using var app = CatalogServer.Build(new CatalogServerOptions
        {
            Catalog = catalog,
            Urls = ["http://127.0.0.1:0"],
            RequestsPerWindow = int.MaxValue,
        });
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(30) };
        var random = new Random(12);
        var pages = Math.Max(1, total / 100);
        var kinds = new (string Label, Func<string> Url)[]
        {
            ("v2 class=0&sort=-progress (full judgements)", () => "/api/v2/models?class=0&sort=-progress&limit=20"),
            ("v2 osaid=conformant&sort=-date", () => "/api/v2/models?osaid=conformant&sort=-date&limit=20"),
            ("v2 license=Apache-2.0&sort=name", () => "/api/v2/models?license=Apache-2.0&sort=name&limit=20"),
            ("v2 producer=P&class=0&sort=-progress", () => $"/api/v2/models?producer={Generator.Producers[random.Next(50)]}&class=0&sort=-progress&limit=20"),
            ("v2 eu_ai_act=likely-exempt&type=code&sort=-downloads", () => "/api/v2/models?eu_ai_act=likely-exempt&type=code&sort=-downloads&limit=20"),
            ("v2 summary, sort=-assessed", () => "/api/v2/models?fields=summary&sort=-assessed&limit=50"),
            // Text search: a model's own id (a handful of matches among millions) and a common family name.
            ("v2 q={a model's id}&sort=name", () => $"/api/v2/models?q={Uri.EscapeDataString(catalog.MotModel(random.NextInt64(1, total + 1))?.ModelId ?? "x")}&sort=name&limit=20"),
            ("v2 q=pythia&sort=-progress", () => "/api/v2/models?q=pythia&sort=-progress&limit=20"),
            ("v1 /api/v1/models?page=random&limit=100", () => $"/api/v1/models?page={random.NextInt64(1, pages + 1)}&limit=100"),
            ("v1 /api/v1/model/{random}", () => $"/api/v1/model/{random.NextInt64(1, total + 1)}"),
        };
        foreach (var (label, url) in kinds)
        {
            for (var i = 0; i < 5; i++) (await http.GetAsync(url())).EnsureSuccessStatusCode();
            var times = new double[samples];
            string? cursorUrl = null;
            for (var i = 0; i < samples; i++)
            {
                // Follow the cursor for a few pages, then start again: deep pages count too.
                var target = label.StartsWith("v2", StringComparison.Ordinal) && cursorUrl is not null && i % 5 != 0 ? cursorUrl : url();
                var clock = Stopwatch.StartNew();
                using var response = await http.GetAsync(target);
                var body = await response.Content.ReadAsByteArrayAsync();
                clock.Stop();
                response.EnsureSuccessStatusCode();
                times[i] = clock.Elapsed.TotalMilliseconds;
                cursorUrl = response.Headers.TryGetValues("Link", out var links) && links.First() is var link && link.IndexOf('<') is >= 0 and var lt
                    ? link[(lt + 1)..link.IndexOf('>')] : null;
            }
            Array.Sort(times);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label}: p50 {Pct(times, 0.50):0.0} ms, p99 {Pct(times, 0.99):0.0} ms, max {times[^1]:0.0} ms ({samples} requests)"));
        }
        // A bounded loopback load loop: 8 concurrent clients for a fixed time, mixed queries.
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        long done = 0, failed = 0;
        var loop = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async w =>
        {
            var r = new Random(w);
            while (DateTime.UtcNow < deadline)
            {
                var (_, url) = kinds[r.Next(kinds.Length)];
                using var response = await http.GetAsync(url());
                await response.Content.ReadAsByteArrayAsync();
                if (response.IsSuccessStatusCode) Interlocked.Increment(ref done);
                else Interlocked.Increment(ref failed);
            }
        }));
        loop.Stop();
        Console.WriteLine($"load loop: {done / loop.Elapsed.TotalSeconds:N0} requests/s over {loop.Elapsed.TotalSeconds:0.0} s (8 clients, mixed queries, {failed} failed)");
        await app.StopAsync();
    }

    private static double Pct(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    /// <summary>Generated assessments, deterministic for a given row number.</summary>
    private sealed class Generator(IReadOnlyList<(JsonObject Assessment, JsonObject Mot)> templates)
    {
        public static readonly string[] Producers = [.. Enumerable.Range(0, 2000).Select(i => i < 12
            ? new[] { "EleutherAI", "IBM", "Meta", "Mistral AI", "Google", "Microsoft", "Alibaba", "TII", "BigScience", "AllenAI", "Stability AI", "NVIDIA" }[i]
            : $"org{i:D4}")];

        private static readonly string[] Licenses = ["Apache-2.0", "MIT", "CC-BY-4.0", "LicenseRef-Llama-3.1", "LicenseRef-Gemma", "OpenRAIL-M", "CC-BY-NC-4.0", "BSD-3-Clause"];
        private static readonly string[] Types = ["language", "language", "language", "code", "vision", "multimodal", "image", "audio"];

        public static Generator FromMotFolder(string dir)
        {
            var assessor = Assessor.CreateDefault();
            var reader = new MotModelReader(assessor.Framework);
            var list = new List<(JsonObject, JsonObject)>();
            foreach (var file in Directory.GetFiles(dir, "*.yml").Order(StringComparer.Ordinal))
            {
                var assessment = assessor.Assess(reader.ReadFile(file));
                list.Add((JsonReport.ToJson(AssessedTarget.Ok(file, assessment)), MotView.From(assessment.Release, assessment.Mof)));
            }
            if (list.Count == 0) throw new CatalogException($"{dir}: no .yml files to use as templates");
            return new Generator(list);
        }

        public IEnumerable<CatalogRecord> Records(int rows)
        {
            var epoch = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
            for (var i = 0; i < rows; i++)
            {
                var r = new Random(i);
                var (template, mot) = templates[i % templates.Count];
                var a = (JsonObject)template.DeepClone();
                var m = (JsonObject)mot.DeepClone();
                // Producers follow a long tail: a few big ones, many small ones.
                var producer = Producers[(int)(Math.Pow(r.NextDouble(), 3) * Producers.Length)];
                var name = $"{a["release"]!["name"]}-g{i}";
                var date = new DateTime(2019, 1, 1).AddDays(r.Next(0, 8 * 365)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                foreach (var o in new[] { (JsonObject)a["release"]!, (JsonObject)m["release"]! })
                {
                    o["name"] = name;
                    o["producer"] = producer;
                    o["date"] = date;
                }
                ((JsonObject)a["release"]!)["type"] = Types[r.Next(Types.Length)];
                if (r.NextDouble() < 0.5 && a["mof_recognised"]?["components"] is JsonArray components)
                {
                    var license = Licenses[r.Next(Licenses.Length)];
                    foreach (var c in components.OfType<JsonObject>().Where(c => c["license"] is not null)) c["license"] = license;
                }
                a["target"] = $"bench:{i}";
                var slug = new string([.. producer.Where(char.IsLetterOrDigit)]);
                var downloads = r.NextDouble() < 0.8 ? (long)Math.Pow(10, r.NextDouble() * 7) : (long?)null;
                yield return new CatalogRecord($"{slug}/{name}", epoch.AddSeconds(i), $"bench-{i:x8}", CatalogEntries.ToolVersion, a, m, downloads);
            }
        }
    }
}

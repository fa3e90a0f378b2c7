using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using OpenGrade.Core.Evaluation;
using OpenGrade.Reports;
using OpenGrade.Reports.Aibom;

namespace OpenGrade.Cli.Commands;

/// <summary>
/// <c>opengrade bench aibom</c>: every shared corpus model (the MOT model files and the Hub
/// folders) exported to SPDX 3.0.1 and CycloneDX 1.6 / 1.7, each document validated against the
/// official schemas, with the counts and the cost per model next to <c>assess</c>. Not a test:
/// it prints figures, and exits 1 when a document does not validate.
/// </summary>
public static class BenchAibomCommand
{
    private static readonly string[] Validated = ["spdx3", "cyclonedx", "cyclonedx-1.7"];

    public static Command Create()
    {
        var shared = new Option<string>("--shared")
        {
            HelpName = "DIR",
            Description = "The shared folder with corpus/mot/models, corpus/hf/models and schemas/ (default: $OPENGRADE_SHARED, else ../shared)",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("OPENGRADE_SHARED") is { Length: > 0 } s ? s : Path.Combine("..", "shared"),
        };
        var whole = new Option<bool>("--whole-schema")
        {
            Description = "Validate SPDX against the whole schema only (no per-class first pass): the slow way, for comparison",
        };
        var limit = new Option<int?>("--limit")
        {
            HelpName = "N",
            Description = "Only the first N models (MOT files first), for a quick run",
        };
        var command = new Command("aibom", "Export every shared corpus model to SPDX 3.0.1 and CycloneDX 1.6/1.7, validate each against the official schemas, and time it next to assess.")
        {
            shared, whole, limit,
        };
        command.SetAction(parse => Run(parse.GetValue(shared)!, parse.GetValue(whole), parse.GetValue(limit)));
        return command;
    }

    private static int Run(string shared, bool wholeSchema, int? limit)
    {
        var mot = Path.Combine(shared, "corpus", "mot", "models");
        var hub = Path.Combine(shared, "corpus", "hf", "models");
        if (!Directory.Exists(mot))
        {
            Messages.Error($"{mot}: no such folder (give --shared DIR)");
            return ExitCodes.Error;
        }
        AibomSchemaSet schemas;
        try
        {
            schemas = AibomSchemaSet.Load(Path.Combine(shared, "schemas"));
        }
        catch (FileNotFoundException e)
        {
            Messages.Error(e.Message);
            return ExitCodes.Error;
        }
        var motFiles = Directory.GetFiles(mot, "*.yml").Order(StringComparer.Ordinal).ToArray();
        var hubFolders = Directory.Exists(hub) ? Directory.GetDirectories(hub).Order(StringComparer.Ordinal).ToArray() : [];
        var targets = motFiles.Concat(hubFolders).Take(limit ?? int.MaxValue).ToList();

        using var resolver = new Targets(Assessor.CreateDefault());
        var context = new ExportContext(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), "bench", Catalog: resolver.Catalog);
        var assess = new Stopwatch();
        var export = AibomFormats.JsonNames.ToDictionary(f => f, _ => new Stopwatch());
        var validate = Validated.ToDictionary(f => f, _ => new Stopwatch());
        var valid = Validated.ToDictionary(f => f, _ => 0);
        var failures = new List<string>();
        var completeness = new List<double>();
        var assessed = 0;
        var total = Stopwatch.StartNew();
        foreach (var path in targets)
        {
            assess.Start();
            var target = resolver.Assess(path);
            assess.Stop();
            if (target.Assessment is null)
            {
                failures.Add($"{path}: not assessed: {target.Error}");
                continue;
            }
            assessed++;
            foreach (var format in AibomFormats.JsonNames)
            {
                export[format].Start();
                var doc = AibomFormats.ToJson(target, format, context);
                _ = doc.ToJsonString();
                export[format].Stop();
                if (!validate.TryGetValue(format, out var clock)) continue;
                clock.Start();
                var error = wholeSchema && format == "spdx3" ? schemas.ValidateWhole(doc) : schemas.Validate(doc);
                clock.Stop();
                if (error is null) valid[format]++;
                else failures.Add($"{path} {format}: {error.Split('\n')[0]}");
            }
            completeness.Add(AibomFormats.Completeness(target, context).Score);
        }
        total.Stop();

        string Ms(Stopwatch s) => (s.Elapsed.TotalMilliseconds / Math.Max(1, assessed)).ToString("0.0", CultureInfo.InvariantCulture);
        var documents = assessed * Validated.Length;
        Console.WriteLine($"models: {targets.Count} ({Math.Min(targets.Count, motFiles.Length)} MOT files, {Math.Max(0, targets.Count - motFiles.Length)} Hub folders); assessed {assessed}");
        Console.WriteLine($"validated: {valid.Values.Sum()} of {documents} documents ({string.Join(", ", Validated.Select(f => $"{f} {valid[f]}"))}); failures: {failures.Count}");
        Console.WriteLine($"assess: {Ms(assess)} ms per model");
        foreach (var (format, s) in export) Console.WriteLine($"export {format}: {Ms(s)} ms per model");
        foreach (var (format, s) in validate) Console.WriteLine($"schema validation {format}{(wholeSchema && format == "spdx3" ? " (whole schema)" : "")}: {Ms(s)} ms per model");
        if (completeness.Count > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"completeness (OWASP-comparable): mean {completeness.Average():0.0}, min {completeness.Min():0.0}, max {completeness.Max():0.0}"));
        }
        Console.WriteLine($"total: {total.Elapsed.TotalSeconds:0.0} s");
        foreach (var f in failures.Take(10)) Messages.Error(f);
        return failures.Count == 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }
}

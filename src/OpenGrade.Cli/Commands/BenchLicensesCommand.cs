using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using OpenGrade.Core.Licensing.Detection;
using OpenGrade.Reports;
using Spectre.Console;
using OpenGrade.Core.Text;

namespace OpenGrade.Cli.Commands;

/// <summary>
/// <c>opengrade bench licenses</c>: OpenGrade's license identifier against licensee and
/// licensecheck on the labelled corpora of ../shared, side by side in one run. The peers run
/// through ../shared/tools/license-peers.sh (same staging and scoring as our own figures).
/// </summary>
public static partial class BenchLicensesCommand
{
    private static readonly string[] Corpora = ["licenses-dev", "ai-licenses"];

    [GeneratedRegex(@"^(?<peer>\S+) accuracy=(?<acc>[0-9.]+)% none=(?<none>\d+) wrong=(?<wrong>\d+) seconds=(?<sec>[0-9.]+)")]
    private static partial Regex PeerLine();

    public static Command Create()
    {
        var shared = new Option<string>("--shared")
        {
            Description = "The shared reference folder with corpus/licenses-dev, corpus/ai-licenses and tools/license-peers.sh",
            DefaultValueFactory = _ => Path.Combine("..", "shared"),
        };
        var noPeers = new Option<bool>("--no-peers") { Description = "Measure OpenGrade only (skip licensee and licensecheck)" };
        var rounds = new Option<int>("--rounds")
        {
            Description = "Warm passes over each corpus; the median pass is reported",
            DefaultValueFactory = _ => 7,
        };
        var harvest = new Option<string?>("--harvest")
        {
            Description = "Also score the harvested set in DIR (scripts/harvest-licenses.sh): accuracy per source and per failure class [default: ./.license-harvest when it holds a manifest.tsv]",
        };
        var misses = new Option<bool>("--misses") { Description = "List every file answered wrongly" };
        var command = new Command("licenses", "License identification: accuracy, 'none' answers, warm and cold wall time and files/s of OpenGrade, licensee and licensecheck on both corpora, and a cold single file.")
        {
            shared, noPeers, rounds, harvest, misses,
        };
        command.SetAction(parse => Run(parse.GetValue(shared)!, parse.GetValue(noPeers), Math.Max(1, parse.GetValue(rounds)), parse.GetValue(harvest), parse.GetValue(misses)));
        return command;
    }

    private sealed record Row(string Corpus, string Tool, int Files, double Accuracy, int None, int Wrong, double Seconds, string Note);

    // Where scripts/harvest-licenses.sh puts the set by default, run from the repository root.
    private const string DefaultHarvest = ".license-harvest";

    private static int Run(string shared, bool noPeers, int rounds, string? harvest, bool misses)
    {
        // One run reports everything: the harvested set too, when it is where the script puts it.
        if (harvest is null && File.Exists(Path.Combine(DefaultHarvest, "manifest.tsv"))) harvest = DefaultHarvest;
        if (harvest is not null && !File.Exists(Path.Combine(harvest, "manifest.tsv")))
        {
            Messages.Error($"{harvest}: no manifest.tsv (run scripts/harvest-licenses.sh first)");
            return ExitCodes.Error;
        }
        foreach (var corpus in Corpora)
        {
            if (!File.Exists(Path.Combine(shared, "corpus", corpus, "manifest.tsv")))
            {
                Messages.Error($"{Path.Combine(shared, "corpus", corpus)}: no manifest.tsv (use --shared DIR)");
                return ExitCodes.Error;
            }
        }
        var rows = new List<Row>();
        var load = Stopwatch.StartNew();
        var identifier = LicenseIdentifier.Default;
        load.Stop();
        Console.WriteLine($"OpenGrade: index and catalog loaded in {load.Elapsed.TotalMilliseconds:0} ms ({identifier.Index.Licenses.Count} SPDX texts)");
        foreach (var corpus in Corpora)
        {
            rows.Add(MeasureOurs(identifier, Path.Combine(shared, "corpus", corpus), corpus, rounds, parallel: false, misses));
            rows.Add(MeasureOurs(identifier, Path.Combine(shared, "corpus", corpus), corpus, rounds, parallel: true, misses: false));
            if (!noPeers) rows.AddRange(MeasurePeers(shared, corpus));
            if (MeasureColdCorpus(Path.Combine(shared, "corpus", corpus), corpus, rows.First(r => r.Corpus == corpus)) is { } cold) rows.Add(cold);
        }
        Render(rows);
        RenderColdSingleFile(Path.Combine(shared, "corpus", Corpora[0]), noPeers);
        if (harvest is not null) HarvestReport.Render(new OutputSink(null).Terminal(), identifier, harvest, misses);
        return ExitCodes.Ok;
    }

    private static Row MeasureOurs(LicenseIdentifier identifier, string dir, string corpus, int rounds, bool parallel, bool misses)
    {
        var labelled = ReadManifest(dir);
        // Files are read once, outside the clock: the peers' figures exclude staging too.
        var texts = labelled.Select(l => File.ReadAllText(Path.Combine(dir, l.File))).ToArray();
        var first = Stopwatch.StartNew();
        var answers = texts.Select(t => identifier.Identify(t).License).ToArray();
        first.Stop();
        // Warm-up: let the JIT finish tiering the hot paths before measuring (a warm index in a
        // long-running process, as the target asks).
        var warm = Stopwatch.StartNew();
        for (var w = 0; w < 20 && warm.Elapsed.TotalSeconds < 3; w++)
        {
            if (parallel) texts.AsParallel().ForAll(t => identifier.Identify(t));
            else foreach (var t in texts) identifier.Identify(t);
        }
        var passes = new List<double>();
        for (var r = 0; r < rounds; r++)
        {
            var clock = Stopwatch.StartNew();
            if (parallel) texts.AsParallel().ForAll(t => identifier.Identify(t));
            else foreach (var t in texts) identifier.Identify(t);
            passes.Add(clock.Elapsed.TotalSeconds);
        }
        passes.Sort();
        int right = 0, none = 0, wrong = 0;
        for (var i = 0; i < labelled.Count; i++)
        {
            if (LicenseScoring.IsRight(labelled[i].Expected, answers[i])) right++;
            else if (answers[i] is null) none++;
            else wrong++;
            if (misses && !LicenseScoring.IsRight(labelled[i].Expected, answers[i]))
                Console.WriteLine(TerminalText.Escape($"miss: {corpus}/{labelled[i].File} expected {labelled[i].Expected}, got {answers[i] ?? "none"}"));
        }
        var tool = parallel ? $"opengrade ({Environment.ProcessorCount} threads)" : "opengrade";
        return new Row(corpus, tool, labelled.Count, 100.0 * right / labelled.Count, none, wrong, passes[passes.Count / 2],
            $"{tool}, {corpus}: warm index (after up to 3 s of warm-up passes), median of {rounds} passes; the first pass took {first.Elapsed.TotalSeconds:0.000} s");
    }

    // One cold process over the whole corpus, start-up included: measured as license-peers.sh
    // measures licensee and licensecheck (one process each), so the ratio compares like with like.
    private static Row? MeasureColdCorpus(string dir, string corpus, Row warm)
    {
        if (LicenseColdStart.Self() is not { } self) return null;
        var files = ReadManifest(dir).Select(l => Path.Combine(dir, l.File));
        var seconds = LicenseColdStart.Seconds(self.File, [.. self.Prefix, "license", "detect", "--format", "json", .. files], TimeSpan.FromMinutes(5));
        if (seconds is null) return null;
        const string tool = "opengrade (cold process)";
        return warm with
        {
            Tool = tool,
            Seconds = seconds.Value,
            Note = $"{tool}, {corpus}: one `license detect` process over every file, start-up included (accuracy as above: the same code)",
        };
    }

    // A user's single `license detect FILE`, start-up included: the median of several runs, ours
    // and the peers' command-line tools on the same file.
    private static void RenderColdSingleFile(string dir, bool noPeers)
    {
        var labelled = ReadManifest(dir);
        if (labelled.Count == 0 || LicenseColdStart.Self() is not { } self) return;
        var pick = labelled.FirstOrDefault(l => l.Expected == "MIT", labelled[0]);
        var file = Path.Combine(dir, pick.File);
        var limit = TimeSpan.FromSeconds(60);
        const int runs = 11;
        var ours = LicenseColdStart.MedianSeconds(self.File, [.. self.Prefix, "license", "detect", file], runs, limit);
        if (ours is null) return;
        var line = $"cold single file ({pick.File}, median of {runs} runs, start-up included): opengrade {ours.Value * 1000:0} ms";
        if (!noPeers)
        {
            foreach (var (peer, args) in new (string, string[])[] { ("licensee", ["detect", file]), ("licensecheck", [file]) })
            {
                if (LicenseColdStart.OnPath(peer) is not { } exe) continue;
                if (LicenseColdStart.MedianSeconds(exe, args, 5, limit) is { } t)
                    line += $", {peer} {t * 1000:0} ms ({t / ours.Value:0.0}x ours)";
            }
        }
        Console.WriteLine(TerminalText.Escape(line));
    }

    private static IEnumerable<Row> MeasurePeers(string shared, string corpus)
    {
        var script = Path.Combine(shared, "tools", "license-peers.sh");
        if (!File.Exists(script))
        {
            Messages.Error($"{script}: missing; peers skipped");
            yield break;
        }
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(Path.Combine(shared, "corpus", corpus));
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        var files = ReadManifest(Path.Combine(shared, "corpus", corpus)).Count;
        foreach (var line in stdout.Result.Split('\n'))
        {
            var m = PeerLine().Match(line.Trim());
            if (!m.Success) continue;
            yield return new Row(corpus, m.Groups["peer"].Value, files,
                double.Parse(m.Groups["acc"].Value, CultureInfo.InvariantCulture),
                int.Parse(m.Groups["none"].Value, CultureInfo.InvariantCulture),
                int.Parse(m.Groups["wrong"].Value, CultureInfo.InvariantCulture),
                double.Parse(m.Groups["sec"].Value, CultureInfo.InvariantCulture),
                $"{m.Groups["peer"].Value}, {corpus}: one process over the whole corpus, start-up included, through license-peers.sh");
        }
        foreach (var note in stderr.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries)) Console.Error.WriteLine($"peers: {TerminalText.Escape(note)}");
    }

    private static List<(string File, string Expected)> ReadManifest(string dir) =>
        File.ReadLines(Path.Combine(dir, "manifest.tsv"))
            .Select(l => l.TrimEnd('\r').Split('\t'))
            .Where(c => c.Length >= 2 && c[0].Length > 0 && !c[0].StartsWith('#') && c[0] != "file")
            .Select(c => (c[0], c[1]))
            .ToList();

    private static void Render(List<Row> rows)
    {
        var table = new Table().AddColumns("corpus", "tool", "files", "accuracy", "none", "wrong", "wall s", "files/s", "vs licensee");
        foreach (var r in rows)
        {
            var licensee = rows.FirstOrDefault(x => x.Corpus == r.Corpus && x.Tool == "licensee");
            var rate = r.Seconds > 0 ? r.Files / r.Seconds : double.PositiveInfinity;
            var ratio = licensee is null || r.Seconds <= 0 ? "-" : $"{licensee.Seconds / r.Seconds:0.0}x";
            table.AddRow(r.Corpus, Markup.Escape(TerminalText.Escape(r.Tool)), r.Files.ToString(CultureInfo.InvariantCulture), $"{r.Accuracy:0.0}%",
                r.None.ToString(CultureInfo.InvariantCulture), r.Wrong.ToString(CultureInfo.InvariantCulture),
                r.Seconds.ToString("0.000", CultureInfo.InvariantCulture), rate.ToString("0", CultureInfo.InvariantCulture), ratio);
        }
        var console = new OutputSink(null).Terminal();
        console.Write(table);
        console.WriteLine("accuracy: top-1, id sets as license-peers.sh scores them; none: no answer where a license was expected;");
        console.WriteLine("vs licensee: licensee's wall time over ours on the same corpus (throughput ratio).");
        foreach (var note in rows.Select(r => r.Note).Distinct()) console.WriteLine(Markup.Escape(TerminalText.Escape(note)));
    }
}

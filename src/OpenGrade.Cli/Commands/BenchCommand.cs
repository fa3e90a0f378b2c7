using System.CommandLine;
using System.Diagnostics;
using OpenGrade.Core.Evaluation;
using OpenGrade.Sources.Mot;

namespace OpenGrade.Cli.Commands;

/// <summary><c>opengrade bench</c>: throughput measurements, kept apart from the tests.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Measure OpenGrade's speed on real data (not a test: prints figures).");
        bench.Subcommands.Add(CreateMof());
        bench.Subcommands.Add(BenchLicensesCommand.Create());
        bench.Subcommands.Add(BenchLinksCommand.Create());
        bench.Subcommands.Add(BenchBatchCommand.Create());
        bench.Subcommands.Add(BenchCatalogCommand.Create());
        bench.Subcommands.Add(BenchAibomCommand.Create());
        return bench;
    }

    private static Command CreateMof()
    {
        var dir = new Argument<string>("DIR")
        {
            Description = "Folder of MOT model files (default: ../shared/corpus/mot/models)",
            DefaultValueFactory = _ => Path.Combine("..", "shared", "corpus", "mot", "models"),
        };
        var seconds = new Option<double>("--seconds")
        {
            Description = "How long to loop over the files for each measurement",
            DefaultValueFactory = _ => 3.0,
        };
        var command = new Command("mof", "MOF evaluations per second over every model file in DIR, looped in one process.") { dir, seconds };
        command.SetAction(parse => RunMof(parse.GetValue(dir)!, parse.GetValue(seconds)));
        return command;
    }

    private static int RunMof(string dir, double seconds)
    {
        if (!Directory.Exists(dir))
        {
            Messages.Error($"{dir}: no such folder");
            return ExitCodes.Error;
        }
        var files = Directory.GetFiles(dir, "*.yml").Concat(Directory.GetFiles(dir, "*.yaml")).Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0)
        {
            Messages.Error($"{dir}: no .yml or .yaml files");
            return ExitCodes.Error;
        }
        var assessor = Assessor.CreateDefault();
        var reader = new MotModelReader(assessor.Framework);

        var parse = Stopwatch.StartNew();
        var releases = files.Select(reader.ReadFile).ToArray();
        parse.Stop();

        Messages.Line($"{files.Length} model files from {dir}");
        Console.WriteLine($"read + validate (cold, once): {parse.Elapsed.TotalMilliseconds:0} ms ({files.Length / parse.Elapsed.TotalSeconds:0} files/s)");
        Report("read + validate + assess (both evaluations)", seconds, files.Length, () => { foreach (var f in files) assessor.Assess(reader.ReadFile(f)); });
        Report("MOT evaluation only (class + progress + lists)", seconds, releases.Length, () => { foreach (var r in releases) assessor.AssessAsMot(r); });
        Report("both evaluations (MOT + recognised)", seconds, releases.Length, () => { foreach (var r in releases) assessor.Assess(r); });
        return ExitCodes.Ok;
    }

    /// <summary>Warms up once, then loops for the given time and prints items per second.</summary>
    private static void Report(string label, double seconds, int itemsPerPass, Action pass)
    {
        pass();
        var passes = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            pass();
            passes++;
        }
        clock.Stop();
        var rate = passes * itemsPerPass / clock.Elapsed.TotalSeconds;
        Console.WriteLine($"{label}: {rate:N0} models/s ({passes} passes in {clock.Elapsed.TotalSeconds:0.00} s)");
    }
}

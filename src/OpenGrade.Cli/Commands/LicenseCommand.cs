using System.CommandLine;
using OpenGrade.Core.Licensing;
using OpenGrade.Core.Licensing.Detection;

namespace OpenGrade.Cli.Commands;

/// <summary><c>opengrade license detect PATH...</c> and <c>opengrade license show ID</c>.</summary>
public static class LicenseCommand
{
    public static Command Create()
    {
        // A one-file `license detect` is mostly start-up: when this run is a license command,
        // load the index and catalog on another core while the command line is still being
        // built and parsed.
        if (Environment.GetCommandLineArgs() is [_, "license", ..]) _ = Task.Run(() => LicenseIdentifier.Default);
        var license = new Command("license", "Identify licenses in text files, and show what OpenGrade knows about a license.");
        license.Subcommands.Add(CreateDetect());
        license.Subcommands.Add(CreateShow());
        return license;
    }

    private static Command CreateDetect()
    {
        var paths = new Argument<string[]>("PATH")
        {
            Description = "License files, or folders (their LICENSE*, LICENCE*, COPYING*, NOTICE*, USE_POLICY* files and README license sections)",
            Arity = ArgumentArity.OneOrMore,
        };
        var format = new Option<string>("--format", "-f")
        {
            Description = "Output format: text (terminal) or json",
            DefaultValueFactory = _ => "text",
        };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new Command("detect", "Say which license(s) each file states: SPDX texts, AI model licenses, notices and SPDX tags, with confidence and line ranges.")
        {
            paths, format,
        };
        command.SetAction(parse => Detect(parse.GetValue(paths)!, parse.GetValue(format)!));
        return command;
    }

    private static Command CreateShow()
    {
        var id = new Argument<string>("ID") { Description = "A license id (SPDX id or LicenseRef-…), Hugging Face license id or license name" };
        var command = new Command("show", "Show a license: name, OSI/FSF status, MOF content types it suits, and its restrictions.") { id };
        command.SetAction(parse => Show(parse.GetValue(id)!));
        return command;
    }

    private static int Detect(string[] paths, string format)
    {
        // Every file first (in argument order), then identification over all of them at once.
        // Records, not value tuples: LINQ and lists over value tuples are framework generic code
        // the JIT compiles at every start (ReadyToRun cannot precompile it).
        var work = new List<Work>();
        var failed = false;
        foreach (var path in paths)
        {
            try
            {
                var sources = LicenseFiles.Read(path);
                if (sources.Count == 0) work.Add(new Work(path, null));
                foreach (var s in sources) work.Add(new Work(s.Path, s.Text));
            }
            catch (LicensePathException e)
            {
                Messages.Error(e.Message);
                failed = true;
            }
        }
        var identifier = LicenseIdentifier.Default;
        LicenseResult Identify(Work w) =>
            new(w.Path, w.Text is null ? LicenseDetection.None : identifier.Identify(w.Text));
        // Identification is pure and the identifier thread-safe: use every core when there is
        // more than one file (for one, starting PLINQ costs more than it saves).
        var results = work.Count == 1 ? [Identify(work[0])] : work.AsParallel().AsOrdered().Select(Identify).ToList();
        var sink = new OutputSink(null);
        if (format == "json") sink.WriteLine(LicenseJson.Render(results));
        else LicenseText.RenderDetections(sink, results);
        return failed ? ExitCodes.Error : ExitCodes.Ok;
    }

    private static int Show(string id)
    {
        var catalog = LicenseCatalog.Default;
        var reading = new LicenseRecognizer(catalog).Read(id);
        var resolved = reading.Id;
        if (resolved is null && catalog.UsePolicies.ContainsKey(id)) resolved = id;
        if (resolved is null || !(catalog.IsKnownId(resolved) || catalog.UsePolicies.ContainsKey(resolved)))
        {
            Messages.Error($"{id}: not a license OpenGrade knows (try an SPDX id, a LicenseRef- id or a Hugging Face license id)");
            return ExitCodes.Error;
        }
        LicenseText.RenderShow(new OutputSink(null).Terminal(), catalog, resolved);
        return ExitCodes.Ok;
    }
}

/// <summary>A file to identify and its text (null when a folder held no license file).</summary>
internal sealed record Work(string Path, string? Text);

/// <summary>What detection said about one file.</summary>
public sealed record LicenseResult(string Path, LicenseDetection Detection);

using System.CommandLine;
using OpenGrade.Core.Evaluation;
using OpenGrade.Reports;
using OpenGrade.Reports.Judgements;

namespace OpenGrade.Cli.Commands;

/// <summary><c>opengrade assess TARGET...</c>: judge releases and report for people or machines.</summary>
public static class AssessCommand
{
    public static readonly string[] Formats = ["text", "json", "jsonl", "markdown"];

    public static Command Create()
    {
        var targets = new Argument<string[]>("TARGET")
        {
            Description = "MOT model files (.yml/.yaml), model repository folders, or hf:org/name[@revision] Hub models; several give one result each",
            Arity = ArgumentArity.OneOrMore,
        };
        var format = new Option<string>("--format", "-f")
        {
            Description = "Report format: text (terminal), json, jsonl (one object per line) or markdown",
            DefaultValueFactory = _ => "text",
        };
        format.AcceptOnlyFromAmong(Formats);
        var output = new Option<string?>("--output", "-o")
        {
            Description = "Write the report to FILE (written whole or not at all) instead of standard output",
        };

        var framework = new Option<string>("--framework")
        {
            Description = "Judgements to show, comma-separated: mof, osaid, eu-ai-act",
            DefaultValueFactory = _ => "mof,osaid,eu-ai-act",
        };

        var hub = new HubCommandOptions();
        var command = new Command("assess", "Judge model releases against MOF 1.0 (MOT's exact class, OpenGrade's reading of license names, the path to the next class), OSAID 1.0 and the EU AI Act's open-source exemption, with flags.")
        {
            targets, format, output, framework,
        };
        hub.AddTo(command);
        command.SetAction(parse => Run(parse.GetValue(targets)!, parse.GetValue(format)!, parse.GetValue(output), parse.GetValue(framework)!,
            new Targets(Assessor.CreateDefault(), hub.Read(parse), new StderrProgress())));
        return command;
    }

    private static int Run(string[] targets, string format, string? outputPath, string framework, Targets resolver)
    {
        if (!FrameworkSelection.TryParse(framework, out var frameworks, out var error))
        {
            Console.Error.WriteLine($"opengrade: {error}");
            return ExitCodes.Error;
        }
        var results = targets.Select(resolver.Assess).ToList();
        var sink = new OutputSink(outputPath);

        switch (format)
        {
            case "json":
                sink.WriteLine(results.Count == 1 ? JsonReport.Render(results[0], frameworks: frameworks) : JsonReport.RenderAll(results, frameworks));
                break;
            case "jsonl":
                foreach (var r in results) sink.WriteLine(JsonReport.Render(r, indented: false, frameworks));
                break;
            case "markdown":
                foreach (var r in results.Where(r => r.Assessment is not null)) sink.Write(MarkdownReport.Render(r, frameworks));
                break;
            default:
                var console = sink.Terminal();
                foreach (var r in results.Where(r => r.Assessment is not null)) TextReport.Render(console, r, frameworks);
                break;
        }
        // Human formats keep errors out of the report; machine formats carry them as error records too.
        foreach (var failed in results.Where(r => r.Error is not null))
        {
            Console.Error.WriteLine($"opengrade: {failed.Error}");
        }
        sink.Commit();
        return results.Any(r => r.Error is not null) ? ExitCodes.Error : ExitCodes.Ok;
    }
}

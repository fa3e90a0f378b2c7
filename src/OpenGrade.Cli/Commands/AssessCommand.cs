using System.CommandLine;
using OpenGrade.Core.Evaluation;
using OpenGrade.Reports;
using OpenGrade.Reports.Aibom;
using OpenGrade.Reports.Judgements;

namespace OpenGrade.Cli.Commands;

/// <summary><c>opengrade assess TARGET...</c>: judge releases and report for people or machines.</summary>
public static class AssessCommand
{
    public static readonly string[] Formats = ["text", "json", "jsonl", "markdown", .. AibomFormats.Names];

    public static Command Create()
    {
        var targets = new Argument<string[]>("TARGET")
        {
            Description = "MOT model files (.yml/.yaml), model repository folders, hf:org/name[@revision] Hub models, or AI-BOMs (.cdx.json, .spdx3.json); several give one result each",
            Arity = ArgumentArity.OneOrMore,
        };
        var format = new Option<string>("--format", "-f")
        {
            HelpName = "FORMAT",
            Description = "Report format: text (terminal), json, jsonl (one object per line), markdown; for one target also "
                + "spdx3 (SPDX 3.0.1 AI-BOM), cyclonedx (CycloneDX 1.6 ML-BOM), cyclonedx-1.7, oci-annotations, html (self-contained report), "
                + "badge, badge-osaid, badge-eu-ai-act (SVG), badge-png, badge-osaid-png, badge-eu-ai-act-png (PNG: -o FILE or a pipe); see docs/exports.md",
            DefaultValueFactory = _ => "text",
        };
        format.AcceptOnlyFromAmong(Formats);
        var output = new Option<string?>("--output", "-o")
        {
            HelpName = "FILE",
            Description = "Write the report to FILE instead of standard output ('-'): written whole or not at all; a device or FIFO is written to, not replaced",
        };
        var keepGoing = new Option<bool>("--keep-going")
        {
            Description = "With --output: write the report even when some targets fail (failures stay on standard error, and as error records in json/jsonl; exit code 2). Without it a failed target leaves FILE untouched",
        };

        var framework = new Option<string>("--framework")
        {
            Description = "Judgements to show, comma-separated: mof, osaid, eu-ai-act",
            DefaultValueFactory = _ => "mof,osaid,eu-ai-act",
        };

        var hub = new HubCommandOptions();
        var command = new Command("assess", "Judge model releases against MOF 1.0 (MOT's exact class, OpenGrade's reading of license names, the path to the next class), OSAID 1.0 and the EU AI Act's open-source exemption, with flags.")
        {
            targets, format, output, keepGoing, framework,
        };
        hub.AddTo(command);
        hub.AddLinkOptionsTo(command);
        command.SetAction(parse =>
        {
            var hubOptions = hub.Read(parse);
            using var resolver = new Targets(Assessor.CreateDefault(), hubOptions, new StderrProgress(), hub.ReadLinks(parse, hubOptions));
            return Run(new Request(parse.GetValue(targets)!, parse.GetValue(format)!, parse.GetValue(output), parse.GetValue(keepGoing), parse.GetValue(framework)!), resolver);
        });
        return command;
    }

    private static readonly string ToolVersion =
        typeof(AssessCommand).Assembly.GetName().Version is { } v ? $"{v.Major}.{v.Minor}.{v.Build}" : "0.0.0";

    private sealed record Request(string[] Targets, string Format, string? Output, bool KeepGoing, string Framework);

    private static int Run(Request request, Targets resolver)
    {
        if (!FrameworkSelection.TryParse(request.Framework, out var frameworks, out var error))
        {
            Messages.Error(error!);
            return ExitCodes.Error;
        }
        if (AibomFormats.IsKnown(request.Format) && request.Targets.Length > 1)
        {
            Messages.Error($"--format {request.Format} writes one document for one target; give one target per run");
            return ExitCodes.Error;
        }
        try
        {
            // Checked before any target is judged: a bad -o fails at once.
            var sink = new OutputSink(request.Output, request.Targets.Where(t => !Sources.Hub.HubReference.IsHubTarget(t)));
            if (AibomFormats.IsBinary(request.Format) && sink.IsTerminal)
            {
                Messages.Error($"--format {request.Format} writes a PNG picture: give -o FILE or redirect the output");
                return ExitCodes.Error;
            }
            var results = request.Targets.Select(resolver.Assess).ToList();
            // Human formats keep errors out of the report; machine formats carry them as error records too.
            var failed = results.Where(r => r.Error is not null).ToList();
            foreach (var f in failed) Messages.Error(f.Error!);
            if (failed.Count > 0 && sink.FilePath is not null && !request.KeepGoing)
            {
                Messages.Error($"{sink.FilePath}: not written, as {failed.Count} of {results.Count} target(s) failed (--keep-going writes the others)");
                return ExitCodes.Error;
            }
            Render(sink, results, request.Format, frameworks, resolver.Catalog);
            sink.Commit();
            return failed.Count > 0 ? ExitCodes.Error : ExitCodes.Ok;
        }
        catch (OutputException e)
        {
            Messages.Error(e.Message);
            return ExitCodes.Error;
        }
        catch (BadgeFontException e)
        {
            // Badges (and the HTML report's) are measured in a system font; without one nothing is written.
            Messages.Error(e.Message);
            return ExitCodes.Error;
        }
    }

    private static void Render(OutputSink sink, List<AssessedTarget> results, string format, Frameworks frameworks, Core.Licensing.LicenseCatalog catalog)
    {
        if (AibomFormats.IsKnown(format))
        {
            if (results.Single() is not { Assessment: not null } one) return;
            var context = new ExportContext(DateTimeOffset.UtcNow, ToolVersion, Catalog: catalog, Frameworks: frameworks);
            if (AibomFormats.IsBinary(format)) sink.Write(AibomFormats.RenderBytes(one, format, context));
            else sink.Write(AibomFormats.Render(one, format, context));
            if (AibomFormats.JsonNames.Contains(format) && format != "oci-annotations")
            {
                Messages.Note($"AI-BOM completeness {AibomFormats.Completeness(one, context).Score:0.0}/100 (OWASP-comparable; docs/exports.md)");
            }
            return;
        }
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
    }
}

using OpenGrade.Sources.Links;
using OpenGrade.Sources.Pipeline;
using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenGrade.Core.Evaluation;
using OpenGrade.Core.Inventory;
using OpenGrade.Core.Licensing;
using OpenGrade.Reports;
using OpenGrade.Sources.Hub;
using OpenGrade.Sources.Local;
using OpenGrade.Sources.Mot;

namespace OpenGrade.Cli.Commands;

/// <summary>
/// <c>opengrade inventory DIR</c>: reads a model repository and writes a MOT model file with our
/// evidence beside it; <c>--compare-with</c> checks it against a human-made MOT file, and
/// <c>--agreement</c> runs a whole list of such pairs into one Markdown document.
/// </summary>
public static class InventoryCommand
{
    private static readonly string[] Formats = ["yaml", "json"]; // handed to System.CommandLine, which takes an array

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var folder = new Argument<string?>("DIR")
        {
            Description = "A model repository: a git clone or downloaded snapshot (optionally with recorded api_model.json / siblings.json / refs.json), or hf:org/name[@revision]",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var output = new Option<string?>("--output", "-o")
        {
            HelpName = "FILE",
            Description = "Write the MOT model file to FILE (and our evidence to FILE's stem + .evidence.json, which records the model file's SHA-256); each written whole or not at all; a device or FIFO gets the model file only",
        };
        var format = new Option<string>("--format", "-f")
        {
            Description = "yaml: a MOT model file (+ evidence sidecar with --output); json: the MOT model and the evidence in one JSON document",
            DefaultValueFactory = _ => "yaml",
        };
        format.AcceptOnlyFromAmong(Formats);
        var datasets = new Option<string?>("--datasets")
        {
            Description = $"A folder of known dataset metadata (owner__name/metadata.json) for dataset licenses (default: ${Inventories.DatasetsVariable})",
        };
        var compare = new Option<string?>("--compare-with")
        {
            Description = "A human-made MOT model file for the same model: print a Markdown table comparing it with our inventory",
        };
        var agreement = new Option<string?>("--agreement")
        {
            Description = "A pairs file (lines 'snapshot-folder<TAB>mot-file', relative to --corpus): write the agreement document for all pairs",
        };
        var corpus = new Option<string?>("--corpus")
        {
            Description = "The folder the paths of an --agreement pairs file are relative to (default: the pairs file's folder)",
        };
        var command = new Command("inventory", "Read a model repository into MOF components with licenses and evidence, as a MOT model file.")
        {
            folder, output, format, datasets, compare, agreement, corpus,
        };
        var hub = new HubCommandOptions();
        hub.AddTo(command);
        hub.AddLinkOptionsTo(command);
        command.SetAction(parse => Run(new Request(parse.GetValue(folder), parse.GetValue(output), parse.GetValue(format)!,
            parse.GetValue(datasets), parse.GetValue(compare), parse.GetValue(agreement), parse.GetValue(corpus)), () => hub.Read(parse),
            hubOptions => hub.ReadLinks(parse, hubOptions)));
        return command;
    }

    private sealed record Request(string? Folder, string? Output, string Format, string? Datasets, string? CompareWith, string? Agreement, string? Corpus)
    {
        /// <summary>The files this run reads that -o must not replace.</summary>
        public IEnumerable<string> Inputs => new[] { Folder, CompareWith, Agreement }.OfType<string>().Where(p => !HubReference.IsHubTarget(p));
    }

    private static int Run(Request r, Func<HubOptions> hubOptions, Func<HubOptions, LinkOptions> linkOptions)
    {
        var assessor = Assessor.CreateDefault();
        var inventories = new Inventories(assessor);
        var hub = hubOptions();
        using var resolver = new LinkResolver(linkOptions(hub));
        try
        {
            if (r.Agreement is not null) return WriteAgreement(r, assessor, inventories, resolver);
            if (r.Folder is null) throw new ArgumentException("give a repository folder (DIR), or --agreement PAIRS");
            // Checked before the repository is read: a bad -o fails at once.
            var sink = new OutputSink(r.Output, r.Inputs);
            // A Hub target is fetched into a snapshot folder first, exactly as assess does.
            var folder = HubReference.IsHubTarget(r.Folder)
                ? new Targets(assessor, hub, new StderrProgress()).Fetch(HubReference.Parse(r.Folder)).Directory
                : r.Folder;
            var inventory = Following(inventories, resolver, folder, r.Datasets);
            if (r.CompareWith is not null)
            {
                sink.Write(AgreementReport.Table(Compare(assessor, inventory, r.CompareWith)));
                sink.Commit();
                return ExitCodes.Ok;
            }
            return WriteModel(r, sink, assessor, inventory);
        }
        catch (SnapshotException e)
        {
            Messages.Error(e.Message);
            return ExitCodes.Error;
        }
        catch (Exception e) when (e is ModelFileException or HubException or IOException or FormatException or ArgumentException)
        {
            Messages.Error(e.Message);
            return ExitCodes.Error;
        }
    }

    private static int WriteModel(Request r, OutputSink model, Assessor assessor, ModelInventory inventory)
    {
        var writer = new MotModelWriter(assessor.Framework);
        var evidence = InventoryReport.ToJson(inventory);
        if (r.Format == "json")
        {
            model.WriteLine(new JsonObject { ["mot_model"] = writer.ToJson(inventory.Release), ["inventory"] = evidence }.ToJsonString(Indented));
            model.Commit();
            return ExitCodes.Ok;
        }
        var yaml = writer.ToYaml(inventory.Release);
        model.Write(yaml);
        if (model.ReplacesFile)
        {
            // Two files cannot be renamed into place as one. The evidence goes first and names
            // the model file by its hash, the model file last: a run killed between the two
            // leaves evidence whose hash does not match the model file beside it, which a reader
            // can tell (docs/json-output.md), never a pair that only looks like one.
            evidence.Insert(0, "mot_model_sha256", ModelHash(yaml));
            var sidecar = new OutputSink(SidecarPath(model.FilePath!), r.Inputs);
            sidecar.WriteLine(evidence.ToJsonString(Indented));
            sidecar.Commit();
        }
        model.Commit();
        return ExitCodes.Ok;
    }

    /// <summary>The SHA-256 of the model file as written (UTF-8), in lower-case hex: what the evidence sidecar records.</summary>
    public static string ModelHash(string yaml) => Convert.ToHexStringLower(SHA256.HashData(OutputFile.Encoding.GetBytes(yaml)));

    /// <summary><c>model.yml</c> → <c>model.evidence.json</c>, beside it.</summary>
    public static string SidecarPath(string output)
    {
        var dir = Path.GetDirectoryName(output) ?? "";
        return Path.Combine(dir, Path.GetFileNameWithoutExtension(output) + ".evidence.json");
    }

    private static InventoryAgreement Compare(Assessor assessor, ModelInventory inventory, string motFile)
    {
        var theirs = new MotModelReader(assessor.Framework).ReadFile(motFile);
        var comparison = new InventoryComparison(assessor.Framework, new LicenseRecognizer(assessor.Catalog));
        return comparison.Compare(inventory, theirs, Path.GetFileName(motFile));
    }

    /// <summary>A folder's inventory with its links followed (or each marked "not followed" under --no-follow).</summary>
    private static ModelInventory Following(Inventories inventories, LinkResolver resolver, string folder, string? datasets) =>
        inventories.TakeFollowingAsync(inventories.Read(folder, datasets), resolver, CancellationToken.None).GetAwaiter().GetResult();

    private static int WriteAgreement(Request r, Assessor assessor, Inventories inventories, LinkResolver resolver)
    {
        var pairsFile = r.Agreement!;
        var sink = new OutputSink(r.Output, r.Inputs);
        if (!File.Exists(pairsFile)) throw new FileNotFoundException($"{pairsFile}: no such pairs file");
        var root = r.Corpus ?? Path.GetDirectoryName(Path.GetFullPath(pairsFile))!;
        var results = new List<InventoryAgreement>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(pairsFile))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line) || line.TrimStart().StartsWith('#')) continue;
            var parts = line.Split('\t', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2) throw new FormatException($"{pairsFile}:{lineNumber}: expected 'snapshot-folder<TAB>mot-file'");
            var folder = Path.Combine(root, parts[0]);
            if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"{pairsFile}:{lineNumber}: no such folder {folder}");
            results.Add(Compare(assessor, Following(inventories, resolver, folder, r.Datasets), Path.Combine(root, parts[1])) with { MotFile = Path.GetFileName(parts[1]) });
        }
        sink.Write(AgreementReport.Document(results, "scripts/inventory-agreement.sh"));
        sink.Commit();
        return ExitCodes.Ok;
    }
}

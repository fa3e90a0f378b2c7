using System.Collections.Immutable;
using System.Text.RegularExpressions;
using OpenGrade.Core.Domain;

namespace OpenGrade.Core.Inventory.Rules;

/// <summary>Weight files in the listing are the final parameters; the Hub's safetensors count says the same without a listing.</summary>
public sealed class WeightFilesRule : IInventoryRule
{
    /// <summary>Extensions of serialised tensors in the formats the Hub hosts.</summary>
    public static readonly ImmutableArray<string> WeightExtensions =
        [".safetensors", ".bin", ".gguf", ".pt", ".pth", ".ckpt", ".onnx", ".msgpack", ".h5", ".tflite", ".ot", ".mlmodel", ".nemo"];

    public string Id => "weight-files";

    public static bool IsWeightFile(string path)
    {
        var name = Path.GetFileName(path).ToLowerInvariant();
        // training_args.bin is a pickled config, not weights.
        if (name is "training_args.bin" or "optimizer.pt" or "scheduler.pt" or "rng_state.pth") return false;
        return WeightExtensions.Any(e => name.EndsWith(e, StringComparison.Ordinal));
    }

    public IEnumerable<Clue> Find(RepositorySnapshot s)
    {
        var weights = s.Files.Files.Where(f => IsWeightFile(f.Path) && !CheckpointFilesRule.IsInCheckpointFolder(f.Path)).ToList();
        foreach (var group in weights.GroupBy(f => Path.GetExtension(f.Path).ToLowerInvariant()).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var first = group.OrderBy(f => f.Path, StringComparer.Ordinal).First();
            var detail = group.Count() == 1 ? $"weight file ({group.Key})" : $"{group.Count()} weight files ({group.Key}), first shown";
            yield return this.FileClue(s, Components.FinalParameters, first, detail, 1.0) with { ComponentPath = s.TreeUrl() };
        }
        if (weights.Count == 0 && s.Hub?.SafetensorsParameters is long n)
        {
            yield return new Clue(Components.FinalParameters,
                new Evidence(Id, s.Hub.Source + " safetensors", $"the Hub counts {n:N0} parameters in safetensors files", 0.9),
                ComponentPath: s.TreeUrl());
        }
    }
}

/// <summary>
/// Intermediate checkpoints: branches or tags named like training steps (Pythia <c>step1000</c>,
/// OLMo <c>step1000-tokens4B</c>, <c>checkpoint-500</c>, LLM360 <c>ckpt_356</c>).
/// </summary>
public sealed partial class CheckpointRefsRule : IInventoryRule
{
    public string Id => "checkpoint-refs";

    [GeneratedRegex(@"^(step[-_]?\d+|checkpoint[-_]?\d+|ckpt[-_]?\d+|stage\d+[-_].*step\d+|.*[-_]step\d+([-_].*)?|epoch[-_]?\d+|iter[-_]?\d+)", RegexOptions.IgnoreCase)]
    public static partial Regex CheckpointName();

    public IEnumerable<Clue> Find(RepositorySnapshot s)
    {
        var refs = s.Refs.Where(r => CheckpointName().IsMatch(r.Name)).ToList();
        if (refs.Count == 0) yield break;
        var sample = string.Join(", ", refs.Take(3).Select(r => r.Name));
        yield return new Clue(Components.IntermediateParameters,
            new Evidence(Id, refs[0].Source, $"{refs.Count} checkpoint {(refs[0].Kind == GitRefKind.Tag ? "tags" : "branches")} ({sample}{(refs.Count > 3 ? ", …" : "")})", 0.9),
            ComponentPath: s.TreeUrl(refs[0].Name));
        // Checkpoints saved along a run end in the final checkpoint, which the main branch carries.
        yield return new Clue(Components.FinalParameters,
            new Evidence(Id, refs[0].Source, "checkpoint branches imply the final weights on the main branch", 0.6), ComponentPath: s.TreeUrl());
    }
}

/// <summary>Checkpoint folders in the listing (<c>checkpoint-500/</c>) or a list of revisions (OLMo's revisions.txt).</summary>
public sealed class CheckpointFilesRule : IInventoryRule
{
    public string Id => "checkpoint-files";

    public static bool IsInCheckpointFolder(string path) =>
        path.Split('/').SkipLast(1).Any(d => CheckpointRefsRule.CheckpointName().IsMatch(d));

    public IEnumerable<Clue> Find(RepositorySnapshot s)
    {
        var inFolder = s.Files.Files.FirstOrDefault(f => IsInCheckpointFolder(f.Path) && WeightFilesRule.IsWeightFile(f.Path));
        if (inFolder is not null) yield return this.FileClue(s, Components.IntermediateParameters, inFolder, "weights in a checkpoint folder", 0.8);
        var revisions = s.Files.Files.FirstOrDefault(f => f.Path.Equals("revisions.txt", StringComparison.OrdinalIgnoreCase));
        if (revisions is not null) yield return this.FileClue(s, Components.IntermediateParameters, revisions, "a list of checkpoint revisions", 0.7);
    }
}

/// <summary>Configuration and training-state files are model metadata (MOF: "training configuration and optimizer states").</summary>
public sealed class MetadataFilesRule : IInventoryRule
{
    private static readonly ImmutableArray<(string Name, string Detail, double Confidence)> Known =
    [
        ("trainer_state.json", "training state (optimizer steps, logs)", 0.9),
        ("training_args.bin", "training arguments", 0.9),
        ("train_results.json", "training run results", 0.8),
        ("params.json", "model hyper-parameters", 0.7),
        ("config.json", "model configuration", 0.6),
        ("generation_config.json", "generation settings", 0.5),
        ("model_index.json", "pipeline configuration", 0.5),
    ];

    public string Id => "metadata-files";

    public IEnumerable<Clue> Find(RepositorySnapshot s)
    {
        foreach (var (name, detail, confidence) in Known)
        {
            var file = s.Files.Files.Where(f => f.FileName.Equals(name, StringComparison.OrdinalIgnoreCase))
                .OrderBy(f => f.Path.Count(c => c == '/')).FirstOrDefault();
            if (file is not null) yield return this.FileClue(s, Components.ModelMetadata, file, detail, confidence);
        }
    }
}

/// <summary>
/// Python files in the repository, sorted by what their names say they do: modelling code is the
/// architecture; training, evaluation, preprocessing and inference scripts are those components.
/// </summary>
public sealed partial class RepositoryCodeRule : IInventoryRule
{
    private static readonly ImmutableArray<(Regex Name, string Component, string Detail)> Kinds =
    [
        (ModellingFile(), Components.ModelArchitecture, "modelling code"),
        (TrainingFile(), Components.TrainingCode, "training script"),
        (EvaluationFile(), Components.EvaluationCode, "evaluation script"),
        (PreprocessingFile(), Components.DataPreprocessingCode, "data preprocessing script"),
        (InferenceFile(), Components.InferenceCode, "inference script"),
    ];

    public string Id => "repository-code";

    public IEnumerable<Clue> Find(RepositorySnapshot s)
    {
        var code = s.Files.Files.Where(f => f.Path.EndsWith(".py", StringComparison.OrdinalIgnoreCase)).ToList();
        foreach (var (pattern, component, detail) in Kinds)
        {
            var file = code.FirstOrDefault(f => pattern.IsMatch(f.FileName));
            if (file is not null) yield return this.FileClue(s, component, file, detail, 0.9);
        }
        // Remote-code models (custom_code) are run by their own modelling file: it is the inference code too.
        var modelling = code.FirstOrDefault(f => ModellingFile().IsMatch(f.FileName));
        if (modelling is not null) yield return this.FileClue(s, Components.InferenceCode, modelling, "modelling code loaded with trust_remote_code", 0.7);
    }

    [GeneratedRegex(@"^(modeling|modelling|configuration|model)(_.*)?\.py$", RegexOptions.IgnoreCase)]
    private static partial Regex ModellingFile();

    [GeneratedRegex(@"(^|_)(train|training|pretrain|finetune|fine_tune|sft|dpo)(_.*)?\.py$", RegexOptions.IgnoreCase)]
    private static partial Regex TrainingFile();

    [GeneratedRegex(@"(^|_)(eval|evaluate|evaluation|benchmark)(_.*)?\.py$", RegexOptions.IgnoreCase)]
    private static partial Regex EvaluationFile();

    [GeneratedRegex(@"(^|_)(preprocess|preprocessing|prepare_data|data_prep|tokenize_data|dedup)(_.*)?\.py$", RegexOptions.IgnoreCase)]
    private static partial Regex PreprocessingFile();

    [GeneratedRegex(@"(^|_)(inference|generate|generation|predict|serve|run_model)(_.*)?\.py$", RegexOptions.IgnoreCase)]
    private static partial Regex InferenceFile();
}

/// <summary>
/// The library that loads the model (<c>library_name</c>, the Hub's tags, config.json's
/// <c>architectures</c>) holds the architecture and inference code, under the library's license.
/// </summary>
public sealed partial class LibraryRule : IInventoryRule
{
    /// <summary>Libraries whose license and home we know (facts from their repositories).</summary>
    public static readonly ImmutableArray<(string Name, string License, string Url)> Libraries =
    [
        ("transformers", "Apache-2.0", "https://github.com/huggingface/transformers"),
        ("diffusers", "Apache-2.0", "https://github.com/huggingface/diffusers"),
        ("sentence-transformers", "Apache-2.0", "https://github.com/UKPLab/sentence-transformers"),
        ("timm", "Apache-2.0", "https://github.com/huggingface/pytorch-image-models"),
        ("peft", "Apache-2.0", "https://github.com/huggingface/peft"),
        ("open_clip", "MIT", "https://github.com/mlfoundations/open_clip"),
        ("vllm", "Apache-2.0", "https://github.com/vllm-project/vllm"),
        ("llama.cpp", "MIT", "https://github.com/ggml-org/llama.cpp"),
    ];

    public string Id => "library";

    public IEnumerable<Clue> Find(RepositorySnapshot s)
    {
        var (library, where) = LibraryOf(s);
        if (library is null) yield break;
        var known = Libraries.FirstOrDefault(l => l.Name.Equals(library, StringComparison.OrdinalIgnoreCase));
        if (known.Name is null) yield break;
        var architectures = s.Config?.Architectures ?? [];
        var classes = architectures.IsDefaultOrEmpty ? "" : $" ({string.Join(", ", architectures)})";
        var hasClass = !architectures.IsDefaultOrEmpty || library == "diffusers" && s.Files.Contains("model_index.json");
        var confidence = hasClass ? 0.8 : 0.6;
        var evidence = new Evidence(Id, where, $"loaded with {known.Name}{classes}, {known.License}", confidence);
        yield return new Clue(Components.ModelArchitecture, evidence with { Detail = $"architecture implemented in {known.Name}{classes}, {known.License}" },
            known.License, known.Url + "/blob/main/LICENSE", known.Url, InRepository: false);
        yield return new Clue(Components.InferenceCode, evidence with { Detail = $"inference through {known.Name}{classes}, {known.License}" },
            known.License, known.Url + "/blob/main/LICENSE", known.Url, InRepository: false);
        yield return new Clue(Components.SupportingLibraries, evidence with { Detail = $"{known.Name} library, {known.License}", Confidence = 0.5 },
            known.License, known.Url + "/blob/main/LICENSE", known.Url, InRepository: false);
    }

    private static (string? Library, string Where) LibraryOf(RepositorySnapshot s)
    {
        if (s.Metadata?.Text("library_name") is { } name) return (name, s.Metadata.Where("library_name"));
        if (s.Hub?.LibraryName is { } hub) return (hub, s.Hub.Source + " library_name");
        if (s.Config is { Architectures.IsDefaultOrEmpty: false } c) return ("transformers", c.Source + " architectures");
        if (s.Files.Contains("model_index.json")) return ("diffusers", RuleHelpers.Listed(s, "model_index.json"));
        // config.json beside weights named the way transformers saves them (model-00001-of-…, pytorch_model.bin).
        var saved = s.Files.Files.FirstOrDefault(f => !f.Path.Contains('/') && TransformersWeights().IsMatch(f.Path) && WeightFilesRule.IsWeightFile(f.Path));
        if (s.Files.Contains("config.json") && saved is not null) return ("transformers", RuleHelpers.Listed(s, saved.Path));
        return (null, "");
    }

    [GeneratedRegex(@"^(model|pytorch_model|tf_model|flax_model)([-_.]|$)", RegexOptions.IgnoreCase)]
    private static partial Regex TransformersWeights();
}

/// <summary>Result files written by training frameworks (eval_results.json, all_results.json) are evaluation results.</summary>
public sealed class ResultFilesRule : IInventoryRule
{
    private static readonly ImmutableArray<string> Names = ["eval_results.json", "all_results.json", "results.json", "evaluation_results.json"];

    public string Id => "result-files";

    public IEnumerable<Clue> Find(RepositorySnapshot s)
    {
        var file = s.Files.Files.FirstOrDefault(f => Names.Contains(f.FileName, StringComparer.OrdinalIgnoreCase));
        if (file is not null) yield return this.FileClue(s, Components.EvaluationResults, file, "evaluation results file", 0.7);
    }
}

using System.Collections.Immutable;
namespace OpenGrade.Core.Inventory;

/// <summary>
/// The MOT release <c>type</c> and <c>architecture</c> values (the schema's enums) read from the
/// Hub pipeline tag and the model classes in config.json.
/// </summary>
public static class ReleaseKinds
{
    /// <summary>Hub pipeline tags by the MOT type they belong to.</summary>
    private static readonly ImmutableArray<(string Type, ImmutableArray<string> Pipelines)> Types =
    [
        ("language", ["text-generation", "text2text-generation", "fill-mask", "question-answering", "summarization", "translation",
                      "text-classification", "token-classification", "sentence-similarity", "feature-extraction", "zero-shot-classification", "table-question-answering"]),
        ("image", ["text-to-image", "image-to-image", "unconditional-image-generation"]),
        ("vision", ["image-classification", "object-detection", "image-segmentation", "depth-estimation", "zero-shot-image-classification", "mask-generation"]),
        ("multimodal", ["image-to-text", "image-text-to-text", "visual-question-answering", "document-question-answering", "any-to-any", "video-text-to-text"]),
        ("audio", ["automatic-speech-recognition", "text-to-speech", "text-to-audio", "audio-classification", "audio-to-audio"]),
        ("video", ["text-to-video", "image-to-video", "video-classification"]),
        ("3d", ["image-to-3d", "text-to-3d"]),
    ];

    public static string? TypeOf(RepositorySnapshot s)
    {
        var tag = s.Metadata?.Text("pipeline_tag") ?? s.Hub?.PipelineTag;
        if (tag is null) return null;
        return Types.FirstOrDefault(t => t.Pipelines.Contains(tag, StringComparer.OrdinalIgnoreCase)).Type ?? "other";
    }

    /// <summary>From the class names: <c>…ForCausalLM</c> is a decoder, <c>…ForConditionalGeneration</c> of T5/BART an encoder-decoder.</summary>
    public static string? ArchitectureOf(RepositorySnapshot s)
    {
        if (s.Files.Contains("model_index.json") || s.Config?.ModelType is null && s.Hub?.Tags.Contains("diffusers") == true) return "diffusion";
        var classes = s.Config?.Architectures ?? [];
        if (classes.IsDefaultOrEmpty) return null;
        var name = classes[0];
        var type = s.Config?.ModelType ?? "";
        if (name.EndsWith("ForCausalLM", StringComparison.Ordinal) || name.EndsWith("LMHeadModel", StringComparison.Ordinal)) return "transformer decoder";
        if (type is "t5" or "mt5" or "bart" or "mbart" or "pegasus" or "marian" or "umt5" or "longt5") return "transformer encoder-decoder";
        if (type is "bert" or "roberta" or "deberta" or "deberta-v2" or "distilbert" or "electra" or "albert" or "xlm-roberta") return "encoder"; // MOT's enum has no "transformer encoder"
        return "transformer";
    }
}

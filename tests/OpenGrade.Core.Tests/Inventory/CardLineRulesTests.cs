using System.Collections.Immutable;
using OpenGrade.Core.Inventory;
using OpenGrade.Core.Inventory.Rules;

namespace OpenGrade.Core.Tests.Inventory;

/// <summary>
/// The rules that run a pattern on every card line skip lines by a cheap test first; the lines the
/// pattern would match must all still reach it, with letters that case-fold oddly included.
/// </summary>
public sealed class CardLineRulesTests
{
    private static RepositorySnapshot WithCard(string line)
    {
        var card = new CardDocument("README.md", ["# Model", "", line], [new CardSection("Model", 1, 1)], [], [], 1);
        return new RepositorySnapshot("lab/model", null, FileListing.Empty, null, card, [], null, null, [], []);
    }

    [Theory]
    [InlineData("Intermediate checkpoints are published.", true)]
    [InlineData("TRAINING CHECKPOINTS", true)]
    [InlineData("The checkpoints live in the branches of this repository", true)]
    [InlineData("Intermediate chec\u212Apoints are published.", true)]
    [InlineData("The final checkpoint is here.", false)]
    [InlineData("nothing about it", false)]
    public void Checkpoint_mentions_are_found_on_any_line_the_pattern_reads(string line, bool found) =>
        Assert.Equal(found, new CardCheckpointRule().Find(WithCard(line)).Any());

    [Theory]
    [InlineData("from transformers import AutoModelForCausalLM, AutoTokenizer", 2)]
    [InlineData("import vllm", 1)]
    [InlineData("From transformers Import AutoModel", 0)]
    [InlineData("transformers is used", 0)]
    public void Library_imports_are_found(string line, int clues) =>
        Assert.Equal(clues, new CardCodeRule().Find(WithCard(line)).Count());

    [Theory]
    [InlineData("The model was trained on 2 trillion tokens.", 2_000_000_000_000L)]
    [InlineData("PRETRAINED ON 300B TOKENS", 300_000_000_000L)]
    [InlineData("trained on 1.5T to\u212Aens of text", 1_500_000_000_000L)]
    [InlineData("The tokenizer is trained on 5 million sentences; see the licenses.", null)]
    [InlineData("trained on 2 trillion words", null)]
    public void Training_tokens_are_read_from_any_line_the_pattern_reads(string line, long? tokens) =>
        Assert.Equal(tokens, SignalReader.TrainingTokenCount(WithCard(line), out _));
}

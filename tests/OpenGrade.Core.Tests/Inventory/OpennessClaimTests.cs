using OpenGrade.Core.Inventory;

namespace OpenGrade.Core.Tests.Inventory;

/// <summary>Which openness phrases of a card line call this release open, and which speak of something else.</summary>
public sealed class OpennessClaimTests
{
    [Theory]
    [InlineData("SmolLM3 is a fully open model that offers strong performance.", "fully open")]
    [InlineData("We have open-sourced DeepSeek-R1-Zero and DeepSeek-R1.", "open-sourced")]
    [InlineData("Producing the currently strongest open-source base model.", "open-source")]
    [InlineData("We release open-source models of 1B and 7B parameters.", "open-source")]
    [InlineData("BigScience Large Open-science Open-access Multilingual Language Model", "Open-access")]
    [InlineData("Open weights under Apache-2.0, and the training code is open sourced too.", "Open weights")]
    public void A_phrase_about_the_release_is_a_claim(string line, string claim) =>
        Assert.Contains(claim, SignalReader.ClaimsIn(line));

    [Theory]
    [InlineData("Llama-2-Chat models outperform open-source chat models on most benchmarks we tested.")]
    [InlineData("The model outperforms many of the available open source and closed chat models on common industry benchmarks.")]
    [InlineData("DeepSeek-V3 outperforms other open-source models and rivals leading closed models.")]
    [InlineData("Our Purple Llama tools are open sourced for the community to use.")]
    [InlineData("We also encourage the open source community to use Llama for research.")]
    [InlineData("We have partnered with open-source communities and hardware vendors.")]
    public void A_phrase_about_other_models_or_things_is_not(string line) =>
        Assert.Empty(SignalReader.ClaimsIn(line));
}

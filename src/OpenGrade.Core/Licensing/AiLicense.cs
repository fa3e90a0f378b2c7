using System.Collections.Immutable;

namespace OpenGrade.Core.Licensing;

/// <summary>
/// A model license outside the SPDX list (or an SPDX license OpenGrade knows more about), with the
/// names and Hugging Face ids by which releases refer to it.
/// </summary>
public sealed record AiLicense(string Id, string Name, ImmutableArray<string> HuggingFaceIds, ImmutableArray<string> Names);

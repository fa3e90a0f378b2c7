using System.Collections.Immutable;

namespace OpenGrade.Core.Domain;

/// <summary>
/// One model a release derives from, nearest first: which model, how the child derives from it
/// (<c>finetune</c>, <c>quantized</c>, <c>adapter</c>, <c>merge</c>, or <c>unknown</c>), how many steps
/// up, its license (null when unknown) and how that was learned.
/// </summary>
/// <param name="Child">The model that names this one as its base (the release itself at depth 1).</param>
/// <param name="Known">Whether its record could be read; false leaves its license unknown, with the reason in <see cref="LicenseBasis"/>.</param>
public sealed record Ancestor(
    string Id,
    string Relation,
    int Depth,
    string Child,
    string? License,
    string LicenseBasis,
    bool Known,
    ImmutableArray<Evidence> Evidence);

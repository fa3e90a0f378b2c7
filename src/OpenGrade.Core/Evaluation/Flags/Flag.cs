using System.Collections.Immutable;
using OpenGrade.Core.Domain;

namespace OpenGrade.Core.Evaluation.Flags;

/// <summary>
/// A warning about a release, independent of any framework's verdict. <see cref="Kind"/> is one
/// of <see cref="FlagKinds"/>: a stable name that scripts and policies may match on.
/// </summary>
public sealed record Flag(string Kind, string Message, ImmutableArray<Evidence> Evidence);

public static class FlagKinds
{
    /// <summary>The name or card calls the release open while it fails OSAID or MOF Class III, or a restriction applies.</summary>
    public const string Openwashing = "openwashing";

    /// <summary>The card's license metadata names a different license than the LICENSE text.</summary>
    public const string LicenseConflict = "license-conflict";

    /// <summary>The card says <c>license: other</c> and gives neither a name nor a link.</summary>
    public const string LicenseUnnamed = "license-unnamed";

    /// <summary>The weights are called open but sit behind an access gate.</summary>
    public const string GatedWeights = "gated-weights";

    public static IReadOnlyList<string> All { get; } = [Openwashing, LicenseConflict, LicenseUnnamed, GatedWeights];
}

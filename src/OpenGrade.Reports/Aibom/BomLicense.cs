using System.Collections.Immutable;
using OpenGrade.Core.Evaluation.Mof;
using OpenGrade.Core.Licensing;

namespace OpenGrade.Reports.Aibom;

/// <summary>Whether a license is stated, unknown (SPDX NOASSERTION) or stated to be none.</summary>
public enum LicenseState
{
    Stated,
    NoAssertion,
    None,
}

/// <summary>
/// One license as an AI-BOM carries it: a valid SPDX expression (ids from the SPDX list or
/// <c>LicenseRef-</c> ids), the name of a custom license, and where each custom id's text is.
/// </summary>
public sealed record BomLicense(LicenseState State, string? Expression, string? Name, ImmutableArray<KeyValuePair<string, string>> CustomIdUris, bool IsListedId)
{
    public static readonly BomLicense NoAssertion = new(LicenseState.NoAssertion, null, null, [], false);
    public static readonly BomLicense None = new(LicenseState.None, null, null, [], false);

    /// <summary>A single <c>LicenseRef-</c> id (a model license such as Llama's): CycloneDX names it instead of using an expression.</summary>
    public bool IsSingleCustom => State == LicenseState.Stated && Expression!.StartsWith("LicenseRef-", StringComparison.Ordinal) && !Expression.Contains(' ');

    public string? Url => CustomIdUris.IsDefaultOrEmpty ? null : CustomIdUris[0].Value;

    /// <summary><c>declared</c> / <c>noassertion</c> / <c>none</c>: the <c>openness:license:status</c> value.</summary>
    public string StatusKey => State switch
    {
        LicenseState.Stated => "declared",
        LicenseState.NoAssertion => "noassertion",
        _ => "none",
    };
}

/// <summary>Turns license strings as releases write them into licenses an AI-BOM may carry.</summary>
public sealed class BomLicenses(LicenseCatalog catalog, string? textBase)
{
    /// <summary>The license the release states for a component (after MOT's precedence), as written.</summary>
    public BomLicense Declared(ComponentVerdict v) => v.Status switch
    {
        ComponentStatus.Missing => BomLicense.NoAssertion,
        ComponentStatus.Unlicensed => BomLicense.None,
        _ => v.License is { Length: > 0 } text ? FromText(text, v.Entry?.LicensePath) : BomLicense.NoAssertion,
    };

    /// <summary>The license OpenGrade read for a component (the recognising judgement); unknown readings are NOASSERTION.</summary>
    public BomLicense Concluded(ComponentVerdict recognised) => recognised.Status switch
    {
        ComponentStatus.Unlicensed => BomLicense.None,
        _ when recognised.Reading is { Kind: not ReadingKind.Unknown } r => FromText(r.Effective, recognised.Entry?.LicensePath),
        _ => BomLicense.NoAssertion,
    };

    /// <summary>
    /// A well-formed expression of SPDX-list and <c>LicenseRef-</c> ids is kept as it is; any other
    /// text becomes a <c>LicenseRef-</c> id made from it, named by the text (nothing is guessed here:
    /// the concluded license carries OpenGrade's reading).
    /// </summary>
    public BomLicense FromText(string text, string? licensePath)
    {
        string expression;
        if (LicenseExpressionParser.TryParse(text, out var parsed) && parsed!.Ids.All(IsUsableId))
        {
            expression = parsed.ToString();
        }
        else
        {
            expression = "LicenseRef-" + MofParts.Slug(text);
        }
        // The component's license path is the text of its custom license(s); without one, no mapping is claimed.
        var custom = TextUrl(licensePath) is { } url && LicenseExpressionParser.TryParse(expression, out var e)
            ? e!.Ids.Where(id => id.StartsWith("LicenseRef-", StringComparison.Ordinal)).Distinct()
                .Select(id => new KeyValuePair<string, string>(id, url)).ToImmutableArray()
            : [];
        var listed = catalog.Spdx.ContainsKey(expression);
        var name = expression.StartsWith("LicenseRef-", StringComparison.Ordinal) && !expression.Contains(' ')
            ? catalog.AiLicenses.TryGetValue(expression, out var ai) ? ai.Name : text
            : null;
        return new BomLicense(LicenseState.Stated, expression, name, custom, listed);
    }

    private bool IsUsableId(string id) =>
        catalog.Spdx.ContainsKey(id) || id.StartsWith("LicenseRef-", StringComparison.Ordinal) || id.StartsWith("DocumentRef-", StringComparison.Ordinal);

    /// <summary>Where the license text is: an absolute URL as given, or a path in the release's repository.</summary>
    private string? TextUrl(string? licensePath)
    {
        if (licensePath is not { Length: > 0 } path) return null;
        if (Uri.TryCreate(path, UriKind.Absolute, out var abs) && (abs.Scheme == Uri.UriSchemeHttps || abs.Scheme == Uri.UriSchemeHttp)) return abs.AbsoluteUri;
        if (textBase is null || path.Contains("..", StringComparison.Ordinal)) return null;
        var relative = Uri.EscapeDataString(path.TrimStart('/', '.')).Replace("%2F", "/", StringComparison.Ordinal);
        return Uri.TryCreate($"{textBase}/{relative}", UriKind.Absolute, out var joined) ? joined.AbsoluteUri : null;
    }
}

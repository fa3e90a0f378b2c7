using System.Collections.Immutable;
using System.Text.Json;

namespace OpenGrade.Core.Domain;

/// <summary>
/// One <see cref="Ancestor"/> as compact JSON and back, so an AI-BOM can carry a release's lineage
/// exactly (evidence included) and a read-back judges inherited terms as the original did.
/// </summary>
public static class AncestorText
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static string ToText(Ancestor a) => JsonSerializer.Serialize(a, Json);

    /// <summary>The ancestor written by <see cref="ToText"/>; null when the text is not one.</summary>
    public static Ancestor? Parse(string text)
    {
        try
        {
            return JsonSerializer.Deserialize<Ancestor>(text, Json) is { Id: not null, Relation: not null, Child: not null, LicenseBasis: not null, Depth: >= 1 } a
                ? a with { Evidence = a.Evidence.IsDefault ? [] : [.. a.Evidence.Where(e => e is { Kind: not null, Location: not null, Detail: not null })] }
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Ancestors in the order a release lists them: nearest first, then as written.</summary>
    public static ImmutableArray<Ancestor> Ordered(IEnumerable<(int Order, Ancestor Ancestor)> found) =>
        [.. found.OrderBy(f => f.Order).Select(f => f.Ancestor)];
}

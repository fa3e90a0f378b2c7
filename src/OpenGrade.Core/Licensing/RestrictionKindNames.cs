using System.Collections.Frozen;
using System.Text;

namespace OpenGrade.Core.Licensing;

/// <summary>
/// The kebab-case names of <see cref="RestrictionKind"/> ("use-restrictions", "non-commercial")
/// that data files, policies and reports use; derived from the enum so the two never drift.
/// </summary>
public static class RestrictionKindNames
{
    private static readonly FrozenDictionary<string, RestrictionKind> ByName =
        Enum.GetValues<RestrictionKind>().ToFrozenDictionary(Key, k => k, StringComparer.Ordinal);

    /// <summary>Every name, in enum order: what an error message lists as the accepted values.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Enum.GetValues<RestrictionKind>().Select(Key)];

    public static string Key(this RestrictionKind kind)
    {
        var text = kind.ToString();
        var sb = new StringBuilder(text.Length + 4);
        for (var i = 0; i < text.Length; i++)
        {
            if (i > 0 && char.IsUpper(text[i])) sb.Append('-');
            sb.Append(char.ToLowerInvariant(text[i]));
        }
        return sb.ToString();
    }

    public static bool TryParse(string name, out RestrictionKind kind) => ByName.TryGetValue(name, out kind);
}

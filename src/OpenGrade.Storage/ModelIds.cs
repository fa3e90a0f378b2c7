using OpenGrade.Core.Text;

namespace OpenGrade.Storage;

/// <summary>
/// Stable model ids: <c>org/name</c> (Hub models) or one part (a MOT file's name). Printable,
/// no path tricks, at most 200 characters: an id goes into URLs, SQL parameters and terminals.
/// </summary>
public static class ModelIds
{
    public const int MaxLength = 200;

    public static bool IsValid(string id)
    {
        if (id.Length is 0 or > MaxLength || id.Any(TerminalText.IsUnsafe) || id.Any(char.IsWhiteSpace) && id.Trim() != id) return false;
        var parts = id.Split('/');
        return parts.Length <= 2 && parts.All(p => p.Length > 0 && p != "." && p != ".." && !p.Contains('\\'));
    }

    public static void Validate(string id)
    {
        if (!IsValid(id)) throw new CatalogException($"'{TerminalText.Escape(TerminalText.Clip(id, 80))}' is not a model id (org/name or one name, printable, at most {MaxLength} characters)");
    }
}

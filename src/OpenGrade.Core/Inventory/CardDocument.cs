using System.Collections.Immutable;

namespace OpenGrade.Core.Inventory;

/// <summary>
/// A model card's text as the inventory needs it: every line (1-based, counted in the whole
/// file so that evidence points at the real line), its headings, links and tables. The section
/// of a link or table is the title of the nearest heading above it.
/// </summary>
public sealed record CardDocument(
    string Path,
    ImmutableArray<string> Lines,
    ImmutableArray<CardSection> Sections,
    ImmutableArray<CardLink> Links,
    ImmutableArray<CardTable> Tables,
    int BodyStartLine)
{
    /// <summary>The lines after the front matter, with their 1-based line numbers.</summary>
    public IEnumerable<(int Line, string Text)> BodyLines
    {
        get
        {
            // A plain walk from the body's first line: several rules read every line of every card.
            for (var i = Math.Max(BodyStartLine, 1) - 1; i < Lines.Length; i++) yield return (i + 1, Lines[i]);
        }
    }

    public string Where(int line) => line > 0 ? $"{Path}:{line}" : Path;

    /// <summary>The text of a line (1-based), or empty.</summary>
    public string LineText(int line) => line >= 1 && line <= Lines.Length ? Lines[line - 1] : "";

    /// <summary>The title of the section a line belongs to, or null before the first heading.</summary>
    public string? SectionAt(int line) => Sections.LastOrDefault(s => s.Line <= line)?.Title;

    /// <summary>Whether the card says anything beyond its front matter.</summary>
    public bool HasBody => BodyLines.Any(l => !string.IsNullOrWhiteSpace(l.Text));
}

public sealed record CardSection(string Title, int Level, int Line);

/// <summary>A link in the card: its target, its visible text, the line and the section it sits in.</summary>
public sealed record CardLink(string Url, string Text, int Line, string? Section);

/// <summary>A table in the card: its header cells, how many body rows it has, where it is.</summary>
public sealed record CardTable(ImmutableArray<string> Header, int Rows, int Line, string? Section);

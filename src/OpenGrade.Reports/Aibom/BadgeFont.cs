using SkiaSharp;

namespace OpenGrade.Reports.Aibom;

/// <summary>No font to measure and draw badge text with; the message is one line naming the package to install.</summary>
public sealed class BadgeFontException(string message) : Exception(message);

/// <summary>
/// The font badges are measured and drawn with: DejaVu Sans, a system font. Found through Skia's
/// font manager, by family where Skia has a font configuration, else by loading DejaVuSans.ttf from
/// the usual font folders (the dependency-free Skia build knows no families of its own). The
/// typeface lives as long as the process: one per process, made on first use, never changed.
/// </summary>
public sealed class BadgeFont
{
    public const string Family = "DejaVu Sans";
    public const string FileName = "DejaVuSans.ttf";
    public const string Package = "fonts-dejavu-core";

    private static readonly Lazy<BadgeFont> Shared = new(Find, LazyThreadSafetyMode.ExecutionAndPublication);

    private BadgeFont(SKTypeface typeface) => Typeface = typeface;

    public SKTypeface Typeface { get; }

    /// <summary>The process's badge font; throws <see cref="BadgeFontException"/> when none is installed.</summary>
    public static BadgeFont Default => Shared.Value;

    /// <summary>The advance width of <paramref name="text"/> at <paramref name="size"/> px.</summary>
    public double Measure(string text, double size)
    {
        using var font = new SKFont(Typeface, (float)size);
        return font.MeasureText(text);
    }

    private static BadgeFont Find()
    {
        var manager = SKFontManager.Default;
        if (manager.MatchFamily(Family) is { FamilyName: Family } byFamily) return new BadgeFont(byFamily);
        foreach (var folder in Folders())
        {
            foreach (var path in Candidates(folder))
            {
                if (manager.CreateTypeface(path) is { FamilyName: Family } typeface) return new BadgeFont(typeface);
            }
        }
        throw new BadgeFontException($"no {Family} font found for badges (looked in {string.Join(", ", Folders())}): install the {Package} package (apt-get install {Package})");
    }

    /// <summary>The font folders of the XDG base directories and the user's own.</summary>
    private static IEnumerable<string> Folders()
    {
        var data = Environment.GetEnvironmentVariable("XDG_DATA_DIRS") is { Length: > 0 } dirs ? dirs.Split(':', StringSplitOptions.RemoveEmptyEntries) : ["/usr/local/share", "/usr/share"];
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        IEnumerable<string> all = [.. data.Select(d => Path.Combine(d, "fonts")), .. home.Length > 0 ? new[] { Path.Combine(home, ".local", "share", "fonts"), Path.Combine(home, ".fonts") } : []];
        return all.Where(Path.IsPathRooted).Distinct(StringComparer.Ordinal);
    }

    /// <summary>DejaVuSans.ttf files under a folder, a few levels deep (font trees are shallow), nothing followed outside it.</summary>
    private static IEnumerable<string> Candidates(string folder)
    {
        if (!Directory.Exists(folder)) return [];
        try
        {
            return [.. Directory.EnumerateFiles(folder, FileName, new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 4, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint }).Order(StringComparer.Ordinal).Take(8)];
        }
        catch (IOException)
        {
            return [];
        }
    }
}

using System.Text.RegularExpressions;
using OpenGrade.Sources.Files;

namespace OpenGrade.Cli.Commands;

/// <summary>One text to identify: where it came from and the text (README: only its license parts).</summary>
public sealed record LicenseSource(string Path, string Text);

/// <summary>A path that could not be read, with the one-line reason.</summary>
public sealed class LicensePathException(string path, string problem) : Exception($"{path}: {problem}");

/// <summary>
/// Reads what <c>opengrade license detect</c> looks at: a file as it is, or in a folder the usual
/// license files (LICENSE*, LICENCE*, COPYING*, NOTICE*, USE_POLICY*) and the license parts of
/// READMEs (model-card front matter and "License" sections). README lines outside those parts
/// are blanked rather than removed, so reported line numbers stay those of the file.
/// </summary>
public static partial class LicenseFiles
{
    /// <summary>Files larger than this are read only up to it: license files are small.</summary>
    public const int MaxBytes = 4 * 1024 * 1024;

    /// <summary>A folder with more license and README files than this is refused: name the files instead.</summary>
    public const int MaxFolderFiles = 256;

    /// <summary>The most text read from one folder, all files together.</summary>
    public const long MaxFolderChars = 64L << 20;

    private static readonly string[] LicensePrefixes = ["LICENSE", "LICENCE", "COPYING", "NOTICE", "USE_POLICY"];

    [GeneratedRegex(@"^(?<hashes>#{1,6})\s+(?<title>.*)$")]
    private static partial Regex Heading();

    public static IReadOnlyList<LicenseSource> Read(string path)
    {
        if (Directory.Exists(path)) return ReadFolder(path);
        if (File.Exists(path)) return [new LicenseSource(path, ReadText(path))];
        throw new LicensePathException(path, "no such file or directory");
    }

    private static List<LicenseSource> ReadFolder(string dir)
    {
        string[] files;
        try
        {
            files = Directory.GetFiles(dir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LicensePathException(dir, "cannot list the folder (" + e.Message + ")");
        }
        var wanted = files.Where(f => IsLicenseName(Path.GetFileName(f)) || Path.GetFileName(f).StartsWith("README", StringComparison.OrdinalIgnoreCase)).ToList();
        if (wanted.Count > MaxFolderFiles)
        {
            throw new LicensePathException(dir, $"holds {wanted.Count} license and README files, more than {MaxFolderFiles}; name the files to read");
        }
        var sources = new List<LicenseSource>();
        long characters = 0;
        foreach (var file in wanted.Order(StringComparer.Ordinal))
        {
            var before = sources.Count;
            var name = Path.GetFileName(file);
            if (IsLicenseName(name))
            {
                sources.Add(new LicenseSource(file, ReadText(file)));
            }
            else if (name.StartsWith("README", StringComparison.OrdinalIgnoreCase))
            {
                var parts = LicenseParts(ReadText(file));
                if (parts.Trim().Length > 0) sources.Add(new LicenseSource(file, parts));
            }
            if (sources.Count > before) characters += sources[^1].Text.Length;
            if (characters > MaxFolderChars) throw new LicensePathException(dir, $"its license texts hold more than {MaxFolderChars / (1 << 20)} Mi characters; name the files to read");
        }
        return sources;
    }

    private static bool IsLicenseName(string name) => LicensePrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// A regular file's text (a FIFO would block, <c>/dev/zero</c> never end), its first
    /// <see cref="MaxBytes"/> kept. A UTF-16/32 byte-order mark makes NUL bytes text; without one
    /// they mark a binary file.
    /// </summary>
    private static string ReadText(string path)
    {
        byte[] bytes;
        try
        {
            bytes = RegularFile.ReadBytes(path, MaxBytes, OverBudget.KeepStart);
        }
        catch (FileNotFoundException)
        {
            throw new LicensePathException(path, "no such file");
        }
        catch (FileRefusedException e)
        {
            throw new LicensePathException(path, e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LicensePathException(path, "cannot read (" + e.Message + ")");
        }
        if (!TextDecoding.HasWideByteOrderMark(bytes) && bytes.AsSpan(0, Math.Min(bytes.Length, 8000)).Contains((byte)0))
        {
            throw new LicensePathException(path, "binary file, not a license text");
        }
        return TextDecoding.Decode(bytes);
    }

    /// <summary>A README with only its front matter and its License sections kept (other lines blank).</summary>
    public static string LicenseParts(string text)
    {
        var lines = text.Split('\n');
        var keep = new bool[lines.Length];
        var i = 0;
        if (lines.Length > 0 && lines[0].TrimEnd() == "---")
        {
            keep[0] = true;
            for (i = 1; i < lines.Length; i++)
            {
                keep[i] = true;
                if (lines[i].TrimEnd() == "---") { i++; break; }
            }
        }
        var sectionLevel = 0;
        for (; i < lines.Length; i++)
        {
            var h = Heading().Match(lines[i].TrimEnd());
            if (h.Success)
            {
                var level = h.Groups["hashes"].Length;
                if (sectionLevel > 0 && level <= sectionLevel) sectionLevel = 0;
                var title = h.Groups["title"].Value;
                if (sectionLevel == 0 && (title.Contains("licen", StringComparison.OrdinalIgnoreCase) || title.Contains("copying", StringComparison.OrdinalIgnoreCase)))
                    sectionLevel = level;
            }
            keep[i] = sectionLevel > 0;
        }
        return string.Join('\n', lines.Select((l, k) => keep[k] ? l : ""));
    }
}

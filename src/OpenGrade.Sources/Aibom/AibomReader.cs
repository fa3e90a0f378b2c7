using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenGrade.Sources.Files;

namespace OpenGrade.Sources.Aibom;

/// <summary>
/// Reads a CycloneDX (1.6/1.7) or SPDX 3.0.1 JSON AI-BOM, OpenGrade's or anyone's, as a release to
/// judge (docs/exports.md). Reads at most <see cref="MaxBytes"/> from regular files only; every
/// failure is an <see cref="AibomFileException"/> with one line naming the file.
/// </summary>
public static class AibomReader
{
    /// <summary>Real AI-BOMs are kilobytes; the largest official fixture is about 100 KB.</summary>
    public const long MaxBytes = 16 * 1024 * 1024;

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64 };

    /// <summary>Whether a path names an AI-BOM by its extension (<c>.cdx.json</c>, <c>.spdx3.json</c>, <c>.spdx.json</c>, <c>.bom.json</c>).</summary>
    public static bool IsAibomPath(string path)
    {
        var name = Path.GetFileName(path).ToLowerInvariant();
        return name.EndsWith(".cdx.json", StringComparison.Ordinal) || name.EndsWith(".spdx3.json", StringComparison.Ordinal)
            || name.EndsWith(".spdx.json", StringComparison.Ordinal) || name.EndsWith(".bom.json", StringComparison.Ordinal)
            || name.EndsWith(".jsonld", StringComparison.Ordinal);
    }

    public static AibomRelease ReadFile(string path)
    {
        string text;
        try
        {
            text = RegularFile.ReadText(path, MaxBytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AibomFileException(path, 0, 0, e.Message);
        }
        return Read(text, path);
    }

    /// <summary>Reads a document already in memory; <paramref name="path"/> only names it in messages and evidence.</summary>
    public static AibomRelease Read(string json, string path)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: Options);
        }
        catch (JsonException e)
        {
            throw new AibomFileException(path, (int)(e.LineNumber ?? -1) + 1, (int)(e.BytePositionInLine ?? -1) + 1, $"not valid JSON: {FirstSentence(e.Message)}");
        }
        if (root is not JsonObject doc) throw new AibomFileException(path, 0, 0, "is not a JSON object: not an AI-BOM");
        try
        {
            if (doc["@context"] is not null || doc["@graph"] is not null) return Spdx3Aibom.Read(doc, path);
            if (CycloneDxAibom.Text(doc["bomFormat"]) == "CycloneDX") return CycloneDxAibom.Read(doc, path);
        }
        catch (InvalidOperationException e)
        {
            // A value of the wrong JSON kind where the format expects another.
            throw new AibomFileException(path, 0, 0, $"unexpected content: {FirstSentence(e.Message)}");
        }
        throw new AibomFileException(path, 0, 0, "is neither a CycloneDX BOM (bomFormat) nor an SPDX 3 JSON-LD document (@context/@graph)");
    }

    private static string FirstSentence(string message)
    {
        var line = message.Split('\n')[0];
        var cut = line.IndexOf(". ", StringComparison.Ordinal);
        return cut > 0 ? line[..cut] : line.TrimEnd('.');
    }
}

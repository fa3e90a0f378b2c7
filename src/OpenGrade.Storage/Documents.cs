using System.IO.Compression;
using System.Text.Json.Nodes;

namespace OpenGrade.Storage;

/// <summary>Stored JSON documents: UTF-8, compressed (an assessment is ~20 kB of JSON, ~2 kB compressed).</summary>
public static class Documents
{
    /// <summary>The node's compact JSON (the bytes of <c>ToJsonString()</c>), packed.</summary>
    public static byte[] Pack(JsonNode node)
    {
        using var json = CompactJson.Of(node);
        return Pack(json.Bytes);
    }

    /// <summary>UTF-8 JSON, compressed (zlib, fastest level).</summary>
    public static byte[] Pack(ReadOnlySpan<byte> json)
    {
        using var output = new MemoryStream(json.Length / 6 + 64);
        using (var z = new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true)) z.Write(json);
        return output.ToArray();
    }

    public static byte[] UnpackBytes(byte[] packed)
    {
        using var input = new MemoryStream(packed);
        using var z = new ZLibStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream(packed.Length * 8);
        z.CopyTo(output);
        return output.ToArray();
    }

    public static JsonObject Unpack(byte[] packed) =>
        JsonNode.Parse(UnpackBytes(packed)) as JsonObject ?? throw new CatalogException("a stored document is not a JSON object");
}

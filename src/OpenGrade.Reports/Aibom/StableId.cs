using System.Security.Cryptography;
using System.Text;

namespace OpenGrade.Reports.Aibom;

/// <summary>
/// Name-based UUIDs (RFC 9562 version 5: SHA-1 of a namespace and a name), so that one model,
/// revision and assessment time always give the same serial number and document namespace.
/// </summary>
public static class StableId
{
    /// <summary>OpenGrade's own namespace for AI-BOM ids (a fixed random UUID).</summary>
    public static readonly Guid Namespace = new("5b0f6c1e-2d4a-4f43-9a57-0c3e8d1b7a62");

    public static Guid For(string modelId, string? revision, DateTimeOffset assessedAt) =>
        V5(Namespace, $"{modelId}\n{revision}\n{ExportContext.Utc(assessedAt)}");

    public static Guid V5(Guid ns, string name)
    {
        var nsBytes = ns.ToByteArray(bigEndian: true);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var hash = SHA1.HashData([.. nsBytes, .. nameBytes]);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50); // version 5
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC variant
        return new Guid(bytes, bigEndian: true);
    }
}

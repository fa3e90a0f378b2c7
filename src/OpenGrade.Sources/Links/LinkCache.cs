using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenGrade.Core.Inventory;
using OpenGrade.Sources.Files;

namespace OpenGrade.Sources.Links;

/// <summary>One answer as the cache keeps it: what was asked, what came back, its ETag and when.</summary>
public sealed record CachedAnswer(string Url, int Status, string? ETag, DateTimeOffset FetchedAt, string FinalUrl, byte[] Body);

/// <summary>
/// The link cache: one JSON file per URL asked, at <c>{cache}/links/{kind}/{name}-{hash}.json</c>, where the
/// name is the already validated id made file-safe and the hash is of the whole URL (so two endpoints,
/// a mirror and the real service, never share an entry). Entries are written to a unique temporary file
/// and renamed into place, read back within a byte budget, and trusted only when they name the URL asked.
/// </summary>
public sealed class LinkCache(string cacheDirectory, long maxBodyBytes)
{
    public string Root { get; } = Path.Combine(cacheDirectory, "links");

    public string PathOf(LinkKind kind, string name, Uri uri) =>
        Path.Combine(Root, LinkTarget.KindKey(kind), $"{Safe(name)}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(uri.AbsoluteUri)))[..16]}.json");

    /// <summary>The cached answer for a URL; null when there is none, or it is damaged, too large or for another URL.</summary>
    public CachedAnswer? Read(LinkKind kind, string name, Uri uri)
    {
        var file = PathOf(kind, name, uri);
        try
        {
            if (!File.Exists(file)) return null;
            // Base64 grows a body by a third; the rest of an entry is small.
            var node = JsonNode.Parse(RegularFile.ReadBytes(file, maxBodyBytes * 4 / 3 + 64 * 1024)) as JsonObject;
            if (node is null || Str(node, "url") != uri.AbsoluteUri) return null;
            var status = node["status"] is JsonValue s && s.TryGetValue<int>(out var n) ? n : 0;
            var fetched = DateTimeOffset.TryParse(Str(node, "fetched_at"), System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.RoundtripKind, out var at) ? at : DateTimeOffset.MinValue;
            var body = Convert.FromBase64String(Str(node, "body_base64") ?? "");
            return status is >= 200 and < 600 && body.LongLength <= maxBodyBytes
                ? new CachedAnswer(uri.AbsoluteUri, status, Str(node, "etag"), fetched, Str(node, "final_url") ?? uri.AbsoluteUri, body)
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Keeps an answer; a cache that cannot be written costs only a later request, so failures are ignored.</summary>
    public void Write(LinkKind kind, string name, Uri uri, CachedAnswer answer)
    {
        if (answer.Body.LongLength > maxBodyBytes) return;
        var file = PathOf(kind, name, uri);
        var temp = $"{file}.tmp-{Environment.ProcessId}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            var json = new JsonObject
            {
                ["url"] = answer.Url,
                ["status"] = answer.Status,
                ["etag"] = answer.ETag,
                ["fetched_at"] = answer.FetchedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                ["final_url"] = answer.FinalUrl,
                ["body_base64"] = Convert.ToBase64String(answer.Body),
            };
            File.WriteAllText(temp, json.ToJsonString());
            File.Move(temp, file, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Next run asks again.
        }
        finally
        {
            try
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Left behind; harmless.
            }
        }
    }

    /// <summary>A validated id as a file name: '/' becomes "__", anything unexpected '_', at most 120 characters.</summary>
    private static string Safe(string name)
    {
        var safe = new string(name.Replace("/", "__", StringComparison.Ordinal)
            .Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray()).TrimStart('.');
        return safe.Length > 120 ? safe[..120] : safe.Length == 0 ? "_" : safe;
    }

    private static string? Str(JsonObject o, string key) => o[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}

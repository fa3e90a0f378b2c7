using System.Text;
using System.Text.Json;
using OpenGrade.Batch.Grading;

namespace OpenGrade.Batch.Output;

/// <summary>
/// A JSONL output file: one graded model a line, each line given to the system in one write of the
/// whole line and its newline, flushed before the checkpoint names it, so the file only ever holds
/// complete lines (an interrupted write of the last line, the one thing a kill can leave, is cut off
/// when the file is opened again). Lines are appended: a model graded again at a new version gets a
/// new line, and readers take the last line of each model (<c>report census</c> does).
/// </summary>
public sealed class JsonLinesSink : IBatchSink
{
    /// <summary>How much of each line is read back to learn its model and version: <c>target</c> and <c>listing</c> lead every line.</summary>
    private const int PrefixBytes = 8 * 1024;

    private readonly FileStream _file;

    private JsonLinesSink(FileStream file, StoredVersions stored, string? repaired)
    {
        _file = file;
        Stored = stored;
        Repaired = repaired;
    }

    public StoredVersions Stored { get; }

    public string? Repaired { get; }

    public string Path => _file.Name;

    /// <summary>Opens (or creates) the file for appending, after reading back which models it holds.</summary>
    public static JsonLinesSink Open(string path)
    {
        var stored = new StoredVersions();
        string? repaired = null;
        var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);
        try
        {
            var complete = ReadBack(file, stored);
            if (complete < file.Length)
            {
                repaired = $"{path}: an incomplete last line ({file.Length - complete} bytes) left by an interrupted run was removed";
                file.SetLength(complete);
            }
            file.Seek(0, SeekOrigin.End);
            return new JsonLinesSink(file, stored, repaired);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public void Write(IReadOnlyList<GradedModel> models)
    {
        foreach (var model in models)
        {
            _file.Write(model.Utf8Line); // unbuffered: one write(2) of the whole line and its newline
        }
        _file.Flush();
    }

    public void Dispose() => _file.Dispose();

    /// <summary>Reads the models and versions of every complete line; returns where the last complete line ends.</summary>
    private static long ReadBack(FileStream file, StoredVersions stored)
    {
        file.Seek(0, SeekOrigin.Begin);
        var chunk = new byte[1 << 20];
        var prefix = new byte[PrefixBytes];
        var prefixLength = 0;
        long position = 0, complete = 0;
        int read;
        while ((read = file.Read(chunk, 0, chunk.Length)) > 0)
        {
            var from = 0;
            while (from < read)
            {
                var newline = Array.IndexOf(chunk, (byte)'\n', from, read - from);
                var end = newline < 0 ? read : newline;
                var take = Math.Min(end - from, PrefixBytes - prefixLength);
                Buffer.BlockCopy(chunk, from, prefix, prefixLength, take);
                prefixLength += take;
                if (newline < 0) break;
                if (Model(prefix.AsSpan(0, prefixLength)) is var (id, version)) stored.Set(id, version);
                prefixLength = 0;
                complete = position + newline + 1;
                from = newline + 1;
            }
            position += read;
        }
        return complete;
    }

    /// <summary>The model id and version from the head of a line (<c>{"target":"hf:…","listing":{…}</c>); null for a line of something else.</summary>
    public static (string Id, string Version)? Model(ReadOnlySpan<byte> head)
    {
        var reader = new Utf8JsonReader(head, isFinalBlock: false, default);
        string? target = null, sha = null, modified = null;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                if (!reader.Read()) return null;
                if (name == "target" && reader.TokenType == JsonTokenType.String) target = reader.GetString();
                else if (name == "listing" && reader.TokenType == JsonTokenType.StartObject)
                {
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var field = reader.GetString();
                        if (!reader.Read()) return null;
                        if (field == "sha" && reader.TokenType == JsonTokenType.String) sha = reader.GetString();
                        else if (field == "last_modified" && reader.TokenType == JsonTokenType.String) modified = reader.GetString();
                        else if (!reader.TrySkip()) return null;
                    }
                    break;
                }
                else break;
            }
        }
        catch (JsonException)
        {
            return null;
        }
        if (target is null || !target.StartsWith("hf:", StringComparison.Ordinal)) return null;
        return (target[3..], Records.ListingRecord.VersionOf(sha, modified));
    }
}

using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using OpenGrade.Core.Licensing.Detection;

namespace OpenGrade.Cli.Commands;

/// <summary>
/// The JSON of <c>license detect</c> (contract in docs/json-output.md): an array of
/// {"path","license","confidence","matches":[{"id","confidence","kind","lines"}]}.
/// </summary>
public static class LicenseJson
{
    public static string Render(IEnumerable<LicenseResult> results)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartArray();
            foreach (var r in results)
            {
                json.WriteStartObject();
                json.WriteString("path", r.Path);
                if (r.Detection.License is null) json.WriteNull("license");
                else json.WriteString("license", r.Detection.License);
                json.WriteNumber("confidence", r.Detection.Confidence);
                json.WriteStartArray("matches");
                foreach (var m in r.Detection.Matches)
                {
                    json.WriteStartObject();
                    json.WriteString("id", m.Id);
                    json.WriteNumber("confidence", m.Confidence);
                    json.WriteString("kind", KindName(m.Kind));
                    json.WriteString("lines", $"{m.StartLine}-{m.EndLine}");
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static string KindName(MatchKind kind) => kind switch
    {
        MatchKind.Exact => "exact",
        MatchKind.Similar => "similar",
        MatchKind.Notice => "notice",
        MatchKind.Identifier => "identifier",
        MatchKind.Marker => "marker",
        _ => kind.ToString().ToLowerInvariant(),
    };
}

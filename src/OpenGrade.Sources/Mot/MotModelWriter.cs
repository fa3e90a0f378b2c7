using System.Text;
using System.Text.Json.Nodes;
using OpenGrade.Core.Domain;
using OpenGrade.Core.Frameworks;

namespace OpenGrade.Sources.Mot;

/// <summary>
/// Writes a release as a MOT model file (the shape of MOT's models/*.yml, valid against its
/// schema) so that a user can submit an inventory to MOT. Strings are always single-quoted, so
/// no value can change type or break the YAML.
/// </summary>
public sealed class MotModelWriter(MofFramework framework)
{
    /// <summary>The model file as JSON (what <c>--format json</c> prints and what the schema checks).</summary>
    public JsonObject ToJson(ModelRelease release)
    {
        var r = new JsonObject { ["name"] = release.Name };
        if (release.Version is { } version) r["version"] = version;
        if (release.Date is { } date) r["date"] = date;
        if (release.Type is { } type) r["type"] = type;
        if (release.Architecture is { } architecture) r["architecture"] = architecture;
        r["producer"] = release.Producer ?? "";
        if (release.Repository is { } repository) r["repository"] = repository;
        if (release.HuggingFace is { } hf) r["huggingface"] = hf;
        var license = new JsonObject();
        foreach (var (key, slot) in new[] { ("distribution", release.Licenses.Distribution), ("code", release.Licenses.Code), ("data", release.Licenses.Data), ("document", release.Licenses.Document) })
        {
            if (slot is not null) license[key] = new JsonObject { ["name"] = slot.Name, ["path"] = slot.Path };
        }
        r["license"] = license;
        r["components"] = new JsonArray([.. release.Components.Select(c =>
        {
            var o = new JsonObject { ["name"] = c.Name };
            if (c.Description is { } d) o["description"] = d;
            if (c.License is { } l) o["license"] = l;
            if (c.LicensePath is { } lp) o["license_path"] = lp;
            if (c.ComponentPath is { } cp) o["component_path"] = cp;
            return (JsonNode)o;
        })]);
        return new JsonObject
        {
            ["framework"] = new JsonObject { ["name"] = framework.Name, ["version"] = framework.Version, ["date"] = framework.Date },
            ["release"] = r,
        };
    }

    public string ToYaml(ModelRelease release)
    {
        var sb = new StringBuilder();
        Write(sb, ToJson(release), 0);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, JsonObject obj, int indent)
    {
        var pad = new string(' ', indent);
        foreach (var (key, value) in obj)
        {
            switch (value)
            {
                case JsonObject child when child.Count == 0:
                    sb.Append(pad).Append(key).Append(": {}\n");
                    break;
                case JsonObject child:
                    sb.Append(pad).Append(key).Append(":\n");
                    Write(sb, child, indent + 2);
                    break;
                case JsonArray { Count: 0 }:
                    sb.Append(pad).Append(key).Append(": []\n");
                    break;
                case JsonArray items:
                    sb.Append(pad).Append(key).Append(":\n");
                    foreach (var item in items.OfType<JsonObject>())
                    {
                        sb.Append(pad).Append("  -\n");
                        Write(sb, item, indent + 4);
                    }
                    break;
                default:
                    sb.Append(pad).Append(key).Append(": ").Append(Scalar(value)).Append('\n');
                    break;
            }
        }
    }

    /// <summary>
    /// Single quotes for ordinary text; double quotes with escapes when the text holds line breaks
    /// or control characters, which single-quoted YAML would fold or cannot carry, so that what is
    /// written reads back exactly.
    /// </summary>
    private static string Scalar(JsonNode? value)
    {
        if (value is null) return "";
        var text = value.GetValue<string>();
        if (!text.Any(NeedsEscape)) return "'" + text.Replace("'", "''") + "'";
        var sb = new StringBuilder("\"");
        foreach (var c in text)
        {
            sb.Append(c switch
            {
                '\\' => "\\\\",
                '"' => "\\\"",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when NeedsEscape(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }
        return sb.Append('"').ToString();
    }

    private static bool NeedsEscape(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';
}

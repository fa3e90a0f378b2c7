using System.Text.Json;
using NuGet.Packaging.Licenses;
using OpenGrade.Core.Data;
using OpenGrade.Core.Licensing.Detection;

// usage: LicenseIndexer SPDX_FULL_JSON INDEX_FILE SPDX_FLAGS_JSON [YAML_FILE JSON_FILE]...
// spdx-full.json maps each SPDX id to {name, url, osiApproved, licenseText}: compiled into the
// license index. SPDX_FLAGS_JSON gets the SPDX list's OSI/FSF/deprecated flags (NuGet.Packaging's
// copy of the list, the one MOT's snapshot agrees with). Each YAML data file after them is written
// as JSON by the same YamlAsJson the loaders use (the program reads only those JSON files).
if (args.Length < 3 || args.Length % 2 != 1)
{
    Console.Error.WriteLine("usage: LicenseIndexer SPDX_FULL_JSON INDEX_FILE SPDX_FLAGS_JSON [YAML_FILE JSON_FILE]...");
    return 2;
}

static void WriteAtomically(string path, Action<Stream> write)
{
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    var temp = path + ".tmp";
    using (var output = File.Create(temp)) write(output);
    File.Move(temp, path, overwrite: true);
}

for (var i = 3; i + 1 < args.Length; i += 2)
{
    var json = YamlAsJson.Convert(File.ReadAllText(args[i]));
    WriteAtomically(args[i + 1], s => s.Write(System.Text.Encoding.UTF8.GetBytes(json)));
}

WriteAtomically(args[2], s =>
{
    using var w = new Utf8JsonWriter(s);
    w.WriteStartArray();
    foreach (var l in NuGetLicenseData.LicenseList.Values.OrderBy(l => l.LicenseID, StringComparer.Ordinal))
    {
        w.WriteStartObject();
        w.WriteString("id", l.LicenseID);
        w.WriteBoolean("osi", l.IsOsiApproved);
        w.WriteBoolean("fsf", l.IsFsfLibre);
        w.WriteBoolean("deprecated", l.IsDeprecatedLicenseId);
        w.WriteEndObject();
    }
    w.WriteEndArray();
});

using var spdx = JsonDocument.Parse(File.ReadAllBytes(args[0]));
var texts = new List<(string Id, string Name, string Text)>();
foreach (var entry in spdx.RootElement.EnumerateObject())
{
    var text = entry.Value.TryGetProperty("licenseText", out var t) ? t.GetString() : null;
    var name = entry.Value.TryGetProperty("name", out var n) ? n.GetString() ?? entry.Name : entry.Name;
    if (!string.IsNullOrWhiteSpace(text)) texts.Add((entry.Name, name, text));
}
WriteAtomically(args[1], s => LicenseIndex.Write(texts, s));
Console.WriteLine($"license index: {texts.Count} texts -> {args[1]}");
return 0;

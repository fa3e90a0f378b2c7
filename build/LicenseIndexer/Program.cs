using System.Text.Json;
using OpenGrade.Core.Licensing.Detection;

// usage: LicenseIndexer SPDX_FULL_JSON OUTPUT_FILE [YAML_FILE JSON_FILE]...
// spdx-full.json maps each SPDX id to {name, url, osiApproved, licenseText}. Each YAML data file
// given after it is also written as JSON (the catalog reads those at start-up).
if (args.Length < 2 || args.Length % 2 != 0)
{
    Console.Error.WriteLine("usage: LicenseIndexer SPDX_FULL_JSON OUTPUT_FILE [YAML_FILE JSON_FILE]...");
    return 2;
}
for (var i = 2; i + 1 < args.Length; i += 2)
{
    var node = OpenGrade.Build.YamlAsJson.ToJsonNode(File.ReadAllText(args[i]));
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(args[i + 1]))!);
    File.WriteAllText(args[i + 1], node?.ToJsonString() ?? "null");
}
using var json = JsonDocument.Parse(File.ReadAllBytes(args[0]));
var texts = new List<(string Id, string Name, string Text)>();
foreach (var entry in json.RootElement.EnumerateObject())
{
    var text = entry.Value.TryGetProperty("licenseText", out var t) ? t.GetString() : null;
    var name = entry.Value.TryGetProperty("name", out var n) ? n.GetString() ?? entry.Name : entry.Name;
    if (!string.IsNullOrWhiteSpace(text)) texts.Add((entry.Name, name, text));
}
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(args[1]))!);
var temp = args[1] + ".tmp";
using (var output = File.Create(temp)) LicenseIndex.Write(texts, output);
File.Move(temp, args[1], overwrite: true);
Console.WriteLine($"license index: {texts.Count} texts -> {args[1]}");
return 0;

using System.Text.Json;

namespace OpenGrade.Testing;

/// <summary>
/// Reference texts for tests, read from the npm package the build installs
/// (build/license-texts/node_modules): license texts are never committed to this repository.
/// </summary>
public static class SpdxTexts
{
    private static readonly Lazy<Dictionary<string, string>> Texts = new(Load);

    public static string Text(string id) => Texts.Value[id];

    private static Dictionary<string, string> Load()
    {
        var path = Path.Combine(SharedCorpus.RepoRoot, "build", "license-texts", "node_modules", "spdx-license-list", "spdx-full.json");
        if (!File.Exists(path)) Assert.Fail($"{path} is missing: building OpenGrade.Core installs it (npm ci)");
        using var json = JsonDocument.Parse(File.ReadAllBytes(path));
        return json.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetProperty("licenseText").GetString()!);
    }

    /// <summary>Re-wraps a text at the given width, keeping blank lines as paragraph breaks.</summary>
    public static string Rewrap(string text, int width)
    {
        var paragraphs = text.Replace("\r\n", "\n").Split("\n\n");
        return string.Join("\n\n", paragraphs.Select(p =>
        {
            var lines = new List<string>();
            var line = "";
            foreach (var word in p.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries))
            {
                if (line.Length > 0 && line.Length + word.Length + 1 > width) { lines.Add(line); line = ""; }
                line = line.Length == 0 ? word : line + " " + word;
            }
            if (line.Length > 0) lines.Add(line);
            return string.Join('\n', lines);
        }));
    }
}

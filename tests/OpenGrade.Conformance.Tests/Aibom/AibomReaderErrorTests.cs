using OpenGrade.Sources.Aibom;

namespace OpenGrade.Conformance.Tests.Aibom;

/// <summary>A file that is not a readable AI-BOM gives one line naming the file and the problem.</summary>
public sealed class AibomReaderErrorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("opengrade-aibom-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static void AssertOneLine(AibomFileException e, string path, string problem)
    {
        Assert.StartsWith(path + ":", e.Message, StringComparison.Ordinal);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Broken_JSON_names_the_file_line_and_column()
    {
        var path = Write("broken.cdx.json", "{\n  \"bomFormat\": \"CycloneDX\",\n  oops\n}");
        var e = Assert.Throws<AibomFileException>(() => AibomReader.ReadFile(path));
        AssertOneLine(e, path, "not valid JSON");
        Assert.StartsWith($"{path}:3:", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[1, 2]", "not a JSON object")]
    [InlineData("{\"name\": \"x\"}", "neither a CycloneDX BOM")]
    [InlineData("{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\", \"components\": [{\"type\": \"library\", \"name\": \"x\"}]}", "no machine-learning-model")]
    [InlineData("{\"@context\": \"https://spdx.org/rdf/3.0.1/spdx-context.jsonld\", \"@graph\": []}", "no package to judge")]
    public void A_document_that_is_not_a_model_AI_BOM_is_refused_in_one_line(string json, string problem)
    {
        var path = Write("doc.cdx.json", json);
        AssertOneLine(Assert.Throws<AibomFileException>(() => AibomReader.ReadFile(path)), path, problem);
    }

    [Fact]
    public void Deep_nesting_is_refused_not_followed()
    {
        var path = Write("deep.cdx.json", new string('[', 10_000) + new string(']', 10_000));
        AssertOneLine(Assert.Throws<AibomFileException>(() => AibomReader.ReadFile(path)), path, "not valid JSON");
    }

    [Fact]
    public void A_missing_file_and_a_folder_are_refused_in_one_line()
    {
        var missing = Path.Combine(_dir, "absent.cdx.json");
        AssertOneLine(Assert.Throws<AibomFileException>(() => AibomReader.ReadFile(missing)), missing, "no such file");
        AssertOneLine(Assert.Throws<AibomFileException>(() => AibomReader.ReadFile(_dir)), _dir, "");
    }
}

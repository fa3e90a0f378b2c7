using System.Text.Json;
using OpenGrade.Core.Evaluation;
using OpenGrade.Sources.Mot;
using OpenGrade.Testing;

namespace OpenGrade.Conformance.Tests;

/// <summary>
/// MOT parity: the 27 Test_Data files must get exactly the class, label and progress values a
/// real MOT instance produced (expected_results.json), bit for bit.
/// </summary>
public sealed class MotParityTests
{
    private static readonly Assessor Assessor = Assessor.CreateDefault();
    private static readonly MotModelReader Reader = new(Assessor.Framework);

    public static TheoryData<string> TestDataFiles()
    {
        var data = new TheoryData<string>();
        var dir = SharedCorpus.Root is { } root ? Path.Combine(root, "corpus", "mot", "Test_Data") : null;
        if (dir is null || !Directory.Exists(dir)) { data.Add("(corpus absent)"); return data; }
        foreach (var f in Directory.GetFiles(dir, "*.yml").Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(f));
        return data;
    }

    private static Dictionary<string, JsonElement> Expected()
    {
        var path = SharedCorpus.PathTo("corpus", "mot", "Test_Data", "expected_results.json");
        // MOT's dump is not strict JSON: it has trailing commas.
        using var doc = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { AllowTrailingCommas = true });
        return doc.RootElement.GetProperty("models").EnumerateArray()
            .ToDictionary(m => m.GetProperty("release").GetProperty("name").GetString()!, m => m.GetProperty("classification").Clone());
    }

    [Theory]
    [MemberData(nameof(TestDataFiles))]
    public void Test_data_file_gets_exactly_MOTs_class_and_progress(string file)
    {
        var path = SharedCorpus.PathTo("corpus", "mot", "Test_Data", file);
        var release = Reader.ReadFile(path);
        var expected = Expected()[release.Name];
        var result = Assessor.AssessAsMot(release);

        Assert.Equal(expected.GetProperty("class").GetInt32(), result.Class);
        Assert.Equal(expected.GetProperty("label").GetString(), result.ClassLabel);
        var progress = expected.GetProperty("progress");
        for (var c = 1; c <= 3; c++)
        {
            var want = progress.GetProperty(c.ToString()).GetDouble();
            var got = result.Progress.For(c);
            Assert.True(BitConverter.DoubleToInt64Bits(want) == BitConverter.DoubleToInt64Bits(got),
                $"class {c} progress: MOT {want:R}, OpenGrade {got:R}");
        }
    }

    [Fact]
    public void Every_expected_result_has_a_test_file()
    {
        var names = Directory.GetFiles(SharedCorpus.PathTo("corpus", "mot", "Test_Data"), "*.yml")
            .Select(f => Reader.ReadFile(f).Name).ToHashSet();
        Assert.Equal(27, names.Count);
        Assert.All(Expected().Keys, n => Assert.Contains(n, names));
    }
}

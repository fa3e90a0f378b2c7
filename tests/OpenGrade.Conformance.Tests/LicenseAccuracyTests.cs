using OpenGrade.Core.Licensing.Detection;
using OpenGrade.Testing;

namespace OpenGrade.Conformance.Tests;

/// <summary>
/// Accuracy of license identification on the labelled corpora of ../shared, scored the way
/// tools/license-peers.sh scores the peers: the expected and the answered expressions become
/// sets of ids (AND/OR/WITH ignored, case, "-only", "-or-later" and "+" folded), and an answer is
/// right when the sets are equal. Files labelled "none" must get no license at all.
/// </summary>
public sealed class LicenseAccuracyTests
{
    private const double RequiredAccuracy = 0.98;

    [Theory]
    [InlineData("licenses-dev")]
    [InlineData("ai-licenses")]
    public void Top1_accuracy_meets_the_bar(string corpus)
    {
        var rows = Score(corpus);
        var right = rows.Count(r => r.Right);
        var accuracy = (double)right / rows.Count;
        var wrong = string.Join("\n", rows.Where(r => !r.Right).Select(r => $"  {r.File}: expected {r.Expected}, got {r.Answer ?? "none"}"));
        Assert.True(accuracy >= RequiredAccuracy, $"{corpus}: {right}/{rows.Count} = {accuracy:P1} < {RequiredAccuracy:P0}\n{wrong}");
    }

    [Theory]
    [InlineData("licenses-dev")]
    [InlineData("ai-licenses")]
    public void Files_without_a_license_get_none(string corpus)
    {
        var offenders = Score(corpus).Where(r => r.Expected == "none" && r.Answer is not null).ToList();
        Assert.True(offenders.Count == 0, string.Join("\n", offenders.Select(r => $"{r.File}: expected none, got {r.Answer}")));
    }

    private sealed record Row(string File, string Expected, string? Answer, bool Right);

    private static List<Row> Score(string corpus)
    {
        var dir = SharedCorpus.PathTo("corpus", corpus);
        var identifier = LicenseIdentifier.Default;
        var rows = new List<Row>();
        foreach (var line in File.ReadLines(Path.Combine(dir, "manifest.tsv")))
        {
            var cells = line.TrimEnd('\r').Split('\t');
            if (cells.Length < 2 || cells[0].Length == 0 || cells[0].StartsWith('#') || cells[0] == "file") continue;
            var answer = identifier.Identify(File.ReadAllText(Path.Combine(dir, cells[0]))).License;
            rows.Add(new Row(cells[0], cells[1], answer, LicenseScoring.IsRight(cells[1], answer)));
        }
        Assert.NotEmpty(rows);
        return rows;
    }
}

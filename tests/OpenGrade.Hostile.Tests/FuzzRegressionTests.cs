using OpenGrade.Hostile.Tests.Properties;

namespace OpenGrade.Hostile.Tests;

/// <summary>
/// Every input the fuzzer found to crash a reader (FuzzRegressions/TARGET/*, see docs/fuzzing.md),
/// replayed through the same target as the fuzzer ran it: each must give a result or the reader's
/// one-line error naming the file. Replayed in a child process, since some of them overflowed the
/// stack when they were found.
/// </summary>
public sealed class FuzzRegressionTests
{
    private static readonly string Root = Path.Combine(SharedCorpus.RepoRoot, "tests", "OpenGrade.Hostile.Tests", "FuzzRegressions");

    public static TheoryData<string> Targets => new(ParserTargets.All.Select(t => t.Name).Where(t => Directory.Exists(Path.Combine(Root, t))));

    [Theory(Timeout = 120_000)]
    [MemberData(nameof(Targets))]
    public async Task Fuzzer_findings_give_a_result_or_a_one_line_error(string target)
    {
        var files = Directory.GetFiles(Path.Combine(Root, target)).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(files);
        var outcomes = await Task.Run(() => Harness.Triage(target, files), TestContext.Current.CancellationToken);
        Assert.Equal(files.Count, outcomes.Count);
        var broken = outcomes.Where(o => o.Outcome != "ok").Select(o => $"{Path.GetFileName(o.File)}: {o.Outcome}").ToList();
        Assert.True(broken.Count == 0, $"{broken.Count} of {files.Count} {target} inputs break the contract:\n{string.Join('\n', broken)}");
    }
}

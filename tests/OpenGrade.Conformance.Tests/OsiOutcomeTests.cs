using OpenGrade.Core.Evaluation;
using OpenGrade.Core.Evaluation.Osaid;
using OpenGrade.Sources.Mot;
using OpenGrade.Testing;

namespace OpenGrade.Conformance.Tests;

/// <summary>What OSI's 2024 validation concluded about a system.</summary>
public enum OsiOutcome
{
    Passed,

    /// <summary>"Would probably pass if the license terms changed": everything is there, only the terms fail.</summary>
    WouldPassWithOtherTerms,

    Failed,
}

/// <summary>
/// OpenGrade's OSAID verdict on the MOT model files of the systems OSI validated, against OSI's
/// published outcome. Every file's verdict is pinned; where it differs from OSI the reason is
/// named here and explained in docs/osaid.md, so a changed verdict or a new disagreement fails.
/// </summary>
public sealed class OsiOutcomeTests
{
    private static readonly Assessor Assessor = Assessor.CreateDefault();
    private static readonly MotModelReader Reader = new(Assessor.Framework);

    private const string SparseEntry = "the MOT entry leaves out code its siblings list, and lists the weights, so its silence reads as not released";
    private const string NoLicenseStated = "the MOT entry states no license for the data information (and, for T5-11b, the weights)";
    private const string TooThin = "the MOT entry lists neither the parameters nor any code, too little to judge";
    private const string ComponentsNotListed = "OSI blamed only the license terms; the MOT entry also lacks code OSAID needs";

    /// <summary>File, system OSI reviewed, OSI's outcome, OpenGrade's verdict, components complete, and the known disagreement.</summary>
    public static TheoryData<string, string, OsiOutcome, OsaidVerdict, bool, string?> Cases() => new()
    {
        { "Pythia-14M", "Pythia", OsiOutcome.Passed, OsaidVerdict.NotConformant, false, SparseEntry },
        { "Pythia-31M", "Pythia", OsiOutcome.Passed, OsaidVerdict.NotConformant, false, SparseEntry },
        { "Pythia-70M", "Pythia", OsiOutcome.Passed, OsaidVerdict.Conformant, true, null },
        { "Pythia-160M", "Pythia", OsiOutcome.Passed, OsaidVerdict.Conformant, true, null },
        { "Pythia-410M", "Pythia", OsiOutcome.Passed, OsaidVerdict.Conformant, true, null },
        { "Pythia-1B", "Pythia", OsiOutcome.Passed, OsaidVerdict.Conformant, true, null },
        { "Pythia-1.4B", "Pythia", OsiOutcome.Passed, OsaidVerdict.Conformant, true, null },
        { "Pythia-2.8B", "Pythia", OsiOutcome.Passed, OsaidVerdict.Conformant, true, null },
        { "Pythia-6.9B", "Pythia", OsiOutcome.Passed, OsaidVerdict.Conformant, true, null },
        { "Pythia-12B", "Pythia", OsiOutcome.Passed, OsaidVerdict.Conformant, true, null },
        { "OLMo-1B-hf", "OLMo", OsiOutcome.Passed, OsaidVerdict.Conformant, true, null },
        { "OLMo-7B", "OLMo", OsiOutcome.Passed, OsaidVerdict.Conformant, true, null },
        { "OLMo-7B-hf", "OLMo", OsiOutcome.Passed, OsaidVerdict.Conformant, true, null },
        { "OLMo-7B-Twin-2T-hf", "OLMo", OsiOutcome.Passed, OsaidVerdict.Conformant, true, null },
        { "Amber", "Amber", OsiOutcome.Passed, OsaidVerdict.Conformant, true, null },
        { "CrystalCoder", "CrystalCoder", OsiOutcome.Passed, OsaidVerdict.InsufficientInformation, true, NoLicenseStated },
        { "T5", "T5", OsiOutcome.Passed, OsaidVerdict.InsufficientInformation, false, TooThin },
        { "T5-11b", "T5", OsiOutcome.Passed, OsaidVerdict.InsufficientInformation, true, NoLicenseStated },
        { "BLOOM", "BLOOM", OsiOutcome.WouldPassWithOtherTerms, OsaidVerdict.NotConformant, false, ComponentsNotListed },
        // MOT has no StarCoder2 file; StarCoder (the first release, same BigCode OpenRAIL-M family) stands in.
        { "StarCoder", "StarCoder2", OsiOutcome.WouldPassWithOtherTerms, OsaidVerdict.NotConformant, false, ComponentsNotListed },
        { "Falcon-40B", "Falcon", OsiOutcome.WouldPassWithOtherTerms, OsaidVerdict.NotConformant, false, ComponentsNotListed },
        { "Falcon-180B", "Falcon", OsiOutcome.WouldPassWithOtherTerms, OsaidVerdict.NotConformant, false, ComponentsNotListed },
        { "Llama-2-7B", "Llama 2", OsiOutcome.Failed, OsaidVerdict.NotConformant, false, null },
        { "Llama-2-13B", "Llama 2", OsiOutcome.Failed, OsaidVerdict.NotConformant, false, null },
        { "Llama-2-70B", "Llama 2", OsiOutcome.Failed, OsaidVerdict.NotConformant, false, null },
        { "Llama-2-chat-7B", "Llama 2", OsiOutcome.Failed, OsaidVerdict.NotConformant, false, null },
        { "Llama-2-chat-13B", "Llama 2", OsiOutcome.Failed, OsaidVerdict.NotConformant, false, null },
        { "Llama-2-chat-70B", "Llama 2", OsiOutcome.Failed, OsaidVerdict.NotConformant, false, null },
        { "Grok-0", "Grok", OsiOutcome.Failed, OsaidVerdict.NotConformant, false, null },
        { "Grok-1", "Grok", OsiOutcome.Failed, OsaidVerdict.NotConformant, false, null },
        { "Phi-2", "Phi-2", OsiOutcome.Failed, OsaidVerdict.NotConformant, false, null },
        { "Mixtral-8x7B-v0.1", "Mixtral", OsiOutcome.Failed, OsaidVerdict.NotConformant, false, null },
        { "Mixtral-8x7B-Instruct-v0.1", "Mixtral", OsiOutcome.Failed, OsaidVerdict.NotConformant, false, null },
        { "Mixtral-8x22B-v0.1", "Mixtral", OsiOutcome.Failed, OsaidVerdict.NotConformant, false, null },
        { "Mixtral-8x22B-Instruct-v0.1", "Mixtral", OsiOutcome.Failed, OsaidVerdict.NotConformant, false, null },
    };

    /// <summary>OSI's three outcomes in OpenGrade's terms: passed = conformant; "would pass" = fails on terms alone.</summary>
    private static bool Agrees(OsiOutcome osi, OsaidResult result) => osi switch
    {
        OsiOutcome.Passed => result.Verdict == OsaidVerdict.Conformant,
        OsiOutcome.WouldPassWithOtherTerms => result.Verdict == OsaidVerdict.NotConformant && result.ComponentsComplete,
        _ => result.Verdict == OsaidVerdict.NotConformant,
    };

    /// <summary>A definite verdict opposite to OSI's: conformant where OSI failed it, or not-conformant where OSI passed it.</summary>
    private static bool Contradicts(OsiOutcome osi, OsaidResult result) => osi switch
    {
        OsiOutcome.Passed => result.Verdict == OsaidVerdict.NotConformant,
        _ => result.Verdict == OsaidVerdict.Conformant,
    };

    /// <summary>
    /// Per system, OpenGrade's verdict on its fullest MOT file (most components listed) never
    /// contradicts OSI's: it agrees, or the file cannot decide (insufficient-information, with the
    /// reason). The 12 systems OSI validated are all covered.
    /// </summary>
    [Fact]
    public void No_system_OSI_validated_gets_the_opposite_verdict()
    {
        var bySystem = Cases().Select(row => row.Data).GroupBy(d => d.Item2).ToList();
        Assert.Equal(12, bySystem.Count);
        foreach (var system in bySystem)
        {
            var (file, _, osi, _, _, _) = system.OrderByDescending(d => Reader.ReadFile(PathOf(d.Item1)).Components.Length).First();
            var result = Assessor.Assess(Reader.ReadFile(PathOf(file))).Osaid!;
            Assert.False(Contradicts(osi, result), $"{system.Key} ({file}): OSI {osi}, OpenGrade {result.Verdict}: {result.Reason}");
            Assert.False(string.IsNullOrWhiteSpace(result.Reason));
        }
    }

    private static string PathOf(string file) => SharedCorpus.PathTo("corpus", "mot", "models", file + ".yml");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Verdict_on_the_MOT_file_matches_OSI_or_is_a_known_disagreement(
        string file, string system, OsiOutcome osi, OsaidVerdict expected, bool componentsComplete, string? disagreement)
    {
        var release = Reader.ReadFile(PathOf(file));
        var result = Assessor.Assess(release).Osaid!;

        Assert.True(expected == result.Verdict, $"{file}: expected {expected}, got {result.Verdict} ({result.Reason})");
        Assert.Equal(componentsComplete, result.ComponentsComplete);
        var agrees = Agrees(osi, result);
        Assert.True(agrees == (disagreement is null),
            agrees
                ? $"{file} now agrees with OSI's outcome for {system} ({osi}); drop the known disagreement here and in docs/osaid.md"
                : $"{file} disagrees with OSI's outcome for {system} ({osi}) without an explanation: {result.Reason}");
    }

    [Fact]
    public void Every_known_disagreement_is_explained_in_docs()
    {
        var doc = File.ReadAllText(Path.Combine(SharedCorpus.RepoRoot, "docs", "osaid.md"));
        foreach (var row in Cases())
        {
            var (file, _, _, _, _, disagreement) = row.Data;
            if (disagreement is null) continue;
            Assert.True(doc.Contains($"`{file}`", StringComparison.Ordinal), $"docs/osaid.md does not explain the disagreement on {file}");
        }
    }
}

/// <summary>Every MOT model file gets every judgement, each with a reason, and no crash.</summary>
public sealed class JudgementsOverMotCorpusTests
{
    [Fact]
    public void Every_model_file_is_judged_with_reasons()
    {
        var assessor = Assessor.CreateDefault();
        var reader = new MotModelReader(assessor.Framework);
        var files = Directory.GetFiles(SharedCorpus.PathTo("corpus", "mot", "models"), "*.yml");
        Assert.True(files.Length > 200);
        foreach (var file in files)
        {
            var a = assessor.Assess(reader.ReadFile(file));
            Assert.False(string.IsNullOrWhiteSpace(a.Osaid!.Reason), file);
            Assert.All(a.Osaid.Requirements, r => Assert.False(string.IsNullOrWhiteSpace(r.Reason), $"{file}: {r.Id}"));
            Assert.All(a.EuAiAct!.Conditions, c => Assert.False(string.IsNullOrWhiteSpace(c.Reason), $"{file}: {c.Id}"));
            Assert.All(a.Flags, f => Assert.False(f.Evidence.IsEmpty, $"{file}: {f.Kind}"));
        }
    }
}

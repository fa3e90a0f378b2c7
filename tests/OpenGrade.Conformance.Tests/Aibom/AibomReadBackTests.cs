using OpenGrade.Core.Evaluation;
using OpenGrade.Reports;
using OpenGrade.Reports.Aibom;
using OpenGrade.Sources.Aibom;
using OpenGrade.Testing;

namespace OpenGrade.Conformance.Tests.Aibom;

/// <summary>AI-BOMs read back as releases: OpenGrade's own round-trip to the same judgements; anyone's read without error.</summary>
public sealed class AibomReadBackTests
{
    private static readonly string[] Formats = ["cyclonedx", "cyclonedx-1.7", "spdx3"];

    /// <summary>Everything a judgement says that a reader of the export can act on.</summary>
    private static string Judgements(Assessment a)
    {
        static string Mof(Core.Evaluation.Mof.MofResult m) =>
            $"{m.Class} {m.ClassLabel} {BitConverter.DoubleToInt64Bits(m.Progress.Class1)} {BitConverter.DoubleToInt64Bits(m.Progress.Class2)} {BitConverter.DoubleToInt64Bits(m.Progress.Class3)} "
            + string.Join(",", m.Components.Select(v => $"{v.Component.Name}={v.Status.Key()}:{v.License}"));
        return $"mof {Mof(a.Mof)}\nrecognised {Mof(a.MofRecognised)}\nosaid {a.Osaid?.Verdict.Key()} {a.Osaid?.Reason}\n"
            + $"eu {a.EuAiAct?.Verdict.Key()} {a.EuAiAct?.Reason}\nflags {string.Join(",", a.Flags.Select(f => f.Kind))}";
    }

    private static Assessment RoundTrip(AssessedTarget target, string format)
    {
        var text = AibomFormats.Render(target, format, AibomFixtures.Context);
        var read = AibomReader.Read(text, $"{target.Target}.{format}.json");
        Assert.True(read.Ours);
        return AibomFixtures.Assessor.Assess(read.Release, read.Signals);
    }

    [Fact]
    public void Every_MOT_model_round_trips_through_every_format_to_the_same_judgements()
    {
        var files = AibomFixtures.MotFiles();
        if (files.Length == 0) _ = SharedCorpus.PathTo("corpus", "mot", "models");
        var checkedCount = 0;
        foreach (var file in files)
        {
            var target = AibomFixtures.Mot(file);
            var expected = Judgements(target.Assessment!);
            foreach (var format in Formats)
            {
                var got = Judgements(RoundTrip(target, format));
                Assert.True(expected == got, $"{Path.GetFileName(file)} via {format}:\nexpected {expected}\ngot      {got}");
                checkedCount++;
            }
        }
        Assert.Equal(files.Length * Formats.Length, checkedCount);
        Assert.Equal(273, files.Length);
    }

    [Fact]
    public void Every_shared_Hub_folder_round_trips_to_the_same_MOF_OSAID_and_EU_judgements()
    {
        var folders = AibomFixtures.HubFolders();
        if (folders.Length == 0) _ = SharedCorpus.PathTo("corpus", "hf", "models");
        foreach (var folder in folders)
        {
            var target = AibomFixtures.Hub(folder);
            var expected = Judgements(target.Assessment!);
            foreach (var format in Formats)
            {
                // Flags need the card's claims and license statements, which an AI-BOM does not carry: compare the rest.
                var got = Judgements(RoundTrip(target, format));
                Assert.True(WithoutFlags(expected) == WithoutFlags(got), $"{Path.GetFileName(folder)} via {format}:\nexpected {expected}\ngot      {got}");
            }
        }
    }

    private static string WithoutFlags(string judgements) => judgements[..judgements.LastIndexOf("\nflags", StringComparison.Ordinal)];

    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        var dir = SharedCorpus.Root is { } root ? Path.Combine(root, "schemas", "examples") : null;
        if (dir is null || !Directory.Exists(dir)) { data.Add("(corpus absent)"); return data; }
        foreach (var f in Directory.GetFiles(dir, "*.json").Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(f));
        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Real_examples_are_read_back_and_judged_without_error(string file)
    {
        var read = AibomReader.ReadFile(SharedCorpus.PathTo("schemas", "examples", file));
        Assert.False(read.Ours);
        Assert.NotEmpty(read.Release.Components);
        var assessment = AibomFixtures.Assessor.Assess(read.Release, read.Signals);
        Assert.NotNull(assessment.Osaid);
        if (!file.Contains("dataset", StringComparison.Ordinal))
        {
            Assert.Contains(read.Release.Components, c => c.Name == "Model parameters (Final)");
        }
    }

    [Fact]
    public void The_minimal_examples_keep_their_per_component_licenses()
    {
        var cdx = AibomReader.ReadFile(SharedCorpus.PathTo("schemas", "examples", "ours-minimal-aibom.cdx-1.6.json")).Release;
        Assert.Equal("Example Model License", cdx.Components.Single(c => c.Name == "Model parameters (Final)").License);
        Assert.Equal("unlicensed", cdx.Components.Single(c => c.Name == "Datasets").License);
        Assert.Equal("CC-BY-4.0", cdx.Components.Single(c => c.Name == "Technical report").License);

        var spdx = AibomReader.ReadFile(SharedCorpus.PathTo("schemas", "examples", "ours-minimal-aibom.spdx3.json")).Release;
        Assert.Equal("LicenseRef-example-model-license", spdx.Components.Single(c => c.Name == "Model parameters (Final)").License);
        Assert.Equal("Apache-2.0", spdx.Components.Single(c => c.Name == "Training code").License);
        Assert.Equal("unlicensed", spdx.Components.Single(c => c.Name == "Datasets").License);
        Assert.Equal("CC-BY-4.0", spdx.Components.Single(c => c.Name == "Technical report").License);
    }
}

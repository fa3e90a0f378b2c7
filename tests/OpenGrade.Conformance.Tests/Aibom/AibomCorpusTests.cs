using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using OpenGrade.Reports;
using OpenGrade.Reports.Aibom;
using OpenGrade.Testing;

namespace OpenGrade.Conformance.Tests.Aibom;

/// <summary>
/// Every MOT model file and every shared Hub folder exported and validated. CycloneDX schema
/// validation takes milliseconds, so all of it runs here; the SPDX 3.0.1 schema takes seconds per
/// document with JsonSchema.Net 7.4.0, so the tests validate a deterministic sample against it
/// (every document still gets the checks no schema makes) and <c>OPENGRADE_AIBOM_FULL=1</c>
/// validates all of them and prints the timings (docs/exports.md, "Validation").
/// </summary>
public sealed class AibomCorpusTests
{
    private const string FullVariable = "OPENGRADE_AIBOM_FULL";

    private static bool Full => Environment.GetEnvironmentVariable(FullVariable) == "1";

    private static string[] Mot()
    {
        var files = AibomFixtures.MotFiles();
        if (files.Length == 0) _ = SharedCorpus.PathTo("corpus", "mot", "models");
        return files;
    }

    private static string[] Hub()
    {
        var folders = AibomFixtures.HubFolders();
        if (folders.Length == 0) _ = SharedCorpus.PathTo("corpus", "hf", "models");
        return folders;
    }

    private static void AssertValid(JsonObject doc, string what)
    {
        var error = AibomSchemas.Validate(doc);
        Assert.True(error is null, $"{what}: {error}");
        var problems = doc["@context"] is not null
            ? AibomIntegrity.CheckSpdx(doc, AibomFixtures.Assessor.Catalog, ours: true)
            : AibomIntegrity.CheckCycloneDx(doc, AibomFixtures.Assessor.Catalog);
        Assert.True(problems.Count == 0, $"{what}: {string.Join("; ", problems)}");
    }

    private static void AssertChecked(JsonObject spdx, string what)
    {
        var problems = AibomIntegrity.CheckSpdx(spdx, AibomFixtures.Assessor.Catalog, ours: true);
        Assert.True(problems.Count == 0, $"{what}: {string.Join("; ", problems)}");
    }

    [Fact]
    public void All_MOT_models_export_to_CycloneDX_1_6_and_1_7_that_validate()
    {
        var files = Mot();
        foreach (var file in files)
        {
            var target = AibomFixtures.Mot(file);
            foreach (var format in new[] { "cyclonedx", "cyclonedx-1.7" })
            {
                AssertValid(AibomFormats.ToJson(target, format, AibomFixtures.Context), $"{Path.GetFileName(file)} {format}");
            }
        }
        Assert.Equal(273, files.Length);
    }

    [Fact]
    public void All_MOT_models_export_to_SPDX_that_passes_the_checks_and_a_sample_the_schema()
    {
        var files = Mot();
        for (var i = 0; i < files.Length; i++)
        {
            var doc = AibomFormats.ToJson(AibomFixtures.Mot(files[i]), "spdx3", AibomFixtures.Context);
            if (Full || i % 50 == 0) AssertValid(doc, Path.GetFileName(files[i]));
            else AssertChecked(doc, Path.GetFileName(files[i]));
        }
    }

    [Fact]
    public void Every_shared_Hub_folder_exports_to_valid_CycloneDX_and_checked_SPDX()
    {
        var folders = Hub();
        for (var i = 0; i < folders.Length; i++)
        {
            var target = AibomFixtures.Hub(folders[i]);
            var name = Path.GetFileName(folders[i]);
            AssertValid(AibomFormats.ToJson(target, "cyclonedx", AibomFixtures.Context), $"{name} cyclonedx");
            AssertValid(AibomFormats.ToJson(target, "cyclonedx-1.7", AibomFixtures.Context), $"{name} cyclonedx-1.7");
            var spdx = AibomFormats.ToJson(target, "spdx3", AibomFixtures.Context);
            if (Full || i % 9 == 0) AssertValid(spdx, $"{name} spdx3");
            else AssertChecked(spdx, $"{name} spdx3");
        }
    }

    /// <summary>The measures of issue 14: counts validated, export cost next to assess, completeness. Runs with OPENGRADE_AIBOM_FULL=1.</summary>
    [Fact]
    public void Benchmark_of_the_whole_corpus()
    {
        if (!Full) Assert.Skip($"set {FullVariable}=1 to validate every SPDX document and print the timings (minutes)");
        var helper = TestContext.Current.TestOutputHelper!;
        // OPENGRADE_AIBOM_REPORT=FILE also appends the numbers to a file (the runner shows output of passed tests only on request).
        var report = Environment.GetEnvironmentVariable("OPENGRADE_AIBOM_REPORT");
        void WriteLine(string line)
        {
            helper.WriteLine(line);
            if (report is { Length: > 0 }) File.AppendAllText(report, line + Environment.NewLine);
        }
        var targets = new List<(string Name, Func<AssessedTarget> Assess)>();
        targets.AddRange(Mot().Select(f => (Path.GetFileName(f), (Func<AssessedTarget>)(() => AibomFixtures.Mot(f)))));
        targets.AddRange(Hub().Select(f => (Path.GetFileName(f), (Func<AssessedTarget>)(() => AibomFixtures.Hub(f)))));
        var assess = new Stopwatch();
        var export = new Dictionary<string, Stopwatch>();
        var validate = new Dictionary<string, Stopwatch>();
        var completeness = new List<double>();
        foreach (var (name, make) in targets)
        {
            assess.Start();
            var target = make();
            assess.Stop();
            foreach (var format in AibomFormats.JsonNames)
            {
                var e = export.TryGetValue(format, out var s1) ? s1 : export[format] = new Stopwatch();
                e.Start();
                var doc = AibomFormats.ToJson(target, format, AibomFixtures.Context);
                _ = doc.ToJsonString();
                e.Stop();
                if (format == "oci-annotations") continue;
                var v = validate.TryGetValue(format, out var s2) ? s2 : validate[format] = new Stopwatch();
                v.Start();
                AssertValid(doc, $"{name} {format}");
                v.Stop();
            }
            completeness.Add(AibomFormats.Completeness(target, AibomFixtures.Context).Score);
        }
        var n = targets.Count;
        string Ms(Stopwatch s) => (s.Elapsed.TotalMilliseconds / n).ToString("0.0", CultureInfo.InvariantCulture);
        WriteLine($"targets: {n} ({Mot().Length} MOT files, {Hub().Length} Hub folders); every one validated in every format");
        WriteLine($"assess: {Ms(assess)} ms per target");
        foreach (var (format, s) in export) WriteLine($"export {format}: {Ms(s)} ms per target");
        foreach (var (format, s) in validate) WriteLine($"schema + checks {format}: {Ms(s)} ms per target");
        WriteLine($"completeness: mean {completeness.Average():0.0}, min {completeness.Min():0.0}, max {completeness.Max():0.0}");
    }
}

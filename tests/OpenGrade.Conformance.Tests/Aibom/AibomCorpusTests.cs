using System.Text.Json.Nodes;
using OpenGrade.Reports;
using OpenGrade.Reports.Aibom;
using OpenGrade.Testing;

namespace OpenGrade.Conformance.Tests.Aibom;

/// <summary>
/// Every MOT model file and every shared Hub folder exported and validated. CycloneDX schema
/// validation takes milliseconds, so all of it runs here; SPDX 3.0.1 validation is slower, so the
/// tests validate a deterministic sample against its schema (every document still gets the checks
/// no schema makes) and <c>opengrade bench aibom</c> validates all of them and prints the timings
/// (docs/exports.md, "Validation").
/// </summary>
public sealed class AibomCorpusTests
{
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
            if (i % 25 == 0) AssertValid(doc, Path.GetFileName(files[i]));
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
            if (i % 5 == 0) AssertValid(spdx, $"{name} spdx3");
            else AssertChecked(spdx, $"{name} spdx3");
        }
    }
}

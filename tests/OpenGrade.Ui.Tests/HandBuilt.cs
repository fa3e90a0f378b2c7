using System.Text.Json.Nodes;
using OpenGrade.Storage;

namespace OpenGrade.Ui.Tests;

/// <summary>
/// Assessments built by hand for what the MOT corpus lacks: a name made to break out of HTML,
/// a fine-tune with lineage and a web evidence link, and a model whose license changed.
/// </summary>
public static class HandBuilt
{
    public const string EvilId = "evil-lab/script-model";
    public const string EvilName = "<script>alert(1)</script>\"onmouseover='x'";
    public const string ChildId = "test-org/child-model";
    public const string ChangedId = "test-org/relicensed";
    public const string EvidenceUrl = "https://huggingface.co/test-org/child-model/blob/main/README.md#L3";

    public static IEnumerable<CatalogRecord> All()
    {
        yield return Evil();
        yield return Child();
        var at = DateTimeOffset.Parse("2025-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        yield return WithId(CatalogRecords.FromYaml("relicensed", CatalogRecords.Yaml("Relicensed", "TII Falcon License 1.0"), at), ChangedId);
        yield return WithId(CatalogRecords.FromYaml("relicensed", CatalogRecords.Yaml("Relicensed", "Apache-2.0"), at.AddDays(30)), ChangedId);
    }

    private static CatalogRecord WithId(CatalogRecord r, string id) => r with { ModelId = id };

    /// <summary>Every outside string of this model carries markup, quotes or a script URL.</summary>
    private static CatalogRecord Evil()
    {
        var r = CatalogRecords.FromYaml("evil", CatalogRecords.Yaml("placeholder", "Apache-2.0", producer: "placeholder"));
        var a = (JsonObject)r.Assessment.DeepClone();
        var release = (JsonObject)a["release"]!;
        release["name"] = EvilName;
        release["producer"] = "<img src=x onerror=alert(2)>";
        release["repository"] = "javascript:alert(3)";
        a["flags"] = new JsonArray(new JsonObject { ["kind"] = "x\"><script>alert(4)</script>", ["message"] = "<b>bold</b>", ["evidence"] = new JsonArray() });
        return r with { ModelId = EvilId, Assessment = a };
    }

    /// <summary>A fine-tune of a restricted base, with evidence on the web.</summary>
    private static CatalogRecord Child()
    {
        var r = CatalogRecords.FromYaml("child", CatalogRecords.Yaml("Child Model", "Apache-2.0", producer: "Test Org"));
        var a = (JsonObject)r.Assessment.DeepClone();
        a["lineage"] = new JsonArray(new JsonObject
        {
            ["id"] = "test-org/base-model",
            ["relation"] = "finetune",
            ["depth"] = 1,
            ["base_of"] = ChildId,
            ["license"] = "llama3.1",
            ["license_basis"] = "card",
            ["known"] = true,
            ["restrictions"] = new JsonArray("acceptable-use-policy"),
            ["binds_weights"] = true,
            ["evidence"] = new JsonArray(new JsonObject { ["kind"] = "card", ["location"] = EvidenceUrl, ["detail"] = "base_model: test-org/base-model", ["confidence"] = 1 }),
        });
        return r with { ModelId = ChildId, Assessment = a };
    }
}

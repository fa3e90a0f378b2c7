using System.Text;
using System.Text.Json.Nodes;
using OpenGrade.Storage;

namespace OpenGrade.Storage.Tests;

/// <summary>
/// The stored documents and hashes are computed from bytes written once (no strings): they must
/// stay exactly what the text path gave, since catalogs compare stored hashes on every re-run.
/// </summary>
public sealed class StoredBytesTests
{
    private static JsonObject Assessment(string target) => new()
    {
        ["target"] = target,
        ["release"] = new JsonObject { ["name"] = "naïve <model> & \"quoted\"", ["date"] = null, ["progress"] = 66.66666666666666 },
        ["mof"] = new JsonObject { ["class"] = 3, ["components"] = new JsonArray(new JsonObject { ["license"] = "Apache-2.0", ["path"] = target + "/LICENSE" }) },
        ["nothing"] = null,
        ["inventory"] = new JsonObject
        {
            ["evidence"] = new JsonArray(new JsonObject { ["location"] = target + "/README.md", ["text"] = "模型 \u2028 café" }),
            ["target"] = target,
        },
        ["after"] = new JsonArray(1, 2.5, "x"),
    };

    [Theory]
    [InlineData("hf:org/model")]
    [InlineData("/tmp/dir with \"quotes\"/café")]
    [InlineData("")]
    public void The_hashes_from_bytes_equal_the_hashes_of_the_text(string target)
    {
        var assessment = Assessment(target);
        var mot = new JsonObject { ["release"] = new JsonObject { ["name"] = "m" } };
        var text = assessment.ToJsonString();
        var expectedContent = target.Length == 0 ? CatalogFacts.Hash(text)
            : CatalogFacts.Hash(text.Replace(JsonValue.Create(target).ToJsonString()[1..^1], "<target>", StringComparison.Ordinal));

        using var json = CompactJson.Of(assessment, CatalogFacts.EvidenceMember);
        Assert.Equal(Encoding.UTF8.GetBytes(text), json.Bytes.ToArray());
        Assert.Equal(Encoding.UTF8.GetBytes(assessment["inventory"]!.ToJsonString()), json.Member.ToArray());

        var facts = CatalogFacts.From(assessment, mot);
        Assert.Equal(expectedContent, facts.ContentHash);
        Assert.Equal(expectedContent, CatalogFacts.ContentHashOf(assessment));
        Assert.Equal(CatalogFacts.Hash(assessment["inventory"]!.ToJsonString()), facts.EvidenceHash);
    }

    [Fact]
    public void Without_an_inventory_the_evidence_hash_is_MOT_s_release_view()
    {
        var assessment = Assessment("x.yml");
        assessment.Remove("inventory");
        var mot = new JsonObject { ["release"] = new JsonObject { ["name"] = "m", ["license"] = new JsonObject() } };
        Assert.Equal(CatalogFacts.Hash(mot["release"]!.ToJsonString()), CatalogFacts.From(assessment, mot).EvidenceHash);
        Assert.Equal(CatalogFacts.Hash(""), CatalogFacts.From(assessment, []).EvidenceHash);
    }

    [Fact]
    public void A_packed_node_unpacks_to_its_compact_text()
    {
        var assessment = Assessment("hf:org/model");
        Assert.Equal(Encoding.UTF8.GetBytes(assessment.ToJsonString()), Documents.UnpackBytes(Documents.Pack(assessment)));
    }
}

using System.Text.Json.Nodes;
using OpenGrade.Core.Data;
using OpenGrade.Core.Frameworks;
using OpenGrade.Testing;

namespace OpenGrade.Core.Tests;

/// <summary>
/// One way for data to reach the program: every Data/**/*.yaml of the source tree is embedded as
/// the JSON that <see cref="YamlAsJson"/> makes of it, and the frameworks load from that JSON or
/// from the YAML text itself, so editing a framework's YAML is all a framework change takes.
/// </summary>
public sealed class DataFileTests
{
    private static readonly string DataDir = Path.Combine(SharedCorpus.RepoRoot, "src", "OpenGrade.Core", "Data");

    private static string Source(string name) => File.ReadAllText(Path.Combine(DataDir, name + ".yaml"));

    // "frameworks/mof-1.0" for Data/frameworks/mof-1.0.yaml.
    public static TheoryData<string> DataFiles()
    {
        var names = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(DataDir, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            names.Add(Path.ChangeExtension(Path.GetRelativePath(DataDir, path), null).Replace('\\', '/'));
        }
        return names;
    }

    [Theory]
    [MemberData(nameof(DataFiles))]
    public void Every_yaml_data_file_is_embedded_as_its_json(string name)
    {
        var embedded = JsonNode.Parse(EmbeddedData.ReadJsonText(name));
        Assert.True(JsonNode.DeepEquals(YamlAsJson.ToJsonNode(Source(name)), embedded), $"{name}: the embedded JSON is not the YAML source's");
    }

    [Fact]
    public void Embedded_json_data_comes_only_from_the_yaml_sources_and_the_spdx_list()
    {
        var embedded = typeof(YamlAsJson).Assembly.GetManifestResourceNames()
            .Where(n => n.EndsWith(".json", StringComparison.Ordinal))
            .Select(n => n["OpenGrade.Data.".Length..^".json".Length])
            .Order(StringComparer.Ordinal);
        var sources = DataFiles().Select(row => (string)row.Data).Append("licensing/spdx-licenses").Order(StringComparer.Ordinal);
        Assert.Equal(sources, embedded);
        Assert.DoesNotContain(typeof(YamlAsJson).Assembly.GetManifestResourceNames(), n => n.EndsWith(".yaml", StringComparison.Ordinal));
    }

    [Fact]
    public void The_frameworks_load_the_same_from_their_yaml_sources()
    {
        var mof = MofFrameworkLoader.Parse(Source("frameworks/mof-1.0"));
        Assert.Equal(MofFrameworkLoader.Default.Components, mof.Components);
        Assert.Equal(MofFrameworkLoader.Default.Classes, mof.Classes);
        var osaid = OsaidFrameworkLoader.Parse(Source("frameworks/osaid-1.0"), mof);
        Assert.Equal(OsaidFrameworkLoader.Default.Requirements.Select(r => (r.Id, r.Name, r.Components.Length)), osaid.Requirements.Select(r => (r.Id, r.Name, r.Components.Length)));
        Assert.Equal(OsaidFrameworkLoader.Default.AllowedConditions, osaid.AllowedConditions);
        var eu = EuAiActRulesLoader.Parse(Source("frameworks/eu-ai-act"), mof);
        Assert.Equal(EuAiActRulesLoader.Default.SystemicRiskFlops, eu.SystemicRiskFlops);
        Assert.Equal(EuAiActRulesLoader.Default.LicensedComponents, eu.LicensedComponents);
    }

    [Fact]
    public void A_framework_change_is_a_change_of_its_yaml()
    {
        var yaml = Source("frameworks/mof-1.0");
        var label = MofFrameworkLoader.Default.LabelOf(1);
        Assert.Contains(label, yaml, StringComparison.Ordinal);
        var edited = MofFrameworkLoader.Parse(yaml.Replace(label, "Class I - Edited Here", StringComparison.Ordinal));
        Assert.Equal("Class I - Edited Here", edited.LabelOf(1));
        Assert.Equal(1.0e25, EuAiActRulesLoader.Parse(Source("frameworks/eu-ai-act").Replace("1.0e25", "2.0e25", StringComparison.Ordinal), edited).SystemicRiskFlops / 2);
    }

    [Fact]
    public void Yaml_scalars_keep_their_meaning_and_unknown_keys_are_refused()
    {
        const string yaml = """
            framework: { id: mof, name: X, version: 9, date: 2030-01-01 }
            classes: [{ number: 3, label: C3 }]
            components: [{ id: 1, name: A, content_type: code, class: 3, required: true }]
            """;
        var mof = MofFrameworkLoader.Parse(yaml);
        Assert.Equal(("9", "2030-01-01"), (mof.Version, mof.Date));
        var e = Assert.Throws<FormatException>(() => MofFrameworkLoader.Parse(yaml + "\ncolour: blue\n"));
        Assert.Contains("colour", e.Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => MofFrameworkLoader.Parse(yaml + "\n  - : [\n"));
    }
}

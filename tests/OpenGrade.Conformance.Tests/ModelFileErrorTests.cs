using OpenGrade.Core.Frameworks;
using OpenGrade.Sources.Mot;

namespace OpenGrade.Conformance.Tests;

/// <summary>Every kind of bad model file gives one clear message with file, line and column.</summary>
public sealed class ModelFileErrorTests
{
    private static readonly MotModelReader Reader = new(MofFrameworkLoader.Default);

    private const string Header = """
        framework:
          name: 'Model Openness Framework'
          version: '1.0'
          date: '2024-12-15'
        release:
          name: Broken
          producer: Lab
          license: {}

        """;

    private static ModelFileException Fails(string text) =>
        Assert.Throws<ModelFileException>(() => Reader.Parse(text, "m.yml"));

    [Fact]
    public void Malformed_yaml_names_the_place()
    {
        var e = Fails(Header + "  components:\n    - name: 'Model card\n");

        Assert.StartsWith("m.yml:", e.Message);
        Assert.Contains("invalid YAML", e.Message);
        Assert.True(e.Line >= 10);
    }

    [Fact]
    public void Schema_violation_names_the_field_and_line()
    {
        var e = Fails(Header.Replace("  name: Broken\n", "  name: Broken\n  type: spaceship\n") + "  components: []\n");

        Assert.Equal(7, e.Line);
        Assert.Contains("release.type", e.Message);
    }

    [Fact]
    public void A_missing_required_field_is_a_schema_violation()
    {
        var e = Fails(Header.Replace("  producer: Lab\n", "") + "  components: []\n");

        Assert.Contains("schema violation", e.Message);
        Assert.Contains("producer", e.Message);
    }

    [Fact]
    public void Unknown_component_name_is_refused_with_a_suggestion()
    {
        var e = Fails(Header + "  components:\n    - name: Model Card\n");

        Assert.Equal((10, 13), (e.Line, e.Column));
        Assert.Contains("unknown component 'Model Card' (did you mean 'Model card'?)", e.Message);
    }

    [Fact]
    public void Unknown_component_name_without_a_near_match_lists_the_components()
    {
        var e = Fails(Header + "  components:\n    - name: Weights\n");

        Assert.Contains("Model parameters (Final)", e.Message);
    }

    [Fact]
    public void Duplicate_component_is_refused()
    {
        var e = Fails(Header + "  components:\n    - name: Model card\n    - name: Model card\n      license: MIT\n");

        Assert.Equal(11, e.Line);
        Assert.Contains("listed twice (first at line 10)", e.Message);
    }

    [Fact]
    public void Duplicate_keys_are_refused()
    {
        var e = Fails(Header + "  components: []\n  components: []\n");

        Assert.Contains("duplicate key", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Empty_file_is_refused() => Assert.Contains("empty", Fails("").Message);

    [Fact]
    public void Several_documents_are_refused() => Assert.Contains("one YAML document", Fails(Header + "  components: []\n---\nx: 1\n").Message);

    [Fact]
    public void Top_level_that_is_not_a_mapping_is_a_schema_violation() => Assert.Contains("schema violation", Fails("- a\n- b\n").Message);

    [Fact]
    public void Missing_file_is_a_clear_error()
    {
        var e = Assert.Throws<ModelFileException>(() => Reader.ReadFile("/nonexistent/m.yml"));

        Assert.StartsWith("/nonexistent/m.yml: cannot read the file", e.Message);
    }

    [Fact]
    public void Empty_component_list_is_accepted_unlike_MOT()
    {
        // MOT's validator turns [] into {} and rejects the file; a release with no components is simply unclassified.
        var release = Reader.Parse(Header + "  components: []\n", "m.yml");

        Assert.Empty(release.Components);
    }
}

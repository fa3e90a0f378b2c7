using OpenGrade.Core.Domain;
using OpenGrade.Core.Frameworks;

namespace OpenGrade.Core.Tests;

public sealed class FrameworkTests
{
    private static readonly MofFramework Mof = MofFrameworkLoader.Default;

    [Fact]
    public void Mof_has_17_components_6_4_4_required_per_class()
    {
        Assert.Equal(17, Mof.Components.Length);
        Assert.Equal(6, Mof.RequiredIn(3).Count());
        Assert.Equal(4, Mof.RequiredIn(2).Count());
        Assert.Equal(4, Mof.RequiredIn(1).Count());
        Assert.Equal(3, Mof.Components.Count(c => !c.Required));
    }

    [Fact]
    public void Class_three_requires_components_in_MOT_order()
    {
        Assert.Equal([9, 10, 12, 13, 14, 11], Mof.RequiredIn(3).Select(c => c.Id));
        Assert.Equal(ContentType.Data, Mof.Find("Model parameters (Final)")!.ContentType);
    }

    [Fact]
    public void Classes_run_from_least_to_most_open()
    {
        Assert.Equal([3, 2, 1], Mof.Classes.Select(c => c.Number));
        Assert.Equal("Class I - Open Science Model", Mof.LabelOf(1));
        Assert.Equal("Unclassified", Mof.LabelOf(0));
    }

    [Fact]
    public void The_research_paper_may_replace_the_technical_report()
    {
        var s = Assert.Single(Mof.Substitutions);
        Assert.Equal(("Technical report", "Research paper"), (s.Component.Name, s.Replacement.Name));
    }

    [Fact]
    public void Framework_data_naming_an_unknown_component_is_refused()
    {
        const string yaml = """
            framework: { id: mof, name: X, version: "9", date: "2030-01-01" }
            classes: [{ number: 3, label: C3 }]
            components: [{ id: 1, name: A, content_type: code, class: 3, required: true }]
            substitutions: [{ component: A, may_be_replaced_by: B }]
            """;
        Assert.Throws<FormatException>(() => MofFrameworkLoader.Parse(yaml));
    }
}

using System.Collections.Immutable;
using OpenGrade.Core.Data;
using OpenGrade.Core.Domain;

namespace OpenGrade.Core.Frameworks;

/// <summary>Builds a <see cref="MofFramework"/> from its declarative YAML description.</summary>
public static class MofFrameworkLoader
{
    private static readonly Lazy<MofFramework> Mof10 = new(() => Build(FrameworkData.FromJson(EmbeddedData.ReadJsonText("frameworks/mof-1.0"), FrameworkJson.Default.MofDocument)));

    /// <summary>MOF 1.0, the version MOT applies today.</summary>
    public static MofFramework Default => Mof10.Value;

    /// <summary>From YAML text in the form of Data/frameworks/mof-1.0.yaml (the source tree's file, or another).</summary>
    public static MofFramework Parse(string yaml) => Build(FrameworkData.FromYaml(yaml, FrameworkJson.Default.MofDocument));

    private static MofFramework Build(Document doc)
    {
        var components = doc.Components.Select(c => new MofComponent(
            c.Id, c.Name, ContentTypes.Parse(c.ContentType), c.Class, c.Required, c.Description ?? "")).ToImmutableArray();
        var byName = components.ToDictionary(c => c.Name);
        MofComponent Named(string name) => byName.TryGetValue(name, out var c)
            ? c : throw new FormatException($"framework data names unknown component '{name}'");
        var substitutions = doc.Substitutions
            .Select(s => new MofSubstitution(Named(s.Component), Named(s.MayBeReplacedBy)))
            .ToImmutableArray();
        var classes = doc.Classes.OrderByDescending(c => c.Number)
            .Select(c => new MofClassInfo(c.Number, c.Label)).ToImmutableArray();
        return new MofFramework(doc.Framework.Name, doc.Framework.Version, doc.Framework.Date,
            classes, doc.UnclassifiedLabel, components, substitutions);
    }

    internal sealed class Document
    {
        public MofHeader Framework { get; set; } = new();
        public List<ClassDoc> Classes { get; set; } = [];
        public string UnclassifiedLabel { get; set; } = "Unclassified";
        public List<ComponentDoc> Components { get; set; } = [];
        public List<SubstitutionDoc> Substitutions { get; set; } = [];
    }

    internal sealed class MofHeader
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public string Version { get; set; } = "";
        public string Date { get; set; } = "";
    }

    internal sealed class ClassDoc
    {
        public int Number { get; set; }
        public string Label { get; set; } = "";
    }

    internal sealed class ComponentDoc
    {
        public int Id { get; set; }
        public string Name { get; set; } = "";
        public string ContentType { get; set; } = "";
        public int Class { get; set; }
        public bool Required { get; set; }
        public string? Description { get; set; }
    }

    internal sealed class SubstitutionDoc
    {
        public string Component { get; set; } = "";
        public string MayBeReplacedBy { get; set; } = "";
    }
}

using System.Collections.Immutable;
using OpenGrade.Core.Domain;

namespace OpenGrade.Core.Frameworks;

/// <summary>A MOF component definition: MOT id, exact name, content type, the class that first requires it.</summary>
public sealed record MofComponent(int Id, string Name, ContentType ContentType, int Class, bool Required, string Description);

public sealed record MofClassInfo(int Number, string Label);

/// <summary>One component that may stand in for another (MOF 1.0: a research paper for the technical report).</summary>
public sealed record MofSubstitution(MofComponent Component, MofComponent Replacement);

/// <summary>
/// The Model Openness Framework as data: components in MOT's configuration order, classes from
/// least open (III) to most open (I), and substitution rules.
/// </summary>
public sealed class MofFramework
{
    public MofFramework(
        string name,
        string version,
        string date,
        ImmutableArray<MofClassInfo> classes,
        string unclassifiedLabel,
        ImmutableArray<MofComponent> components,
        ImmutableArray<MofSubstitution> substitutions)
    {
        Name = name;
        Version = version;
        Date = date;
        Classes = classes;
        UnclassifiedLabel = unclassifiedLabel;
        Components = components;
        Substitutions = substitutions;
        _byName = components.ToImmutableDictionary(c => c.Name, StringComparer.Ordinal);
        _byNameIgnoreCase = components.ToImmutableDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
    }

    private readonly ImmutableDictionary<string, MofComponent> _byName;
    private readonly ImmutableDictionary<string, MofComponent> _byNameIgnoreCase;

    public string Name { get; }
    public string Version { get; }
    public string Date { get; }

    /// <summary>Classes from the least open (3) to the most open (1): the order MOT evaluates them in.</summary>
    public ImmutableArray<MofClassInfo> Classes { get; }

    public string UnclassifiedLabel { get; }
    public ImmutableArray<MofComponent> Components { get; }
    public ImmutableArray<MofSubstitution> Substitutions { get; }

    public MofComponent? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The component whose name differs only in case, to suggest a fix for a typo.</summary>
    public MofComponent? FindIgnoringCase(string name) => _byNameIgnoreCase.GetValueOrDefault(name);

    public string LabelOf(int classNumber) =>
        Classes.FirstOrDefault(c => c.Number == classNumber)?.Label ?? UnclassifiedLabel;

    /// <summary>Components a class requires by itself (not cumulative), in configuration order.</summary>
    public IEnumerable<MofComponent> RequiredIn(int classNumber) =>
        Components.Where(c => c.Class == classNumber && c.Required);

    public IEnumerable<MofComponent> OptionalIn(int classNumber) =>
        Components.Where(c => c.Class == classNumber && !c.Required);

    /// <summary>The classes from the least open down to <paramref name="classNumber"/>: what reaching it takes.</summary>
    public IEnumerable<int> ClassesUpTo(int classNumber) =>
        Classes.Select(c => c.Number).Where(n => n >= classNumber);
}

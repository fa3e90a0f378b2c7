namespace OpenGrade.Core.Licensing;

public enum ReadingKind
{
    /// <summary>The text already is a known license id or a well-formed expression of known ids.</summary>
    Exact,

    /// <summary>The text named a license in another spelling; <see cref="LicenseReading.Id"/> holds the id it means.</summary>
    Recognised,

    /// <summary>Nothing OpenGrade knows; the text stays as written.</summary>
    Unknown,
}

/// <summary>How OpenGrade read one license string, so that every reinterpretation can be reported.</summary>
public sealed record LicenseReading(string Text, string? Id, ReadingKind Kind, string? Name)
{
    /// <summary>The license to judge: the id read, or the text itself when nothing was recognised.</summary>
    public string Effective => Id ?? Text;

    public string Describe() => Kind switch
    {
        ReadingKind.Recognised => $"'{Text}' read as {Id}" + (Name is null ? "" : $" ({Name})"),
        ReadingKind.Unknown => $"'{Text}' is not a license OpenGrade knows",
        _ => Text,
    };
}

namespace OpenGrade.Core.Domain;

/// <summary>The kind of artefact a component is; MOF asks for a license suited to it.</summary>
public enum ContentType
{
    Code,
    Data,
    Document,
}

public static class ContentTypes
{
    public static string ToKey(this ContentType type) => type switch
    {
        ContentType.Code => "code",
        ContentType.Data => "data",
        ContentType.Document => "document",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static ContentType Parse(string key) => key switch
    {
        "code" => ContentType.Code,
        "data" => ContentType.Data,
        "document" => ContentType.Document,
        _ => throw new FormatException($"unknown content type '{key}' (expected code, data or document)"),
    };
}

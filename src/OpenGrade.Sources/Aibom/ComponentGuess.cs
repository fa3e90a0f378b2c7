namespace OpenGrade.Sources.Aibom;

/// <summary>
/// Names the MOF component of an element in someone else's AI-BOM from what the formats say
/// (relationship types, data types, purposes) and, for documents, from words in the name.
/// Deliberately small: an element it cannot place is reported, not guessed.
/// </summary>
internal static class ComponentGuess
{
    public static string Document(string? name)
    {
        var n = (name ?? "").ToLowerInvariant();
        if (n.Contains("data card") || n.Contains("datasheet") || n.Contains("dataset card")) return "Data card";
        if (n.Contains("card")) return "Model card";
        if (n.Contains("paper") || n.Contains("arxiv") || n.Contains("publication")) return "Research paper";
        return "Technical report";
    }

    /// <summary>A dataset is evaluation data when the document says so (role property) or its name does.</summary>
    public static string Dataset(string? name, string? role)
    {
        if (role == "evaluation") return "Evaluation data";
        if (role == "training") return "Datasets";
        var n = (name ?? "").ToLowerInvariant();
        return n.Contains("eval") || n.Contains("test") || n.Contains("benchmark") ? "Evaluation data" : "Datasets";
    }

    /// <summary>Several elements for one component: their licenses together (AND); one without a license leaves the component without one.</summary>
    public static string? Combine(IReadOnlyList<string?> licenses)
    {
        var distinct = licenses.Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count == 1) return distinct[0];
        if (distinct.Contains(null)) return null;
        return string.Join(" AND ", distinct.Select(l => l!.Contains(' ') ? $"({l})" : l));
    }
}

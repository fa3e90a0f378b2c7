using System.Text.Json.Nodes;
using OpenGrade.Reports.Aibom;
using OpenGrade.Testing;

namespace OpenGrade.Conformance.Tests.Aibom;

/// <summary>
/// The official SPDX 3.0.1 and CycloneDX 1.6 / 1.7 JSON schemas, read once from ../shared/schemas
/// (third-party files: never copied into the repository) by the product's <see cref="AibomSchemaSet"/>,
/// the same validator <c>opengrade bench aibom</c> uses.
/// </summary>
public static class AibomSchemas
{
    private static readonly Lazy<AibomSchemaSet> Set = new(() => AibomSchemaSet.Load(Path.GetDirectoryName(SharedCorpus.PathTo("schemas", AibomSchemaSet.Spdx))!));

    public static AibomSchemaSet Schemas => Set.Value;

    /// <summary>Null when valid; else the first failing locations.</summary>
    public static string? Validate(JsonNode document) => Set.Value.Validate(document);
}

using System.Collections.Immutable;
using OpenGrade.Core.Domain;

namespace OpenGrade.Sources.Aibom;

/// <summary>Builds the release a foreign AI-BOM describes: one entry per MOF component found, licenses combined when several elements stand for one.</summary>
internal static class AibomReleases
{
    public static ModelRelease Build(string name, string? version, string? producer, string? architecture, string? repository, string? download, string? purl, IReadOnlyList<FoundComponent> found)
    {
        var hub = download is not null && download.StartsWith("https://huggingface.co/", StringComparison.Ordinal) ? download
            : purl is not null && purl.StartsWith("pkg:huggingface/", StringComparison.Ordinal) ? "https://huggingface.co/" + purl["pkg:huggingface/".Length..].Split('@')[0]
            : null;
        var entries = found
            .GroupBy(f => f.Component, StringComparer.Ordinal)
            .Select(g => new ComponentEntry(g.Key, null,
                // No license stated at all is MOT's "unlicensed"; a null entry license would inherit globals, of which there are none.
                ComponentGuess.Combine([.. g.Select(f => f.License)]) ?? "unlicensed",
                g.Select(f => f.LicensePath).FirstOrDefault(p => p is not null),
                g.Select(f => f.ComponentPath).FirstOrDefault(p => p is not null),
                new SourceLocation(g.First().Location)))
            .ToImmutableArray();
        return new ModelRelease(name, version, producer, null, null, architecture, repository, hub, GlobalLicenses.None, entries);
    }
}

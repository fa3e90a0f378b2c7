using System.Text.Json.Nodes;

namespace OpenGrade.Reports.Aibom;

/// <summary>
/// The CNCF draft's OCI annotations for a model artifact (TOC PR #2299) as one flat JSON object
/// of strings, plus the standard <c>org.opencontainers.image.*</c> keys OpenGrade knows and the
/// OSAID / EU AI Act verdicts. The MOF class key is left out for an unclassified release: the
/// draft only allows I, II or III.
/// </summary>
public static class OciAnnotations
{
    public static JsonObject Render(BomFacts f)
    {
        var o = new JsonObject();
        void Add(string key, string? value) { if (value is { Length: > 0 }) o[key] = value; }
        string? Prop(string name) => f.ModelProperties.FirstOrDefault(p => p.Name == name)?.Value;

        Add(OpennessVocabulary.CncfClass, Prop(OpennessVocabulary.CncfClass));
        Add(OpennessVocabulary.CncfVersion, Prop(OpennessVocabulary.CncfVersion));
        Add(OpennessVocabulary.CncfComponents, Prop(OpennessVocabulary.CncfComponents));
        Add("org.opencontainers.image.title", f.Model.Name);
        Add("org.opencontainers.image.version", f.Model.Version ?? f.Model.Revision);
        Add("org.opencontainers.image.revision", f.Model.Revision);
        Add("org.opencontainers.image.vendor", f.Model.Supplier);
        Add("org.opencontainers.image.source", f.Model.Repository ?? f.Model.DownloadLocation);
        Add("org.opencontainers.image.url", f.Model.DownloadLocation);
        Add("org.opencontainers.image.created", f.Timestamp);
        if (f.Weights?.Declared is { State: LicenseState.Stated } weights) Add("org.opencontainers.image.licenses", weights.Expression);
        Add(OpennessVocabulary.MofClass, Prop(OpennessVocabulary.MofClass));
        Add(OpennessVocabulary.OsaidVerdict, Prop(OpennessVocabulary.OsaidVerdict));
        Add(OpennessVocabulary.EuAiActVerdict, Prop(OpennessVocabulary.EuAiActVerdict));
        var flags = f.ModelProperties.Where(p => p.Name == OpennessVocabulary.Flag).Select(p => p.Value).ToList();
        if (flags.Count > 0) Add(OpennessVocabulary.Flag, string.Join(",", flags));
        return o;
    }
}

using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using OpenGrade.Core.Evaluation;
using OpenGrade.Core.Evaluation.Mof;
using OpenGrade.Core.Inventory;
using OpenGrade.Core.Licensing;

namespace OpenGrade.Reports.Aibom;

/// <summary>Who and what the assessed model is, as both AI-BOM formats name it.</summary>
public sealed record ModelFacts(
    string Id,
    string Name,
    string? Version,
    string? Revision,
    string? Supplier,
    string? DownloadLocation,
    string? Purl,
    string? Repository,
    string? ReleaseTime,
    string? Architecture,
    string? Type,
    string? Task = null,
    string? ModelArchitecture = null);

/// <summary>One MOF component present in the release, as an AI-BOM element with its two licenses.</summary>
public sealed record BomPart(
    string Key,
    ComponentVerdict Verdict,
    PartKind Kind,
    string Name,
    string? Location,
    BomLicense Declared,
    BomLicense Concluded,
    ImmutableArray<BomProperty> Properties);

/// <summary>
/// Everything both AI-BOM renderers show, worked out once from an assessment: ids, the model,
/// one part per present MOF component (the final weights are the model itself), the openness
/// properties and the human-readable review.
/// </summary>
public sealed record BomFacts(
    Guid Uuid,
    string Timestamp,
    ModelFacts Model,
    BomPart? Weights,
    ImmutableArray<BomPart> Parts,
    ImmutableArray<BomProperty> ModelProperties,
    string Review)
{
    /// <summary>What the model card states (intended use, limitations, metrics, datasets); empty without a card.</summary>
    public CardFacts Card { get; init; } = CardFacts.None;

    /// <summary>The models the release derives from, nearest first (each an element with its own licenses).</summary>
    public ImmutableArray<BomAncestor> Lineage { get; init; } = [];

    /// <summary>The model's licenses: the weights' when they are present, else the license the source declares for them anyway (the Hub's), else NOASSERTION.</summary>
    public (BomLicense Declared, BomLicense Concluded) ModelLicenses { get; init; } = (BomLicense.NoAssertion, BomLicense.NoAssertion);

    public static BomFacts From(AssessedTarget target, ExportContext ctx)
    {
        var a = ctx.Select(target.Assessment ?? throw new ArgumentException($"{target.Target} was not assessed: {target.Error}", nameof(target)));
        var model = Identify(a, target.Inventory);
        var licenses = new BomLicenses(ctx.Licenses, TextBase(model));
        var recognised = a.MofRecognised.Components.ToDictionary(v => v.Component.Id);
        var parts = a.Mof.Components.Where(v => v.Present).Select(v =>
        {
            var rec = recognised[v.Component.Id];
            var kind = MofParts.KindOf(v.Component);
            var declared = licenses.Declared(v);
            var location = Url(v.Entry?.ComponentPath) ?? (kind == PartKind.Model ? model.DownloadLocation : null);
            return new BomPart(MofParts.Kebab(v.Component), v, kind, $"{model.Name} {v.Component.Name.ToLowerInvariant()}", location,
                declared, licenses.Concluded(rec), OpennessVocabulary.ForComponent(v, rec, declared, kind, target.Inventory));
        }).ToImmutableArray();
        var weights = parts.FirstOrDefault(p => p.Kind == PartKind.Model);
        return new BomFacts(
            StableId.For(model.Id, model.Revision ?? model.Version, ctx.AssessedAt),
            ctx.Timestamp,
            model,
            weights,
            [.. parts.Where(p => p.Kind != PartKind.Model)],
            [.. OpennessVocabulary.ForModel(a, target.Target), .. OpennessVocabulary.Silences(a.Mof)],
            ReviewOf(a))
        {
            // A recognizer costs milliseconds to build: only made when there is a lineage to read.
            Lineage = a.Lineage.IsEmpty ? [] : BomLineage.From(a, licenses, new LicenseRecognizer(ctx.Licenses)),
            Card = CardFacts.From(target.Inventory?.Snapshot),
            ModelLicenses = weights is not null ? (weights.Declared, weights.Concluded) : (UnlistedWeights(a, licenses), BomLicense.NoAssertion),
        };
    }

    /// <summary>Weights not shown present: what the source declares for them anyway (a Hub repository's license), else NOASSERTION.</summary>
    private static BomLicense UnlistedWeights(Assessment a, BomLicenses licenses) =>
        a.Mof.Components.FirstOrDefault(v => MofParts.KindOf(v.Component) == PartKind.Model) is { Present: false, DeclaredLicense: { Length: > 0 } declared } v
            ? licenses.FromText(declared, v.Silence?.LicensePath)
            : BomLicense.NoAssertion;

    private static ModelFacts Identify(Assessment a, ModelInventory? inventory)
    {
        var r = a.Release;
        var hubId = inventory?.Snapshot.Id is { } sid && sid.Contains('/') ? sid : HubId(r.HuggingFace);
        var revision = inventory?.Snapshot.Revision;
        var download = Url(r.HuggingFace) ?? (hubId is null ? null : $"https://huggingface.co/{hubId}") ?? Url(r.Repository);
        var purl = hubId is null ? null : $"pkg:huggingface/{hubId}" + (revision is null ? "" : "@" + revision);
        return new ModelFacts(hubId ?? r.Name, r.Name, r.Version is { Length: > 0 } v ? v : null, revision,
            r.Producer is { Length: > 0 } p ? p : inventory?.Snapshot.Owner, download, purl, Url(r.Repository),
            ReleaseTime(r.Date), r.Architecture is { Length: > 0 } arch ? arch : null, r.Type is { Length: > 0 } t ? t : null,
            inventory?.Snapshot.Hub?.PipelineTag ?? inventory?.Snapshot.Metadata?.Text("pipeline_tag"),
            inventory?.Snapshot.Config is { Architectures.IsDefaultOrEmpty: false } config ? string.Join(", ", config.Architectures) : inventory?.Snapshot.Config?.ModelType);
    }

    /// <summary><c>owner/name</c> from a Hub URL, or null.</summary>
    private static string? HubId(string? url)
    {
        if (Url(url) is not { } u || !u.StartsWith("https://huggingface.co/", StringComparison.Ordinal)) return null;
        var parts = u["https://huggingface.co/".Length..].Split('/', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2 && parts[0] != "datasets" && parts[0] != "spaces" ? $"{parts[0]}/{parts[1]}" : null;
    }

    /// <summary>Where a relative license path is resolved: the Hub repository at its revision, else the code repository.</summary>
    private static string? TextBase(ModelFacts m) =>
        m.DownloadLocation is { } d && d.StartsWith("https://huggingface.co/", StringComparison.Ordinal)
            ? $"{d.TrimEnd('/')}/blob/{m.Revision ?? "main"}"
            : null;

    internal static string? Url(string? text) =>
        text is { Length: > 0 } && Uri.TryCreate(text.Trim(), UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp)
            ? u.AbsoluteUri.TrimEnd('/')
            : null;

    /// <summary>A release date (<c>YYYY-MM-DD</c> or a full time) as SPDX's UTC second-precision form, or null.</summary>
    private static string? ReleaseTime(string? date) =>
        date is { Length: > 0 } && DateTimeOffset.TryParse(date, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? ExportContext.Utc(t)
            : null;

    /// <summary>The reasoning behind every judgement, in sentences, for the review annotation.</summary>
    private static string ReviewOf(Assessment a)
    {
        var s = new StringBuilder();
        var m = a.Mof;
        s.Append(CultureInfo.InvariantCulture, $"MOF {m.Framework.Version}: {m.ClassLabel} (progress Class III {m.Progress.Class3:0.#}%, Class II {m.Progress.Class2:0.#}%, Class I {m.Progress.Class1:0.#}%).");
        if (a.MofRecognised.Class != m.Class || a.MofRecognised.Recognitions.Length > 0)
        {
            s.Append(CultureInfo.InvariantCulture, $" With license names read: {a.MofRecognised.ClassLabel}");
            if (a.MofRecognised.Recognitions.Length > 0) s.Append(" (").Append(string.Join("; ", a.MofRecognised.Recognitions.Select(r => r.Describe()))).Append(')');
            s.Append('.');
        }
        foreach (var gap in m.NextClass) s.Append(CultureInfo.InvariantCulture, $" Next: class {Vocabulary.Roman(gap.Class)}: {gap.Message}");
        if (a.Osaid is { } o) s.Append(CultureInfo.InvariantCulture, $" OSAID {o.Framework.Version}: {o.Verdict.Key()}: {o.Reason}");
        if (a.EuAiAct is { } eu) s.Append(CultureInfo.InvariantCulture, $" EU AI Act open-source exemption: {eu.Verdict.Key()}: {eu.Reason} ({eu.Disclaimer})");
        foreach (var f in a.Flags) s.Append(CultureInfo.InvariantCulture, $" Flag {f.Kind}: {f.Message}");
        return s.ToString();
    }
}

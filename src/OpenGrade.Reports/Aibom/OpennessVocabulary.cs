using System.Collections.Immutable;
using System.Globalization;
using OpenGrade.Core.Domain;
using OpenGrade.Core.Evaluation;
using OpenGrade.Core.Evaluation.Mof;
using OpenGrade.Core.Inventory;

namespace OpenGrade.Reports.Aibom;

/// <summary>A name/value pair: a CycloneDX property, an SPDX <c>extension_CdxPropertyEntry</c>, or an OCI annotation.</summary>
public sealed record BomProperty(string Name, string Value);

/// <summary>
/// The <c>openness:</c> property names, spelled the same in both formats (docs/exports.md), plus
/// the CNCF draft's OCI keys. Values of judgements are the JSON report's keys.
/// </summary>
public static class OpennessVocabulary
{
    public const string MofFrameworkVersion = OpennessKeys.MofFrameworkVersion;
    public const string MofClass = OpennessKeys.MofClass;
    public const string MofClassNumber = OpennessKeys.MofClassNumber;
    public const string MofComponent = OpennessKeys.MofComponent;
    public const string MofStatus = OpennessKeys.MofStatus;
    public const string MofRecognisedStatus = OpennessKeys.MofRecognisedStatus;
    public const string LicenseStatus = OpennessKeys.LicenseStatus;
    public const string LicenseSourceKey = OpennessKeys.LicenseSourceKey;
    public const string LicenseEntry = OpennessKeys.LicenseEntry;
    public const string LicenseAsWritten = OpennessKeys.LicenseAsWritten;
    public const string LicensePath = OpennessKeys.LicensePath;
    public const string ComponentPath = OpennessKeys.ComponentPath;
    public const string DatasetRole = OpennessKeys.DatasetRole;
    public const string ReleasePrefix = OpennessKeys.ReleasePrefix;
    public const string GlobalLicensePrefix = OpennessKeys.GlobalLicensePrefix;
    public const string SignalPrefix = OpennessKeys.SignalPrefix;
    public const string OsaidVerdict = OpennessKeys.OsaidVerdict;
    public const string EuAiActVerdict = OpennessKeys.EuAiActVerdict;
    public const string Flag = OpennessKeys.Flag;

    public const string CncfClass = OpennessKeys.CncfClass;
    public const string CncfVersion = OpennessKeys.CncfVersion;
    public const string CncfComponents = OpennessKeys.CncfComponents;

    /// <summary>The release fields, read back verbatim by the AI-BOM source.</summary>
    public static readonly ImmutableArray<string> ReleaseFields = ["name", "version", "producer", "date", "type", "architecture", "repository", "huggingface"];

    /// <summary>Everything OpenGrade judged about the release, for the model element.</summary>
    public static ImmutableArray<BomProperty> ForModel(Assessment a, string target)
    {
        var p = ImmutableArray.CreateBuilder<BomProperty>();
        void Add(string name, string? value) { if (value is not null) p.Add(new(name, value)); }
        static string N(double d) => d.ToString("R", CultureInfo.InvariantCulture);

        var mof = a.Mof;
        Add(MofFrameworkVersion, mof.Framework.Version);
        Add(MofClass, mof.ClassLabel);
        Add(MofClassNumber, mof.Class.ToString(CultureInfo.InvariantCulture));
        if (Roman(mof.Class) is { } roman) Add(CncfClass, roman);
        Add(CncfVersion, mof.Framework.Version);
        Add(CncfComponents, string.Join(",", PresentComponents(mof)));
        for (var c = 1; c <= 3; c++) Add($"openness:mof:progress:class{c}", N(mof.Progress.For(c)));
        Add("openness:mof:total-progress", N(mof.Progress.Total));
        foreach (var gap in mof.NextClass) Add("openness:mof:next-class", $"class {Vocabulary.Roman(gap.Class)}: {gap.Message}");
        var rec = a.MofRecognised;
        Add("openness:mof-recognised:class", rec.ClassLabel);
        Add("openness:mof-recognised:class-number", rec.Class.ToString(CultureInfo.InvariantCulture));
        for (var c = 1; c <= 3; c++) Add($"openness:mof-recognised:progress:class{c}", N(rec.Progress.For(c)));
        foreach (var r in rec.Recognitions) Add("openness:mof-recognised:recognition", r.Describe());

        if (a.Osaid is { } osaid)
        {
            Add("openness:osaid:version", osaid.Framework.Version);
            Add(OsaidVerdict, osaid.Verdict.Key());
            Add("openness:osaid:reason", osaid.Reason);
            Add("openness:osaid:components-complete", osaid.ComponentsComplete ? "true" : "false");
            foreach (var q in osaid.Requirements) Add($"openness:osaid:requirement:{q.Id}", q.Status.Key());
        }
        if (a.EuAiAct is { } eu)
        {
            Add(EuAiActVerdict, eu.Verdict.Key());
            Add("openness:eu-ai-act:reason", eu.Reason);
            foreach (var c in eu.Conditions) Add($"openness:eu-ai-act:condition:{c.Id}", c.Status.Key());
            if (eu.EstimatedTrainingFlops is { } flops) Add("openness:eu-ai-act:estimated-training-flops", N(flops));
            Add("openness:eu-ai-act:disclaimer", eu.Disclaimer);
        }
        foreach (var f in a.Flags)
        {
            Add(Flag, f.Kind);
            Add($"openness:flag:{f.Kind}", f.Message);
        }

        var r0 = a.Release;
        string?[] values = [r0.Name, r0.Version, r0.Producer, r0.Date, r0.Type, r0.Architecture, r0.Repository, r0.HuggingFace];
        for (var i = 0; i < ReleaseFields.Length; i++) Add(ReleasePrefix + ReleaseFields[i], values[i]);
        Add(OpennessKeys.ReleaseCoverage, r0.Coverage.ToText());
        AddGlobal(p, "distribution", r0.Licenses.Distribution);
        AddGlobal(p, "code", r0.Licenses.Code);
        AddGlobal(p, "data", r0.Licenses.Data);
        AddGlobal(p, "document", r0.Licenses.Document);
        var s = a.Signals;
        if (s.Gated is { } gated) Add(SignalPrefix + "gated", gated ? "true" : "false");
        if (s.ParameterCount is { } pc) Add(SignalPrefix + "parameter-count", pc.ToString(CultureInfo.InvariantCulture));
        if (s.TrainingTokens is { } tt) Add(SignalPrefix + "training-tokens", tt.ToString(CultureInfo.InvariantCulture));
        if (s.ReportedTrainingFlops is { } rf) Add(SignalPrefix + "reported-training-flops", N(rf));
        Add("openness:assessment:target", target);
        return p.ToImmutable();
    }

    private static void AddGlobal(ImmutableArray<BomProperty>.Builder p, string scope, LicenseDeclaration? d)
    {
        if (d?.Name is { } name) p.Add(new(GlobalLicensePrefix + scope, name));
        if (d?.Path is { Length: > 0 } path) p.Add(new(GlobalLicensePrefix + scope + ":path", path));
    }

    /// <summary>One component's judgement and how its license was found.</summary>
    public static ImmutableArray<BomProperty> ForComponent(ComponentVerdict v, ComponentVerdict recognised, BomLicense declared, PartKind kind, ModelInventory? inventory)
    {
        var p = ImmutableArray.CreateBuilder<BomProperty>();
        p.Add(new(MofComponent, v.Component.Name));
        p.Add(new(OpennessKeys.ComponentPresence, v.Presence.Key()));
        p.Add(new("openness:mof:content-type", v.Component.ContentType.ToKey()));
        p.Add(new(MofStatus, v.Status.Key()));
        p.Add(new(MofRecognisedStatus, recognised.Status.Key()));
        p.Add(new(LicenseStatus, declared.StatusKey));
        p.Add(new(LicenseSourceKey, v.LicenseSource.Key()));
        if (v.License is { } written && written != declared.Expression) p.Add(new(LicenseAsWritten, written));
        if (v.Entry?.License is { } own) p.Add(new(LicenseEntry, own));
        if (recognised.TypeAppropriate is { } ta) p.Add(new("openness:mof:type-appropriate", ta ? "true" : "false"));
        if (v.Entry?.LicensePath is { Length: > 0 } lp) p.Add(new(LicensePath, lp));
        if (v.Entry?.ComponentPath is { Length: > 0 } cp) p.Add(new(ComponentPath, cp));
        if (kind == PartKind.TrainingData) p.Add(new(DatasetRole, "training"));
        if (kind == PartKind.EvaluationData) p.Add(new(DatasetRole, "evaluation"));
        if (inventory?.Find(v.Component.Name) is { } finding)
        {
            p.Add(new("openness:inventory:presence", finding.Presence.ToString().ToLowerInvariant()));
            p.Add(new("openness:inventory:confidence", finding.Confidence.ToString("R", CultureInfo.InvariantCulture)));
            foreach (var e in finding.Evidence.Take(5)) p.Add(new("openness:evidence", $"{e.Kind} at {e.Location}: {e.Detail}"));
        }
        return p.ToImmutable();
    }

    /// <summary>
    /// The components the release is not shown to contain, on the model: <c>absent</c> (the source
    /// shows it left out) or <c>unknown</c> (the source does not say), why, and any license the
    /// source declares for it anyway. They get no element of their own: an element would claim a release.
    /// </summary>
    public static IEnumerable<BomProperty> Silences(MofResult mof)
    {
        foreach (var v in mof.Components.Where(v => !v.Present))
        {
            var kebab = MofParts.Kebab(v.Component);
            yield return new(OpennessKeys.ComponentPresencePrefix + kebab, v.Presence.Key());
            if (v.PresenceReason is { Length: > 0 } reason) yield return new(OpennessKeys.ComponentPresenceReasonPrefix + kebab, reason);
            if (v.DeclaredLicense is { Length: > 0 } license) yield return new(OpennessKeys.ComponentDeclaredLicensePrefix + kebab, license);
        }
    }

    /// <summary>The components the release contains (open or not), as CNCF kebab-case names in MOF order.</summary>
    public static IEnumerable<string> PresentComponents(MofResult mof) =>
        mof.Components.Where(v => v.Present).Select(v => MofParts.Kebab(v.Component));

    public static string? Roman(int classNumber) => classNumber is >= 1 and <= 3 ? Vocabulary.Roman(classNumber) : null;
}

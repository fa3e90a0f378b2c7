using System.Collections.Immutable;
using OpenGrade.Core.Domain;
using OpenGrade.Core.Evaluation.EuAiAct;
using OpenGrade.Core.Evaluation.Flags;
using OpenGrade.Core.Evaluation.Mof;
using OpenGrade.Core.Evaluation.Osaid;
using OpenGrade.Core.Frameworks;
using OpenGrade.Core.Licensing;

namespace OpenGrade.Core.Evaluation;

/// <summary>A release and its judgements.</summary>
public sealed record Assessment(ModelRelease Release, MofResult Mof, MofResult MofRecognised, ReleaseSignals Signals)
{
    /// <summary>The release against the Open Source AI Definition (null when not judged).</summary>
    public OsaidResult? Osaid { get; init; }

    /// <summary>Whether the EU AI Act's open-source exemption is likely to apply (null when not judged).</summary>
    public EuAiActResult? EuAiAct { get; init; }

    /// <summary>Warnings about the release (openwashing, license conflicts, ...).</summary>
    public ImmutableArray<Flag> Flags { get; init; } = [];

    /// <summary>The release's ancestors with what their licenses impose on it, nearest first.</summary>
    public ImmutableArray<InheritedTerms> Lineage { get; init; } = [];
}

/// <summary>One ancestor as the judgements read it: its restrictions (null when its license's terms are unknown) and whether its terms bind the release's weights.</summary>
public sealed record InheritedTerms(Ancestor Ancestor, ImmutableArray<RestrictionKind>? Restrictions, bool Binds);

/// <summary>
/// Judges releases: MOT's exact result, and the same evaluation after OpenGrade has read the
/// license names. Immutable and thread-safe; build one and reuse it.
/// </summary>
public sealed class Assessor
{
    private readonly MofEvaluator _mot;
    private readonly MofEvaluator _recognising;
    private readonly Judgements _judgements;

    public Assessor(MofFramework framework, LicenseCatalog catalog, OsaidFramework? osaid = null, EuAiActRules? euAiAct = null)
    {
        _judgements = new Judgements(osaid ?? OsaidFrameworkLoader.Default, euAiAct ?? EuAiActRulesLoader.Default, catalog);
        Framework = framework;
        Catalog = catalog;
        _mot = new MofEvaluator(framework, catalog, new ExactIdJudge(catalog));
        _recognising = new MofEvaluator(framework, catalog, new RecognisingJudge(catalog, new LicenseRecognizer(catalog)));
    }

    public static Assessor CreateDefault() => new(MofFrameworkLoader.Default, LicenseCatalog.Default);

    public MofFramework Framework { get; }
    public LicenseCatalog Catalog { get; }

    public Assessment Assess(ModelRelease release, ReleaseSignals? signals = null) =>
        _judgements.Judge(new(release, _mot.Evaluate(release), _recognising.Evaluate(release), signals ?? ReleaseSignals.Empty));

    /// <summary>MOT's result alone (what the MOT website shows).</summary>
    public MofResult AssessAsMot(ModelRelease release) => _mot.Evaluate(release);
}

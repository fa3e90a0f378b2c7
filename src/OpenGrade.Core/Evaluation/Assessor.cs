using OpenGrade.Core.Domain;
using OpenGrade.Core.Evaluation.Mof;
using OpenGrade.Core.Frameworks;
using OpenGrade.Core.Licensing;

namespace OpenGrade.Core.Evaluation;

/// <summary>A release and its judgements.</summary>
public sealed record Assessment(ModelRelease Release, MofResult Mof, MofResult MofRecognised, ReleaseSignals Signals);

/// <summary>
/// Judges releases: MOT's exact result, and the same evaluation after OpenGrade has read the
/// license names. Immutable and thread-safe; build one and reuse it.
/// </summary>
public sealed class Assessor
{
    private readonly MofEvaluator _mot;
    private readonly MofEvaluator _recognising;

    public Assessor(MofFramework framework, LicenseCatalog catalog)
    {
        Framework = framework;
        Catalog = catalog;
        _mot = new MofEvaluator(framework, catalog, new ExactIdJudge(catalog));
        _recognising = new MofEvaluator(framework, catalog, new RecognisingJudge(catalog, new LicenseRecognizer(catalog)));
    }

    public static Assessor CreateDefault() => new(MofFrameworkLoader.Default, LicenseCatalog.Default);

    public MofFramework Framework { get; }
    public LicenseCatalog Catalog { get; }

    public Assessment Assess(ModelRelease release, ReleaseSignals? signals = null) =>
        new(release, _mot.Evaluate(release), _recognising.Evaluate(release), signals ?? ReleaseSignals.Empty);

    /// <summary>MOT's result alone (what the MOT website shows).</summary>
    public MofResult AssessAsMot(ModelRelease release) => _mot.Evaluate(release);
}

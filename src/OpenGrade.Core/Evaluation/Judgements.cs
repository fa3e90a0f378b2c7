using OpenGrade.Core.Domain;
using OpenGrade.Core.Evaluation.EuAiAct;
using OpenGrade.Core.Evaluation.Flags;
using OpenGrade.Core.Evaluation.Osaid;
using OpenGrade.Core.Frameworks;
using OpenGrade.Core.Licensing;

namespace OpenGrade.Core.Evaluation;

/// <summary>
/// The judgements beyond MOF, made from a MOF assessment: OSAID, the EU AI Act exemption and the
/// flags. Kept apart from <see cref="Assessor"/> so that MOF stays exactly MOT's computation.
/// </summary>
internal sealed class Judgements(OsaidFramework osaid, EuAiActRules euAiAct, LicenseCatalog catalog)
{
    private readonly OsaidEvaluator _osaid = new(osaid, new LicenseFactsReader(catalog));
    private readonly EuAiActEvaluator _euAiAct = new(euAiAct, new LicenseFactsReader(catalog));
    private readonly LicenseFactsReader _facts = new(catalog);
    private readonly FlagDetector _flags = new(new LicenseRecognizer(catalog), new LicenseFactsReader(catalog));

    private InheritedTerms Terms(Ancestor a)
    {
        if (a.License is null) return new InheritedTerms(a, null, false);
        var inherited = new Inherited(a, _facts.Read(a.License));
        return new InheritedTerms(a, inherited.Facts.Restrictions, inherited.Binds);
    }

    public Assessment Judge(Assessment assessment)
    {
        var osaidResult = _osaid.Evaluate(assessment.MofRecognised, assessment.Release.Lineage);
        return assessment with
        {
            Osaid = osaidResult,
            EuAiAct = _euAiAct.Evaluate(assessment.Release, assessment.MofRecognised, assessment.Signals),
            Flags = _flags.Detect(assessment.Release, assessment.Signals, assessment.MofRecognised, osaidResult),
            Lineage = [.. assessment.Release.Lineage.Select(Terms)],
        };
    }
}

using OpenGrade.Core.Domain;

namespace OpenGrade.Core.Licensing;

/// <summary>What one license string means for one component: open? suited to its content type?</summary>
public sealed record LicenseJudgement(string License, bool IsOpen, bool IsTypeAppropriate, LicenseReading? Reading);

/// <summary>Decides whether a license string is open for a content type.</summary>
public interface ILicenseJudge
{
    LicenseJudgement Judge(string license, ContentType type);
}

/// <summary>
/// MOT's judge: the string must be an exact, case-sensitive license id. Anything else,
/// "Apache 2.0" and SPDX expressions included, is not open.
/// </summary>
public sealed class ExactIdJudge(LicenseCatalog catalog) : ILicenseJudge
{
    public LicenseJudgement Judge(string license, ContentType type) =>
        new(license, catalog.IsOpenId(license), catalog.IsTypeAppropriateId(license, type), null);
}

/// <summary>
/// OpenGrade's judge: reads names, aliases, Hugging Face ids and SPDX expressions first, then
/// applies MOT's rules to the ids read (OR is open when any branch is, AND when all are).
/// </summary>
public sealed class RecognisingJudge(LicenseCatalog catalog, LicenseRecognizer recognizer) : ILicenseJudge
{
    public LicenseJudgement Judge(string license, ContentType type)
    {
        var reading = recognizer.Read(license);
        if (reading.Id is null) return new(license, false, false, reading);
        if (!LicenseExpressionParser.TryParse(reading.Id, out var expression))
        {
            return new(reading.Id, catalog.IsOpenId(reading.Id), catalog.IsTypeAppropriateId(reading.Id, type), reading);
        }
        var open = expression!.Satisfies(catalog.IsOpenId);
        var suited = expression.Satisfies(id => catalog.IsOpenId(id) && catalog.IsTypeAppropriateId(id, type));
        return new(reading.Id, open, suited, reading);
    }
}

using OpenGrade.Core.Licensing.Detection;

namespace OpenGrade.Core.Tests.Inventory;

/// <summary>A stand-in license identifier for the pure inventory: every text reads as the one license it is given (null: none).</summary>
internal sealed class FixedIdentifier(string? license, double confidence = 1) : ILicenseIdentifier
{
    public LicenseDetection Identify(string text) =>
        license is null ? LicenseDetection.None : new LicenseDetection(license, confidence, [new LicenseMatch(license, confidence, MatchKind.Exact, 1, 1)]);
}

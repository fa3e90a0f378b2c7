using System.Collections.Immutable;

namespace OpenGrade.Core.Licensing.Detection;

/// <summary>How a license was recognised in a text.</summary>
public enum MatchKind
{
    /// <summary>The normalised text equals a known license text.</summary>
    Exact,

    /// <summary>The text is close to a known license text (similarity above the threshold).</summary>
    Similar,

    /// <summary>A short notice names the license ("Licensed under the Apache License, Version 2.0").</summary>
    Notice,

    /// <summary>An <c>SPDX-License-Identifier:</c> line.</summary>
    Identifier,

    /// <summary>Distinctive titles or phrases of a license with no reference text (most AI licenses).</summary>
    Marker,
}

/// <summary>One license found in a text, with where it stands (1-based, inclusive line range).</summary>
public sealed record LicenseMatch(string Id, double Confidence, MatchKind Kind, int StartLine, int EndLine);

/// <summary>
/// What a text is licensed under: an SPDX expression (or LicenseRef id) when a license was
/// recognised, null when none was, with each match behind it.
/// </summary>
public sealed record LicenseDetection(string? License, double Confidence, ImmutableArray<LicenseMatch> Matches)
{
    public static readonly LicenseDetection None = new(null, 0, []);
}

/// <summary>Identifies the license(s) stated in a text. Pure: text in, answer out.</summary>
public interface ILicenseIdentifier
{
    LicenseDetection Identify(string text);
}

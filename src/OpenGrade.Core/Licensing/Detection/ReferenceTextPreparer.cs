namespace OpenGrade.Core.Licensing.Detection;

/// <summary>
/// Prepares an SPDX reference text before it is indexed, applying the parts of the SPDX matching
/// guidelines that the plain texts of the npm list cannot express: everything after "END OF TERMS
/// AND CONDITIONS" is optional (the Apache appendix, the GNU "how to apply" section), the
/// "-with-…-exception" entries hold a placeholder line instead of the GPL text (the exception
/// alone is indexed), and the LGPL-3.0 texts carry the whole GPL-3.0 after their own terms
/// (LGPL-3.0 is indexed alone; a file with both then yields both).
/// </summary>
public static class ReferenceTextPreparer
{
    public static string Prepare(string id, string text)
    {
        var lines = LicenseTextNormalizer.SplitLines(text).ToList();
        var kept = new List<string>(lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            var t = lines[i].Trim();
            if (t.StartsWith("insert GPL v", StringComparison.OrdinalIgnoreCase) && t.EndsWith("license text here", StringComparison.OrdinalIgnoreCase)) continue;
            if (id.StartsWith("LGPL-3.0", StringComparison.Ordinal) && i > 10 && t.Equals("GNU GENERAL PUBLIC LICENSE", StringComparison.OrdinalIgnoreCase)) break;
            kept.Add(lines[i]);
            if (t.Equals("END OF TERMS AND CONDITIONS", StringComparison.OrdinalIgnoreCase)) break;
        }
        return string.Join('\n', kept);
    }
}

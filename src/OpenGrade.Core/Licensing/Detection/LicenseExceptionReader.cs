namespace OpenGrade.Core.Licensing.Detection;

/// <summary>An exception paragraph: the exceptions whose cues it fits, in the data's order, and its lines.</summary>
internal sealed record ExceptionHit(IReadOnlyList<ExceptionCue> Cues, int StartLine, int EndLine);

/// <summary>
/// Finds license exception paragraphs by the key words of <see cref="ExceptionCue"/>s (data): the
/// cue's opening words, then every one of its words within <see cref="Window"/> words. Which
/// license the paragraph modifies is decided when the file's licenses are combined.
/// </summary>
internal static class LicenseExceptionReader
{
    // An exception paragraph names what it is about in its first sentences.
    private const int Window = 50;

    public static IReadOnlyList<ExceptionHit> Find(NormalizedText text, IReadOnlyList<ExceptionCue> cues)
    {
        var hits = new List<ExceptionHit>();
        if (cues.Count == 0) return hits;
        var w = text.Words;
        // The words a cue can open with: most words of a text are none of them.
        var openers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cue in cues) if (cue.Cue.Count > 0) openers.Add(cue.Cue[0]);
        for (var k = 0; k < w.Length; k++)
        {
            if (!openers.Contains(w[k])) continue;
            List<ExceptionCue>? fitting = null;
            var last = k;
            foreach (var cue in cues)
            {
                if (!OpensAt(w, k, cue.Cue)) continue;
                var from = k + cue.Cue.Count;
                var end = Math.Min(w.Length, from + Window);
                var far = k;
                var all = true;
                foreach (var word in cue.Words)
                {
                    var at = from < end ? w.IndexOf(word, from, end - from, StringComparer.Ordinal) : -1;
                    if (at < 0) { all = false; break; }
                    far = Math.Max(far, at);
                }
                if (!all) continue;
                (fitting ??= []).Add(cue);
                last = Math.Max(last, far);
            }
            if (fitting is null) continue;
            hits.Add(new ExceptionHit(fitting, text.Lines[k], text.Lines[last]));
            k = last;
        }
        return hits;
    }

    private static bool OpensAt(System.Collections.Immutable.ImmutableArray<string> w, int k, IReadOnlyList<string> cue)
    {
        if (cue.Count == 0 || k + cue.Count > w.Length) return false;
        for (var j = 0; j < cue.Count; j++) if (!string.Equals(w[k + j], cue[j], StringComparison.Ordinal)) return false;
        return true;
    }
}

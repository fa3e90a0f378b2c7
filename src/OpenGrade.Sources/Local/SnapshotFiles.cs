using OpenGrade.Sources.Files;

namespace OpenGrade.Sources.Local;

/// <summary>
/// How the snapshot reader reads a file: regular files only (a FIFO would block, a link to
/// <c>/dev/zero</c> would never end), bytes counted from the stream, and a budget per kind of file
/// that fits what the file legitimately holds. A file it cannot read becomes one
/// <see cref="SnapshotException"/> naming the file (docs/inventory-rules.md lists the budgets).
/// </summary>
public static class SnapshotFiles
{
    /// <summary>
    /// Recorded Hub answers (<c>api_model.json</c>, <c>siblings.json</c>, <c>refs.json</c>, dataset
    /// answers), as the Hub returns and the fetcher writes them: a model with 100,000 files lists
    /// about 10 MiB. Past the budget the file is refused, never cut into invalid JSON.
    /// </summary>
    public const long MaxHubAnswerBytes = Hub.HubOptions.ApiAnswerBytes;

    /// <summary>Texts read for their head (README, LICENSE, NOTICE): the start is kept, the rest is not read.</summary>
    public const long MaxTextBytes = 1L << 20;

    /// <summary><c>config.json</c>: usually a few KiB, a few MiB with large label maps.</summary>
    public const long MaxConfigBytes = 16L << 20;

    /// <summary><c>.git/packed-refs</c>: about 80 bytes a ref, so room for far more than <see cref="GitRefs.MaxRefs"/>.</summary>
    public const long MaxPackedRefsBytes = 64L << 20;

    /// <summary>
    /// Whether <paramref name="relative"/> names something inside <paramref name="root"/> itself: it
    /// exists and neither it nor a folder on the way is a symbolic link. The listing skips links, and
    /// so do the files read by name, so that a folder someone else prepared cannot make the reader
    /// open a file of the user's it points to.
    /// </summary>
    public static bool IsOwn(string root, string relative)
    {
        var path = root;
        foreach (var part in relative.Split('/'))
        {
            path = Path.Combine(path, part);
            try
            {
                if ((File.GetAttributes(path) & FileAttributes.ReparsePoint) != 0) return false;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return false; // missing, or not reachable
            }
        }
        return true;
    }

    /// <summary>Reads <paramref name="path"/> as text; errors name it as <paramref name="shownAs"/>.</summary>
    public static string ReadText(string path, string shownAs, long maxBytes, OverBudget over = OverBudget.Refuse)
    {
        try
        {
            return RegularFile.ReadText(path, maxBytes, over);
        }
        catch (FileRefusedException e)
        {
            throw new SnapshotException(shownAs, 0, e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SnapshotException(shownAs, 0, $"cannot read the file: {e.Message}");
        }
    }
}

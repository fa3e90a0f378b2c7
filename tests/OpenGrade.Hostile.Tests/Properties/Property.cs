using CsCheck;

namespace OpenGrade.Hostile.Tests.Properties;

/// <summary>How the properties run: a fixed number of iterations under a time bound, failing inputs printed with control characters visible.</summary>
internal static class Property
{
    /// <summary>Every property's wall-clock bound, in milliseconds, for <c>[Fact(Timeout = ...)]</c>.</summary>
    public const int Timeout = 60_000;

    public static Task Check<T>(Gen<T> inputs, Action<T> assert, int iter, Func<T, string>? print = null) =>
        Task.Run(() => inputs.Sample(assert, iter: iter, print: print), TestContext.Current.CancellationToken);

    /// <summary>Any of the generators, equally likely.</summary>
    public static Gen<T> Any<T>(params Gen<T>[] gens) => Gen.Frequency([.. gens.Select(g => (1, (IGen<T>)g))]);

    /// <summary>Every input gives a result or the target's one-line error naming the file.</summary>
    public static Task ResultOrCleanError(Gen<string> inputs, ParserTarget target, int iter) =>
        Check(inputs, text => target.Run(text), iter, Quote);

    /// <summary>The text, escaped so that it can be pasted into a C# string literal.</summary>
    public static string Quote(string text)
    {
        var clipped = text.Length > 6000 ? text[..6000] : text;
        var body = string.Concat(clipped.Select(c => c switch
        {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\t' => "\\t",
            _ when char.IsControl(c) || char.IsSurrogate(c) || c > '\u007e' => $"\\u{(int)c:x4}",
            _ => c.ToString(),
        }));
        return $"\"{body}\"" + (text.Length > clipped.Length ? $" (first 6000 of {text.Length} chars)" : "");
    }
}

/// <summary>The real files the mutations start from (read at run time from ../shared, never copied).</summary>
internal static class Corpus
{
    public static IReadOnlyList<string> Files(string folder, string pattern, int maxBytes = 64 * 1024)
    {
        var dir = SharedCorpus.PathTo(folder.Split('/'));
        var files = Directory.EnumerateFiles(dir, pattern, SearchOption.AllDirectories)
            .Where(f => new FileInfo(f).Length <= maxBytes)
            .Order(StringComparer.Ordinal)
            .Select(File.ReadAllText)
            .ToList();
        Assert.NotEmpty(files);
        return files;
    }
}

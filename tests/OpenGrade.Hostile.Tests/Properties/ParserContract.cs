using OpenGrade.Core.Frameworks;
using OpenGrade.Core.Licensing;
using OpenGrade.Core.Licensing.Detection;
using OpenGrade.Core.Policy;
using OpenGrade.Sources.Local;
using OpenGrade.Sources.Mot;

namespace OpenGrade.Hostile.Tests.Properties;

/// <summary>
/// The promise every reader of outside text makes: it returns a result, or throws its own error
/// type whose message is one line that starts with the file it was given. Anything else (another
/// exception type, a second line, a message that does not name the file) breaks the contract.
/// Shared by the property tests and the SharpFuzz harness (fuzz/OpenGrade.Fuzz links this file),
/// so a fuzzer crash and a failing property mean the same thing.
/// </summary>
public sealed record ParserTarget(string Name, string Path, Func<string, object?> Parse, Type? CleanError)
{
    /// <summary>Runs the reader on <paramref name="text"/>: the result, or the clean error's message; throws <see cref="ContractViolation"/> or the reader's own unexpected exception otherwise.</summary>
    public Outcome Run(string text)
    {
        try
        {
            return new Outcome(Parse(text), null);
        }
        catch (Exception e) when (CleanError is not null && e.GetType() == CleanError)
        {
            if (LineBreak(e.Message) is { } at)
            {
                throw new ContractViolation($"{Name}: the {e.GetType().Name} message has a line break ({Show(e.Message[at])} at {at}): {Show(e.Message)}", e);
            }
            if (!e.Message.StartsWith(Path, StringComparison.Ordinal))
            {
                throw new ContractViolation($"{Name}: the {e.GetType().Name} message does not start with the path '{Path}': {Show(e.Message)}", e);
            }
            return new Outcome(null, e.Message);
        }
    }

    private static int? LineBreak(string message)
    {
        var i = message.AsSpan().IndexOfAny(['\n', '\r', '\v', '\f', '\u0085', '\u2028', '\u2029']);
        return i < 0 ? null : i;
    }

    /// <summary>The text with control characters visible, clipped, for a failure message.</summary>
    public static string Show(string text)
    {
        var clipped = text.Length > 400 ? text[..400] + $"…(+{text.Length - 400} chars)" : text;
        return string.Concat(clipped.Select(c => char.IsControl(c) || c is >= '\u2028' and <= '\u202e' or >= '\u2066' and <= '\u2069'
            ? $"\\u{(int)c:x4}" : c.ToString()));
    }

    public static string Show(char c) => Show(c.ToString());
}

/// <summary>What a reader made of one input: a result, or the one-line message of its clean error.</summary>
public sealed record Outcome(object? Result, string? Error);

/// <summary>A reader broke its contract on an input.</summary>
public sealed class ContractViolation(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Every reader of outside text, by the name the fuzzer and the regression files use.</summary>
public static class ParserTargets
{
    private static readonly Lazy<PolicyParser> Policies = new(() =>
        new PolicyParser(MofFrameworkLoader.Default, new LicenseRecognizer(LicenseCatalog.Default)));

    public static readonly ParserTarget Mot = new("mot", "hostile/model.yml",
        text => new MotModelReader(MofFrameworkLoader.Default).Parse(text, "hostile/model.yml"), typeof(ModelFileException));

    public static readonly ParserTarget Card = new("card", "hostile/README.md",
        text => CardReader.Read(text, "hostile/README.md"), typeof(SnapshotException));

    public static readonly ParserTarget Policy = new("policy", "hostile/policy.yml",
        text => Policies.Value.Parse(text, "hostile/policy.yml"), typeof(PolicyException));

    /// <summary>SPDX expressions fail by returning false; a parsed expression must print to text that parses back to the same print.</summary>
    public static readonly ParserTarget Spdx = new("spdx", "", text =>
    {
        if (!LicenseExpressionParser.TryParse(text, out var expression)) return null;
        var printed = expression!.ToString();
        if (!LicenseExpressionParser.TryParse(printed, out var again) || again!.ToString() != printed)
        {
            throw new ContractViolation($"spdx: '{ParserTarget.Show(text)}' prints as '{ParserTarget.Show(printed)}', which does not parse back to itself");
        }
        return expression;
    }, null);

    public static readonly ParserTarget HubInfo = new("hub-info", "hostile/api_model.json",
        text => HubRecords.ReadModelInfo(text, "hostile/api_model.json"), typeof(SnapshotException));

    public static readonly ParserTarget HubSiblings = new("hub-siblings", "hostile/siblings.json",
        text => HubRecords.ReadSiblings(text, "hostile/siblings.json"), typeof(SnapshotException));

    public static readonly ParserTarget HubRefs = new("hub-refs", "hostile/refs.json",
        text => HubRecords.ReadRefs(text, "hostile/refs.json"), typeof(SnapshotException));

    /// <summary>The normaliser never fails: any text gives words.</summary>
    public static readonly ParserTarget Normalizer = new("normalize", "", text => LicenseTextNormalizer.Normalize(text), null);

    public static IReadOnlyList<ParserTarget> All { get; } = [Mot, Card, Policy, Spdx, HubInfo, HubSiblings, HubRefs, Normalizer];

    public static ParserTarget ByName(string name) =>
        All.FirstOrDefault(t => t.Name == name)
        ?? throw new ArgumentException($"unknown target '{name}' (expected one of {string.Join(", ", All.Select(t => t.Name))})");
}

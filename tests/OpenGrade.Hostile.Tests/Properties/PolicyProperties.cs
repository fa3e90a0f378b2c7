using CsCheck;

namespace OpenGrade.Hostile.Tests.Properties;

/// <summary>Policies: damaged or crafted YAML gives a policy or one line naming the policy file.</summary>
public sealed class PolicyProperties
{
    private static IReadOnlyList<string> Policies { get; } =
        [.. Directory.GetFiles(Path.Combine(SharedCorpus.RepoRoot, "examples", "policies"), "*.yaml").Order(StringComparer.Ordinal).Select(File.ReadAllText),
         .. Directory.GetFiles(Path.Combine(SharedCorpus.RepoRoot, "fuzz", "seeds", "policy")).Order(StringComparer.Ordinal).Select(File.ReadAllText)];

    private static readonly Gen<string> HostileValues = Property.Any(Mutations.HostileYamlValues,
        Gen.OneOf("III", "class 2", "0", "IV", "mot", "recognised", "[conformant, 7]", "[]", "[[MIT]]", "[{a: b}]", "[MIT OR Apache-2.0]", "[LicenseRef-x]"));

    [Fact(Timeout = Property.Timeout)]
    public Task Mutated_policies_give_a_policy_or_a_one_line_error() =>
        Property.ResultOrCleanError(Mutations.Of(Policies, HostileValues, Mutations.SmallYamlStructures), ParserTargets.Policy, iter: 2000);

    [Fact(Timeout = Property.Timeout)]
    public Task Random_text_gives_a_policy_or_a_one_line_error() =>
        Property.ResultOrCleanError(Mutations.RandomText(Mutations.YamlAlphabet), ParserTargets.Policy, iter: 2000);
}

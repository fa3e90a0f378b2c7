using CsCheck;

namespace OpenGrade.Hostile.Tests.Properties;

/// <summary>
/// Inputs whose harm is their structure, not their size on disk: YAML nested tens of thousands deep,
/// alias bombs (each level repeating the last ten times), Markdown quotes and lists nested as deep,
/// and SPDX expressions inside thousands of parentheses. Each gives a result or a one-line error
/// naming the file. A reader that overflows the stack ends its process, so these run in the
/// fuzzing harness as a child process with a heap limit (<see cref="Harness"/>); a few inputs
/// per property, since each is large. (Indented block nesting grows with the square of its depth,
/// so it stays a few hundred deep: the flow forms reach the depths that matter.)
/// </summary>
public sealed class HostileStructureProperties
{
    private static readonly Gen<int> Deep = Gen.Int[5_000, 60_000];

    private static readonly Gen<string> YamlStructures = Property.Any(
        Deep.Select(d => new string('[', d) + "x" + new string(']', d)),
        Deep.Select(d => string.Concat(Enumerable.Repeat("{a: ", d)) + "x" + new string('}', d)),
        Deep.Select(d => string.Concat(Enumerable.Range(0, Math.Min(d, 400)).Select(i => "\n" + new string(' ', 2 * (i + 1)) + "- "))),
        Gen.Int[7, 10].Select(levels => Mutations.AliasFan(levels, 10)));

    private const string Model = "framework:\n  name: 'Model Openness Framework'\n  version: '1.0'\n  date: '2024-12-15'\nrelease:\n  producer: p\n  license: {}\n  components: []\n  name: ";

    [Fact(Timeout = 180_000)]
    public Task Nested_and_aliased_model_files_give_a_release_or_a_one_line_error() =>
        Run("mot", YamlStructures.Select(s => Model + s + "\n"));

    [Fact(Timeout = 180_000)]
    public Task Nested_and_aliased_front_matter_and_markdown_give_a_card_or_a_one_line_error() =>
        Run("card", Property.Any(
            YamlStructures.Select(s => $"---\nlicense: {s}\n---\n# Card\n"),
            Deep.Select(d => "# Card\n\n" + new string('>', d) + " quote\n"),
            Deep.Select(d => "# Card\n\n" + string.Concat(Enumerable.Range(0, Math.Min(d, 400)).Select(i => new string(' ', 2 * i) + "- x\n"))),
            Deep.Select(d => "# Card\n\n" + new string('[', d) + "x" + new string(']', d) + "(http://a)\n")));

    [Fact(Timeout = 180_000)]
    public Task Nested_and_aliased_policies_give_a_policy_or_a_one_line_error() =>
        Run("policy", YamlStructures.Select(s => $"mof: {{minimum_class: II}}\nlicenses:\n  allowed: {s}\n"));

    [Fact(Timeout = 180_000)]
    public Task Deeply_parenthesised_expressions_parse_or_are_refused() =>
        Run("spdx", Property.Any(
            Deep.Select(d => new string('(', d) + "MIT" + new string(')', d)),
            Deep.Select(d => string.Concat(Enumerable.Repeat("MIT AND (", d)) + "MIT" + new string(')', d))));

    /// <summary>Three inputs, each in its own file, in one child process (a new one after each death).</summary>
    private static Task Run(string target, Gen<string> inputs) =>
        Property.Check(inputs.Array[3, 3], texts =>
        {
            var dir = Directory.CreateTempSubdirectory("og-structure-").FullName;
            try
            {
                var files = texts.Select((t, i) => Path.Combine(dir, $"input-{i}")).ToList();
                for (var i = 0; i < texts.Length; i++) File.WriteAllText(files[i], texts[i]);
                var broken = Harness.Triage(target, files, timeoutSeconds: 40).Where(o => o.Outcome != "ok").ToList();
                Assert.True(broken.Count == 0, string.Join("\n", broken.Select(o =>
                    $"{Describe(texts[files.IndexOf(o.File)])}: {o.Outcome}")));
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }, iter: 1, print: texts => string.Join(" | ", texts.Select(Describe)));

    /// <summary>A large input, told by its start, length and end.</summary>
    private static string Describe(string text) => text.Length <= 200
        ? Property.Quote(text)
        : $"{Property.Quote(text[..120])}…({text.Length:N0} chars)…{Property.Quote(text[^40..])}";
}

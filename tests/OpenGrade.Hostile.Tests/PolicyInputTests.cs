using System.Text;
using CsCheck;
using OpenGrade.Core.Evaluation;
using OpenGrade.Core.Licensing;
using OpenGrade.Core.Policy;

namespace OpenGrade.Hostile.Tests;

/// <summary>
/// Hostile policies for <c>opengrade check</c> (issue 9, defects 13, 10, 9, 5 and 11): every problem
/// is one line <c>opengrade: FILE:LINE:COL: problem</c> (or <c>FILE: problem</c>), exit 2, and
/// whatever the policy or a target is called reaches the terminal escaped.
/// </summary>
public sealed class PolicyInputTests : IDisposable
{
    private static readonly Assessor Assessor = Assessor.CreateDefault();
    private static readonly PolicyParser Parser = new(Assessor.Framework, new LicenseRecognizer(Assessor.Catalog));

    private readonly string _temp = Directory.CreateTempSubdirectory("og-policy-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_temp, name);
        File.WriteAllText(path, text);
        return path;
    }

    private CliResult Check(string policy, string? model = null) =>
        CliRunner.RunIn(_temp, null, "check", model ?? Write("tiny.yml", HostileFiles.TinyModel), "--policy", policy);

    private static string OneLine(CliResult r)
    {
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("", r.Stdout);
        return Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>Found by mutating a valid policy: YamlDotNet's scanner gives up with a bare InvalidOperationException.</summary>
    private const string ScannerGivesUp = """
        name: strict
        [mof:
          min%YAML 1.2
        imum_class: II
          reading: mot
        osaid:
          r- equired_verdict: [conformant, insufficient-information]
        licenses:
          allowed: [Apache-2.0, "MIT License"]
          denied: [llama2]
        restrictions:
          denied: [non-commercial[conformant, insufficient-information]
        l, user-threshold]
        components:
          required: ["Training code"]
        """;

    [Fact]
    public void A_malformed_policy_names_the_file_and_the_line()
    {
        Write("broken.yaml", ScannerGivesUp);

        var line = OneLine(Check("broken.yaml"));

        Assert.Matches(@"^opengrade: broken\.yaml:\d+:\d+: not valid YAML: ", line);
    }

    [Fact]
    public void A_policy_path_that_is_a_folder_says_so()
    {
        Directory.CreateDirectory(Path.Combine(_temp, "policies"));

        var line = OneLine(Check("policies"));

        Assert.Equal("opengrade: policies: cannot read the policy: is a folder, not a file", line);
    }

    [Fact]
    public async Task A_fifo_as_policy_is_refused_at_once()
    {
        var fifo = HostileFiles.Fifo(_temp, "policy.yaml");
        var model = Write("tiny.yml", HostileFiles.TinyModel);

        var r = await Task.Run(() => Check(fifo, model), TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal($"opengrade: {fifo}: cannot read the policy: is not a regular file (a FIFO); refused", OneLine(r));
    }

    [Fact]
    public void A_link_to_dev_zero_as_policy_is_refused()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "needs /dev/zero");
        var link = Path.Combine(_temp, "policy.yaml");
        File.CreateSymbolicLink(link, "/dev/zero");

        var line = OneLine(Check(link));

        Assert.Equal($"opengrade: {link}: cannot read the policy: is not a regular file (a character device); refused", line);
    }

    [Fact]
    public void A_policy_over_one_MiB_is_refused()
    {
        var policy = Write("huge.yaml", "mof:\n  minimum_class: III\ndescription: " + new string('x', 1 << 20) + "\n");

        var line = OneLine(Check(policy));

        Assert.Equal($"opengrade: {policy}: cannot read the policy: larger than 1 MiB; refused", line);
    }

    [Fact]
    public void Deep_nesting_in_a_policy_is_one_line_not_a_stack_overflow()
    {
        var policy = Write("deep.yaml", "mof: " + new string('[', 30_000) + new string(']', 30_000) + "\n");

        var line = OneLine(Check(policy));

        Assert.StartsWith($"opengrade: {policy}:1:", line);
        Assert.Contains("nested deeper than", line);
    }

    [Fact]
    public void An_alias_bomb_in_a_policy_is_refused()
    {
        var bomb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 10; i++) bomb.Append($"a{i}: &a{i} [").Append(string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))).Append("]\n");

        var e = Assert.Throws<PolicyException>(() => Parser.Parse(bomb.ToString(), "bomb.yaml"));

        Assert.Contains("expands to more than", e.Message);
    }

    [Theory]
    [InlineData("mof:\n  minimum_class: !!binary aGVsbG8=\n", "bad.yaml:2:18: mof.minimum_class: the YAML tag !!binary is not used in a policy (write the plain value)")]
    [InlineData("mof: !custom {minimum_class: III}\n", "bad.yaml:1:6: mof: the YAML tag !custom is not used in a policy (write the plain value)")]
    [InlineData("mof:\n  minimum_class: *a\n", "bad.yaml:2:18: not valid YAML: the alias *a names no anchor defined before it")]
    [InlineData("mof: &a !<x[> {minimum_class: III}\n", "bad.yaml:1:4: not valid YAML: Global tags must be valid URIs.")]
    [InlineData("mof: &a {!<> minimum_class: III}\n", "bad.yaml:1:9: not valid YAML: Tag value must not be empty.")]
    [InlineData("mof: &a {minimum_class: III}*a\n", "bad.yaml:2:1: not valid YAML: The current event is of an unsupported type.")]
    [InlineData("? [mof, osaid]\n: 1\n", "bad.yaml:1:3: the policy: keys must be plain words")]
    [InlineData("~\n", "bad.yaml:1:1: the policy must be a mapping of name, description, mof, osaid, licenses, restrictions, components")]
    [InlineData("mof: III\n", "bad.yaml:1:6: mof must be a mapping of minimum_class, reading")]
    [InlineData("mof:\n  minimum_class: 99999999999999999999999999999999999999\n", "bad.yaml:2:18: mof.minimum_class '99999999999999999999999999999999999999' is not a MOF class (expected III, II or I)")]
    public void Odd_yaml_shapes_are_one_positioned_problem(string yaml, string expected)
    {
        var e = Assert.Throws<PolicyException>(() => Parser.Parse(yaml, "bad.yaml"));

        Assert.Equal(expected, e.Message);
    }

    [Fact]
    public void A_value_echoed_in_an_error_is_clipped()
    {
        var e = Assert.Throws<PolicyException>(() => Parser.Parse($"mof:\n  minimum_class: {new string('V', 10_000)}\n", "bad.yaml"));

        Assert.True(e.Message.Length < 300, e.Message);
    }

    [Fact]
    public void Check_output_escapes_control_characters_in_target_and_policy_names()
    {
        var model = Write("tiny\u001b[2J.yml", HostileFiles.TinyModel);
        var policy = Write("policy.yaml", "name: \"gate\\e[31m\"\nmof:\n  minimum_class: III\n");

        var r = Check(policy, model);

        Assert.True(r.ExitCode is 0 or 1, r.Stderr);
        Assert.DoesNotContain('\u001b', r.Stdout);
        Assert.Contains("tiny\\x1b[2J.yml", r.Stdout);
        Assert.Contains("'gate\\x1b[31m'", r.Stdout);
    }
}

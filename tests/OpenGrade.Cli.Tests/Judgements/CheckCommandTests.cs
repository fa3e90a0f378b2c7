using OpenGrade.Testing;

namespace OpenGrade.Cli.Tests.Judgements;

/// <summary><c>opengrade check</c> end to end: 0 when every release passes, 1 on a violation, 2 on an error.</summary>
public sealed class CheckCommandTests : IClassFixture<ScratchFolder>
{
    private readonly ScratchFolder _dir;

    public CheckCommandTests(ScratchFolder dir)
    {
        _dir = dir;
        _dir.Write("open.yml", ModelFile("OpenFixture", "Apache-2.0",
            "Datasets", "Data preprocessing code", "Model architecture", "Model parameters (Final)",
            "Training code", "Inference code", "Evaluation results", "Model card", "Data card", "Technical report"));
        _dir.Write("llama.yml", ModelFile("LlamaFixture", "Llama 2 Community License", "Model architecture", "Model parameters (Final)"));
        _dir.Write("osaid.yaml", "name: osaid-gate\nosaid:\n  required_verdict: conformant\n");
        _dir.Write("class3.yaml", "mof:\n  minimum_class: III\ncomponents:\n  required: [\"Training code\"]\n");
        _dir.Write("typo.yaml", "osaid:\n  required_verdict: conformant\nmof:\n  minimun_class: III\n");
    }

    private static string ModelFile(string name, string license, params string[] components) =>
        $"""
        framework:
          name: 'Model Openness Framework'
          version: '1.0'
          date: '2024-12-15'
        release:
          name: {name}
          producer: Fixture Lab
          license:
            distribution:
              name: '{license}'
              path: ''
          components:
        {string.Concat(components.Select(c => $"    - name: '{c}'\n      description: 'fixture'\n"))}
        """;

    private CliResult Check(params string[] args) => CliRunner.RunIn(_dir.Path, null, ["check", .. args]);

    [Fact]
    public void A_release_that_meets_the_policy_exits_0()
    {
        var r = Check("open.yml", "--policy", "osaid.yaml");
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.Contains("PASS open.yml", r.Stdout);
        Assert.Equal("", r.Stderr);
    }

    [Fact]
    public void A_violation_exits_1_and_prints_every_violated_rule_with_its_policy_line()
    {
        var r = Check("llama.yml", "--policy", "class3.yaml");
        Assert.True(r.ExitCode == 1, r.Stdout + r.Stderr);
        Assert.Contains("FAIL llama.yml: 2 violation(s)", r.Stdout);
        Assert.Contains("mof.minimum_class (class3.yaml:2:3)", r.Stdout);
        Assert.Contains("components.required (class3.yaml:4:3): required components not released: Training code", r.Stdout);
    }

    [Fact]
    public void One_failing_release_among_several_exits_1()
    {
        var r = Check("open.yml", "llama.yml", "--policy", "osaid.yaml");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("PASS open.yml", r.Stdout);
        Assert.Contains("FAIL llama.yml", r.Stdout);
    }

    [Fact]
    public void A_bad_policy_exits_2_with_one_line_naming_file_and_line()
    {
        var r = Check("open.yml", "--policy", "typo.yaml");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("opengrade: typo.yaml:4:3: unknown key 'minimun_class' in mof (expected minimum_class, reading)", r.Stderr.Trim());
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void A_missing_policy_file_exits_2()
    {
        var r = Check("open.yml", "--policy", "absent.yaml");
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("opengrade: absent.yaml: cannot read the policy", r.Stderr);
        Assert.Single(r.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public void A_target_that_cannot_be_read_exits_2_even_when_others_fail()
    {
        var r = Check("llama.yml", "absent.yml", "--policy", "osaid.yaml");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("absent.yml", r.Stderr);
    }

    [Fact]
    public void Leaving_out_the_policy_is_a_usage_error()
    {
        Assert.Equal(2, Check("open.yml").ExitCode);
    }

    [Fact]
    public void The_shipped_osaid_required_policy_passes_Pythia_and_stops_Llama_2()
    {
        var policy = Path.Combine(SharedCorpus.RepoRoot, "examples", "policies", "osaid-required.yaml");
        var pythia = SharedCorpus.PathTo("corpus", "mot", "models", "Pythia-6.9B.yml");
        var llama = SharedCorpus.PathTo("corpus", "mot", "models", "Llama-2-7B.yml");
        Assert.Equal(0, Check(pythia, "--policy", policy).ExitCode);
        Assert.Equal(1, Check(llama, "--policy", policy).ExitCode);
    }
}

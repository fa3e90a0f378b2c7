using System.CommandLine;
using OpenGrade.Core.Evaluation;
using OpenGrade.Core.Licensing;
using OpenGrade.Core.Policy;
using OpenGrade.Sources.Files;

namespace OpenGrade.Cli.Commands;

/// <summary>
/// <c>opengrade check TARGET... --policy FILE</c>: a CI gate. Prints every violation; exits 1 when a
/// release breaks the policy, 0 when all pass, 2 when the policy or a target cannot be read.
/// </summary>
public static class CheckCommand
{
    /// <summary>A policy is a page of rules; anything larger is not one.</summary>
    public const long MaxPolicyBytes = 1 << 20;

    public static Command Create()
    {
        var targets = new Argument<string[]>("TARGET")
        {
            Description = "MOT model files (.yml/.yaml), model repository folders, or hf:org/name[@revision] Hub models to check",
            Arity = ArgumentArity.OneOrMore,
        };
        var policy = new Option<string>("--policy", "-p")
        {
            Description = "Policy file (YAML, see docs/policy.md)",
            Required = true,
        };
        var command = new Command("check", "Check model releases against a policy: exit 0 when all pass, 1 on a violation, 2 on an error.")
        {
            targets, policy,
        };
        var hub = new HubCommandOptions();
        hub.AddTo(command);
        hub.AddLinkOptionsTo(command);
        command.SetAction(parse =>
        {
            var hubOptions = hub.Read(parse);
            return Run(parse.GetValue(targets)!, parse.GetValue(policy)!, hubOptions, hub.ReadLinks(parse, hubOptions));
        });
        return command;
    }

    private static int Run(string[] targets, string policyPath, Sources.Hub.HubOptions hubOptions, Sources.Links.LinkOptions links)
    {
        var assessor = Assessor.CreateDefault();
        Policy policy;
        try
        {
            // A regular file only, read within a budget: a FIFO or /dev/zero named as the policy must not hang the gate.
            var text = RegularFile.ReadText(policyPath, MaxPolicyBytes);
            policy = new PolicyParser(assessor.Framework, new LicenseRecognizer(assessor.Catalog)).Parse(text, policyPath);
        }
        catch (PolicyException e)
        {
            Messages.Error(e.Message);
            return ExitCodes.Error;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Messages.Error($"{policyPath}: cannot read the policy: {e.Message}");
            return ExitCodes.Error;
        }

        var evaluator = new PolicyEvaluator(new LicenseFactsReader(assessor.Catalog));
        using var resolver = new Targets(assessor, hubOptions, new StderrProgress(), links);
        var name = policy.Name ?? Path.GetFileName(policyPath);
        var errors = 0;
        var failures = 0;
        foreach (var target in targets)
        {
            var assessed = resolver.Assess(target);
            if (assessed.Assessment is null)
            {
                Messages.Error(assessed.Error!);
                errors++;
                continue;
            }
            var outcome = evaluator.Evaluate(policy, assessed.Assessment);
            if (outcome.Passed)
            {
                Messages.Line($"PASS {target}: meets policy '{name}'");
                continue;
            }
            failures++;
            Messages.Line($"FAIL {target}: {outcome.Violations.Length} violation(s) of policy '{name}'");
            foreach (var v in outcome.Violations) Messages.Line($"  {v.Rule} ({v.RuleLocation}): {v.Message}");
        }
        // An unreadable target means the gate could not judge it: that is an error, not a pass or a violation.
        return errors > 0 ? ExitCodes.Error : failures > 0 ? ExitCodes.Failed : ExitCodes.Ok;
    }
}

using System.Text;
using System.Text.Json.Nodes;
using OpenGrade.Core.Domain;
using OpenGrade.Core.Inventory;
using Spectre.Console;

namespace OpenGrade.Reports;

/// <summary>
/// The inventory's evidence in every report format: per component what was found, where, how
/// sure, and under which license; then the license picture with its conflicts. Text, Markdown and
/// JSON reports call into this so that their own code stays unchanged.
/// </summary>
public static class InventoryReport
{
    public static JsonObject ToJson(ModelInventory inventory)
    {
        var s = inventory.Snapshot;
        var p = inventory.Licenses;
        var signals = inventory.Signals;
        return new JsonObject
        {
            ["repository"] = s.Id,
            ["revision"] = s.Revision,
            ["listing"] = new JsonObject
            {
                ["source"] = s.Files.Source,
                ["completeness"] = s.Files.Completeness.ToString().ToLowerInvariant(),
                ["files"] = s.Files.Files.Length,
            },
            ["components"] = new JsonArray([.. inventory.Components.Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c.Component.Name,
                ["presence"] = c.Presence.Key(),
                ["confidence"] = c.Confidence,
                ["license"] = c.License,
                ["license_basis"] = c.LicenseBasis,
                ["license_path"] = c.LicensePath,
                ["component_path"] = c.ComponentPath,
                ["evidence"] = new JsonArray([.. c.Evidence.Select(Evidence)]),
            })]),
            ["licenses"] = new JsonObject
            {
                ["card"] = Statement(p.Card),
                ["files"] = new JsonArray([.. p.Files.Select(f => Statement(f))]),
                ["distribution"] = Governing(p.Distribution),
                ["code"] = Governing(p.Code),
                ["weights"] = Governing(p.Weights),
                ["conflicts"] = new JsonArray([.. p.Conflicts.Select(c => (JsonNode)new JsonObject
                {
                    ["scope"] = c.Scope,
                    ["card"] = c.Card.License,
                    ["file"] = c.File.License,
                    ["file_path"] = c.File.Location,
                    ["governing"] = c.Governing,
                    ["reason"] = c.Reason,
                })]),
            },
            ["signals"] = new JsonObject
            {
                ["openness_claims"] = new JsonArray([.. signals.OpennessClaims.Select(c => (JsonNode)new JsonObject { ["text"] = c.Text, ["location"] = c.Location })]),
                ["gated"] = signals.Gated,
                ["parameter_count"] = signals.ParameterCount,
                ["training_tokens"] = signals.TrainingTokens,
            },
        };
    }

    /// <summary>The evidence section of the terminal report.</summary>
    public static void WriteText(IAnsiConsole console, ModelInventory inventory)
    {
        console.MarkupLineSafe($"[bold]Evidence[/] (inventory of {inventory.Snapshot.Id}; file list: {ListingText(inventory.Snapshot.Files)})");
        var table = new Table().Border(TableBorder.Simple).AddColumn("component").AddColumn("found").AddColumn("license").AddColumn("evidence");
        foreach (var c in inventory.Components)
        {
            var found = c.Presence switch
            {
                Presence.Present => $"[green]present[/] {c.Confidence:0.0}",
                Presence.Absent => "[red]absent[/]",
                _ => "[grey]unknown[/]",
            };
            var evidence = c.Evidence.IsEmpty
                ? $"[grey]{SafeText.Markup(c.LicenseBasis)}[/]"
                : string.Join("\n", c.Evidence.Take(3).Select(e => $"{SafeText.Markup(e.Detail)} [grey]({SafeText.Markup(e.Location)})[/]"))
                  + (c.Evidence.Length > 3 ? $"\n[grey]+{c.Evidence.Length - 3} more[/]" : "");
            var license = c.Presence == Presence.Present ? SafeText.Markup(c.License ?? "none") : "";
            table.AddRow(new Markup(SafeText.Markup(c.Component.Name)), new Markup(found), new Markup(license), new Markup(evidence));
        }
        console.Write(table);
        foreach (var line in LicenseLines(inventory)) console.MarkupLineSafe($"  {line}");
        console.WriteLine();
    }

    /// <summary>The evidence section of the Markdown report.</summary>
    public static void WriteMarkdown(StringBuilder sb, ModelInventory inventory)
    {
        sb.AppendLine($"### Evidence").AppendLine();
        sb.AppendLine($"Inventory of {Cell(inventory.Snapshot.Id)}; file list: {Cell(ListingText(inventory.Snapshot.Files))}.").AppendLine();
        sb.AppendLine("| component | found | license | evidence |");
        sb.AppendLine("|---|---|---|---|");
        foreach (var c in inventory.Components)
        {
            var found = c.Presence == Presence.Present ? $"present ({c.Confidence:0.0})" : c.Presence.Key();
            var evidence = c.Evidence.IsEmpty ? Cell(c.LicenseBasis) : string.Join("<br>", c.Evidence.Take(3).Select(e => $"{Cell(e.Detail)} ({Cell(e.Location)})"));
            var license = c.Presence == Presence.Present ? c.License ?? "none" : "";
            sb.AppendLine($"| {Cell(c.Component.Name)} | {found} | {Cell(license)} | {evidence} |");
        }
        sb.AppendLine();
        foreach (var line in LicenseLines(inventory)) sb.AppendLine($"- {Cell(line)}");
        sb.AppendLine();
    }

    private static IEnumerable<string> LicenseLines(ModelInventory inventory)
    {
        var p = inventory.Licenses;
        if (p.Card is { } card) yield return $"Card license: {card.License ?? card.Name ?? "not recognised"} ({card.Location})";
        foreach (var f in p.Files) yield return $"License file {f.Location}: {f.License ?? "not identified"}{(f.Name is null ? "" : $" — {f.Name}")}";
        foreach (var c in p.Conflicts) yield return $"CONFLICT ({c.Scope}): {c.Reason}";
        var s = inventory.Signals;
        var facts = new List<string>();
        if (s.Gated is { } gated) facts.Add(gated ? "gated" : "not gated");
        if (s.ParameterCount is { } n) facts.Add($"{n:N0} parameters");
        if (s.TrainingTokens is { } t) facts.Add($"{t:N0} training tokens");
        if (!s.OpennessClaims.IsEmpty) facts.Add($"openness claims: {string.Join("; ", s.OpennessClaims.Take(3).Select(c => $"\"{c.Text}\" ({c.Location})"))}");
        if (facts.Count > 0) yield return string.Join(", ", facts);
    }

    private static string ListingText(FileListing files) => files.Completeness switch
    {
        ListingCompleteness.Complete => $"{files.Files.Length} files from {files.Source}",
        ListingCompleteness.Partial => $"partial, {files.Files.Length} files from {files.Source}",
        _ => "none (card only)",
    };

    private static JsonNode Evidence(Evidence e) => new JsonObject
    {
        ["kind"] = e.Kind,
        ["location"] = e.Location,
        ["detail"] = e.Detail,
        ["confidence"] = e.Confidence,
    };

    private static JsonNode? Statement(LicenseStatement? s) => s is null ? null : new JsonObject
    {
        ["license"] = s.License,
        ["location"] = s.Location,
        ["name"] = s.Name,
        ["link"] = s.Link,
    };

    private static JsonNode? Governing(GoverningLicense? g) => g is null ? null : new JsonObject
    {
        ["license"] = g.License,
        ["path"] = g.Path,
        ["from"] = g.From,
    };

    private static string Cell(string? text) => SafeText.Markdown(text);
}

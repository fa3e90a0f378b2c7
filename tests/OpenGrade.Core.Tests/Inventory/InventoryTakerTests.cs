using OpenGrade.Core.Domain;
using System.Collections.Immutable;
using OpenGrade.Core.Evaluation;
using OpenGrade.Core.Inventory;
using OpenGrade.Core.Inventory.Rules;
using OpenGrade.Core.Licensing.Detection;

namespace OpenGrade.Core.Tests.Inventory;

/// <summary>The pure inventory on hand-made snapshots: no files, no corpus, a stand-in license identifier.</summary>
public sealed class InventoryTakerTests
{
    private static readonly Assessor Assessor = Assessor.CreateDefault();

    private static InventoryTaker Taker(string? fileLicense = null) => new(Assessor.Framework, Assessor.Catalog, new FixedIdentifier(fileLicense));

    private static RepositorySnapshot Snapshot(ListingCompleteness completeness, string[] files, string? cardLicense = null, string[]? refs = null, string[]? texts = null)
    {
        var meta = cardLicense is null ? null
            : new CardMetadata("README.md", new MetaMap([new MetaEntry("license", new MetaScalar(cardLicense, 2))], 2));
        return new RepositorySnapshot("lab/model", null,
            new FileListing([.. files.Select(f => new RepoFile(f))], completeness, "folder"),
            meta, null,
            [.. (refs ?? []).Select(r => new GitRef(r, GitRefKind.Branch, "refs.json"))],
            null, null,
            [.. (texts ?? []).Select(t => new TextFile(t, "license text"))],
            []);
    }

    [Fact]
    public void Weights_in_a_complete_listing_are_present_and_their_lack_is_absence()
    {
        var with = Taker().Take(Snapshot(ListingCompleteness.Complete, ["model.safetensors", "README.md"]));
        Assert.Equal(Presence.Present, with.Find(Components.FinalParameters)!.Presence);

        var without = Taker().Take(Snapshot(ListingCompleteness.Complete, ["README.md"]));
        Assert.Equal(Presence.Absent, without.Find(Components.FinalParameters)!.Presence);

        var cardOnly = Taker().Take(Snapshot(ListingCompleteness.None, ["README.md"]));
        Assert.Equal(Presence.Unknown, cardOnly.Find(Components.FinalParameters)!.Presence);
    }

    [Fact]
    public void Training_args_are_metadata_not_weights()
    {
        var inventory = Taker().Take(Snapshot(ListingCompleteness.Complete, ["training_args.bin"]));
        Assert.Equal(Presence.Absent, inventory.Find(Components.FinalParameters)!.Presence);
        Assert.Equal(Presence.Present, inventory.Find(Components.ModelMetadata)!.Presence);
    }

    [Theory]
    [InlineData("step1000")]
    [InlineData("step556000-tokens2460B")]
    [InlineData("stage2-ingredient1-step11931-tokens50B")]
    [InlineData("checkpoint-500")]
    [InlineData("ckpt_356")]
    public void Checkpoint_branch_names_mean_intermediate_parameters(string branch)
    {
        var inventory = Taker().Take(Snapshot(ListingCompleteness.Complete, ["README.md"], refs: ["main", branch]));
        Assert.Equal(Presence.Present, inventory.Find(Components.IntermediateParameters)!.Presence);
    }

    [Fact]
    public void Ordinary_branch_names_are_not_checkpoints()
    {
        var inventory = Taker().Take(Snapshot(ListingCompleteness.Complete, ["README.md"], refs: ["main", "dev", "v1.0"]));
        Assert.NotEqual(Presence.Present, inventory.Find(Components.IntermediateParameters)!.Presence);
    }

    [Fact]
    public void Card_and_file_disagreeing_is_a_conflict_the_stricter_governs()
    {
        var inventory = Taker("LicenseRef-llama3.1").Take(Snapshot(ListingCompleteness.Complete, ["model.safetensors", "LICENSE"], "apache-2.0", texts: ["LICENSE"]));
        var conflict = Assert.Single(inventory.Licenses.Conflicts);
        Assert.Equal("LicenseRef-llama3.1", conflict.Governing);
        Assert.Equal("LicenseRef-llama3.1", inventory.Find(Components.FinalParameters)!.License);
    }

    [Fact]
    public void Copyleft_file_is_stricter_than_a_permissive_card()
    {
        var inventory = Taker("GPL-3.0-only").Take(Snapshot(ListingCompleteness.Complete, ["LICENSE"], "mit", texts: ["LICENSE"]));
        Assert.Equal("GPL-3.0-only", Assert.Single(inventory.Licenses.Conflicts).Governing);
    }

    [Fact]
    public void Agreeing_card_and_file_are_no_conflict()
    {
        var inventory = Taker("Apache-2.0").Take(Snapshot(ListingCompleteness.Complete, ["LICENSE"], "apache-2.0", texts: ["LICENSE"]));
        Assert.Empty(inventory.Licenses.Conflicts);
        Assert.Equal("Apache-2.0", inventory.Release.Licenses.Distribution?.Name);
        Assert.Equal("LICENSE", inventory.Release.Licenses.Distribution?.Path);
    }

    [Theory]
    [InlineData("LICENSE", LicenseScope.Everything)]
    [InlineData("LICENSE.txt", LicenseScope.Everything)]
    [InlineData("LICENSE-CODE", LicenseScope.Code)]
    [InlineData("LICENSE-MODEL", LicenseScope.Weights)]
    [InlineData("third_party/LICENSE", null)]
    [InlineData("README.md", null)]
    public void License_file_names_say_what_they_cover(string path, LicenseScope? scope) =>
        Assert.Equal(scope, LicenseAnalysis.ScopeOf(path));

    [Theory]
    [InlineData("LLAMA 3.1 COMMUNITY LICENSE AGREEMENT\nLlama 3.1 Version Release Date", "LicenseRef-llama3.1")]
    [InlineData("META LLAMA 3 COMMUNITY LICENSE AGREEMENT", "LicenseRef-llama3")]
    [InlineData("MIT License\n\nCopyright (c) 2023", "MIT")]
    [InlineData("DEEPSEEK LICENSE AGREEMENT\nVersion 1.0", "LicenseRef-deepseek-model")]
    [InlineData("Some words that name no license", null)]
    public void Title_identifier_reads_license_titles(string text, string? license) =>
        Assert.Equal(license, new LicenseTitleIdentifier(Assessor.Catalog).Identify(text).License);

    [Fact]
    public void The_release_lists_present_components_only_with_own_licenses_only_where_they_differ()
    {
        var inventory = Taker().Take(Snapshot(ListingCompleteness.Complete, ["model.safetensors", "config.json", "README.md"], "apache-2.0"));
        Assert.All(inventory.Release.Components, c => Assert.Equal(Presence.Present, inventory.Find(c.Name)!.Presence));
        Assert.All(inventory.Release.Components, c => Assert.Null(c.License));
        Assert.Equal(ImmutableArray<string>.Empty.Length, inventory.Licenses.Conflicts.Length);
    }
}

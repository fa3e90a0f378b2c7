using OpenGrade.Core.Inventory;
using OpenGrade.Core.Licensing;
using OpenGrade.Sources.Links;

namespace OpenGrade.Links.Tests;

/// <summary>arXiv's OAI-PMH GetRecord, answered with our own fixtures in its documented format.</summary>
public sealed class ArxivTests : IAsyncLifetime
{
    private LinkStandIns _s = null!;

    public async ValueTask InitializeAsync()
    {
        _s = await LinkStandIns.StartAsync();
        _s.ServeArxiv(new Dictionary<string, string>
        {
            ["2601.00001"] = "cc-by-4.0.xml",
            ["2601.00002"] = "cc-by-sa-4.0.xml",
            ["2601.00003"] = "cc-by-nc-sa-4.0.xml",
            ["2601.00004"] = "cc-by-nc-nd-4.0.xml",
            ["2601.00005"] = "cc0.xml",
            ["2601.00006"] = "nonexclusive.xml",
            ["2601.00007"] = "unknown-url.xml",
            ["2601.00008"] = "deleted.xml",
            ["2601.00009"] = "entity-bomb.xml",
            ["2601.00010"] = "another-paper.xml",
            ["2601.00011"] = "malformed.xml",
            ["hep-th/9901001"] = "no-license.xml",
        });
    }

    public async ValueTask DisposeAsync() => await _s.DisposeAsync();

    private async Task<LinkedPlace> Resolve(string id) =>
        (await LinkStandIns.ResolveAsync(_s.Options(), new LinkTarget(LinkKind.ArxivPaper, id))).Places.Single();

    [Theory]
    [InlineData("2601.00001", "CC-BY-4.0")]
    [InlineData("2601.00002", "CC-BY-SA-4.0")]
    [InlineData("2601.00003", "CC-BY-NC-SA-4.0")]
    [InlineData("2601.00004", "CC-BY-NC-ND-4.0")]
    [InlineData("2601.00005", "CC0-1.0")]
    [InlineData("2601.00006v2", "LicenseRef-arXiv-nonexclusive-distrib-1.0")]
    public async Task The_record_license_url_maps_to_its_SPDX_id_or_our_LicenseRef(string id, string expected)
    {
        var place = await Resolve(id);

        Assert.Equal(LinkOutcome.Resolved, place.Outcome);
        var license = Assert.Single(place.Licenses);
        Assert.Equal(expected, license.License);
        Assert.Equal("arxiv-oai-pmh", license.Method);
        Assert.Contains("verb=GetRecord", license.Source, StringComparison.Ordinal);
        Assert.Equal($"https://arxiv.org/abs/{id.Split('v')[0]}", place.Url);
        // The request named the paper without its version, in the arXiv metadata format.
        var asked = Assert.Single(_s.Arxiv.Received);
        Assert.Contains($"identifier=oai:arXiv.org:{id.Split('v')[0]}&metadataPrefix=arXiv", asked.PathAndQuery, StringComparison.Ordinal);
        Assert.True(LicenseCatalog.Default.IsKnownId(expected), expected);
    }

    [Fact]
    public void The_non_exclusive_distribution_license_is_known_and_not_open()
    {
        Assert.True(LicenseCatalog.Default.IsKnownId(ArxivLicenses.NonExclusive));
        Assert.False(LicenseCatalog.Default.IsOpenId(ArxivLicenses.NonExclusive));
        Assert.True(LicenseCatalog.Default.IsOpenId("CC-BY-4.0"));
    }

    [Fact]
    public async Task A_record_without_a_license_element_is_resolved_with_no_license_and_arXivs_default_named()
    {
        var place = await Resolve("hep-th/9901001v1");

        Assert.Equal(LinkOutcome.Resolved, place.Outcome);
        Assert.Null(Assert.Single(place.Licenses).License);
        Assert.Contains("states no license", place.Detail, StringComparison.Ordinal);
        Assert.Contains("non-exclusive license to distribute", place.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_license_url_OpenGrade_does_not_know_is_kept_as_a_name_not_guessed()
    {
        var place = await Resolve("2601.00007");

        var license = Assert.Single(place.Licenses);
        Assert.Null(license.License);
        Assert.Equal("https://example.org/my-own-terms", license.Name);
        Assert.Equal(0.0, license.Confidence);
    }

    [Theory]
    [InlineData("2601.99999", LinkOutcome.NotFound, "idDoesNotExist")]
    [InlineData("2601.00008", LinkOutcome.NotFound, "deleted")]
    [InlineData("2601.00009", LinkOutcome.Unavailable, "not acceptable XML")]
    [InlineData("2601.00011", LinkOutcome.Unavailable, "not acceptable XML")]
    [InlineData("2601.00010", LinkOutcome.Unavailable, "another paper")]
    public async Task Errors_deleted_records_and_hostile_XML_end_in_a_reason_never_a_crash(string id, LinkOutcome outcome, string reason)
    {
        var place = await Resolve(id);

        Assert.Equal(outcome, place.Outcome);
        Assert.Contains(reason, place.Detail, StringComparison.Ordinal);
        Assert.Empty(place.Licenses);
        Assert.DoesNotContain('\n', place.Detail);
    }

    [Fact]
    public async Task An_OAI_PMH_badArgument_error_leaves_the_paper_unavailable()
    {
        _s.Arxiv.On("/oai2", ctx => LinkStandIns.Answer(ctx, OpenGrade.StandIn.ArxivAnswers.Read("bad-argument.xml"), "text/xml"));

        var place = await Resolve("2601.00001");

        Assert.Equal(LinkOutcome.Unavailable, place.Outcome);
        Assert.Contains("badArgument", place.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2601.00001", "2601.00001")]
    [InlineData("2601.00001v12", "2601.00001")]
    [InlineData("1207.0580", "1207.0580")]
    [InlineData("hep-th/9901001", "hep-th/9901001")]
    [InlineData("math.CO/9901016v2", "math/9901016")]
    [InlineData("q-bio/0401001", "q-bio/0401001")]
    public void Arxiv_ids_new_and_old_style_name_the_paper_without_version_or_subject_class(string id, string paper)
    {
        Assert.True(LinkNames.TryArxiv(id, out var named, out var problem), problem);
        Assert.Equal(paper, named);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2601.1")]
    [InlineData("2601.00001\n")]
    [InlineData("../../etc/passwd")]
    [InlineData("2601.00001&verb=ListRecords")]
    [InlineData("hep-th/9901001/../x")]
    public async Task Malformed_arxiv_ids_are_refused_before_any_request(string id)
    {
        var place = await Resolve(id);

        Assert.Equal(LinkOutcome.Unavailable, place.Outcome);
        Assert.StartsWith("refused before any request", place.Detail, StringComparison.Ordinal);
        Assert.Empty(_s.Arxiv.Received);
    }
}

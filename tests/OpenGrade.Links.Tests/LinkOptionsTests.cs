using System.CommandLine;
using OpenGrade.Cli;
using OpenGrade.Sources.Links;

namespace OpenGrade.Links.Tests;

/// <summary>The link options as the command line reads them (HubCommandOptions.ReadLinks).</summary>
public sealed class LinkOptionsTests
{
    private static LinkOptions Read(params string[] args)
    {
        var options = new HubCommandOptions();
        var command = new RootCommand();
        options.AddTo(command);
        options.AddLinkOptionsTo(command);
        var parse = command.Parse(args);
        Assert.Empty(parse.Errors);
        return options.ReadLinks(parse, options.Read(parse));
    }

    [Fact]
    public void Defaults_are_the_public_services_with_following_on()
    {
        var links = Read("--cache-dir", "/tmp/x");

        Assert.Equal("https://api.github.com/", links.GitHub.AbsoluteUri);
        Assert.Equal("https://export.arxiv.org/", links.Arxiv.AbsoluteUri);
        Assert.True(links.Follow);
        Assert.Equal((8, 64, TimeSpan.FromHours(24)), (links.DepthLimit, links.MaxPlaces, links.Ttl));
        Assert.Equal("/tmp/x", links.CacheDirectory);
    }

    [Fact]
    public void Endpoints_and_no_follow_are_read()
    {
        var links = Read("--github-endpoint", "http://127.0.0.1:9/api/v3", "--arxiv-endpoint", "http://127.0.0.1:8", "--no-follow", "--offline");

        Assert.Equal("http://127.0.0.1:9/api/v3/", links.GitHub.AbsoluteUri);
        Assert.Equal("http://127.0.0.1:8/", links.Arxiv.AbsoluteUri);
        Assert.False(links.Follow);
        Assert.True(links.Offline);
        // A one-off endpoint never receives $GITHUB_TOKEN.
        Assert.Null(links.GitHubToken);
    }

    [Theory]
    [InlineData("--github-endpoint", "ftp://example.org", "not an http(s) URL")]
    [InlineData("--arxiv-endpoint", "not a url", "not an http(s) URL")]
    [InlineData("--github-endpoint", "https://user:pass@example.org", "must not carry a user name or password")]
    public void Bad_endpoints_are_refused_with_the_flag_named(string flag, string value, string problem)
    {
        var e = Assert.Throws<FormatException>(() => Read(flag, value));

        Assert.StartsWith(flag, e.Message, StringComparison.Ordinal);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }
}

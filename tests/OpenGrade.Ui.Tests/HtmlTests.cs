using System.Net;
using OpenGrade.Server.Tests;

namespace OpenGrade.Ui.Tests;

/// <summary>The UI's HTML without a browser (in-process TestServer): escaping, status codes, caching headers.</summary>
public sealed class HtmlTests : IAsyncLifetime
{
    private TestCatalogServer _server = null!;
    private HttpClient Client => _server.Client;

    public ValueTask InitializeAsync()
    {
        _server = TestCatalogServer.Start();
        foreach (var r in HandBuilt.All()) _server.Catalog.Store(r);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> GetAsync(string url)
    {
        var response = await Client.GetAsync(url, TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), response);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/?q=script")]
    [InlineData("/?view=grid")]
    [InlineData("/models/evil-lab/script-model")]
    [InlineData("/compare?ids=evil-lab/script-model,test-org/child-model")]
    [InlineData("/charts")]
    public async Task Markup_in_stored_strings_is_escaped_on_every_page(string url)
    {
        var (status, body, response) = await GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("<script>alert", body);
        Assert.DoesNotContain("<img src=x", body);
        Assert.DoesNotContain("onmouseover='", body);
        Assert.DoesNotContain("href=\"javascript:", body);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", body);
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task A_query_string_with_markup_is_echoed_escaped_in_the_form()
    {
        var (status, body, _) = await GetAsync("/?q=" + Uri.EscapeDataString("\"><script>alert(5)</script>") + "&producer=" + Uri.EscapeDataString("a'b"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("value=\"&quot;&gt;&lt;script&gt;alert(5)&lt;/script&gt;\"", body);
        Assert.Contains("value=\"a&#39;b\"", body);
    }

    [Theory]
    [InlineData("/models/no-such-model", 404)]
    [InlineData("/models/a/b", 404)]
    [InlineData("/?class=9", 400)]
    [InlineData("/?view=cards", 400)]
    [InlineData("/?sort=nonsense", 400)]
    [InlineData("/?q=a%01b", 400)]
    [InlineData("/compare?ids=a,b,c,d,e,f,g", 400)]
    [InlineData("/compare?ids=test-org/child-model,no-such", 404)]
    [InlineData("/compare", 200)]
    [InlineData("/licenses", 200)]
    [InlineData("/badge/test-org/child-model/mof.svg", 200)]
    [InlineData("/badge/test-org/child-model/osaid.svg", 200)]
    [InlineData("/badge/test-org/child-model/eu-ai-act.svg", 200)]
    [InlineData("/badge/test-org/child-model/mof.png", 200)]
    [InlineData("/badge/test-org/child-model/nope.svg", 404)]
    [InlineData("/badge/test-org/child-model/mof.gif", 404)]
    [InlineData("/badge/no/such/mof.svg", 404)]
    [InlineData("/export.csv?class=x", 400)]
    public async Task Pages_answer_the_right_status(string url, int expected)
    {
        var (status, _, _) = await GetAsync(url);
        Assert.Equal(expected, (int)status);
    }

    [Fact]
    public async Task Badges_carry_an_ETag_and_Cache_Control_and_answer_304_to_the_same_ETag()
    {
        var (status, body, response) = await GetAsync("/badge/test-org/child-model/mof.svg");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("<svg", body.TrimStart());
        Assert.Contains("max-age=", response.Headers.CacheControl!.ToString());
        var again = new HttpRequestMessage(HttpMethod.Get, "/badge/test-org/child-model/mof.svg");
        again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        var second = await Client.SendAsync(again, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }

    [Fact]
    public async Task PNG_badges_are_PNG_images_with_the_same_caching()
    {
        var response = await Client.GetAsync("/badge/test-org/child-model/osaid.png", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
        Assert.NotNull(response.Headers.ETag);
        var (_, page, _) = await GetAsync("/models/test-org/child-model");
        Assert.Contains("/badge/test-org/child-model/osaid.png)](", page);
    }

    [Fact]
    public async Task The_model_page_marks_the_license_change_and_the_JSON_export_holds_the_filtered_models()
    {
        var (_, page, _) = await GetAsync("/models/test-org/relicensed");
        Assert.Contains("class=\"license-change\"", page);
        Assert.Contains("TII Falcon License 1.0", page);
        var (status, json, response) = await GetAsync("/export.json?producer=Test%20Org");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var items = System.Text.Json.Nodes.JsonNode.Parse(json)!["items"]!.AsArray();
        Assert.Equal([HandBuilt.ChildId], items.Select(i => (string)i!["id"]!).ToArray());
    }

    [Fact]
    public async Task The_licenses_page_shows_AI_license_terms()
    {
        var (_, body, _) = await GetAsync("/licenses");
        Assert.Contains("<table id=\"ai-licenses\">", body);
        Assert.Contains("MAU cap", body);
        Assert.Contains("700000000", body.Replace(",", ""));
    }
}

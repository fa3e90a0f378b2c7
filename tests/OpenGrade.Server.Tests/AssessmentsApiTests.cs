using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace OpenGrade.Server.Tests;

/// <summary>Writes (token-guarded uploads), history and license-change diffs, and the server's limits.</summary>
public sealed class AssessmentsApiTests
{
    private static HttpRequestMessage Upload(string yaml, string? token, string id = "lab/falcon-40b")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v2/assessments?id={Uri.EscapeDataString(id)}")
        {
            Content = new StringContent(yaml, Encoding.UTF8, "application/yaml"),
        };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private static async Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> Send(TestCatalogServer server, HttpRequestMessage request)
    {
        var response = await server.Client.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return (response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null, response);
    }

    [Fact]
    public async Task Writes_need_the_right_bearer_token_and_the_token_is_never_logged()
    {
        await using var server = TestCatalogServer.Start();
        var yaml = CatalogRecords.Yaml("Falcon-40B", "Apache-2.0");

        // No token exists yet: every write is refused, even with some bearer value.
        Assert.Equal(HttpStatusCode.Forbidden, (await Send(server, Upload(yaml, "ogt_000000000000_guess"))).Status);
        var token = server.Catalog.CreateToken("test").Token;

        var (status, body, response) = await Send(server, Upload(yaml, null));
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, (await Send(server, Upload(yaml, token + "x"))).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await Send(server, Upload(yaml, token.ToUpperInvariant()))).Status);

        (status, body, response) = await Send(server, Upload(yaml, token));
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("/api/v2/models/lab/falcon-40b", response.Headers.Location!.OriginalString);
        Assert.Equal("added", body!["outcome"]!.GetValue<string>());
        Assert.Empty(server.Catalog.CheckIntegrity().Problems);

        Assert.NotEmpty(server.Logs);
        Assert.DoesNotContain(server.Logs, line => line.Contains(token, StringComparison.Ordinal) || line.Contains(token[17..], StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_versions_with_different_licenses_show_as_history_and_a_license_change_diff()
    {
        await using var server = TestCatalogServer.Start();
        var token = server.Catalog.CreateToken("test").Token;
        var (s1, b1, _) = await Send(server, Upload(CatalogRecords.Yaml("Falcon-40B", "LicenseRef-TII-Falcon-1.0"), token));
        var (s2, b2, _) = await Send(server, Upload(CatalogRecords.Yaml("Falcon-40B", "Apache-2.0"), token));
        var (s3, b3, _) = await Send(server, Upload(CatalogRecords.Yaml("Falcon-40B", "Apache-2.0"), token));
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.OK), (s1, s2, s3));
        Assert.Equal(["added", "new-version", "unchanged"], new[] { b1, b2, b3 }.Select(b => b!["outcome"]!.GetValue<string>()));
        Assert.Equal("Apache-2.0", b2!["license_change"]!["after"]![0]!.GetValue<string>());

        var history = JsonNode.Parse(await server.Client.GetStringAsync("/api/v2/models/lab/falcon-40b/history", TestContext.Current.CancellationToken))!;
        Assert.Equal([1L, 2L], history["versions"]!.AsArray().Select(v => v!["version"]!.GetValue<long>()));
        Assert.Null(history["versions"]![0]!["license_change"]);
        Assert.Equal(2, history["versions"]![1]!["license_change"]!["to_version"]!.GetValue<long>());
        var change = history["license_changes"]!.AsArray().Single()!;
        Assert.Equal("LicenseRef-TII-Falcon-1.0", change["before"]![0]!.GetValue<string>());

        var diff = JsonNode.Parse(await server.Client.GetStringAsync("/api/v2/models/lab/falcon-40b/diff?from=1&to=2", TestContext.Current.CancellationToken))!;
        Assert.True(diff["license_change"]!.GetValue<bool>());
        Assert.Equal(["Apache-2.0"], diff["licenses"]!["added"]!.AsArray().Select(l => l!.GetValue<string>()));
        Assert.Equal(["LicenseRef-TII-Falcon-1.0"], diff["licenses"]!["removed"]!.AsArray().Select(l => l!.GetValue<string>()));
        Assert.NotEmpty(diff["components"]!.AsArray());
        var byDefault = JsonNode.Parse(await server.Client.GetStringAsync("/api/v2/models/lab/falcon-40b/diff", TestContext.Current.CancellationToken))!;
        Assert.True(JsonNode.DeepEquals(diff, byDefault));

        var latest = JsonNode.Parse(await server.Client.GetStringAsync("/api/v2/models/lab/falcon-40b", TestContext.Current.CancellationToken))!;
        Assert.Equal(2, latest["version"]!.GetValue<long>());
        Assert.Equal("upload.yml", latest["assessment"]!["target"]!.GetValue<string>());
        var first = JsonNode.Parse(await server.Client.GetStringAsync("/api/v2/models/lab/falcon-40b?version=1", TestContext.Current.CancellationToken))!;
        Assert.Equal(["LicenseRef-TII-Falcon-1.0"], first["licenses"]!.AsArray().Select(l => l!.GetValue<string>()));
        Assert.Equal(1, latest["mot_id"]!.GetValue<long>());
    }

    [Fact]
    public async Task Bad_writes_are_problems_and_names_are_encoded_in_the_JSON()
    {
        await using var server = TestCatalogServer.Start();
        var token = server.Catalog.CreateToken("test").Token;
        async Task<HttpStatusCode> Post(HttpContent content, string query = "")
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v2/assessments" + query) { Content = content };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await server.Client.SendAsync(request, TestContext.Current.CancellationToken);
            if (!response.IsSuccessStatusCode) Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            return response.StatusCode;
        }
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, await Post(new StringContent("x", Encoding.UTF8, "text/plain")));
        Assert.Equal(HttpStatusCode.BadRequest, await Post(new StringContent("{\"target\":\"/etc/passwd\"}", Encoding.UTF8, "application/json")));
        Assert.Equal(HttpStatusCode.BadRequest, await Post(new StringContent("{\"target\":\"hf:../../x\"}", Encoding.UTF8, "application/json")));
        Assert.Equal(HttpStatusCode.BadRequest, await Post(new StringContent("{not json", Encoding.UTF8, "application/json")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, await Post(new StringContent("release: [unclosed", Encoding.UTF8, "application/yaml"), "?id=broken"));
        Assert.Equal(HttpStatusCode.BadRequest, await Post(new StringContent(CatalogRecords.Yaml("X", "MIT"), Encoding.UTF8, "application/yaml"), "?id=a/b/c"));

        // A hostile name is stored as given and served as inert JSON text.
        var status = await Post(new StringContent(CatalogRecords.Yaml("<script>alert(1)</script>", "MIT"), Encoding.UTF8, "application/yaml"), "?id=xss");
        Assert.Equal(HttpStatusCode.Created, status);
        var raw = await server.Client.GetStringAsync("/api/v2/models/xss", TestContext.Current.CancellationToken);
        Assert.DoesNotContain("<script>", raw);
        Assert.Equal("<script>alert(1)</script>", JsonNode.Parse(raw)!["assessment"]!["release"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Bodies_over_the_limit_get_413_declared_or_streamed()
    {
        await using var server = TestCatalogServer.Start(o => o with { MaxRequestBytes = 4096 });
        var token = server.Catalog.CreateToken("test").Token;
        var big = new string('#', 10_000);
        var (declared, _, r1) = await Send(server, Upload(big, token));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared);
        Assert.Equal("application/problem+json", r1.Content.Headers.ContentType?.MediaType);

        using var streamed = new HttpRequestMessage(HttpMethod.Post, "/api/v2/assessments?id=big")
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big))),
        };
        streamed.Content.Headers.ContentType = new MediaTypeHeaderValue("application/yaml");
        streamed.Headers.TransferEncodingChunked = true;
        streamed.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var (chunked, _, _) = await Send(server, streamed);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunked);
        Assert.Equal(0, server.Catalog.ModelCount());
    }

    [Fact]
    public async Task Too_many_requests_get_429_with_Retry_After()
    {
        await using var server = TestCatalogServer.Start(o => o with { RequestsPerWindow = 3, RateWindow = TimeSpan.FromMinutes(1) });
        for (var i = 0; i < 3; i++)
        {
            using var ok = await server.Client.GetAsync("/api/v1/models", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
        using var limited = await server.Client.GetAsync("/api/v1/models", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        var retry = limited.Headers.RetryAfter!.Delta!.Value;
        Assert.InRange(retry.TotalSeconds, 1, 60);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task More_endpoints_can_be_mapped_on_the_same_server()
    {
        await using var server = TestCatalogServer.Start(o => o with { MapMore = app => app.MapGet("/ui-probe", () => Results.Text("ui")) });
        Assert.Equal("ui", await server.Client.GetStringAsync("/ui-probe", TestContext.Current.CancellationToken));
    }
}

using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenGrade.Server.Tests;

/// <summary>The MOT-compatible API: MOT's shapes, and MOT's own classification for every model MOT's output covers.</summary>
public sealed class MotApiTests(ImportedCorpus corpus) : IClassFixture<ImportedCorpus>
{
    private HttpClient Client => corpus.Client;

    private async Task<List<JsonObject>> AllModels()
    {
        var models = new List<JsonObject>();
        for (var page = 1; ; page++)
        {
            var body = JsonNode.Parse(await Client.GetStringAsync($"/api/v1/models?page={page}&limit=100", TestContext.Current.CancellationToken))!;
            var batch = body["models"]!.AsArray().Select(m => m!.AsObject()).ToList();
            models.AddRange(batch);
            if (page >= body["pager"]!["total_pages"]!.GetValue<long>()) return models;
        }
    }

    [Fact]
    public async Task Classification_equals_MOTs_own_output_for_every_model_it_covers()
    {
        var path = SharedCorpus.PathTo("corpus", "mot", "Test_Data", "expected_results.json");
        using var expected = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { AllowTrailingCommas = true });
        var served = (await AllModels()).ToLookup(m => m["release"]!["name"]!.GetValue<string>());
        Assert.Equal(300, served.Sum(g => g.Count()));
        var compared = 0;
        foreach (var want in expected.RootElement.GetProperty("models").EnumerateArray())
        {
            var name = want.GetProperty("release").GetProperty("name").GetString()!;
            var got = Assert.Single(served[name])["classification"]!;
            var w = want.GetProperty("classification");
            Assert.Equal(w.GetProperty("class").GetInt32(), got["class"]!.GetValue<int>());
            Assert.Equal(w.GetProperty("label").GetString(), got["label"]!.GetValue<string>());
            foreach (var c in new[] { "1", "2", "3" })
            {
                var mot = w.GetProperty("progress").GetProperty(c).GetDouble();
                var ours = got["progress"]![c]!.GetValue<double>();
                Assert.True(BitConverter.DoubleToInt64Bits(mot) == BitConverter.DoubleToInt64Bits(ours), $"{name} progress {c}: MOT {mot:R}, served {ours:R}");
            }
            compared++;
        }
        Assert.Equal(27, compared);
    }

    [Fact]
    public async Task List_and_model_have_exactly_MOTs_field_names_and_nesting()
    {
        var body = JsonNode.Parse(await Client.GetStringAsync("/api/v1/models?page=2&limit=3", TestContext.Current.CancellationToken))!.AsObject();
        Assert.Equal(["pager", "models"], body.Select(p => p.Key));
        Assert.Equal(["total_items", "total_pages", "current_page"], body["pager"]!.AsObject().Select(p => p.Key));
        Assert.Equal((300L, 100L, 2L), (body["pager"]!["total_items"]!.GetValue<long>(), body["pager"]!["total_pages"]!.GetValue<long>(), body["pager"]!["current_page"]!.GetValue<long>()));
        var models = body["models"]!.AsArray();
        Assert.Equal(["4", "5", "6"], models.Select(m => m!["id"]!.GetValue<string>()));
        foreach (var model in models.Select(m => m!.AsObject()))
        {
            Assert.Equal(["id", "framework", "release", "classification"], model.Select(p => p.Key));
            Assert.Equal(["name", "version", "date"], model["framework"]!.AsObject().Select(p => p.Key));
            Assert.Equal(["name", "date", "producer", "repository", "huggingface", "license", "components"], model["release"]!.AsObject().Select(p => p.Key));
            Assert.Equal(["class", "label", "progress"], model["classification"]!.AsObject().Select(p => p.Key));
            Assert.Equal(["1", "2", "3"], model["classification"]!["progress"]!.AsObject().Select(p => p.Key));
            foreach (var component in model["release"]!["components"]!.AsArray().Select(c => c!.AsObject()))
            {
                Assert.Subset(new HashSet<string> { "name", "description", "license", "license_path", "component_path" }, component.Select(p => p.Key).ToHashSet());
            }
            var one = JsonNode.Parse(await Client.GetStringAsync($"/api/v1/model/{model["id"]}", TestContext.Current.CancellationToken))!;
            Assert.True(JsonNode.DeepEquals(model, one));
        }
    }

    [Fact]
    public async Task Limit_is_capped_pages_past_the_end_are_empty_and_bad_numbers_are_problems()
    {
        var capped = JsonNode.Parse(await Client.GetStringAsync("/api/v1/models?limit=100000", TestContext.Current.CancellationToken))!;
        Assert.Equal(300, capped["models"]!.AsArray().Count);
        Assert.Equal(1, capped["pager"]!["total_pages"]!.GetValue<long>());
        var past = JsonNode.Parse(await Client.GetStringAsync("/api/v1/models?page=99", TestContext.Current.CancellationToken))!;
        Assert.Empty(past["models"]!.AsArray());
        var zero = JsonNode.Parse(await Client.GetStringAsync("/api/v1/models?limit=0", TestContext.Current.CancellationToken))!;
        Assert.Single(zero["models"]!.AsArray()); // MOT: max(1, limit)

        foreach (var url in new[] { "/api/v1/models?page=abc", "/api/v1/model/999999", "/api/v1/model/abc", "/api/v1/nothing" })
        {
            using var response = await Client.GetAsync(url, TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, url);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
            Assert.Equal((int)response.StatusCode, problem["status"]!.GetValue<int>());
            Assert.False(string.IsNullOrEmpty(problem["title"]?.GetValue<string>()));
        }
    }

    [Fact]
    public async Task Answers_carry_an_ETag_and_a_matching_If_None_Match_gets_304()
    {
        using var first = await Client.GetAsync("/api/v1/models?limit=5", TestContext.Current.CancellationToken);
        var etag = first.Headers.ETag!;
        Assert.Contains("max-age", first.Headers.CacheControl!.ToString());
        using var again = new HttpRequestMessage(HttpMethod.Get, "/api/v1/models?limit=5");
        again.Headers.IfNoneMatch.Add(etag);
        using var notModified = await Client.SendAsync(again, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        using var other = new HttpRequestMessage(HttpMethod.Get, "/api/v1/models?limit=6");
        other.Headers.IfNoneMatch.Add(etag);
        using var changed = await Client.SendAsync(other, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
    }
}

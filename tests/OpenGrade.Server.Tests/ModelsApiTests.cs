using System.Net;
using System.Text.Json.Nodes;

namespace OpenGrade.Server.Tests;

/// <summary>/api/v2/models and /api/v2/licenses over the imported MOT corpus: filters, sort, cursor paging, problems.</summary>
public sealed class ModelsApiTests(ImportedCorpus corpus) : IClassFixture<ImportedCorpus>
{
    private HttpClient Client => corpus.Client;

    private async Task<JsonObject> Get(string url) =>
        JsonNode.Parse(await Client.GetStringAsync(url, TestContext.Current.CancellationToken))!.AsObject();

    /// <summary>Every item of a query, following the Link header page by page.</summary>
    private async Task<List<JsonObject>> All(string url)
    {
        var items = new List<JsonObject>();
        string? next = url;
        while (next is not null)
        {
            using var response = await Client.GetAsync(next, TestContext.Current.CancellationToken);
            response.EnsureSuccessStatusCode();
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
            items.AddRange(body["items"]!.AsArray().Select(i => i!.AsObject()));
            next = response.Headers.TryGetValues("Link", out var links) ? links.Single().Split('<', '>')[1] : null;
            Assert.Equal(next is null, body["next_cursor"] is null);
        }
        return items;
    }

    [Fact]
    public async Task Filters_select_exactly_the_matching_models_across_cursor_pages()
    {
        var everything = await All("/api/v2/models?fields=summary&limit=100");
        Assert.Equal(300, everything.Count);
        Assert.Equal(300, everything.Select(i => i["id"]!.GetValue<string>()).Distinct().Count());

        async Task Check(string query, Func<JsonObject, bool> expected)
        {
            var got = await All($"/api/v2/models?fields=summary&limit=9&{query}");
            var want = everything.Where(expected).Select(i => i["id"]!.GetValue<string>()).Order(StringComparer.Ordinal);
            Assert.Equal(want, got.Select(i => i["id"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        }
        await Check("class=1", i => i["mof_class"]!.GetValue<int>() == 1);
        await Check("class=3&sort=name", i => i["mof_class"]!.GetValue<int>() == 3);
        await Check("osaid=conformant", i => i["osaid"]!.GetValue<string>() == "conformant");
        await Check("eu_ai_act=likely-exempt&type=language", i => i["eu_ai_act"]!.GetValue<string>() == "likely-exempt" && i["type"]!.GetValue<string>() == "language");
        await Check("producer=IBM&sort=-date", i => i["producer"]!.GetValue<string>().Equals("ibm", StringComparison.OrdinalIgnoreCase));
        await Check("q=granite", i => i["id"]!.GetValue<string>().Contains("granite", StringComparison.OrdinalIgnoreCase)
            || i["name"]!.GetValue<string>().Contains("granite", StringComparison.OrdinalIgnoreCase) || i["producer"]!.GetValue<string>().Contains("granite", StringComparison.OrdinalIgnoreCase));

        // A license filter agrees with each model's own stored licenses.
        var apache = await All("/api/v2/models?license=Apache-2.0&limit=50&fields=summary");
        Assert.NotEmpty(apache);
        foreach (var item in apache.Take(10))
        {
            var one = await Get($"/api/v2/models/{Uri.EscapeDataString(item["id"]!.GetValue<string>())}");
            Assert.Contains("Apache-2.0", one["licenses"]!.AsArray().Select(l => l!.GetValue<string>()));
        }
    }

    [Fact]
    public async Task Sorted_pages_are_in_order_and_carry_the_full_judgements()
    {
        var items = await All("/api/v2/models?sort=-progress&limit=40");
        var progress = items.Select(i => i["mof_total_progress"]!.GetValue<double>()).ToList();
        Assert.Equal(progress.OrderDescending(), progress);
        var top = items[0]["assessment"]!.AsObject();
        foreach (var key in new[] { "target", "release", "mof", "mof_recognised", "osaid", "eu_ai_act", "flags" }) Assert.True(top.ContainsKey(key), key);
        Assert.Equal(items[0]["mof_class"]!.GetValue<int>(), top["mof"]!["class"]!.GetValue<int>());

        var names = (await All("/api/v2/models?sort=name&limit=100&fields=summary")).Select(i => i["name"]!.GetValue<string>().ToLowerInvariant()).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
    }

    [Theory]
    [InlineData("/api/v2/models?class=7")]
    [InlineData("/api/v2/models?sort=weight")]
    [InlineData("/api/v2/models?cursor=garbage")]
    [InlineData("/api/v2/models?limit=0")]
    [InlineData("/api/v2/models?limit=101")]
    [InlineData("/api/v2/models?colour=red")]
    [InlineData("/api/v2/models?class=1&class=2")]
    [InlineData("/api/v2/models?q=%1b%5b31m")]
    [InlineData("/api/v2/models/a%07b")]
    [InlineData("/api/v2/models/Pythia-1B?version=x")]
    [InlineData("/api/v2/models/Pythia-1B/diff?from=1")]
    public async Task Bad_input_is_a_400_problem(string url)
    {
        using var response = await Client.GetAsync(url, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.Equal(400, problem["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(problem["detail"]?.GetValue<string>()));
    }

    [Theory]
    [InlineData("/api/v2/models/No-Such-Model")]
    [InlineData("/api/v2/models/org/none/history")]
    [InlineData("/api/v2/models/Pythia-1B?version=9")]
    [InlineData("/api/v2/licenses/Not-A-License-Anyone-Knows")]
    public async Task Unknown_things_are_a_404_problem(string url)
    {
        using var response = await Client.GetAsync(url, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_model_answers_with_its_provenance_and_assessment()
    {
        var model = await Get("/api/v2/models/Pythia-1B");
        Assert.Equal("Pythia-1B", model["id"]!.GetValue<string>());
        Assert.Equal(1, model["version"]!.GetValue<long>());
        Assert.StartsWith("sha256:", model["source_revision"]!.GetValue<string>());
        Assert.StartsWith("sha256:", model["content_hash"]!.GetValue<string>());
        Assert.Equal(1, model["assessment"]!["mof"]!["class"]!.GetValue<int>());
        var history = await Get("/api/v2/models/Pythia-1B/history");
        Assert.Single(history["versions"]!.AsArray());
    }

    [Fact]
    public async Task Licenses_list_usage_and_show_the_facts_license_show_prints()
    {
        var list = await Get("/api/v2/licenses");
        var apache = list["items"]!.AsArray().Single(i => i!["id"]!.GetValue<string>() == "Apache-2.0")!;
        Assert.True(apache["models"]!.GetValue<long>() > 0);
        var facts = await Get("/api/v2/licenses/Apache-2.0");
        Assert.True(facts["osi_approved"]!.GetValue<bool>());
        Assert.True(facts["open_for_mof"]!.GetValue<bool>());
        Assert.Equal(apache["models"]!.GetValue<long>(), facts["models"]!.GetValue<long>());
        var llama = await Get("/api/v2/licenses/llama3.1");
        Assert.Equal("ai-license", llama["kind"]!.GetValue<string>());
        Assert.NotNull(llama["terms"]!["monthly_active_user_threshold"]);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_every_route_and_docs_openapi_json_matches_it()
    {
        var served = await Get("/openapi/v1.json");
        var paths = served["paths"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
        foreach (var route in new[] { "/api/v1/models", "/api/v1/model/{id}", "/api/v2/models", "/api/v2/models/{org}/{name}", "/api/v2/models/{org}/{name}/history", "/api/v2/models/{org}/{name}/diff", "/api/v2/licenses", "/api/v2/licenses/{id}", "/api/v2/assessments" })
        {
            Assert.Contains(route, paths);
        }
        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(SharedCorpus.RepoRoot, "docs", "openapi.json")))!;
        Assert.Equal(paths, file["paths"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal).ToList());
    }
}

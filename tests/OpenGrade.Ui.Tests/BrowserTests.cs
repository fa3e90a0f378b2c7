using System.Text.Json.Nodes;
using Microsoft.Playwright;
using OpenGrade.Storage;

namespace OpenGrade.Ui.Tests;

/// <summary>The web UI as a person uses it, in real headless Chromium: filter, open, compare, copy a badge, export.</summary>
public sealed class BrowserTests(UiSite site) : IClassFixture<UiSite>
{
    // The assertions read the page's DOM: waiting for every image (the PNG badges are rendered on
    // request) only made the tests slow to fail on a loaded machine.
    private static readonly PageWaitForURLOptions Navigated = new() { WaitUntil = WaitUntilState.DOMContentLoaded };

    /// <summary>Every model id matching <paramref name="query"/>, read from the catalog page by page (the oracle).</summary>
    private List<string> Ids(ModelQuery query)
    {
        var ids = new List<string>();
        var q = query with { Limit = 500, WithDocuments = false };
        while (true)
        {
            var page = site.Catalog.List(q);
            ids.AddRange(page.Items.Select(m => m.Id));
            if (page.NextCursor is null) return ids;
            q = q with { Cursor = page.NextCursor };
        }
    }

    private static async Task<List<string>> ListedIdsAsync(IPage page) =>
        [.. (await page.Locator("#models tbody input[name=ids]").AllAsync()).Select(l => l.GetAttributeAsync("value").GetAwaiter().GetResult()!)];

    [Fact]
    public async Task Filtering_keeps_the_filter_in_the_URL_and_lists_exactly_the_matching_models()
    {
        site.NeedCorpus();
        var page = await site.PageAsync();
        await page.GotoAsync("/");
        var all = await ListedIdsAsync(page);
        await page.SelectOptionAsync("#f-class", "1");
        await page.SelectOptionAsync("#f-osaid", "conformant");
        await page.SelectOptionAsync("#f-sort", "name");
        await page.ClickAsync("#apply");
        await page.WaitForURLAsync("**/?*class=1*", Navigated);
        Assert.Contains("osaid=conformant", page.Url);
        Assert.Contains("sort=name", page.Url);
        var expected = Ids(new ModelQuery(MofClass: 1, Osaid: "conformant", Sort: "name")).Take(25).ToList();
        Assert.NotEmpty(expected);
        var shown = await ListedIdsAsync(page);
        Assert.Equal(expected, shown);
        Assert.NotEqual(all, shown);
        Assert.Equal("1", await page.InputValueAsync("#f-class"));
        await UiSite.ScreenshotAsync(page, "list");

        // Reloading the URL alone gives the same list: the state is all in the URL.
        var again = await site.PageAsync();
        await again.GotoAsync(page.Url);
        Assert.Equal(shown, await ListedIdsAsync(again));

        // Text search narrows to the models whose name matches.
        await page.FillAsync("#f-q", "Amber");
        await page.SelectOptionAsync("#f-class", "");
        await page.SelectOptionAsync("#f-osaid", "");
        await page.SelectOptionAsync("#f-sort", "-progress");
        await page.ClickAsync("#apply");
        await page.WaitForURLAsync("**q=Amber*", Navigated);
        Assert.Equal(Ids(new ModelQuery(Text: "Amber")), await ListedIdsAsync(page));
    }

    [Fact]
    public async Task A_model_page_shows_each_judgement_every_component_and_links_to_evidence()
    {
        site.NeedCorpus();
        var page = await site.PageAsync();
        await page.GotoAsync("/?q=Amber");
        await page.ClickAsync("#models tbody th a");
        await page.WaitForURLAsync("**/models/**", Navigated);
        var id = Uri.UnescapeDataString(page.Url[(page.Url.IndexOf("/models/", StringComparison.Ordinal) + 8)..]);
        var stored = site.Catalog.Get(id)!;
        Assert.Equal(stored.Assessment["release"]!["name"]!.ToString(), (await page.TextContentAsync("#model-name"))!.Trim().Split(' ')[0]);
        foreach (var heading in new[] { "#mof", "#osaid", "#eu", "#components", "#next", "#flags", "#lineage", "#history", "#badges" }) Assert.True(await page.Locator(heading).IsVisibleAsync(), heading);
        Assert.Contains((string)stored.Assessment["mof"]!["class_label"]!, await page.TextContentAsync("main"));
        Assert.Contains((string)stored.Assessment["osaid"]!["reason"]!, await page.TextContentAsync("main"));
        var components = (JsonArray)stored.Assessment["mof"]!["components"]!;
        Assert.Equal(components.Count, await page.Locator("#components-table tbody tr").CountAsync());
        // Evidence: the file and line the OSAID judgement rests on.
        var evidence = await page.Locator("ul.ev li code").First.TextContentAsync();
        Assert.Matches(@"\.yml:\d+:\d+$", evidence);
        await UiSite.ScreenshotAsync(page, "model");
    }

    [Fact]
    public async Task Lineage_history_and_web_evidence_links_render_for_a_fine_tune_and_a_relicensed_model()
    {
        var page = await site.PageAsync();
        await page.GotoAsync("/models/test-org/child-model");
        var link = page.Locator("#lineage-table a[href^='https://']");
        Assert.Equal(HandBuilt.EvidenceUrl, await link.GetAttributeAsync("href"));
        Assert.Equal("/models/test-org/base-model", await page.Locator("#lineage-table th a").GetAttributeAsync("href"));
        await page.GotoAsync("/models/test-org/relicensed");
        var change = page.Locator("#history-table tr.license-change");
        Assert.Equal(1, await change.CountAsync());
        Assert.Contains("Apache-2.0", await change.TextContentAsync());
    }

    [Fact]
    public async Task Comparing_two_ticked_models_shows_them_side_by_side_with_the_selection_in_the_URL()
    {
        site.NeedCorpus();
        var page = await site.PageAsync();
        await page.GotoAsync("/");
        var boxes = page.Locator("#models tbody input[name=ids]");
        var first = await boxes.Nth(0).GetAttributeAsync("value");
        var second = await boxes.Nth(20).GetAttributeAsync("value");
        await boxes.Nth(0).CheckAsync();
        await boxes.Nth(20).CheckAsync();
        await page.ClickAsync("text=Compare selected");
        await page.WaitForURLAsync("**/compare?**", Navigated);
        Assert.Contains("ids=" + Uri.EscapeDataString(first!), page.Url);
        var headers = await page.Locator("#compare thead th a").AllTextContentsAsync();
        Assert.Equal(2, headers.Count);
        Assert.Equal(site.Catalog.Get(first!)!.Assessment["release"]!["name"]!.ToString(), headers[0]);
        Assert.Equal(site.Catalog.Get(second!)!.Assessment["release"]!["name"]!.ToString(), headers[1]);
        // The compare URL alone reopens the same view.
        var again = await site.PageAsync();
        await again.GotoAsync($"/compare?ids={Uri.EscapeDataString(first!)},{Uri.EscapeDataString(second!)}");
        Assert.Equal(headers, await again.Locator("#compare thead th a").AllTextContentsAsync());
        await UiSite.ScreenshotAsync(again, "compare");
    }

    [Fact]
    public async Task Copying_a_badge_snippet_gives_Markdown_whose_badge_URL_answers_with_an_image()
    {
        site.NeedCorpus();
        var page = await site.PageAsync();
        await page.GotoAsync("/models/Amber");
        await page.ClickAsync("button[data-copy=snippet-mof]");
        await Assertions.Expect(page.Locator("#snippet-mof-status")).ToHaveTextAsync("Copied");
        var snippet = await page.InputValueAsync("#snippet-mof");
        Assert.Equal(snippet, await page.EvaluateAsync<string>("navigator.clipboard.readText()"));
        var m = System.Text.RegularExpressions.Regex.Match(snippet, @"^\[!\[[^\]]+\]\((?<img>[^)]+)\)\]\((?<page>[^)]+)\)$");
        Assert.True(m.Success, snippet);
        Assert.Equal(site.BaseUrl + "/badge/Amber/mof.svg", m.Groups["img"].Value);
        var badge = await page.APIRequest.GetAsync(m.Groups["img"].Value);
        Assert.Equal(200, badge.Status);
        Assert.StartsWith("image/svg+xml", badge.Headers["content-type"]);
        Assert.Contains("Class", await badge.TextAsync());
        await page.ClickAsync("button[data-copy=snippet-mof-png]");
        var pngSnippet = await page.EvaluateAsync<string>("navigator.clipboard.readText()");
        Assert.Equal(snippet.Replace("/mof.svg)", "/mof.png)"), pngSnippet);
        var png = await page.APIRequest.GetAsync(m.Groups["img"].Value.Replace(".svg", ".png"));
        Assert.Equal(200, png.Status);
        Assert.Equal("image/png", png.Headers["content-type"]);
        var target = await page.APIRequest.GetAsync(m.Groups["page"].Value);
        Assert.Equal(200, target.Status);
        // The badge image on the page itself loaded.
        Assert.True(await page.EvaluateAsync<bool>("[...document.querySelectorAll('.badges img')].every(i => i.complete && i.naturalWidth > 0)"));
    }

    [Fact]
    public async Task Keyboard_focus_on_a_grid_cell_reveals_its_license_and_evidence()
    {
        site.NeedCorpus();
        var page = await site.PageAsync();
        await page.GotoAsync("/?view=grid&q=Amber");
        var cell = page.Locator("#grid td.cell[tabindex='0']").First;
        var pop = cell.Locator(".pop");
        Assert.False(await pop.IsVisibleAsync());
        await page.Locator("#grid tbody th a").First.FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        Assert.True(await cell.EvaluateAsync<bool>("c => c === document.activeElement"));
        Assert.True(await pop.IsVisibleAsync());
        Assert.Contains("License:", await pop.TextContentAsync());
        Assert.False(string.IsNullOrEmpty(await cell.GetAttributeAsync("title")));
        await UiSite.ScreenshotAsync(page, "grid");
    }

    [Fact]
    public async Task The_CSV_export_link_of_a_filtered_list_holds_exactly_its_rows()
    {
        site.NeedCorpus();
        var page = await site.PageAsync();
        await page.GotoAsync("/?eu_ai_act=likely-exempt&sort=name");
        var href = await page.GetAttributeAsync("a:text-is('CSV')", "href");
        Assert.Contains("eu_ai_act=likely-exempt", href);
        var csv = await page.APIRequest.GetAsync(href!);
        Assert.Equal(200, csv.Status);
        Assert.StartsWith("text/csv", csv.Headers["content-type"]);
        var lines = (await csv.TextAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id,name,", lines[0]);
        var expected = Ids(new ModelQuery(Eu: "likely-exempt", Sort: "name"));
        Assert.True(expected.Count > 0);
        Assert.Equal(expected, lines.Skip(1).Select(l => l.Split(',')[0]).ToList());
        Assert.All(lines.Skip(1), l => Assert.Contains("likely-exempt", l));
    }

    [Fact]
    public async Task A_model_named_with_markup_renders_as_text_and_runs_no_script()
    {
        var page = await site.PageAsync();
        var dialogs = 0;
        page.Dialog += (_, d) => { dialogs++; _ = d.DismissAsync(); };
        await page.GotoAsync("/models/" + HandBuilt.EvilId);
        Assert.StartsWith(HandBuilt.EvilName, (await page.TextContentAsync("#model-name"))!);
        Assert.Equal(0, await page.Locator("main script, main img[src=x]").CountAsync());
        Assert.Equal(0, await page.Locator("a[href^='javascript:']").CountAsync());
        await page.GotoAsync("/?q=script");
        await page.HoverAsync("#models tbody th a");
        Assert.Contains(HandBuilt.EvilName, await page.TextContentAsync("#models"));
        await page.GotoAsync("/compare?ids=" + Uri.EscapeDataString(HandBuilt.EvilId + "," + HandBuilt.ChildId));
        Assert.Equal(HandBuilt.EvilName, await page.TextContentAsync("#compare thead th a"));
        Assert.Equal(0, dialogs);
    }
}

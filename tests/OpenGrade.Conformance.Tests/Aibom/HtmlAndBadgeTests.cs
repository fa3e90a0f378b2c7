using System.Collections.Immutable;
using System.Xml.Linq;
using OpenGrade.Core.Domain;
using OpenGrade.Core.Evaluation;
using OpenGrade.Reports;
using OpenGrade.Reports.Aibom;

namespace OpenGrade.Conformance.Tests.Aibom;

/// <summary>The HTML report and the SVG badges: self-contained, complete, accessible, and safe with hostile text.</summary>
public sealed class HtmlAndBadgeTests
{
    [Fact]
    public void The_HTML_report_is_self_contained_and_shows_every_judgement_and_component()
    {
        var target = AibomFixtures.MotNamed("OLMo-7B.yml");
        var a = target.Assessment!;
        var html = AibomFormats.Render(target, "html", AibomFixtures.Context);

        foreach (var outside in new[] { " src=", "<link", "@import", "url(", "<script", "<iframe" }) Assert.DoesNotContain(outside, html, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("<!DOCTYPE html>\n<html lang=\"en\">", html, StringComparison.Ordinal);
        Assert.Contains(a.Mof.ClassLabel, html, StringComparison.Ordinal);
        foreach (var v in a.Mof.Components) Assert.Contains($"<th scope=\"row\">{System.Net.WebUtility.HtmlEncode(v.Component.Name)}", html, StringComparison.Ordinal);
        foreach (var gap in a.Mof.NextClass) Assert.Contains(System.Net.WebUtility.HtmlEncode(gap.Message), html, StringComparison.Ordinal);
        Assert.Contains(a.Osaid!.Verdict.Key(), html, StringComparison.Ordinal);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(a.EuAiAct!.Disclaimer), html, StringComparison.Ordinal);
        Assert.Contains("role=\"img\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_HTML_report_of_a_repository_lists_the_inventory_evidence_with_links()
    {
        var folder = AibomFixtures.HubFolders().First(f => f.EndsWith("zephyr-7b-beta", StringComparison.Ordinal));
        var html = AibomFormats.Render(AibomFixtures.Hub(folder), "html", AibomFixtures.Context);
        Assert.Contains("What the inventory found", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_from_the_release_is_encoded_never_markup()
    {
        var release = new ModelRelease("<script>alert(1)</script>", "1", "<img src=x onerror=alert(1)>", null, null, null, "javascript:alert(1)", null,
            GlobalLicenses.None, [new ComponentEntry("Model parameters (Final)", null, "MIT\"><b>x</b>", null, "javascript:alert(2)")]);
        var target = AssessedTarget.Ok("evil.yml", AibomFixtures.Assessor.Assess(release));
        var html = AibomFormats.Render(target, "html", AibomFixtures.Context);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>x</b>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"javascript:", html, StringComparison.Ordinal);
        var svg = XDocument.Parse(AibomFormats.Render(target, "badge", AibomFixtures.Context));
        Assert.Equal("svg", svg.Root!.Name.LocalName);
    }

    [Theory]
    [InlineData("badge", "MOF 1.0")]
    [InlineData("badge-osaid", "OSAID 1.0")]
    [InlineData("badge-eu-ai-act", "EU AI Act OSS")]
    public void Each_framework_badge_is_a_labelled_SVG_with_the_outcome_and_a_percentage(string format, string label)
    {
        var svg = XDocument.Parse(AibomFormats.Render(AibomFixtures.MotNamed("OLMo-7B.yml"), format, AibomFixtures.Context)).Root!;
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal("img", (string?)svg.Attribute("role"));
        Assert.False(string.IsNullOrEmpty((string?)svg.Attribute("aria-label")));
        Assert.NotNull(svg.Element(ns + "title"));
        var texts = svg.Descendants(ns + "text").Select(t => t.Value).ToList();
        Assert.Equal(label, texts[0]);
        Assert.Matches(@"\d+%", texts[1]);
    }

    [Fact]
    public void The_MOF_badge_names_the_class_reached_and_the_progress_towards_the_next()
    {
        var target = AibomFixtures.MotNamed("OLMo-7B.yml");
        var m = target.Assessment!.Mof;
        var face = Badge.Face(target.Assessment, "mof")!;
        var expected = m.Class switch
        {
            0 => $"unclassified · III {Math.Floor(m.Progress.Class3)}%",
            1 => "Class I · 100%",
            _ => $"Class {Vocabulary.Roman(m.Class)} · {Vocabulary.Roman(m.Class - 1)} {Math.Floor(m.Progress.For(m.Class - 1))}%",
        };
        Assert.Equal(expected, face.Value);
    }

    [Fact]
    public void Every_format_is_listed_with_a_media_type()
    {
        var types = AibomFormats.Names.ToImmutableDictionary(n => n, AibomFormats.MediaType);
        Assert.Equal("application/spdx+json", types["spdx3"]);
        Assert.Equal("image/svg+xml", types["badge-osaid"]);
        Assert.Equal("text/html", types["html"]);
    }
}

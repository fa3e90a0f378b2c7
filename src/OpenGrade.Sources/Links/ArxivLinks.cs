using System.Net;
using System.Xml;
using System.Xml.Linq;
using OpenGrade.Core.Inventory;
using OpenGrade.Core.Text;

namespace OpenGrade.Sources.Links;

/// <summary>
/// An arXiv paper's license from arXiv's OAI-PMH interface: <c>GetRecord</c> in the <c>arXiv</c> metadata
/// format, whose <c>&lt;license&gt;</c> element holds the license URL the submitter chose. The XML is read
/// with DTDs prohibited and no resolver, within a byte budget; OAI-PMH's <c>idDoesNotExist</c> and a
/// deleted record are "not found", any other OAI-PMH error leaves the paper unavailable with its reason.
/// </summary>
public sealed class ArxivLinks(LinkHttp http, LinkOptions options)
{
    public const long MaxAnswerBytes = 1L << 20;
    public const string Method = "arxiv-oai-pmh";
    private const string OaiNs = "http://www.openarchives.org/OAI/2.0/";
    private const string ArxivNs = "http://arxiv.org/OAI/arXiv/";

    public async Task<LinkedPlace> ResolveAsync(LinkTarget target, CancellationToken ct)
    {
        if (!LinkNames.TryArxiv(target.Id, out var paper, out var problem))
        {
            return LinkedPlace.Unresolved(target, LinkOutcome.Unavailable, "", $"refused before any request: {problem}");
        }
        var page = $"https://arxiv.org/abs/{paper}";
        var uri = new Uri(options.Arxiv, $"oai2?verb=GetRecord&identifier=oai:arXiv.org:{paper}&metadataPrefix=arXiv");
        try
        {
            // arXiv is asked without any token: none of ours belongs to it.
            var answer = await http.GetAsync(new LinkRequest(LinkKind.ArxivPaper, paper, uri, options.Arxiv, null, MaxAnswerBytes, "arXiv"), ct);
            if (answer.Status != HttpStatusCode.OK)
            {
                return LinkedPlace.Unresolved(target, LinkOutcome.NotFound, page, $"arXiv has no paper {paper} (answered {(int)answer.Status})") with { FromCache = answer.FromCache };
            }
            return Read(target, paper, page, uri, answer);
        }
        catch (LinkUnavailableException e)
        {
            return LinkedPlace.Unresolved(target, LinkOutcome.Unavailable, page, TerminalText.OneLine(e.Message));
        }
    }

    private static LinkedPlace Read(LinkTarget target, string paper, string page, Uri source, LinkAnswer answer)
    {
        var root = Parse(answer.Body).Root;
        if (root is null || root.Name != XName.Get("OAI-PMH", OaiNs)) throw new LinkUnavailableException("arXiv: the answer is not an OAI-PMH document");
        if (root.Element(XName.Get("error", OaiNs)) is { } error)
        {
            var code = (string?)error.Attribute("code") ?? "";
            var why = $"arXiv's OAI-PMH error {TerminalText.Clip(code, 40)}: {TerminalText.Clip(error.Value.Trim(), 200)}";
            return LinkedPlace.Unresolved(target, code == "idDoesNotExist" ? LinkOutcome.NotFound : LinkOutcome.Unavailable, page, why)
                with { FromCache = answer.FromCache };
        }
        var record = root.Element(XName.Get("GetRecord", OaiNs))?.Element(XName.Get("record", OaiNs))
            ?? throw new LinkUnavailableException("arXiv: the OAI-PMH answer holds no record");
        if ((string?)record.Element(XName.Get("header", OaiNs))?.Attribute("status") == "deleted")
        {
            return LinkedPlace.Unresolved(target, LinkOutcome.NotFound, page, $"arXiv's record of {paper} is deleted") with { FromCache = answer.FromCache };
        }
        var metadata = record.Element(XName.Get("metadata", OaiNs))?.Element(XName.Get("arXiv", ArxivNs))
            ?? throw new LinkUnavailableException("arXiv: the record has no metadata in the arXiv format");
        var id = metadata.Element(XName.Get("id", ArxivNs))?.Value.Trim();
        if (id is not null && id != paper) throw new LinkUnavailableException($"arXiv: answered with the record of another paper ({TerminalText.Clip(id, 64)})");

        var url = metadata.Element(XName.Get("license", ArxivNs))?.Value.Trim();
        if (string.IsNullOrEmpty(url))
        {
            return new LinkedPlace(target, LinkOutcome.Resolved, page,
                "the arXiv record states no license; arXiv's default is its non-exclusive license to distribute (assumed for papers submitted before 2004, which carry no license)",
                [new LinkedLicense(null, null, Method, source.AbsoluteUri, 0.0)], [], [], FromCache: answer.FromCache);
        }
        var mapped = ArxivLicenses.Map(url);
        var shown = TerminalText.Clip(url, 200);
        var license = new LinkedLicense(mapped?.Id, mapped?.Name ?? shown, Method, source.AbsoluteUri, mapped is null ? 0.0 : 1.0);
        var detail = mapped is null ? $"arXiv: license URL {shown} is not one OpenGrade knows" : $"arXiv: {mapped.Id} ({shown})";
        return new LinkedPlace(target, LinkOutcome.Resolved, page, TerminalText.OneLine(detail), [license], [], [], FromCache: answer.FromCache);
    }

    /// <summary>XML with no DTD (so no entity can expand), no resolver, and a bounded size.</summary>
    private static XDocument Parse(byte[] body)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxAnswerBytes,
            MaxCharactersFromEntities = 1024,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(body), settings);
            return XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            throw new LinkUnavailableException($"arXiv: the answer is not acceptable XML ({TerminalText.Clip(e.Message, 200)})");
        }
    }
}

/// <summary>A license URL arXiv records, as an SPDX id or our LicenseRef.</summary>
public sealed record ArxivLicense(string Id, string Name);

/// <summary>
/// arXiv's license URLs: the Creative Commons licenses it offers (CC BY, BY-SA, BY-NC-SA, BY-NC-ND, and CC0)
/// and its own non-exclusive license to distribute, which grants arXiv alone the right to distribute
/// and readers no reuse: <c>LicenseRef-arXiv-nonexclusive-distrib-1.0</c>, known to the catalog as not open.
/// Papers from before 2004 carry arXiv's "assumed" license, which arXiv treats as the same grant.
/// </summary>
public static class ArxivLicenses
{
    public const string NonExclusive = "LicenseRef-arXiv-nonexclusive-distrib-1.0";

    private static readonly string[] CreativeCommons = ["by", "by-sa", "by-nd", "by-nc", "by-nc-sa", "by-nc-nd"];
    private static readonly string[] Versions = ["1.0", "2.0", "2.5", "3.0", "4.0"];

    public static ArxivLicense? Map(string url)
    {
        var key = url.Trim().ToLowerInvariant();
        foreach (var scheme in new[] { "https://", "http://" })
        {
            if (key.StartsWith(scheme, StringComparison.Ordinal)) key = key[scheme.Length..];
        }
        if (key.StartsWith("www.", StringComparison.Ordinal)) key = key[4..];
        key = key.TrimEnd('/');
        var parts = key.Split('/');
        if (parts is ["creativecommons.org", "licenses", var code, var version] && CreativeCommons.Contains(code) && Versions.Contains(version))
        {
            return new ArxivLicense($"CC-{code.ToUpperInvariant()}-{version}", $"Creative Commons {code.ToUpperInvariant()} {version}");
        }
        return parts switch
        {
            ["creativecommons.org", "publicdomain", "zero", "1.0"] => new ArxivLicense("CC0-1.0", "Creative Commons Zero 1.0"),
            ["arxiv.org", "licenses", "nonexclusive-distrib", "1.0"] => new ArxivLicense(NonExclusive, "arXiv.org perpetual, non-exclusive license to distribute 1.0"),
            ["arxiv.org", "licenses", "assumed-1991-2003"] => new ArxivLicense(NonExclusive, "arXiv.org assumed non-exclusive license to distribute (1991-2003)"),
            _ => null,
        };
    }
}

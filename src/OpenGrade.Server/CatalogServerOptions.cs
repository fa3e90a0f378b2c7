using Microsoft.AspNetCore.Builder;
using OpenGrade.Reports;
using OpenGrade.Storage;

namespace OpenGrade.Server;

/// <summary>How a catalog server is composed. Everything has a safe default; writes stay closed until a token exists.</summary>
public sealed record CatalogServerOptions
{
    public required ICatalog Catalog { get; init; }

    /// <summary>
    /// Assesses a target (an <c>hf:</c> id or a path to an uploaded MOT file) the way
    /// <c>opengrade assess</c> does. Null: <c>POST /api/v2/assessments</c> answers 503.
    /// </summary>
    public Func<string, AssessedTarget>? Assess { get; init; }

    public IReadOnlyList<string> Urls { get; init; } = ["http://127.0.0.1:8080"];

    /// <summary>Requests per client address per window (429 + Retry-After beyond).</summary>
    public int RequestsPerWindow { get; init; } = 1200;

    public TimeSpan RateWindow { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Largest request body (a MOT file is a few kB).</summary>
    public long MaxRequestBytes { get; init; } = 256 * 1024;

    /// <summary>Largest <c>limit</c> of <c>/api/v1/models</c> (MOT has none; 100 is its default).</summary>
    public int MaxV1Limit { get; init; } = 500;

    public TimeSpan CacheMaxAge { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Adjusts the builder before the app is built (tests swap in a TestServer here).</summary>
    public Action<WebApplicationBuilder>? ConfigureBuilder { get; init; }

    /// <summary>Maps more endpoints (the web UI) on the same app, after the API's.</summary>
    public Action<WebApplication>? MapMore { get; init; }
}

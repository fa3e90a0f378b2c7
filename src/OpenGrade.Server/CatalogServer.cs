using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OpenGrade.Server;

/// <summary>
/// Composes the catalog server: the MOT-compatible v1 API, the v2 API, the OpenAPI document,
/// problem+json errors, rate limiting and body limits. <see cref="CatalogServerOptions.MapMore"/>
/// adds more endpoints (the web UI) to the same app.
/// </summary>
public static class CatalogServer
{
    public const string OpenApiPath = "/openapi/v1.json";

    public static WebApplication Build(CatalogServerOptions options, string[]? args = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args ?? [], ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls([.. options.Urls]);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = options.MaxRequestBytes;
            k.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            k.Limits.MaxRequestLineSize = 8 * 1024;
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "OpenGrade catalog API";
            doc.Info.Description = "MOT-compatible /api/v1 and OpenGrade's /api/v2 (docs/api.md).";
            return Task.CompletedTask;
        }));
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "local", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.RequestsPerWindow,
                    Window = options.RateWindow,
                    QueueLimit = 0,
                }));
            limiter.OnRejected = async (context, ct) =>
            {
                var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : options.RateWindow;
                var http = context.HttpContext;
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await Http.Problem(429, "Too many requests", "slow down: see Retry-After").ExecuteAsync(http);
            };
        });
        options.ConfigureBuilder?.Invoke(builder);

        var app = builder.Build();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // Never a stack trace to the client: one problem+json line, details only in the server log.
            ExceptionHandler = async http =>
            {
                var error = http.Features.Get<IExceptionHandlerFeature>()?.Error;
                var (status, title) = error is Storage.CatalogException ? (503, "Catalog unavailable") : (500, "Internal error");
                await Http.Problem(status, title).ExecuteAsync(http);
            },
        });
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            if (http.Response.HasStarted || http.Response.ContentLength > 0 || http.Response.ContentType is not null) return;
            await Http.Problem(http.Response.StatusCode, ReasonPhrase(http.Response.StatusCode)).ExecuteAsync(http);
        });
        app.UseRateLimiter();
        app.Use(async (http, next) =>
        {
            // A declared body over the limit is refused before any endpoint reads it (Kestrel also enforces it while reading).
            if (http.Request.ContentLength > options.MaxRequestBytes)
            {
                await Http.Problem(413, "Request too large", $"the body is over {options.MaxRequestBytes} bytes").ExecuteAsync(http);
                return;
            }
            http.Response.Headers.XContentTypeOptions = "nosniff";
            await next(http);
        });

        app.MapOpenApi();
        MotApi.Map(app, options);
        ModelsApi.Map(app, options);
        LicensesApi.Map(app, options);
        AssessmentsApi.Map(app, options);
        options.MapMore?.Invoke(app);
        return app;
    }

    private static string ReasonPhrase(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } r ? r : "Error";
}

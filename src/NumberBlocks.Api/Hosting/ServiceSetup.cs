using System.Text;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Admin;
using NumberBlocks.Api.Auth;
using NumberBlocks.Api.Callbacks;
using NumberBlocks.Api.Cm;
using NumberBlocks.Api.Console;
using NumberBlocks.Api.Requests;
using NumberBlocks.Api.Fone;
using NumberBlocks.Api.Hardening;
using NumberBlocks.Api.Http;
using NumberBlocks.Api.Telnyx;
using NumberBlocks.Api.Workers;
using Scalar.AspNetCore;
using NumberBlocks.Data;
using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Api.Hosting;

/// <summary>Wires the service: database, auth, the wire surfaces and the operator API. Program.cs calls only this.</summary>
public static class ServiceSetup
{
    public static WebApplicationBuilder AddNumberBlocks(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // Read when first needed, so configuration added late (tests, hosting) is honoured.
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IConfiguration>().GetSection("NumberBlocks:Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
            var connectionString = options.EffectiveConnectionString(builder.Environment.ContentRootPath);
            return new ResolvedDatabase(options.ParsedProvider, connectionString, StandbyRouting.ForReads(options, connectionString));
        });
        // Pooled: the options (model, provider, interceptors) are built once, not per request (EF Core's DbContext pooling).
        services.AddDbContextPool<NumberBlocksDbContext>((sp, o) =>
        {
            var database = sp.GetRequiredService<ResolvedDatabase>();
            DatabaseSetup.Configure(o, database.Provider, database.ConnectionString);
        });
        services.AddStandbyReads(); // catalogue and list views: [FromStandby] NumberBlocksDbContext (docs/scaling.md)

        services.Configure<NumberBlocksOptions>(builder.Configuration.GetSection(NumberBlocksOptions.Section));
        services.AddSingleton(TimeProvider.System);
        services.AddMemoryCache();
        services.AddSingleton<ApiKeyResolver>();
        services.AddSingleton<OperatorKey>();
        services.ConfigureHttpJsonOptions(o => WireJson.Configure(o.SerializerOptions));
        services.AddNumberBlocksOpenApi();
        services.AddNumberBlocksHardening(); // its database handler must come before the catch-all below
        services.AddTelnyxSurface().AddCmSurface().AddFoneSurface().AddAdminSurface().AddConsoleSurface();
        services.AddExceptionHandler<UnexpectedErrorHandler>();
        services.AddProblemDetails();
        services.AddNumberBlocksHealthChecks();
        builder.AddNumberBlocksTelemetry();
        services.AddSingleton<PortingWork>();
        services.AddHostedService<ActivationJobWorker>();
        services.AddHostedService<DraftCleanupWorker>();
        services.AddSingleton<PortoutWork>();
        services.AddSingleton<PortoutWorkSignal>();
        services.AddHostedService<PortoutWorker>();
        // Issue 4: the outbox worker (signed webhooks, e-mail) and its settings.
        services.AddOptions<CallbackOptions>().BindConfiguration(CallbackOptions.Section);
        // The one outbound-URL guard (callbacks, webhooks, voice URLs); tests replace the resolver and the host's addresses.
        services.AddOptions<OutboundOptions>().BindConfiguration(OutboundOptions.Section);
        services.AddSingleton<IOutboundResolver, DnsOutboundResolver>();
        services.AddSingleton<IHostAddresses, SystemHostAddresses>();
        services.AddSingleton<OutboundGuard>();
        services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.Section)
            .Validate(o => o.Tls is null || SmtpOptions.TlsModes.Contains(o.Tls.Trim().ToLowerInvariant()),
                $"NumberBlocks:Smtp:Tls must be one of {string.Join(", ", SmtpOptions.TlsModes)}.")
            .ValidateOnStart();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService<OutboxWorker>();
        // Issue 4: stock and number requests; the worker that fulfils requests when stock arrives.
        services.AddSingleton<FulfilmentSignal>();
        services.AddSingleton<NumberRequestNotifiers>();
        services.AddHostedService<FulfilmentWorker>();

        builder.WebHost.ConfigureKestrel(k =>
        {
            // Bodies are at most 1 MiB; Kestrel answers 413 beyond that.
            k.Limits.MaxRequestBodySize = 1024 * 1024;
            // Header values are read as Latin-1 so that bytes outside ASCII reach the pipeline, which refuses them in the
            // surface's error format (HeaderValidationMiddleware) instead of Kestrel's empty 400.
            k.RequestHeaderEncodingSelector = _ => Encoding.Latin1;
        });
        return builder;
    }

    /// <summary>Applies migrations and loads (or creates and prints) the operator key before the service answers.</summary>
    public static async Task InitializeNumberBlocksAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NumberBlocksDbContext>();
        var log = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("NumberBlocks.Startup");
        var applied = await SchemaMigrator.MigrateAsync(db);
        if (applied.Count > 0) log.LogInformation("Applied schema migrations {Versions}", string.Join(", ", applied));

        var configured = app.Configuration[$"{NumberBlocksOptions.Section}:OperatorKey"];
        var generated = await app.Services.GetRequiredService<OperatorKey>().InitializeAsync(db, configured, CancellationToken.None);
        if (generated is not null)
        {
            // Printed once, on the console only: the database keeps just its hash.
            System.Console.WriteLine();
            System.Console.WriteLine("=== NumberBlocks operator key (shown once; store it now) ===");
            System.Console.WriteLine(generated);
            System.Console.WriteLine("============================================================");
            System.Console.WriteLine();
        }
    }

    public static WebApplication MapNumberBlocks(this WebApplication app)
    {
        app.UseMiddleware<RequestIdMiddleware>(); // first, so every answer (errors too) carries X-Request-Id
        app.UseExceptionHandler();
        app.UseStatusCodePages(WriteStatusInSurfaceFormatAsync);
        app.UseMiddleware<HeaderValidationMiddleware>();
        app.UseNumberBlocksHardening(); // body limit, caller, rate limits, Idempotency-Key
        app.UseConsoleSurface(); // its assets and its cookie session; the API surfaces read neither

        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference("/docs", o =>
        {
            o.WithTitle("NumberBlocks API");
            o.WithOpenApiRoutePattern("/openapi/{documentName}.json");
            o.AddPreferredSecuritySchemes(TelnyxSurface.SecurityScheme);
        });
        app.MapGet("/health", Health).WithTags("Health").WithName("Health").WithMetadata(new SurfaceName("health"))
            .WithSummary("Is the service able to serve?")
            .WithDescription("200 when the database answers; 503 with Retry-After while it does not. Needs no key. " +
                "/health/live and /health/ready are the health-check probes for orchestrators.");
        app.MapNumberBlocksHealthChecks();
        app.MapNumberBlocksMetrics();

        app.MapTelnyxSurface().MapCmSurface().MapFoneSurface().MapAdminSurface().MapConsoleSurface();
        return app;
    }

    /// <summary>Routing misses and refusals made without a body (405, 413, …) answer in the surface's error format.</summary>
    private static async Task WriteStatusInSurfaceFormatAsync(StatusCodeContext ctx)
    {
        var http = ctx.HttpContext;
        if (http.Response.HasStarted || http.Response.ContentLength is > 0) return;
        var error = http.Response.StatusCode switch
        {
            404 => new DomainError(ErrorCodes.NotFound, "No such resource.", null, ErrorKind.NotFound),
            405 => new DomainError(ErrorCodes.MethodNotAllowed, "This method is not allowed on this resource.", null, ErrorKind.MethodNotAllowed),
            413 => BodyLimitMiddleware.TooLarge,
            415 => new DomainError(ErrorCodes.UnsupportedMediaType, "The body must be application/json.", null, ErrorKind.UnsupportedMediaType),
            401 => new DomainError(ErrorCodes.Unauthorized, "Credentials are missing or invalid.", null, ErrorKind.Unauthorized),
            429 => new DomainError(ErrorCodes.RateLimited, "Too many requests; retry after the seconds in Retry-After.", null, ErrorKind.RateLimited),
            503 => DatabaseUnavailableHandler.Unavailable,
            _ => new DomainError(ErrorCodes.MalformedJson, "The request was refused.", null, ErrorKind.Malformed),
        };
        await SurfaceErrors.Of(http).WriteAsync(http, error);
    }

    /// <summary>The health answer: "ok" / "unavailable", with the refusal when there is one.</summary>
    public sealed record HealthReport(
        string Status,
        string Database,
        [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        IReadOnlyList<ProblemError>? Errors);

    /// <summary>200 once the service can serve: the database answers. 503 with Retry-After otherwise.</summary>
    public static async Task<Results<Ok<HealthReport>, HealthUnavailable<HealthReport>>> Health(NumberBlocksDbContext db, OperatorKey key, CancellationToken ct)
    {
        try
        {
            if (key.IsReady && await db.Database.CanConnectAsync(ct)) return TypedResults.Ok(new HealthReport("ok", "ok", null));
        }
        catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or System.Data.Common.DbException or TimeoutException)
        {
            // The database is gone: answered below.
        }
        var error = DatabaseUnavailableHandler.Unavailable;
        return new HealthUnavailable<HealthReport>(new HealthReport("unavailable", "unreachable", [new ProblemError(error.Code, error.Detail, null, null)]));
    }
}

/// <summary>
/// The database in force, fixed at start: provider, the connection for writes, and the one for reads that may lag
/// (null: the primary serves them too).
/// </summary>
public sealed record ResolvedDatabase(DatabaseProvider Provider, string ConnectionString, string? ReadConnectionString = null);

/// <summary>
/// The one handler of unexpected exceptions: logs them with the request id and answers without internals. A client
/// that disconnected gets nothing; a body the client cut short is its 400, not our 500.
/// </summary>
public sealed class UnexpectedErrorHandler(ILogger<UnexpectedErrorHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var error = exception switch
        {
            BadHttpRequestException { StatusCode: 413 } => BodyLimitMiddleware.TooLarge,
            BadHttpRequestException => new DomainError(ErrorCodes.MalformedJson, "The request could not be read.", null, ErrorKind.Malformed),
            OperationCanceledException when http.RequestAborted.IsCancellationRequested => null,
            // A serialization failure or deadlock that outlived WriteTransaction's bounded retries.
            _ when WriteTransaction.IsTransient(exception) => new DomainError(ErrorCodes.DatabaseContention,
                "The request collided with concurrent writes and was retried without success; send it again.", null, ErrorKind.Unavailable),
            _ when IsDatabaseUnavailable(exception) => DatabaseUnavailableHandler.Unavailable,
            _ => new DomainError(ErrorCodes.InternalError, "An unexpected error occurred. It has been logged with the request id.", null, ErrorKind.Internal),
        };
        if (error is null) return true; // the client went away: nothing to answer
        if (error.Kind is ErrorKind.Internal or ErrorKind.Unavailable)
            log.LogError(exception, "Unhandled exception for {Method} {Path} ({TraceId})", http.Request.Method, http.Request.Path, http.TraceIdentifier);
        if (error.Kind == ErrorKind.Unavailable) http.Response.Headers.RetryAfter = "1";
        await SurfaceErrors.Of(http).WriteAsync(http, error);
        return true;
    }

    private static bool IsDatabaseUnavailable(Exception ex) =>
        ex is Npgsql.NpgsqlException { IsTransient: true } || ex.InnerException is Npgsql.NpgsqlException { IsTransient: true }
        || ex is TimeoutException || ex is System.Net.Sockets.SocketException;
}

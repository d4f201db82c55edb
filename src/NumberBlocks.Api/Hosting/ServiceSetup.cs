using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Admin;
using NumberBlocks.Api.Auth;
using NumberBlocks.Api.Callbacks;
using NumberBlocks.Api.Cm;
using NumberBlocks.Api.Requests;
using NumberBlocks.Api.Fone;
using NumberBlocks.Api.Hardening;
using NumberBlocks.Api.Http;
using NumberBlocks.Api.Telnyx;
using NumberBlocks.Api.Workers;
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
        services.AddDbContext<NumberBlocksDbContext>((sp, o) =>
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
        services.AddOpenApi();
        services.AddNumberBlocksHardening(); // issue 8; its database handler must come before the catch-all below
        services.AddExceptionHandler<UnexpectedErrorHandler>();
        services.AddProblemDetails();
        services.AddSingleton<PortingWork>();
        services.AddHostedService<ActivationJobWorker>();
        services.AddHostedService<DraftCleanupWorker>();
        // Issue 4: the outbox worker (signed webhooks, e-mail) and its settings.
        services.AddOptions<CallbackOptions>().BindConfiguration(CallbackOptions.Section);
        services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.Section);
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService<OutboxWorker>();
        // Issue 4: stock and number requests; the worker that fulfils requests when stock arrives.
        services.AddSingleton<FulfilmentSignal>();
        services.AddHostedService<FulfilmentWorker>();

        // Issue 8: bodies are at most 1 MiB; Kestrel answers 413 beyond that.
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 1024 * 1024);
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
            Console.WriteLine();
            Console.WriteLine("=== NumberBlocks operator key (shown once; store it now) ===");
            Console.WriteLine(generated);
            Console.WriteLine("============================================================");
            Console.WriteLine();
        }
    }

    public static WebApplication MapNumberBlocks(this WebApplication app)
    {
        app.UseMiddleware<RequestIdMiddleware>(); // first, so every answer (errors too) carries X-Request-Id
        app.UseExceptionHandler();
        app.UseStatusCodePages(async ctx =>
        {
            // Routing misses and Kestrel refusals (405, 413, …) still answer in the error shape, never an empty body.
            var http = ctx.HttpContext;
            if (http.Response.HasStarted || http.Response.ContentLength is > 0) return;
            var status = http.Response.StatusCode;
            var error = new DomainError(status == 404 ? ErrorCodes.NotFound : ErrorCodes.InvalidValue,
                status switch
                {
                    404 => "No such resource.",
                    405 => "This method is not allowed on this resource.",
                    413 => "The request body is larger than 1 MiB.",
                    415 => "The body must be application/json.",
                    _ => "The request was refused.",
                }, null, status == 404 ? ErrorKind.NotFound : ErrorKind.Validation);
            // Issue 8: in the error shape of the surface the path belongs to.
            await SurfaceErrorFormats.For(http).WriteAsync(http, status, error);
        });
        app.UseNumberBlocksHardening(); // issue 8: body limit, caller, rate limits, Idempotency-Key

        app.MapOpenApi("/openapi/{documentName}.json");
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "docs";
            o.SwaggerEndpoint("/openapi/v1.json", "NumberBlocks v1");
            o.DocumentTitle = "NumberBlocks API";
        });
        app.MapGet("/health", Health).WithTags("Health").WithName("Health");

        var v2 = app.MapGroup("/v2").AddEndpointFilter<TelnyxAuth>();
        v2.MapPortingOrders().MapPhoneNumberBlocks().MapPhoneNumberExtensions().MapPortingPhoneNumbers();
        v2.MapActivationJobs().MapPortingEvents().MapPhoneNumbers();

        var admin = app.MapGroup("/admin/v1").AddEndpointFilter<OperatorAuth>();
        admin.MapAccountsAdmin().MapPortingAdmin().MapPortingAdminRead();
        admin.MapAccountWebhookAdmin();
        admin.MapOutboxAdmin();
        admin.MapStockAdmin().MapNumberRequestsAdmin();
        admin.MapCatalogueAdmin();

        // Issue 4 / seed 003: the CM.com-compatible number request surface.
        var cm = app.MapGroup("/voice/phonenumberrequestapi/v1/{accountGuid}").AddEndpointFilter<CmAuth>();
        cm.MapNumberRequests();

        // Issue 5: the Fone Dynamics surface shares /v2 with Telnyx's paths but authenticates (Basic or Bearer) and
        // answers errors in its own shape.
        var fone = app.MapGroup("/v2").AddEndpointFilter<FoneAuth>();
        fone.MapFoneNumberBlocks().MapFoneProperties();
        return app;
    }

    /// <summary>200 once the service can serve: the database answers. 503 otherwise (issue 8).</summary>
    public static async Task<IResult> Health(NumberBlocksDbContext db, OperatorKey key, CancellationToken ct)
    {
        try
        {
            var ok = key.IsReady && await db.Database.CanConnectAsync(ct);
            return ok
                ? Results.Json(new { status = "ok", database = "ok" })
                : HealthUnavailable();
        }
        catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or System.Data.Common.DbException or TimeoutException)
        {
            return HealthUnavailable();
        }
    }

    /// <summary>Issue 8: 503 in the error format, keeping the status fields monitors already read; retried by the caller.</summary>
    private static IResult HealthUnavailable() =>
        Results.Json(new { status = "unavailable", database = "unreachable", errors = new[] { TelnyxErrors.Describe(DatabaseUnavailableHandler.Unavailable) } },
            TelnyxJson.Options, statusCode: StatusCodes.Status503ServiceUnavailable);
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
        var (status, error) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, new DomainError(ErrorCodes.MalformedJson,
                bad.StatusCode == 413 ? "The request body is larger than 1 MiB." : "The request could not be read.", null, ErrorKind.Malformed)),
            OperationCanceledException when http.RequestAborted.IsCancellationRequested => (499, null),
            // Issue 3: a serialization failure or deadlock that outlived WriteTransaction's bounded retries.
            _ when WriteTransaction.IsTransient(exception) => (503, new DomainError("database.contention", "The request collided with concurrent writes and was retried without success; send it again.", null, ErrorKind.Validation)),
            _ when IsDatabaseUnavailable(exception) => (503, new DomainError("service_unavailable", "The database is unavailable; try again shortly.", null, ErrorKind.Validation)),
            _ => (500, new DomainError("internal_error", "An unexpected error occurred. It has been logged with the request id.", null, ErrorKind.Validation)),
        };
        if (status >= 500) log.LogError(exception, "Unhandled exception for {Method} {Path} ({TraceId})", http.Request.Method, http.Request.Path, http.TraceIdentifier);
        if (error is null) return true;
        if (status == 503) http.Response.Headers.RetryAfter = "1";
        // Issue 8: in the error shape of the surface the path belongs to.
        await SurfaceErrorFormats.For(http).WriteAsync(http, status, error);
        return true;
    }

    private static bool IsDatabaseUnavailable(Exception ex) =>
        ex is Npgsql.NpgsqlException { IsTransient: true } || ex.InnerException is Npgsql.NpgsqlException { IsTransient: true }
        || ex is TimeoutException || ex is System.Net.Sockets.SocketException;
}

using System.Globalization;
using System.Reflection;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using NumberBlocks.Api.Auth;
using NumberBlocks.Api.Http;
using NumberBlocks.Data;

namespace NumberBlocks.Api.Hosting;

/// <summary>
/// The probes an orchestrator asks: /health/live answers 200 while the process serves requests at all (restart it
/// otherwise); /health/ready answers 200 only when the database answers, every migration this build ships is applied
/// and every background worker has beaten its heartbeat in time (send it traffic otherwise). /health stays as it was
/// (the database answers). Each check has its own time limit, so a hanging database is "unhealthy", not a hung probe.
/// </summary>
public static class HealthProbes
{
    public const string ReadyTag = "ready";
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    public static IServiceCollection AddNumberBlocksHealthChecks(this IServiceCollection services)
    {
        services.AddSingleton<WorkerHeartbeats>();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag], timeout: CheckTimeout)
            .AddCheck<MigrationsHealthCheck>("migrations", tags: [ReadyTag], timeout: CheckTimeout)
            .AddCheck<WorkersHealthCheck>("workers", tags: [ReadyTag], timeout: CheckTimeout);
        return services;
    }

    public static WebApplication MapNumberBlocksHealthChecks(this WebApplication app)
    {
        app.MapGet("/health/live", Live).WithTags("Health").WithName("HealthLive").WithMetadata(new SurfaceName("health"))
            .WithSummary("Is the process alive?")
            .WithDescription("200 while the process serves requests at all; an orchestrator restarts it otherwise. Runs no check " +
                "(checks is empty). Needs no key.");
        app.MapGet("/health/ready", Ready).WithTags("Health").WithName("HealthReady").WithMetadata(new SurfaceName("health"))
            .WithSummary("Is the process ready for traffic?")
            .WithDescription("200 when the database answers, every migration this build ships is applied and every background worker " +
                "beat its heartbeat in time; 503 (with every check's status, description and data) otherwise. Needs no key.");
        return app;
    }

    public static Task<Results<Ok<HealthProbeReport>, HealthUnavailable<HealthProbeReport>>> Live(HealthCheckService health, HttpContext http,
        CancellationToken ct) => ProbeAsync(health, _ => false, http, ct);

    public static Task<Results<Ok<HealthProbeReport>, HealthUnavailable<HealthProbeReport>>> Ready(HealthCheckService health, HttpContext http,
        CancellationToken ct) => ProbeAsync(health, c => c.Tags.Contains(ReadyTag), http, ct);

    /// <summary>Healthy and degraded answer 200, unhealthy 503 (the health-check middleware's defaults); never cached.</summary>
    private static async Task<Results<Ok<HealthProbeReport>, HealthUnavailable<HealthProbeReport>>> ProbeAsync(HealthCheckService health,
        Func<HealthCheckRegistration, bool> predicate, HttpContext http, CancellationToken ct)
    {
        var report = await health.CheckHealthAsync(predicate, ct);
        http.Response.Headers.CacheControl = "no-store, no-cache";
        var body = new HealthProbeReport(Wire(report.Status), report.Entries.ToDictionary(e => e.Key, e => new HealthCheckRecord(
            Wire(e.Value.Status),
            e.Value.Description ?? e.Value.Exception?.Message,
            e.Value.Data.Count == 0 ? null : e.Value.Data.ToDictionary(d => d.Key, d => Convert.ToString(d.Value, CultureInfo.InvariantCulture) ?? ""))));
        return report.Status == HealthStatus.Unhealthy ? new HealthUnavailable<HealthProbeReport>(body) : TypedResults.Ok(body);
    }

    private static ProbeStatus Wire(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => ProbeStatus.Healthy,
        HealthStatus.Degraded => ProbeStatus.Degraded,
        _ => ProbeStatus.Unhealthy,
    };
}

/// <summary>A probe's verdict, overall and per check.</summary>
public enum ProbeStatus
{
    [JsonStringEnumMemberName("healthy")] Healthy,
    [JsonStringEnumMemberName("degraded")] Degraded,
    [JsonStringEnumMemberName("unhealthy")] Unhealthy,
}

/// <summary>{"status": "healthy", "checks": {"database": {"status": "healthy", "description": "…", "data": null}, …}}.</summary>
public sealed record HealthProbeReport(ProbeStatus Status, IReadOnlyDictionary<string, HealthCheckRecord> Checks);

/// <summary>One check of a probe: its verdict, why, and what it saw (the workers check: each worker's state).</summary>
public sealed record HealthCheckRecord(ProbeStatus Status, string? Description, IReadOnlyDictionary<string, string>? Data);

/// <summary>
/// "The service cannot serve now": 503 with Retry-After and the health body <typeparamref name="T"/>, documented as
/// such (a probe's answer is its report, not an error document).
/// </summary>
public sealed class HealthUnavailable<T>(T body) : IResult, IEndpointMetadataProvider
{
    public T Body { get; } = body;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers.RetryAfter = "1";
        return WireResponses.WriteJsonAsync(httpContext, Body, "application/json", StatusCodes.Status503ServiceUnavailable);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status503ServiceUnavailable, typeof(T), ["application/json"]));
}

/// <summary>The database answers a query, and the operator key is loaded.</summary>
public sealed class DatabaseHealthCheck(IServiceScopeFactory scopes, OperatorKey key) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<NumberBlocksDbContext>();
            if (!await db.Database.CanConnectAsync(ct)) return HealthCheckResult.Unhealthy("The database does not answer.");
            return key.IsReady ? HealthCheckResult.Healthy("The database answers.") : HealthCheckResult.Unhealthy("The operator key is not loaded yet.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The database does not answer: " + ex.Message);
        }
    }
}

/// <summary>Every migration this build ships is applied (a process started against an older schema is not ready).</summary>
public sealed class MigrationsHealthCheck(IServiceScopeFactory scopes) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var pending = await SchemaMigrator.PendingAsync(scope.ServiceProvider.GetRequiredService<NumberBlocksDbContext>(), ct);
            return pending.Count == 0
                ? HealthCheckResult.Healthy("Every migration is applied.")
                : HealthCheckResult.Unhealthy($"Migrations not applied: {string.Join(", ", pending)}.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The applied migrations cannot be read: " + ex.Message);
        }
    }
}

/// <summary>Every background worker beat its heartbeat within the time it promised (<see cref="WorkerHeartbeats"/>).</summary>
public sealed class WorkersHealthCheck(WorkerHeartbeats heartbeats, IEnumerable<IHostedService> hosted) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var expected = hosted.OfType<PollingWorker>().Select(w => w.Name).ToHashSet(StringComparer.Ordinal);
        var beats = heartbeats.All.ToDictionary(b => b.Worker, StringComparer.Ordinal);
        var data = new Dictionary<string, object>();
        var problems = new List<string>();
        foreach (var name in expected.Order(StringComparer.Ordinal))
        {
            if (!beats.TryGetValue(name, out var beat))
            {
                problems.Add($"{name} has not started");
                data[name] = "not started";
                continue;
            }
            var alive = heartbeats.IsAlive(beat);
            data[name] = alive ? (beat.LastError is null ? "alive" : "alive, last pass failed: " + beat.LastError) : "stuck since " + beat.BeatAt.ToString("O");
            if (!alive) problems.Add($"{name} last beat at {beat.BeatAt:O}");
        }
        return Task.FromResult(problems.Count == 0
            ? HealthCheckResult.Healthy($"{expected.Count} workers alive.", data)
            : HealthCheckResult.Unhealthy("Workers not alive: " + string.Join("; ", problems) + ".", data: data));
    }
}

using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
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
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync })
            .WithTags("Health").WithName("HealthLive").WithMetadata(new SurfaceName("health"));
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync })
            .WithTags("Health").WithName("HealthReady").WithMetadata(new SurfaceName("health"));
        return app;
    }

    /// <summary>{"status": "healthy", "checks": {"database": {"status": "healthy", "description": "…"}, …}}.</summary>
    private static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json";
        var body = new Dictionary<string, object?>
        {
            ["status"] = Wire(report.Status),
            ["checks"] = report.Entries.ToDictionary(e => e.Key, e => new Dictionary<string, object?>
            {
                ["status"] = Wire(e.Value.Status),
                ["description"] = e.Value.Description ?? e.Value.Exception?.Message,
                ["data"] = e.Value.Data.Count == 0 ? null : e.Value.Data,
            }),
        };
        return http.Response.WriteAsync(JsonSerializer.Serialize(body), http.RequestAborted);
    }

    private static string Wire(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
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

using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using NumberBlocks.Api.Http;
using NumberBlocks.Api.Tests.Infrastructure;

namespace NumberBlocks.Api.Tests.Hardening;

/// <summary>/health/live and /health/ready: the database, the migrations and the workers' heartbeats.</summary>
public sealed class HealthProbeTests
{
    [Fact]
    public async Task Ready_FreshService_200WithEveryCheckAndWorkerHealthy()
    {
        await using var service = new ServiceFactory();
        using var client = service.CreateClient();
        await (await client.GetAsync("/health/live")).ExpectAsync(HttpStatusCode.OK);
        JsonElement body = default;
        Assert.True(await Eventually.TrueAsync(async () =>
        {
            var ready = await client.GetAsync("/health/ready");
            body = await ready.ReadAsync();
            return ready.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(10)), body.ToString());
        Assert.Equal("healthy", body.Str("status"));
        var checks = body.GetProperty("checks");
        foreach (var name in new[] { "database", "migrations", "workers" })
            Assert.Equal("healthy", checks.GetProperty(name).Str("status"));
        var workers = checks.GetProperty("workers").GetProperty("data");
        foreach (var name in new[] { "outbox", "fulfilment", "activation-jobs", "draft-cleanup" })
            Assert.StartsWith("alive", workers.Str(name));
    }

    [Fact]
    public async Task Ready_DatabaseGone_503ThenRecoversByItself_LiveStays200()
    {
        await using var service = new ServiceFactory();
        using var client = service.CreateClient();
        Assert.True(await Eventually.TrueAsync(async () => (await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(10)));

        var path = service.ConnectionString["Data Source=".Length..];
        var aside = path + ".aside";
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            if (File.Exists(path + suffix)) File.Move(path + suffix, aside + suffix);
        Directory.CreateDirectory(path); // the path can no longer be opened as a database
        try
        {
            var ready = await client.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            var body = await ready.ReadAsync();
            Assert.Equal("unhealthy", body.Str("status"));
            Assert.Equal("unhealthy", body.GetProperty("checks").GetProperty("database").Str("status"));
            await (await client.GetAsync("/health/live")).ExpectAsync(HttpStatusCode.OK);
        }
        finally
        {
            Directory.Delete(path);
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
                if (File.Exists(aside + suffix)) File.Move(aside + suffix, path + suffix);
        }
        Assert.True(await Eventually.TrueAsync(async () => (await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(15)),
            "ready did not recover");
    }

    [Fact]
    public async Task Ready_MigrationNotApplied_503NamingIt()
    {
        await using var service = new ServiceFactory();
        using var client = service.CreateClient();
        var latest = await service.WithDbAsync(db => db.Database.SqlQueryRaw<int>("SELECT MAX(version) AS \"Value\" FROM schema_migrations").SingleAsync());
        await service.WithDbAsync(db => db.Database.ExecuteSqlAsync($"DELETE FROM schema_migrations WHERE version = {latest}"));
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var migrations = (await ready.ReadAsync()).GetProperty("checks").GetProperty("migrations");
        Assert.Equal("unhealthy", migrations.Str("status"));
        Assert.Contains(latest.ToString(System.Globalization.CultureInfo.InvariantCulture), migrations.Str("description"));
    }

    [Fact]
    public async Task Ready_WorkerStuckInAPass_503NamingTheWorker()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero)) { AutoAdvanceAmount = TimeSpan.Zero };
        var stuck = new StuckWorker(clock);
        await using var service = new ServiceFactory
        {
            ConfigureServices = s =>
            {
                s.AddSingleton<TimeProvider>(clock);
                s.AddSingleton<IHostedService>(sp => stuck.Attach(sp.GetRequiredService<WorkerHeartbeats>()));
            },
        };
        using var client = service.CreateClient();
        Assert.True(await stuck.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        await (await client.GetAsync("/health/ready")).ExpectAsync(HttpStatusCode.OK);

        clock.Advance(PollingWorker.PassBudget + TimeSpan.FromSeconds(1));
        HttpResponseMessage ready = null!;
        Assert.True(await Eventually.TrueAsync(async () => (ready = await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.ServiceUnavailable,
            TimeSpan.FromSeconds(10)));
        var workers = (await ready.ReadAsync()).GetProperty("checks").GetProperty("workers");
        Assert.Contains("stuck-test", workers.Str("description"));
        Assert.StartsWith("stuck since", workers.GetProperty("data").Str("stuck-test"));
    }

    /// <summary>A worker whose first pass never ends (until the host stops).</summary>
    private sealed class StuckWorker(TimeProvider clock)
    {
        public TaskCompletionSource<bool> Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public IHostedService Attach(WorkerHeartbeats heartbeats) => new Worker(this, heartbeats, clock);

        private sealed class Worker(StuckWorker owner, WorkerHeartbeats heartbeats, TimeProvider clock)
            : PollingWorker(heartbeats, clock, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance)
        {
            public override string Name => "stuck-test";
            protected override TimeSpan Interval => TimeSpan.FromSeconds(1);

            protected override async Task<bool> RunPassAsync(CancellationToken ct)
            {
                owner.Entered.TrySetResult(true);
                await Task.Delay(Timeout.Infinite, ct);
                return false;
            }
        }
    }
}

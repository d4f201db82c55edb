using NumberBlocks.Api.Callbacks;
using NumberBlocks.Api.Http;
using NumberBlocks.Data;
using NumberBlocks.Data.Portouts;

namespace NumberBlocks.Api.Workers;

/// <summary>Wakes the port-out worker when a report was requested, rather than at its next poll.</summary>
public sealed class PortoutWorkSignal(TimeProvider clock) : WorkSignal(clock);

/// <summary>
/// The port-out work that runs outside requests, as passes a test can also call directly: authorized port-outs whose
/// FOC date has come leave (at their FOC date), and requested CSV reports are made. Each item is its own transaction.
/// </summary>
public sealed class PortoutWork(IServiceScopeFactory scopes, TimeProvider clock, OutboxSignal outbox)
{
    public const int BatchSize = 100;

    /// <summary>Completes the authorized port-outs whose FOC date has passed; returns how many completed.</summary>
    public async Task<int> CompleteDuePortoutsAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NumberBlocksDbContext>();
        var completed = 0;
        foreach (var id in await PortoutOperations.DueAsync(db, clock.GetUtcNow(), BatchSize, ct))
        {
            var done = await db.RunAsync(c => PortoutOperations.CompleteDueAsync(db, id, clock.GetUtcNow(), c), ct);
            if (done.IsSuccess && done.Value) completed++;
        }
        if (completed > 0) outbox.Notify();
        return completed;
    }

    /// <summary>Makes the pending CSV reports; returns how many were completed.</summary>
    public async Task<int> RunPendingReportsAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NumberBlocksDbContext>();
        var made = 0;
        foreach (var id in await PortoutOperations.PendingReportsAsync(db, BatchSize, ct))
        {
            var done = await db.RunAsync(c => PortoutOperations.RunReportAsync(db, id, clock.GetUtcNow(), c), ct);
            if (done.IsSuccess && done.Value) made++;
        }
        return made;
    }
}

/// <summary>Completes due port-outs and makes requested reports every 10 seconds (and at once when a report is requested).</summary>
public sealed class PortoutWorker(PortoutWork work, PortoutWorkSignal signal, WorkerHeartbeats heartbeats, TimeProvider clock, ILogger<PortoutWorker> log)
    : PollingWorker(heartbeats, clock, log)
{
    public override string Name => "portouts";
    protected override TimeSpan Interval => TimeSpan.FromSeconds(10);
    protected override WorkSignal? Signal => signal;

    protected override async Task<bool> RunPassAsync(CancellationToken ct)
    {
        var completed = await work.CompleteDuePortoutsAsync(ct);
        var reports = await work.RunPendingReportsAsync(ct);
        return completed >= PortoutWork.BatchSize || reports >= PortoutWork.BatchSize;
    }
}

using NumberBlocks.Api.Callbacks;
using NumberBlocks.Api.Http;
using NumberBlocks.Data;
using NumberBlocks.Data.Porting;

namespace NumberBlocks.Api.Workers;

/// <summary>
/// The porting work that runs outside requests (issue 6), as passes a test can also call directly: activation jobs
/// whose time has come, and drafts unconfirmed for 30 days. Each item is its own write transaction.
/// </summary>
public sealed class PortingWork(IServiceScopeFactory scopes, TimeProvider clock, OutboxSignal outbox)
{
    /// <summary>Items one pass handles at most; the next pass takes the rest.</summary>
    public const int BatchSize = 100;

    /// <summary>Runs the activation jobs that are due; returns how many finished (completed or failed).</summary>
    public async Task<int> RunDueActivationJobsAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NumberBlocksDbContext>();
        var finished = 0;
        foreach (var jobId in await PortingCompletionOperations.DueJobsAsync(db, clock.GetUtcNow(), BatchSize, ct))
        {
            var started = await db.RunAsync(c => PortingCompletionOperations.StartJobAsync(db, jobId, clock.GetUtcNow(), c), ct);
            if (started.IsFailure || !started.Value) continue;
            var done = await db.RunAsync(c => PortingCompletionOperations.FinishJobAsync(db, jobId, clock.GetUtcNow(), c), ct);
            if (done.IsSuccess) finished++;
        }
        if (finished > 0) outbox.Notify();
        return finished;
    }

    /// <summary>Removes drafts unconfirmed for 30 days, releasing their numbers; returns how many were removed.</summary>
    public async Task<int> RemoveExpiredDraftsAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NumberBlocksDbContext>();
        var removed = 0;
        foreach (var orderId in await PortingCompletionOperations.ExpiredDraftsAsync(db, clock.GetUtcNow(), BatchSize, ct))
        {
            var result = await db.RunAsync(c => PortingCompletionOperations.RemoveExpiredDraftAsync(db, orderId, clock.GetUtcNow(), c), ct);
            if (result.IsSuccess && result.Value) removed++;
        }
        if (removed > 0) outbox.Notify();
        return removed;
    }

    /// <summary>Writes the CSV of pending porting reports (Telnyx makes reports asynchronously); returns how many completed.</summary>
    public async Task<int> CompletePendingReportsAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NumberBlocksDbContext>();
        var completed = 0;
        foreach (var reportId in await PortingReportOperations.PendingAsync(db, BatchSize, ct))
        {
            var result = await db.RunAsync(c => PortingReportOperations.CompleteAsync(db, reportId, clock.GetUtcNow(), c), ct);
            if (result.IsSuccess && result.Value) completed++;
        }
        return completed;
    }
}

/// <summary>Completes pending porting reports every second.</summary>
public sealed class PortingReportWorker(PortingWork work, WorkerHeartbeats heartbeats, TimeProvider clock, ILogger<PortingReportWorker> log)
    : PollingWorker(heartbeats, clock, log)
{
    public override string Name => "porting-reports";
    protected override TimeSpan Interval => TimeSpan.FromSeconds(1);

    protected override async Task<bool> RunPassAsync(CancellationToken ct) => await work.CompletePendingReportsAsync(ct) >= PortingWork.BatchSize;
}

/// <summary>Runs due activation jobs every second (Telnyx: activation happens "asynchronously").</summary>
public sealed class ActivationJobWorker(PortingWork work, WorkerHeartbeats heartbeats, TimeProvider clock, ILogger<ActivationJobWorker> log)
    : PollingWorker(heartbeats, clock, log)
{
    public override string Name => "activation-jobs";
    protected override TimeSpan Interval => TimeSpan.FromSeconds(1);

    /// <summary>A pass that filled its batch runs again at once.</summary>
    protected override async Task<bool> RunPassAsync(CancellationToken ct) => await work.RunDueActivationJobsAsync(ct) >= PortingWork.BatchSize;
}

/// <summary>Removes drafts unconfirmed for 30 days, once at start and then hourly.</summary>
public sealed class DraftCleanupWorker(PortingWork work, WorkerHeartbeats heartbeats, TimeProvider clock, ILogger<DraftCleanupWorker> log)
    : PollingWorker(heartbeats, clock, log)
{
    public override string Name => "draft-cleanup";
    protected override TimeSpan Interval => TimeSpan.FromHours(1);

    protected override async Task<bool> RunPassAsync(CancellationToken ct) => await work.RemoveExpiredDraftsAsync(ct) >= PortingWork.BatchSize;
}

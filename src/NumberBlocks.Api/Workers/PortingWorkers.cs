using NumberBlocks.Api.Callbacks;
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
}

/// <summary>Runs due activation jobs every second (Telnyx: activation happens "asynchronously").</summary>
public sealed class ActivationJobWorker(PortingWork work, TimeProvider clock, ILogger<ActivationJobWorker> log) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PortingWorkerLoop.RunAsync("activation jobs", Interval, clock, log, work.RunDueActivationJobsAsync, stoppingToken);
}

/// <summary>Removes drafts unconfirmed for 30 days, once at start and then hourly.</summary>
public sealed class DraftCleanupWorker(PortingWork work, TimeProvider clock, ILogger<DraftCleanupWorker> log) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PortingWorkerLoop.RunAsync("draft cleanup", Interval, clock, log, work.RemoveExpiredDraftsAsync, stoppingToken);
}

internal static class PortingWorkerLoop
{
    /// <summary>
    /// One pass, then a wait of <paramref name="interval"/> on the injected clock, until the host stops. A failed pass is
    /// logged and retried at the next tick; a pass that filled its batch runs again at once.
    /// </summary>
    public static async Task RunAsync(string name, TimeSpan interval, TimeProvider clock, ILogger log, Func<CancellationToken, Task<int>> pass,
        CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var handled = 0;
            try
            {
                handled = await pass(stoppingToken);
                if (handled > 0) log.LogInformation("Porting worker {Worker} handled {Count} item(s)", name, handled);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                log.LogError(ex, "Porting worker {Worker} failed; it retries in {Interval}", name, interval);
            }
            if (handled >= PortingWork.BatchSize) continue;
            try
            {
                await Task.Delay(interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Callbacks;
using NumberBlocks.Data;
using NumberBlocks.Data.Requests;
using NumberBlocks.Domain.Requests;

namespace NumberBlocks.Api.Requests;

/// <summary>Wakes the fulfilment worker: stock arrived.</summary>
public sealed class FulfilmentSignal(TimeProvider clock) : WorkSignal(clock);

/// <summary>
/// Seed 003: what stock cannot serve at once is assigned later. When stock arrives (the operator loads or imports it,
/// which signals this worker) and every poll interval otherwise, open requests are fulfilled in request order, each
/// in its own write transaction together with the outbox records of its status changes.
/// </summary>
public sealed class FulfilmentWorker(IServiceScopeFactory scopes, FulfilmentSignal signal, OutboxSignal outbox, TimeProvider clock,
    ILogger<FulfilmentWorker> log) : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(30);
    /// <summary>Open requests looked at per pass (oldest first); the rest wait for the next pass.</summary>
    private const int MaxPerPass = 10_000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                log.LogError(ex, "A fulfilment pass failed; the next pass retries.");
            }
            try
            {
                await signal.WaitAsync(PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One pass over the open requests, oldest first; returns the numbers assigned.</summary>
    public async Task<long> RunOnceAsync(CancellationToken ct)
    {
        long assigned = 0;
        var open = new[] { NumberRequestStatus.Pending.ToWire(), NumberRequestStatus.Accepted.ToWire() };
        List<Guid> ids;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NumberBlocksDbContext>();
            ids = await db.NumberRequests.AsNoTracking().Where(r => open.Contains(r.Status))
                .OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).Take(MaxPerPass).Select(r => r.Id).ToListAsync(ct);
        }
        foreach (var id in ids)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<NumberBlocksDbContext>();
            var now = clock.GetUtcNow();
            var result = await db.RunAsync<long>(async c =>
            {
                var request = await db.NumberRequests.FirstOrDefaultAsync(r => r.Id == id, c);
                if (request is null) return 0L;
                return await NumberRequestOperations.FulfilAsync(db, request, now, NumberRequestNotifier.StatusChangedAsync, c);
            }, ct);
            assigned += result.Value;
        }
        if (assigned > 0) outbox.Notify();
        return assigned;
    }
}

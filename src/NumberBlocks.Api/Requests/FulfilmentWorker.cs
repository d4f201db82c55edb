using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Callbacks;
using NumberBlocks.Api.Http;
using NumberBlocks.Data;
using NumberBlocks.Data.Requests;
using NumberBlocks.Domain.Requests;

namespace NumberBlocks.Api.Requests;

/// <summary>Wakes the fulfilment worker: stock arrived.</summary>
public sealed class FulfilmentSignal(TimeProvider clock) : WorkSignal(clock);

/// <summary>
/// Seed 003: what stock cannot serve at once is assigned later. When stock arrives (the operator loads or imports it,
/// which signals this worker) and every poll interval otherwise, open requests are fulfilled in request order, in
/// write transactions of up to 200 requests together with the outbox records of their status changes.
/// </summary>
public sealed class FulfilmentWorker(IServiceScopeFactory scopes, FulfilmentSignal signal, OutboxSignal outbox, TimeProvider clock,
    NumberRequestNotifiers notifiers, WorkerHeartbeats heartbeats, ILogger<FulfilmentWorker> log) : PollingWorker(heartbeats, clock, log)
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(30);
    /// <summary>Open requests looked at per pass (oldest first); the rest wait for the next pass.</summary>
    private const int MaxPerPass = 10_000;

    public override string Name => "fulfilment";
    protected override TimeSpan Interval => PollInterval;
    protected override WorkSignal Signal => signal;

    protected override async Task<bool> RunPassAsync(CancellationToken ct)
    {
        await RunOnceAsync(ct);
        return false;
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
        // Requests are fulfilled in chunks, one write transaction each: a commit per request made 10,000 waiting requests
        // take minutes. A chunk that fails for a reason other than contention is redone one request per transaction, so
        // one broken request cannot hold back the others.
        foreach (var chunk in ids.Chunk(ChunkSize))
        {
            try
            {
                assigned += await FulfilAsync(chunk, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException && chunk.Length > 1)
            {
                log.LogWarning(ex, "Fulfilling {Count} requests together failed; fulfilling them one by one.", chunk.Length);
                foreach (var id in chunk)
                {
                    try
                    {
                        assigned += await FulfilAsync([id], ct);
                    }
                    catch (Exception one) when (one is not OperationCanceledException)
                    {
                        log.LogError(one, "Fulfilling request {Id} failed; the next pass retries.", id);
                    }
                }
            }
        }
        if (assigned > 0) outbox.Notify();
        return assigned;
    }

    /// <summary>Requests fulfilled per write transaction: served together from one sweep of their stock.</summary>
    private const int ChunkSize = 200;

    private async Task<long> FulfilAsync(Guid[] ids, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NumberBlocksDbContext>();
        var now = Clock.GetUtcNow();
        var result = await db.RunAsync<long>(async c => await NumberRequestOperations.FulfilOpenAsync(db, ids, now, notifiers.For, c), ct);
        return result.Value;
    }
}

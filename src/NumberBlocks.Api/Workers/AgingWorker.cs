using NumberBlocks.Api.Http;
using NumberBlocks.Data;
using NumberBlocks.Data.Lifecycle;

namespace NumberBlocks.Api.Workers;

/// <summary>
/// Aging (docs/lifecycle.md): every minute, quarantines whose time is up (NumberBlocks:Aging:Quarantine after the
/// release, on the injected clock) return their numbers to stock, where number requests and purchases can take them.
/// </summary>
public sealed class AgingWorker(IServiceScopeFactory scopes, WorkerHeartbeats heartbeats, TimeProvider clock, ILogger<AgingWorker> log)
    : PollingWorker(heartbeats, clock, log)
{
    public const int BatchSize = 100;

    public override string Name => "aging";
    protected override TimeSpan Interval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> RunPassAsync(CancellationToken ct) => await ReturnDueAsync(scopes, Clock, ct) >= BatchSize;

    /// <summary>Ends the quarantines that are due; returns how many. Public so a test can run a pass on its own clock.</summary>
    public static async Task<int> ReturnDueAsync(IServiceScopeFactory scopes, TimeProvider clock, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NumberBlocksDbContext>();
        var returned = 0;
        foreach (var id in await NumberLifecycle.DueQuarantinesAsync(db, clock.GetUtcNow(), BatchSize, ct))
        {
            var result = await db.RunAsync(c => NumberLifecycle.EndQuarantineAsync(db, id, clock.GetUtcNow(), c), ct);
            if (result.IsSuccess && result.Value) returned++;
        }
        if (returned > 0) scope.ServiceProvider.GetService<Requests.FulfilmentSignal>()?.Notify();
        return returned;
    }
}

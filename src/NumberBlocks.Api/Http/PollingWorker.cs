using System.Collections.Concurrent;

namespace NumberBlocks.Api.Http;

/// <summary>One worker's last sign of life, as the readiness probe reads it.</summary>
public sealed record WorkerHeartbeat(string Worker, DateTimeOffset BeatAt, DateTimeOffset ExpectedBy, string? LastError);

/// <summary>
/// The heartbeats of the background workers. A worker beats when a pass starts (expecting the pass to end within
/// <see cref="PollingWorker.PassBudget"/>) and when it starts waiting (expecting to wake within its wait plus
/// <see cref="Grace"/>); a worker whose expectation passed is stuck or dead, and the service is not ready.
/// </summary>
public sealed class WorkerHeartbeats(TimeProvider clock)
{
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, WorkerHeartbeat> _beats = new(StringComparer.Ordinal);

    public void Beat(string worker, TimeSpan expectNextWithin, string? lastError = null)
    {
        var now = clock.GetUtcNow();
        _beats[worker] = new WorkerHeartbeat(worker, now, now + expectNextWithin, lastError);
    }

    public IReadOnlyList<WorkerHeartbeat> All => [.. _beats.Values.OrderBy(b => b.Worker, StringComparer.Ordinal)];

    public bool IsAlive(WorkerHeartbeat beat) => clock.GetUtcNow() <= beat.ExpectedBy;
}

/// <summary>
/// The one loop every background worker runs: a pass; again at once while the pass reports more work waiting;
/// otherwise a wait of <see cref="Interval"/> (or <see cref="ErrorPause"/> after a failed pass) on the injected clock,
/// cut short by <see cref="Signal"/> when the worker has one. A failed pass is logged and retried, never fatal; every
/// pass and wait beats the worker's heartbeat for the readiness probe. Any number of processes may run the same worker
/// against one database: the passes themselves take care of that (leases, write transactions).
/// </summary>
public abstract class PollingWorker(WorkerHeartbeats heartbeats, TimeProvider clock, ILogger log) : BackgroundService
{
    /// <summary>How long one pass may take before the worker counts as stuck.</summary>
    public static readonly TimeSpan PassBudget = TimeSpan.FromMinutes(5);

    /// <summary>The injected clock: passes read the time from it, and waits are measured on it.</summary>
    protected TimeProvider Clock { get; } = clock;

    /// <summary>The worker's name in logs and in the readiness probe.</summary>
    public abstract string Name { get; }

    /// <summary>The wait between passes when there is nothing more to do.</summary>
    protected abstract TimeSpan Interval { get; }

    /// <summary>The wait after a failed pass (a database hiccup must not stop the work for good).</summary>
    protected virtual TimeSpan ErrorPause => Interval;

    /// <summary>Wakes the worker before its interval is over; null when only the interval does.</summary>
    protected virtual WorkSignal? Signal => null;

    /// <summary>One pass; true when more work is waiting and the next pass should start at once.</summary>
    protected abstract Task<bool> RunPassAsync(CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        string? lastError = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = Interval;
            heartbeats.Beat(Name, PassBudget, lastError);
            try
            {
                var more = await RunPassAsync(stoppingToken);
                lastError = null;
                if (more) continue;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                log.LogError(ex, "The {Worker} worker failed a pass; it retries in {Pause}.", Name, ErrorPause);
                lastError = ex.Message;
                wait = ErrorPause;
            }
            heartbeats.Beat(Name, wait + WorkerHeartbeats.Grace, lastError);
            try
            {
                if (Signal is { } signal) await signal.WaitAsync(wait, stoppingToken);
                else await Task.Delay(wait, Clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

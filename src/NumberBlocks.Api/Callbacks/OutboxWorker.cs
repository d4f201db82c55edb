using NumberBlocks.Api.Http;

namespace NumberBlocks.Api.Callbacks;

/// <summary>Wakes the outbox worker: new messages to deliver.</summary>
public sealed class OutboxSignal(TimeProvider clock) : WorkSignal(clock);

/// <summary>
/// The background worker that drains the outbox: runs <see cref="OutboxDispatcher.RunOnceAsync"/> (a pipeline that
/// keeps delivering while anything is due), then sleeps until notified (<see cref="OutboxSignal"/>) or for one poll
/// interval on the injected clock. Any number of processes may run it against one database.
/// </summary>
public sealed class OutboxWorker(OutboxDispatcher dispatcher, OutboxSignal signal, WorkerHeartbeats heartbeats, TimeProvider clock,
    ILogger<OutboxWorker> log) : PollingWorker(heartbeats, clock, log)
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public override string Name => "outbox";
    protected override TimeSpan Interval => PollInterval;
    protected override TimeSpan ErrorPause => TimeSpan.FromSeconds(5);
    protected override WorkSignal Signal => signal;

    protected override Task<bool> RunPassAsync(CancellationToken ct) => dispatcher.RunOnceAsync(ct);
}

namespace NumberBlocks.Api.Callbacks;

/// <summary>
/// The background worker that drains the outbox: runs <see cref="OutboxDispatcher.RunOnceAsync"/> until nothing is due,
/// then sleeps until notified (<see cref="OutboxSignal"/>) or for one poll interval on the injected clock. Any number of
/// processes may run it against one database.
/// </summary>
public sealed class OutboxWorker(OutboxDispatcher dispatcher, OutboxSignal signal, ILogger<OutboxWorker> log) : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ErrorPause = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = PollInterval;
            try
            {
                if (await dispatcher.RunOnceAsync(stoppingToken) > 0) continue;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A database hiccup must not stop deliveries for good: log, pause, try again.
                log.LogError(ex, "The outbox worker failed a pass; retrying in {Pause}.", ErrorPause);
                wait = ErrorPause;
            }
            try
            {
                await signal.WaitAsync(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

namespace NumberBlocks.Api.Http;

/// <summary>
/// Wakes a worker early: call <see cref="Notify"/> after committing work for it. Workers also poll on their own, so a
/// missed signal only delays work by one poll interval. Waits are measured on the injected <see cref="TimeProvider"/>.
/// </summary>
public class WorkSignal(TimeProvider clock)
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        try { _signal.Release(); }
        catch (SemaphoreFullException) { /* already signalled: one wake-up covers all pending work */ }
    }

    /// <summary>Returns when notified or when <paramref name="timeout"/> has passed on the clock.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var delay = Task.Delay(timeout, clock, cts.Token);
        var signalled = _signal.WaitAsync(cts.Token);
        await Task.WhenAny(delay, signalled);
        await cts.CancelAsync();
        ct.ThrowIfCancellationRequested();
    }
}

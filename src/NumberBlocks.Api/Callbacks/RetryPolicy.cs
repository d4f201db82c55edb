namespace NumberBlocks.Api.Callbacks;

/// <summary>
/// Issue 4: failed deliveries are retried with exponential backoff and jitter for at least 24 hours, then marked
/// failed. Delays: 5 s doubling per attempt up to 1 h, each scaled by a random factor in [0.8, 1.2).
/// </summary>
public static class RetryPolicy
{
    public static readonly TimeSpan RetryWindow = TimeSpan.FromHours(24);
    public static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromHours(1);
    /// <summary>How long one attempt may hold a message: the 15 s delivery timeout plus margin.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(15);

    /// <summary>The delay after failed attempt number <paramref name="attempt"/> (1-based); <paramref name="jitter"/> in [0, 1).</summary>
    public static TimeSpan DelayAfter(int attempt, double jitter)
    {
        var exponent = Math.Clamp(attempt - 1, 0, 20);
        var baseTicks = Math.Min(FirstDelay.Ticks * (1L << exponent), MaxDelay.Ticks);
        return TimeSpan.FromTicks((long)(baseTicks * (0.8 + 0.4 * jitter)));
    }

    /// <summary>When to try next, or null when the message has been retried for the whole window and is failed.</summary>
    public static DateTimeOffset? NextAttempt(DateTimeOffset createdAt, int attempt, DateTimeOffset now, double jitter) =>
        now - createdAt >= RetryWindow ? null : now + DelayAfter(attempt, jitter);
}

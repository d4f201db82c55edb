using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Retry;

namespace NumberBlocks.Cli;

/// <summary>
/// The CLI's retries (Microsoft.Extensions.Http.Resilience, Polly 8): a request that is safe to send again — GET, PUT,
/// DELETE, HEAD, or any request carrying an Idempotency-Key (every POST the CLI sends has one) — is retried when the
/// service could not be reached, answered 408, 429, 502, 503 or 504, or, for a keyed request, 409 (the same key still in
/// flight). A Retry-After the service sends (seconds or an HTTP date, RFC 9110 §10.2.3) is waited out, up to
/// <see cref="MaxRetryAfter"/>; otherwise the waits grow exponentially with jitter from <see cref="FirstDelay"/>. At
/// most <see cref="MaxRetries"/> retries, so a command ends in bounded time whatever the service does.
/// </summary>
public static class CliRetries
{
    public const int MaxRetries = 4;
    public static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(200);
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(60);

    public static DelegatingHandler Handler(HttpMessageHandler inner, TimeProvider? clock = null)
    {
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = clock ?? TimeProvider.System }
            .AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = FirstDelay,
                MaxDelay = MaxBackoff,
                ShouldRetryAfterHeader = false, // read below, with a cap
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Context.GetRequestMessage(), args.Outcome)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, clock ?? TimeProvider.System)),
            })
            .Build();
        return new ResilienceHandler(pipeline) { InnerHandler = inner };
    }

    public static bool IsIdempotent(HttpRequestMessage? request) =>
        request is not null && (request.Method == HttpMethod.Get || request.Method == HttpMethod.Head || request.Method == HttpMethod.Put
            || request.Method == HttpMethod.Delete || request.Method == HttpMethod.Options || request.Headers.Contains("Idempotency-Key"));

    private static bool ShouldRetry(HttpRequestMessage? request, Outcome<HttpResponseMessage> outcome)
    {
        if (!IsIdempotent(request)) return false;
        if (outcome.Exception is HttpRequestException) return true;
        if (outcome.Exception is TimeoutException) return true;
        return outcome.Result?.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout
            || (outcome.Result?.StatusCode == HttpStatusCode.Conflict && request!.Headers.Contains("Idempotency-Key")
                && outcome.Result.Headers.RetryAfter is not null);
    }

    /// <summary>The wait the service asked for, capped; null (exponential backoff) when it asked for none.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeProvider clock)
    {
        var header = response?.Headers.RetryAfter;
        TimeSpan? wait = header?.Delta ?? (header?.Date is { } date ? date - clock.GetUtcNow() : null);
        if (wait is null) return null;
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxRetryAfter ? MaxRetryAfter : wait;
    }
}

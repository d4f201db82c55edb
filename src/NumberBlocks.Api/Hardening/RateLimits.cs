using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using NumberBlocks.Api.Http;
using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Api.Hardening;

/// <summary>NumberBlocks:RateLimits: a token bucket per caller (per account; per client address before sign-in).</summary>
public sealed class RateLimitSettings
{
    public const string Section = "NumberBlocks:RateLimits";
    public bool Enabled { get; set; } = true;
    /// <summary>Requests a caller may make at once, when its bucket is full.</summary>
    public int Burst { get; set; } = 200;
    /// <summary>Requests a caller may make per second, sustained.</summary>
    public int RequestsPerSecond { get; set; } = 100;
}

/// <summary>
/// Issue 8: per-account limits with the built-in ASP.NET Core rate limiter, answering 429 with Retry-After (its default
/// is 503). Each caller has its own bucket and nothing queues, so one account's flood is refused at once and does not
/// slow another account.
/// </summary>
public static class RateLimits
{
    private static readonly DomainError Limited =
        new(ErrorCodes.RateLimited, "Too many requests for this account; retry after the number of seconds in Retry-After.", null, ErrorKind.RateLimited);

    public static IServiceCollection AddNumberBlocksRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitSettings>().BindConfiguration(RateLimitSettings.Section)
            .Validate(s => s.Burst >= 1 && s.RequestsPerSecond >= 1, $"{RateLimitSettings.Section}: Burst and RequestsPerSecond must be at least 1.")
            .ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitSettings>>((o, settings) =>
        {
            var s = settings.Value;
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = OnRejectedAsync;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http => Partition(http, s));
        });
        return services;
    }

    private static RateLimitPartition<string> Partition(HttpContext http, RateLimitSettings s)
    {
        var path = http.Request.Path;
        if (!s.Enabled || path.StartsWithSegments("/health") || path.StartsWithSegments("/openapi") || path.StartsWithSegments("/docs"))
            return RateLimitPartition.GetNoLimiter("unlimited");
        var key = http.Caller()?.Scope ?? "address:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        return RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = s.Burst,
            TokensPerPeriod = s.RequestsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private static async ValueTask OnRejectedAsync(OnRejectedContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await SurfaceErrors.Of(http).WriteAsync(http, Limited);
    }
}

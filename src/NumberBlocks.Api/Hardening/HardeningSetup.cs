using NumberBlocks.Api.Http;

namespace NumberBlocks.Api.Hardening;

/// <summary>
/// The mechanisms every surface shares: request ids, body limit, caller identification, per-account rate limits,
/// Idempotency-Key on POSTs, and 503 for an unavailable database. A surface registers an <see cref="ICallerIdentifier"/>
/// for its credentials and an <see cref="ISurfaceErrorMapper"/> for its paths; nothing here changes.
/// </summary>
public static class HardeningSetup
{
    /// <summary>Call before the catch-all exception handler is registered, so the database handler is asked first.</summary>
    public static IServiceCollection AddNumberBlocksHardening(this IServiceCollection services)
    {
        services.AddSingleton<SurfaceErrors>();
        services.AddSingleton<ICallerIdentifier, ApiKeyCallerIdentifier>();
        services.AddSingleton<ICallerIdentifier, OperatorCallerIdentifier>();
        services.AddOptions<IdempotencySettings>().BindConfiguration(IdempotencySettings.Section);
        services.AddSingleton<IdempotencyInFlight>();
        services.AddNumberBlocksRateLimits();
        services.AddExceptionHandler<DatabaseUnavailableHandler>();
        return services;
    }

    /// <summary>After routing and the exception handler: body limit, who is calling, rate limits, idempotency.</summary>
    public static WebApplication UseNumberBlocksHardening(this WebApplication app)
    {
        app.UseMiddleware<BodyLimitMiddleware>();
        app.UseMiddleware<CallerIdentificationMiddleware>();
        app.UseRateLimiter();
        app.UseMiddleware<IdempotencyMiddleware>();
        return app;
    }
}

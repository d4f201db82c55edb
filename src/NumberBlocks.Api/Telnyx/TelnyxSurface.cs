using Microsoft.OpenApi;
using NumberBlocks.Api.Http;
using NumberBlocks.Api.Telnyx.Ordering;

namespace NumberBlocks.Api.Telnyx;

/// <summary>The Telnyx-compatible surface under /v2: its error format, its authentication and its routes.</summary>
public static class TelnyxSurface
{
    public const string SecurityScheme = "TelnyxApiKey";

    public static IServiceCollection AddTelnyxSurface(this IServiceCollection services)
    {
        services.AddSingleton<ISurfaceErrorMapper>(TelnyxErrorMapper.Instance);
        services.AddTelnyxSchemas();
        services.AddSingleton(new SecuritySchemeDefinition(SecurityScheme, SecuritySchemeType.Http, "bearer", null,
            "The account's API key (nbk_…), sent as Telnyx's clients send theirs: 'Authorization: Bearer <api_key>'."));
        services.AddTelnyxOrdering();
        return services;
    }

    public static WebApplication MapTelnyxSurface(this WebApplication app)
    {
        var v2 = app.MapGroup("/v2").AddEndpointFilter<TelnyxAuth>().RequireSecurityScheme(SecurityScheme);
        v2.MapPortingOrders().MapPhoneNumberBlocks().MapPhoneNumberExtensions().MapPortingPhoneNumbers();
        v2.MapActivationJobs().MapPortingEvents().MapPhoneNumbers();
        v2.MapTelnyxOrdering();
        return app;
    }
}

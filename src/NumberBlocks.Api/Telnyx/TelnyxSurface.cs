using Microsoft.OpenApi;
using NumberBlocks.Api.Http;
using NumberBlocks.Api.Telnyx.Ordering;
using NumberBlocks.Domain.Numbering;
using NumberBlocks.Domain.Porting;

namespace NumberBlocks.Api.Telnyx;

/// <summary>The Telnyx-compatible surface under /v2: its error format, its authentication and its routes.</summary>
public static class TelnyxSurface
{
    public const string SecurityScheme = "TelnyxApiKey";

    public static IServiceCollection AddTelnyxSurface(this IServiceCollection services)
    {
        // Every domain state has its Telnyx spelling (the wire table in TelnyxWire); a gap fails the start, not a request.
        TelnyxWire.Check<PortingOrderStatus, TelnyxPortingOrderStatus>();
        TelnyxWire.Check<ActivationStatus, TelnyxActivationStatus>();
        TelnyxWire.Check<PortabilityStatus, TelnyxPortabilityStatus>();
        TelnyxWire.Check<RequirementsStatus, TelnyxRequirementsStatus>();
        TelnyxWire.Check<ActivationJobStatus, TelnyxActivationJobStatus>();
        TelnyxWire.Check<ActivationType, TelnyxActivationType>();
        TelnyxWire.Check<PortingOrderType, TelnyxPortingOrderType>();
        TelnyxWire.Check<RemainingNumbersAction, TelnyxRemainingNumbersAction>();
        TelnyxWire.Check<SharingPermission, TelnyxSharingPermission>();
        TelnyxWire.Check<PortoutStatus, TelnyxPortoutStatus>();

        services.AddSingleton<ISurfaceErrorMapper>(TelnyxErrorMapper.Instance);
        services.AddTelnyxSchemas();
        services.AddSingleton(new SecuritySchemeDefinition(SecurityScheme, SecuritySchemeType.Http, "bearer", null,
            "The account's API key (nbk_…), sent as Telnyx's clients send theirs: 'Authorization: Bearer <api_key>'. A porting order's " +
            "sharing token (actions/share) is sent the same way and reads that one order."));
        services.AddTelnyxOrdering();
        return services;
    }

    public static WebApplication MapTelnyxSurface(this WebApplication app)
    {
        var v2 = app.MapGroup("/v2").AddEndpointFilter<TelnyxAuth>().RequireSecurityScheme(SecurityScheme)
            .WithMetadata(new SurfaceName("telnyx"));
        v2.MapPortingOrders().MapPhoneNumberBlocks().MapPhoneNumberExtensions().MapPortingPhoneNumbers();
        v2.MapActivationJobs().MapPortingEvents().MapPhoneNumbers();
        v2.MapPortouts();
        v2.MapTelnyxOrdering();
        return app;
    }
}

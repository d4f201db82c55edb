using Microsoft.OpenApi;
using NumberBlocks.Api.Hardening;
using NumberBlocks.Api.Http;

namespace NumberBlocks.Api.Fone;

/// <summary>
/// The Fone Dynamics-compatible number block surface (seed 004). It shares /v2 with Telnyx's paths but authenticates
/// with HTTP Basic (or Bearer) and answers errors in its own shape on the prefixes it owns.
/// </summary>
public static class FoneSurface
{
    public const string SecurityScheme = "FoneBasic";

    public static IServiceCollection AddFoneSurface(this IServiceCollection services)
    {
        services.AddSingleton<ISurfaceErrorMapper>(FoneErrorMapper.Instance);
        services.AddSingleton<ICallerIdentifier, FoneCallerIdentifier>();
        services.AddSingleton(new SecuritySchemeDefinition(SecurityScheme, SecuritySchemeType.Http, "basic", null,
            "HTTP Basic as Fone Dynamics: the AccountSid as user name and the account's API key as password."));
        return services;
    }

    public static WebApplication MapFoneSurface(this WebApplication app)
    {
        var fone = app.MapGroup("/v2").AddEndpointFilter<FoneAuth>().RequireSecurityScheme(SecurityScheme)
            .WithMetadata(new SurfaceName("fone"));
        fone.MapFoneNumberBlocks().MapFoneProperties();
        return app;
    }
}

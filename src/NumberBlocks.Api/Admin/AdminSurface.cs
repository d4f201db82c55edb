using Microsoft.OpenApi;
using NumberBlocks.Api.Http;

namespace NumberBlocks.Api.Admin;

/// <summary>NumberBlocks' own operator API under /admin/v1: RFC 9457 problems, the operator key, its routes.</summary>
public static class AdminSurface
{
    public const string SecurityScheme = "OperatorKey";

    public static IServiceCollection AddAdminSurface(this IServiceCollection services)
    {
        services.AddSingleton<ISurfaceErrorMapper>(AdminErrorMapper.Instance);
        services.AddSingleton(new SecuritySchemeDefinition(SecurityScheme, SecuritySchemeType.Http, "bearer", null,
            "The operator key (nbo_…) printed at the first start: 'Authorization: Bearer <operator key>'."));
        return services;
    }

    public static WebApplication MapAdminSurface(this WebApplication app)
    {
        var admin = app.MapGroup("/admin/v1").AddEndpointFilter<OperatorAuth>().RequireSecurityScheme(SecurityScheme)
            .WithMetadata(new SurfaceName("admin"));
        admin.MapAccountsAdmin().MapPortingAdmin().MapPortingAdminRead();
        admin.MapAccountWebhookAdmin();
        admin.MapOutboxAdmin();
        admin.MapStockAdmin().MapNumberRequestsAdmin();
        admin.MapCatalogueAdmin();
        return app;
    }
}

/// <summary>Shorthands of the operator API for its error answers.</summary>
public static class AdminErrors
{
    public static AdminProblem ToResult(IReadOnlyList<Domain.Errors.DomainError> errors) => new(errors);

    public static AdminProblem ToResult(Domain.Errors.DomainError error) => new([error]);
}

using Microsoft.OpenApi;
using NumberBlocks.Api.Hardening;
using NumberBlocks.Api.Http;

namespace NumberBlocks.Api.Cm;

/// <summary>The CM.com-compatible number request surface (seed 003): its error format, its authentication and its routes.</summary>
public static class CmSurface
{
    public const string SecurityScheme = "CmProductToken";

    public static IServiceCollection AddCmSurface(this IServiceCollection services)
    {
        services.AddSingleton<ISurfaceErrorMapper>(CmErrorMapper.Instance);
        services.AddSingleton<ICallerIdentifier, CmCallerIdentifier>();
        services.AddSingleton(new Requests.NumberRequestNotifierRegistration(Data.Requests.NumberRequestOrigins.Cm, CmRequestNotifier.StatusChangedAsync));
        services.AddSingleton(new SecuritySchemeDefinition(SecurityScheme, SecuritySchemeType.ApiKey, null, CmAuth.TokenHeader,
            "The account's API key (nbk_…) as CM.com's product token, in the X-CM-PRODUCTTOKEN header."));
        return services;
    }

    public static WebApplication MapCmSurface(this WebApplication app)
    {
        var cm = app.MapGroup("/voice/phonenumberrequestapi/v1/{accountGuid}").AddEndpointFilter<CmAuth>().RequireSecurityScheme(SecurityScheme)
            .WithMetadata(new SurfaceName("cm"))
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                // The group's route value: CmAuth reads it, so no handler binds it and the document would not list it.
                operation.Parameters ??= [];
                if (!operation.Parameters.Any(p => p.Name == "accountGuid"))
                    operation.Parameters.Insert(0, new OpenApiParameter
                    {
                        Name = "accountGuid",
                        In = ParameterLocation.Path,
                        Required = true,
                        Description = "Unique identifier of the Logical Account or Voice Account (seed 003): the account of the product token. " +
                            "Another account's guid is 404, as is one that does not exist.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" },
                    });
                return Task.CompletedTask;
            });
        cm.MapNumberRequests();
        return app;
    }
}

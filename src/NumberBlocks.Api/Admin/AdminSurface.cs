using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using NumberBlocks.Api.Http;

namespace NumberBlocks.Api.Admin;

/// <summary>NumberBlocks' own operator API under /admin/v1: RFC 9457 problems, the operator key, its routes.</summary>
public static class AdminSurface
{
    public const string SecurityScheme = "OperatorKey";

    public const string AccountsTag = "Operator: accounts";
    public const string PortingTag = "Operator: porting";
    public const string OutboxTag = "Operator: outbox";
    public const string StockTag = "Operator: stock";
    public const string NumberRequestsTag = "Operator: number requests";
    public const string CatalogueTag = "Operator: catalogue";
    public const string PropertiesTag = "Operator: properties";

    public static IServiceCollection AddAdminSurface(this IServiceCollection services)
    {
        services.AddSingleton<ISurfaceErrorMapper>(AdminErrorMapper.Instance);
        services.AddSingleton(new SecuritySchemeDefinition(SecurityScheme, SecuritySchemeType.Http, "bearer", null,
            "The operator key (nbo_…) printed at the first start: 'Authorization: Bearer <operator key>'."));
        services.Configure<OpenApiOptions>(OpenApiSetup.DocumentName, options => options.AddOperationTransformer((operation, context, _) =>
        {
            // A body that is not JSON (the stock import's CSV or JSON lines) is read by its handler, which checks the media
            // type after authentication; the document still describes it, with an example per media type.
            var text = context.Description.ActionDescriptor.EndpointMetadata.OfType<AdminTextBody>().LastOrDefault();
            if (text is not null)
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Content = text.ExamplesByMediaType.ToDictionary(e => e.Key,
                        e => new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String }, Example = JsonValue.Create(e.Value) }),
                };
            return Task.CompletedTask;
        }));
        return services;
    }

    public static WebApplication MapAdminSurface(this WebApplication app)
    {
        var admin = app.MapGroup("/admin/v1").AddEndpointFilter<OperatorAuth>().RequireSecurityScheme(SecurityScheme)
            .WithMetadata(new SurfaceName("admin"));
        admin.MapAccountsAdmin().MapPortingAdmin();
        admin.MapAccountWebhookAdmin();
        admin.MapOutboxAdmin();
        admin.MapStockAdmin().MapNumberRequestsAdmin();
        admin.MapCatalogueAdmin();
        return app;
    }
}

/// <summary>Endpoint metadata: the operation reads a text body (not JSON) in one of these media types; an example of each.</summary>
public sealed record AdminTextBody(IReadOnlyDictionary<string, string> ExamplesByMediaType);

/// <summary>Shorthands of the operator API for its error answers.</summary>
public static class AdminErrors
{
    public static AdminProblem ToResult(IReadOnlyList<Domain.Errors.DomainError> errors) => new(errors);

    public static AdminProblem ToResult(Domain.Errors.DomainError error) => new([error]);
}

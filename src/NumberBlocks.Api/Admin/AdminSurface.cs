using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
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
        // Every porting status has its operator spelling; a gap fails the start, not a request.
        WireEnums.Check<Domain.Porting.PortingOrderStatus, AdminPortingOrderStatus>();
        WireEnums.Check<Domain.Porting.PortoutStatus, AdminPortoutStatus>();
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
        }).AddSchemaTransformer((schema, context, _) =>
        {
            // The schema generator counts every constructor parameter of a record as required; a request of the operator
            // API requires exactly its members marked [Required] (the handler refuses each one missing, naming it).
            var info = context.JsonTypeInfo;
            if (info.Kind != JsonTypeInfoKind.Object || !IsRequest(info.Type)) return Task.CompletedTask;
            var required = info.Properties.Where(p => p.AttributeProvider?.IsDefined(typeof(RequiredAttribute), inherit: false) == true)
                .Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
            schema.Required = required.Count > 0 ? required : null;
            return Task.CompletedTask;
        }));
        return services;
    }

    private static bool IsRequest(Type type) =>
        type.Namespace == typeof(AdminSurface).Namespace && (type.Name.EndsWith("Request", StringComparison.Ordinal) || type.Name.EndsWith("Input", StringComparison.Ordinal));

    public static WebApplication MapAdminSurface(this WebApplication app)
    {
        var admin = app.MapGroup("/admin/v1").AddEndpointFilter<OperatorAuth>().RequireSecurityScheme(SecurityScheme)
            .WithMetadata(new SurfaceName("admin"));
        admin.MapAccountsAdmin().MapPortingAdmin();
        admin.MapAccountWebhookAdmin();
        admin.MapOutboxAdmin();
        admin.MapStockAdmin().MapNumberRequestsAdmin();
        admin.MapCatalogueAdmin();
        admin.MapPortoutsAdmin();
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

using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace NumberBlocks.Api.Http;

/// <summary>How one surface authenticates, as the OpenAPI document's securitySchemes describe it.</summary>
public sealed record SecuritySchemeDefinition(string Name, SecuritySchemeType Type, string? Scheme, string? HeaderName, string Description);

/// <summary>Endpoint metadata: the security scheme an operation requires (set on a surface's route group).</summary>
public sealed record RequiresSecuritySchemeMetadata(string Name);

/// <summary>Endpoint metadata: an example request body, written into the document with the wire naming.</summary>
public sealed record RequestExampleMetadata(object Example);

public static class OpenApiSetup
{
    public const string DocumentName = "v1";

    /// <summary>The generated document: every operation's schemas, security and examples come from the endpoints' metadata.</summary>
    public static IServiceCollection AddNumberBlocksOpenApi(this IServiceCollection services)
    {
        services.AddOpenApi(DocumentName, options =>
        {
            options.AddDocumentTransformer((document, context, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "NumberBlocks API",
                    Version = "v1",
                    Description = "Telephone numbers in blocks, behind three providers' wire formats: Telnyx (porting, number " +
                        "blocks and orders), CM.com (number requests) and Fone Dynamics (number blocks), plus NumberBlocks' operator API. " +
                        "Each surface authenticates and answers errors in its provider's own way; see each tag.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                foreach (var definition in context.ApplicationServices.GetServices<SecuritySchemeDefinition>())
                    document.Components.SecuritySchemes[definition.Name] = new OpenApiSecurityScheme
                    {
                        Type = definition.Type,
                        Scheme = definition.Scheme,
                        Name = definition.HeaderName,
                        In = definition.Type == SecuritySchemeType.ApiKey ? ParameterLocation.Header : null,
                        Description = definition.Description,
                    };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                var security = metadata.OfType<RequiresSecuritySchemeMetadata>().LastOrDefault();
                if (security is not null && context.Document is { } document)
                    operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(security.Name, document)] = [] }];
                var example = metadata.OfType<RequestExampleMetadata>().LastOrDefault();
                if (example is not null && operation.RequestBody?.Content is { } content)
                {
                    var json = context.ApplicationServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
                    foreach (var media in content.Values)
                        media.Example = JsonSerializer.SerializeToNode(example.Example, example.Example.GetType(), json);
                }
                return Task.CompletedTask;
            });
            options.AddSchemaTransformer(WireSchemas.OmittedWhenNullIsOptional);
        });
        return services;
    }

    /// <summary>Every endpoint of <paramref name="group"/> requires <paramref name="scheme"/> (documented; the group's filter enforces it).</summary>
    public static TBuilder RequireSecurityScheme<TBuilder>(this TBuilder group, string scheme) where TBuilder : IEndpointConventionBuilder
    {
        group.WithMetadata(new RequiresSecuritySchemeMetadata(scheme));
        return group;
    }

    /// <summary>Documents <paramref name="example"/> as the operation's example request body.</summary>
    public static RouteHandlerBuilder WithRequestExample(this RouteHandlerBuilder endpoint, object example) =>
        endpoint.WithMetadata(new RequestExampleMetadata(example));
}

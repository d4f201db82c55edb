using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace NumberBlocks.Api.Telnyx.Ordering;

/// <summary>One query parameter as the OpenAPI document lists it.</summary>
public sealed record QueryParameterDoc(string Name, JsonSchemaType Type, string Description);

public static class OrderingDocs
{
    /// <summary>Lists the operation's query parameters in the document (they are read with QueryReader, which refuses any other).</summary>
    public static RouteHandlerBuilder WithQueryParameters(this RouteHandlerBuilder endpoint, params QueryParameterDoc[] parameters) =>
        endpoint.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            foreach (var p in parameters)
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = p.Name,
                    In = ParameterLocation.Query,
                    Required = false,
                    Description = p.Description,
                    Schema = new OpenApiSchema { Type = p.Type },
                });
            return Task.CompletedTask;
        });

    public static QueryParameterDoc Text(string name, string description) => new(name, JsonSchemaType.String, description);
    public static QueryParameterDoc Integer(string name, string description) => new(name, JsonSchemaType.Integer, description);
    public static QueryParameterDoc Flag(string name, string description) => new(name, JsonSchemaType.Boolean, description);

    public static readonly QueryParameterDoc[] Page =
    [
        Integer("page[number]", "The page to load, from 1 (default 1)."),
        Integer("page[size]", "Results per page, 1 to 250 (default 20)."),
    ];

    public static QueryParameterDoc[] CreatedAt(string what) =>
    [
        Text("filter[created_at][gt]", $"Only {what} created after this RFC 3339 instant."),
        Text("filter[created_at][lt]", $"Only {what} created before this RFC 3339 instant."),
    ];
}

using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace NumberBlocks.Api.Cm;

/// <summary>One query parameter of a CM.com operation as the OpenAPI document lists it.</summary>
public sealed record CmQueryParameter(string Name, string Description, OpenApiSchema Schema, bool Required = false);

/// <summary>
/// How the CM.com operations read in the OpenAPI document beyond what the handlers' types say: the query parameters
/// the handlers read (through the kernel's QueryReader, which refuses any other) and the paging headers of the lists.
/// </summary>
public static class CmDocs
{
    public static readonly string[] PagingHeaders = ["x-cm-pagination-skip", "x-cm-pagination-take", "x-cm-pagination-total"];

    /// <summary>Lists <paramref name="parameters"/> as the operation's query parameters.</summary>
    public static RouteHandlerBuilder WithCmQuery(this RouteHandlerBuilder endpoint, params CmQueryParameter[] parameters) =>
        endpoint.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            foreach (var p in parameters)
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = p.Name,
                    In = ParameterLocation.Query,
                    Required = p.Required,
                    Description = p.Description,
                    Schema = p.Schema,
                });
            return Task.CompletedTask;
        });

    /// <summary>Skip and Take, and the x-cm-pagination-* headers of the 200 answer (CM.com's list paging).</summary>
    public static RouteHandlerBuilder WithCmPaging(this RouteHandlerBuilder endpoint) =>
        endpoint.WithCmQuery(
                new CmQueryParameter("Skip", "How many items to skip, newest first (default 0).", Integer(0, int.MaxValue, 0)),
                new CmQueryParameter("Take", $"How many items to return, 1 to {CmPaging.MaxTake} (default {CmPaging.DefaultTake}).",
                    Integer(1, CmPaging.MaxTake, CmPaging.DefaultTake)))
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                if (operation.Responses?.TryGetValue("200", out var ok) == true && ok is OpenApiResponse response)
                {
                    response.Headers ??= new Dictionary<string, IOpenApiHeader>();
                    response.Headers[PagingHeaders[0]] = Header("The Skip applied.");
                    response.Headers[PagingHeaders[1]] = Header("The Take applied.");
                    response.Headers[PagingHeaders[2]] = Header("How many items match, over all pages.");
                }
                return Task.CompletedTask;
            });

    public static CmQueryParameter Text(string name, string description, bool required = false, int maxLength = 200) =>
        new(name, description, new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = maxLength }, required);

    public static CmQueryParameter OneOf(string name, string description, IEnumerable<string> values) =>
        new(name, description, new OpenApiSchema { Type = JsonSchemaType.String, Enum = values.Select(v => (JsonNode)JsonValue.Create(v)).ToList() });

    public static CmQueryParameter Whole(string name, string description) => new(name, description, new OpenApiSchema { Type = JsonSchemaType.Integer });

    private static OpenApiSchema Integer(int min, int max, int fallback) => new()
    {
        Type = JsonSchemaType.Integer,
        Minimum = min.ToString(CultureInfo.InvariantCulture),
        Maximum = max.ToString(CultureInfo.InvariantCulture),
        Default = JsonValue.Create(fallback),
    };

    private static OpenApiHeader Header(string description) => new()
    {
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
    };
}

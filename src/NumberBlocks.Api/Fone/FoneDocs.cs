using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using NumberBlocks.Api.Http;

namespace NumberBlocks.Api.Fone;

/// <summary>
/// How the Fone Dynamics operations read in the OpenAPI document: their bodies in every media type the surface reads
/// (<see cref="FoneInput"/>), and the query parameters the handlers read (<see cref="BlockQuery"/>), from the same
/// constants, so the two cannot disagree.
/// </summary>
public static class FoneDocs
{
    /// <summary>
    /// Documents <typeparamref name="T"/> as the operation's body in each media type the surface reads, with
    /// <paramref name="example"/> written in the wire's names. The body is optional: every parameter may come in the
    /// query string instead (the provider's ServiceStack host merges both).
    /// </summary>
    /// <remarks>
    /// Written by a transformer rather than declared as accepted content types: routing would answer a body of another
    /// type 415 before the handler, where the provider answers it 400 BAD_REQUEST in its own shape.
    /// </remarks>
    public static RouteHandlerBuilder WithFoneParameters<T>(this RouteHandlerBuilder endpoint, T example) where T : class =>
        endpoint.AddOpenApiOperationTransformer(async (operation, context, ct) =>
        {
            var schema = await context.GetOrCreateSchemaAsync(typeof(T), null, ct);
            IOpenApiSchema body = schema;
            if (context.Document is { } document)
            {
                document.AddComponent(typeof(T).Name, schema);
                body = new OpenApiSchemaReference(typeof(T).Name, document);
            }
            var json = context.ApplicationServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = false,
                Description = "The parameters as a form, a multipart form or a JSON object (names case-insensitive; in JSON, numbers and " +
                    "booleans also as strings), merged with the query string.",
                Content = FoneInput.MediaTypes.ToDictionary(m => m, _ => new OpenApiMediaType
                {
                    Schema = body,
                    Example = JsonSerializer.SerializeToNode(example, typeof(T), json),
                }),
            };
        });

    /// <summary>The list parameters of the provider's number block lists; <paramref name="withOwner"/> adds the AccountSid and PropertySid filters.</summary>
    public static RouteHandlerBuilder WithFoneListQuery(this RouteHandlerBuilder endpoint, bool withOwner) =>
        endpoint.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            foreach (var p in ListParameters(withOwner)) operation.Parameters.Add(p);
            return Task.CompletedTask;
        });

    /// <summary>PageIndex and PageSize, as the property list reads them.</summary>
    public static RouteHandlerBuilder WithFonePageQuery(this RouteHandlerBuilder endpoint) =>
        endpoint.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            foreach (var p in PageParameters()) operation.Parameters.Add(p);
            return Task.CompletedTask;
        });

    private static IEnumerable<OpenApiParameter> ListParameters(bool withOwner)
    {
        if (withOwner)
        {
            yield return Query("AccountSid", "Optional; when given it must be the caller's own account.", new OpenApiSchema { Type = JsonSchemaType.String });
            yield return Query("PropertySid", "Narrows the caller's own blocks to this property; blocks for sale are still listed.",
                new OpenApiSchema { Type = JsonSchemaType.String });
        }
        yield return Query("Active", "true: active blocks only; false: inactive only; absent: all.", Boolean());
        yield return Query("Sms", "true: blocks with SMS; false: without; absent: all.", Boolean());
        yield return Query("Voice", "true: blocks with voice; false: without; absent: all.", Boolean());
        yield return Query("Available", "NumberBlocks' own filter: true for blocks still for sale, false for bought ones; absent: both.", Boolean());
        yield return Query("Text", "Search: a number inside the block, its NumberBlockSid, or part of its Description, GroupName, Source, Medium, " +
            "Campaign or Content (at most 100 characters).", new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 100 });
        foreach (var p in PageParameters()) yield return p;
        yield return Query("IncludeTotalCount", "Include TotalCount in the answer (default true).",
            new OpenApiSchema { Type = JsonSchemaType.Boolean, Default = JsonValue.Create(true) });
        yield return Query("SortBy", "The field to sort by (default Id).", new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Enum = Enum.GetNames<BlockSort>().Select(n => (JsonNode)JsonValue.Create(n)).ToList(),
            Default = JsonValue.Create(nameof(BlockSort.Id)),
        });
        yield return Query("SortDir", "asc (default) or desc.", new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Enum = [JsonValue.Create("asc"), JsonValue.Create("desc")],
            Default = JsonValue.Create("asc"),
        });
    }

    private static IEnumerable<OpenApiParameter> PageParameters()
    {
        yield return Query("PageIndex", "The page, from 0 (default 0).", new OpenApiSchema
        {
            Type = JsonSchemaType.Integer, Minimum = "0", Maximum = BlockQuery.MaxPageIndex.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Default = JsonValue.Create(0),
        });
        yield return Query("PageSize", $"Results per page, 1 to {BlockQuery.MaxPageSize} (default {BlockQuery.DefaultPageSize}).", new OpenApiSchema
        {
            Type = JsonSchemaType.Integer, Minimum = "1", Maximum = BlockQuery.MaxPageSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Default = JsonValue.Create(BlockQuery.DefaultPageSize),
        });
    }

    private static OpenApiSchema Boolean() => new() { Type = JsonSchemaType.Boolean };

    private static OpenApiParameter Query(string name, string description, OpenApiSchema schema) => new()
    {
        Name = name,
        In = ParameterLocation.Query,
        Required = false,
        Description = description,
        Schema = schema,
    };
}

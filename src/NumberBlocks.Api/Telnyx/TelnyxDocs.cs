using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace NumberBlocks.Api.Telnyx;

/// <summary>
/// The query parameters of a Telnyx operation as the OpenAPI document lists them, made from the same filter spec and
/// sort list the handler reads, so the two cannot disagree.
/// </summary>
public sealed record TelnyxQueryDoc(TelnyxFilterSpec? Filters = null, IReadOnlyList<string>? Sorts = null, bool Paged = false,
    bool IncludePhoneNumbers = false, string? Csv = null);

public static class TelnyxDocs
{
    /// <summary>Documents <paramref name="doc"/>'s parameters (and the CSV answer when there is one) on the operation.</summary>
    public static RouteHandlerBuilder WithTelnyxQuery(this RouteHandlerBuilder endpoint, TelnyxQueryDoc doc) =>
        endpoint.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            foreach (var p in Parameters(doc)) operation.Parameters.Add(p);
            if (doc.Csv is not null && operation.Responses?.TryGetValue("200", out var ok) == true && ok is OpenApiResponse response)
            {
                response.Content ??= new Dictionary<string, OpenApiMediaType>();
                response.Content["text/csv"] = new OpenApiMediaType
                {
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = doc.Csv },
                };
            }
            return Task.CompletedTask;
        });

    private static IEnumerable<OpenApiParameter> Parameters(TelnyxQueryDoc doc)
    {
        if (doc.Paged)
        {
            yield return Query("page[number]", "The page number to load (from 1; default 1).", Integer(1));
            yield return Query("page[size]", "The size of the page (1 to 250; default 20).", Integer(20));
        }
        if (doc.Sorts is { } sorts)
        {
            yield return Query("sort[value]", "The sort order: a field, or '-field' for descending. Also accepted as 'sort'.",
                Strings(sorts));
        }
        if (doc.IncludePhoneNumbers)
            yield return Query("include_phone_numbers", "Include the first 50 phone number objects in the results (default true).",
                new OpenApiSchema { Type = JsonSchemaType.Boolean, Default = JsonValue.Create(true) });
        foreach (var field in doc.Filters?.Fields ?? [])
        {
            var deep = "filter[" + field.Path.Replace(".", "][", StringComparison.Ordinal) + "]";
            foreach (var op in field.Ops)
            {
                var name = op == FilterOp.Eq ? deep : $"{deep}[{TelnyxFilterSpec.OpName(op)}]";
                var styles = op == FilterOp.Eq
                    ? $" Also {deep}[eq]=a, {deep}=a,b (any of), {deep}[in][]=a&{deep}[in][]=b, and dotted: filter[{field.Path}]."
                    : "";
                yield return Query(name, field.Description + styles, Schema(field, op));
            }
        }
    }

    private static OpenApiSchema Schema(FilterField field, FilterOp op) => field.Kind switch
    {
        FilterKind.Uuid => new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" },
        FilterKind.Enum => Strings(field.Allowed!),
        FilterKind.Boolean => new OpenApiSchema { Type = JsonSchemaType.Boolean },
        FilterKind.Instant => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" },
        FilterKind.PhoneNumber when op != FilterOp.Contains => new OpenApiSchema { Type = JsonSchemaType.String, Pattern = @"^\+[1-9]\d{6,14}$" },
        _ => new OpenApiSchema { Type = JsonSchemaType.String },
    };

    private static OpenApiSchema Integer(int fallback) => new() { Type = JsonSchemaType.Integer, Default = JsonValue.Create(fallback) };

    private static OpenApiSchema Strings(IEnumerable<string> values) => new()
    {
        Type = JsonSchemaType.String,
        Enum = values.Select(v => (JsonNode)JsonValue.Create(v)).ToList(),
    };

    private static OpenApiParameter Query(string name, string description, OpenApiSchema schema) => new()
    {
        Name = name,
        In = ParameterLocation.Query,
        Required = false,
        Description = description,
        Schema = schema,
    };
}

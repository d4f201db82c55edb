using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace NumberBlocks.Api.Http;

/// <summary>
/// Makes the document's "required" lists say what the wire does, for the records of every surface: the schema generator
/// counts every constructor parameter of a record as required, but a member written only when it has a value
/// (<see cref="JsonIgnoreCondition.WhenWritingNull"/>) may be absent from an answer.
/// </summary>
public static class WireSchemas
{
    public static Task OmittedWhenNullIsOptional(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken _)
    {
        var info = context.JsonTypeInfo;
        if (info.Kind != JsonTypeInfoKind.Object || schema.Required is not { Count: > 0 } required) return Task.CompletedTask;
        foreach (var property in info.Properties)
            if (OmittedWhenNull(property)) required.Remove(property.Name);
        return Task.CompletedTask;
    }

    private static bool OmittedWhenNull(JsonPropertyInfo property) =>
        property.AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), inherit: false)
            .OfType<JsonIgnoreAttribute>().Any(a => a.Condition == JsonIgnoreCondition.WhenWritingNull) == true;
}

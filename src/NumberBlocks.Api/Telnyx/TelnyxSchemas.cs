using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;
using NumberBlocks.Api.Http;

namespace NumberBlocks.Api.Telnyx;

/// <summary>
/// Makes the document's "required" lists of the Telnyx records say what the wire does. The schema generator counts
/// every constructor parameter of a record as required; but a member written only when it has a value
/// (WhenWritingNull) is optional, and a request member is required only where it is marked [Required].
/// </summary>
public static class TelnyxSchemas
{
    public static IServiceCollection AddTelnyxSchemas(this IServiceCollection services) =>
        services.Configure<OpenApiOptions>(OpenApiSetup.DocumentName, options => options.AddDocumentTransformer((document, _, _) =>
        {
            // A nullable use of an enum adds null to the enum's shared component, while the use itself already says
            // oneOf [null, the enum]: null would then match both branches and fail every oneOf. The enums of the
            // Telnyx wire table hold only their strings.
            foreach (var (name, schema) in document.Components?.Schemas ?? new Dictionary<string, Microsoft.OpenApi.IOpenApiSchema>())
                if (name.StartsWith("Telnyx", StringComparison.Ordinal) && schema is Microsoft.OpenApi.OpenApiSchema { Enum: { Count: > 0 } values })
                    for (var i = values.Count - 1; i >= 0; i--)
                        if (values[i] is null) values.RemoveAt(i);
            return Task.CompletedTask;
        }).AddSchemaTransformer((schema, context, _) =>
        {
            var info = context.JsonTypeInfo;
            if (info.Kind != JsonTypeInfoKind.Object || schema.Required is not { Count: > 0 } required || !IsTelnyx(info.Type))
                return Task.CompletedTask;
            var request = info.Type.Name.EndsWith("Request", StringComparison.Ordinal) || info.Type.Name.EndsWith("Input", StringComparison.Ordinal);
            foreach (var property in info.Properties)
                if (OmittedWhenNull(property) || (request && !Has<RequiredAttribute>(property)))
                    required.Remove(property.Name);
            return Task.CompletedTask;
        }));

    private static bool IsTelnyx(Type type) =>
        (type.IsNested ? type.DeclaringType!.Namespace : type.Namespace) is { } ns && ns.StartsWith("NumberBlocks.Api.Telnyx", StringComparison.Ordinal);

    private static bool OmittedWhenNull(JsonPropertyInfo property) =>
        property.AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), inherit: false)
            .OfType<JsonIgnoreAttribute>().Any(a => a.Condition == JsonIgnoreCondition.WhenWritingNull) == true;

    private static bool Has<TAttribute>(JsonPropertyInfo property) where TAttribute : Attribute =>
        property.AttributeProvider?.GetCustomAttributes(typeof(TAttribute), inherit: false).Length > 0;
}

using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace NumberBlocks.Api.Http;

/// <summary>
/// The one JSON configuration of every wire surface, used by typed results, by request bodies and by the OpenAPI
/// document (which reads the same type metadata, so the document shows the names the wire carries).
/// Each provider names its fields its own way; the name comes from the namespace a wire record is declared in, so a
/// record cannot be written in another surface's style by accident:
/// Telnyx and the operator API snake_case ("porting_order_id"), CM.com camelCase ("validFrom"), Fone Dynamics
/// PascalCase as declared ("NumberBlockSid"). <see cref="JsonPropertyNameAttribute"/> still wins where a provider
/// breaks its own rule.
/// </summary>
public static class WireJson
{
    private static readonly (string Namespace, JsonNamingPolicy? Policy)[] SurfaceNaming =
    [
        ("NumberBlocks.Api.Telnyx", JsonNamingPolicy.SnakeCaseLower),
        ("NumberBlocks.Api.Admin", JsonNamingPolicy.SnakeCaseLower),
        ("NumberBlocks.Api.Cm", JsonNamingPolicy.CamelCase),
        ("NumberBlocks.Api.Fone", null),
        ("NumberBlocks.Api", JsonNamingPolicy.SnakeCaseLower),
    ];

    /// <summary>Applies the wire settings to <paramref name="options"/> (the application's JsonOptions).</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        // "+4920…" rather than "\u002B4920…": bodies are JSON for API clients, never embedded in HTML.
        options.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        options.PropertyNamingPolicy = null;
        options.DictionaryKeyPolicy = null;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.PropertyNameCaseInsensitive = false;
        options.AllowDuplicateProperties = false;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.RespectNullableAnnotations = true;
        options.Converters.Add(new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false));
        options.Converters.Add(new Rfc3339Converter());
        options.TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { NameBySurface } };
    }

    /// <summary>Options for code that serialises outside a typed result (stored payloads, tests).</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>The naming policy for records declared in <paramref name="type"/>'s namespace; null keeps declared names.</summary>
    public static JsonNamingPolicy? PolicyFor(Type type)
    {
        var ns = (type.IsNested ? type.DeclaringType!.Namespace : type.Namespace) ?? "";
        foreach (var (prefix, policy) in SurfaceNaming)
            if (ns == prefix || ns.StartsWith(prefix + ".", StringComparison.Ordinal)) return policy;
        return null;
    }

    private static void NameBySurface(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object) return;
        var policy = PolicyFor(info.Type);
        if (policy is null) return;
        foreach (var property in info.Properties)
        {
            var declared = property.AttributeProvider?.GetCustomAttributes(typeof(JsonPropertyNameAttribute), inherit: false);
            if (declared is { Length: > 0 }) continue;
            if (property.Name == MemberName(property)) property.Name = policy.ConvertName(property.Name);
        }
    }

    /// <summary>Instants on the wire: written as <see cref="Domain.Rfc3339"/>; read as RFC 3339 with an offset.</summary>
    private sealed class Rfc3339Converter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String || !Domain.Rfc3339.TryParse(reader.GetString(), out var instant))
                throw new JsonException("Expected an RFC 3339 date-time.");
            return instant;
        }

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Domain.Rfc3339.Format(value));
    }

    private static string? MemberName(JsonPropertyInfo property) => (property.AttributeProvider as System.Reflection.MemberInfo)?.Name;
}

/// <summary>Writes a wire record as a response with the application's JSON options (or the wire defaults without services).</summary>
public static class WireResponses
{
    public static Task WriteJsonAsync<T>(HttpContext http, T body, string contentType, int status)
    {
        http.Response.StatusCode = status;
        var options = http.RequestServices?.GetService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>()?.Value.SerializerOptions
            ?? WireJson.Options;
        return http.Response.WriteAsJsonAsync(body, options, contentType, http.RequestAborted);
    }
}

using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Api.Http;

/// <summary>
/// A JSON merge-style PATCH body: the wire record <typeparamref name="T"/> (read and refused exactly as
/// <see cref="JsonBody{T}"/> reads it) together with which fields were sent. A field that was not sent keeps its
/// value; one sent as null is cleared; so a handler asks <see cref="Has"/> before it takes a member of the record.
/// </summary>
public sealed class JsonPatchBody<T> : IBindableFromHttpContext<JsonPatchBody<T>>, IEndpointParameterMetadataProvider where T : class
{
    private readonly JsonElement _sent;

    private JsonPatchBody(Result<T> result, JsonElement sent)
    {
        Result = result;
        _sent = sent;
    }

    public Result<T> Result { get; }

    /// <summary>Was the field at <paramref name="path"/> (object member names from the root) sent, null or not?</summary>
    public bool Has(params string[] path) => Find(path) is not null;

    /// <summary>Was the field at <paramref name="path"/> sent as null?</summary>
    public bool IsNull(params string[] path) => Find(path) is { ValueKind: JsonValueKind.Null };

    private JsonElement? Find(string[] path)
    {
        var current = _sent;
        foreach (var name in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out var next)) return null;
            current = next;
        }
        return current;
    }

    public static async ValueTask<JsonPatchBody<T>?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        context.Request.EnableBuffering();
        var read = await RequestBodies.ReadJsonAsync<T>(context, optional: false);
        if (read.IsFailure) return new(Result<T>.Fail(read.Errors), default);
        context.Request.Body.Position = 0;
        using var document = await JsonDocument.ParseAsync(context.Request.Body, new JsonDocumentOptions { MaxDepth = RequestBodies.MaxDepth },
            context.RequestAborted);
        return new(Result<T>.Ok(read.Value!), document.RootElement.Clone());
    }

    public static void PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder) =>
        builder.Metadata.Add(new RequestBodyMetadata(typeof(T), ["application/json"], IsOptional: false));
}

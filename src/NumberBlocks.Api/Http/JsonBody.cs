using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Api.Http;

/// <summary>
/// A JSON request body read into the wire record <typeparamref name="T"/>, or the refusals that say why it could not be:
/// broken JSON, a field of the wrong type, a field the record does not have, a field given twice, a body too large — each
/// with the JSON pointer of the field. A handler takes it as a parameter and checks <see cref="Result"/>; the OpenAPI
/// document shows <typeparamref name="T"/> as the operation's request body. Rules about the values (required fields,
/// formats, ranges) are the domain's, applied to the record afterwards.
/// </summary>
public sealed class JsonBody<T> : IBindableFromHttpContext<JsonBody<T>>, IEndpointParameterMetadataProvider where T : class
{
    private JsonBody(Result<T> result) => Result = result;

    public Result<T> Result { get; }

    public static async ValueTask<JsonBody<T>?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        var read = await RequestBodies.ReadJsonAsync<T>(context, optional: false);
        return new(read.IsSuccess ? Result<T>.Ok(read.Value!) : Result<T>.Fail(read.Errors));
    }

    public static void PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder) =>
        builder.Metadata.Add(new RequestBodyMetadata(typeof(T), ["application/json"], IsOptional: false));
}

/// <summary>
/// Like <see cref="JsonBody{T}"/> for operations whose body may be left out: an empty body is a success holding null.
/// </summary>
public sealed class OptionalJsonBody<T> : IBindableFromHttpContext<OptionalJsonBody<T>>, IEndpointParameterMetadataProvider where T : class
{
    private OptionalJsonBody(Result<T?> result) => Result = result;

    public Result<T?> Result { get; }

    public static async ValueTask<OptionalJsonBody<T>?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        new(await RequestBodies.ReadJsonAsync<T>(context, optional: true));

    public static void PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder) =>
        builder.Metadata.Add(new RequestBodyMetadata(typeof(T), ["application/json"], IsOptional: true));
}

/// <summary>What an operation reads as its body; ApiExplorer turns it into the document's requestBody.</summary>
public sealed record RequestBodyMetadata(Type? RequestType, IReadOnlyList<string> ContentTypes, bool IsOptional) : IAcceptsMetadata;

/// <summary>Reading request bodies the same way on every surface.</summary>
public static class RequestBodies
{
    /// <summary>Deepest nesting a body may have; deeper JSON is refused rather than walked.</summary>
    public const int MaxDepth = 32;

    public static async Task<Result<T?>> ReadJsonAsync<T>(HttpContext http, bool optional) where T : class
    {
        var options = http.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        byte[] bytes;
        try
        {
            bytes = await ReadAllAsync(http.Request.Body, http.RequestAborted);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Result<T?>.Fail(BodyErrors.TooLarge);
        }
        catch (Exception ex) when (ex is BadHttpRequestException or IOException)
        {
            return Result<T?>.Fail(new DomainError(ErrorCodes.MalformedJson, "The request body could not be read to its end.", "", ErrorKind.Malformed));
        }

        if (bytes.Length == 0 || IsWhiteSpace(bytes))
            return optional
                ? Result<T?>.Ok(null)
                : Result<T?>.Fail(new DomainError(ErrorCodes.MalformedJson, "A JSON body is required.", "", ErrorKind.Malformed));
        if (!IsValidUtf8(bytes))
            return Result<T?>.Fail(new DomainError(ErrorCodes.MalformedJson, "The body is not valid UTF-8.", "", ErrorKind.Malformed));

        if (SyntaxError(bytes) is { } malformed) return Result<T?>.Fail(malformed);
        try
        {
            var value = JsonSerializer.Deserialize<T>(bytes, options);
            if (value is null)
                return Result<T?>.Fail(new DomainError(ErrorCodes.InvalidType, $"The body must be {Describe(typeof(T), options)}, not null.", ""));
            return Result<T?>.Ok(value);
        }
        catch (JsonException ex)
        {
            return Result<T?>.Fail(BodyErrors.FromJsonException(ex, typeof(T), options));
        }
    }

    /// <summary>Reads every token once: broken JSON is told apart from JSON of the wrong shape, with where it breaks.</summary>
    private static DomainError? SyntaxError(byte[] bytes)
    {
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = MaxDepth, CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            while (reader.Read()) { }
            return null;
        }
        catch (JsonException ex)
        {
            var deep = reader.CurrentDepth >= MaxDepth - 1;
            return new DomainError(ErrorCodes.MalformedJson,
                deep
                    ? $"The body is nested deeper than {MaxDepth} levels."
                    : $"The body is not valid JSON (line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1}).",
                "", ErrorKind.Malformed);
        }
    }

    private static async Task<byte[]> ReadAllAsync(Stream body, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }

    private static bool IsWhiteSpace(byte[] bytes)
    {
        foreach (var b in bytes)
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) return false;
        return true;
    }

    private static bool IsValidUtf8(byte[] bytes) => System.Text.Unicode.Utf8.IsValid(bytes);

    /// <summary>"an object", "a string", "an integer", … as a sentence names a JSON type.</summary>
    public static string Describe(Type type, JsonSerializerOptions options)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(DateTimeOffset) || t == typeof(DateTime)) return "an RFC 3339 date-time such as 2026-12-01T08:00:00Z";
        if (t == typeof(Guid)) return "a UUID";
        if (t == typeof(string)) return "a string";
        if (t.IsEnum) return "one of the documented strings";
        if (t == typeof(bool)) return "true or false";
        if (t == typeof(int) || t == typeof(long) || t == typeof(short)) return "an integer";
        if (t == typeof(decimal) || t == typeof(double) || t == typeof(float)) return "a number";
        return options.GetTypeInfo(t).Kind switch
        {
            JsonTypeInfoKind.Enumerable => "an array",
            JsonTypeInfoKind.Object or JsonTypeInfoKind.Dictionary => "an object",
            _ => "a value of the documented type",
        };
    }
}

/// <summary>Refusals of a body as a whole or of one of its fields, with the field's JSON pointer (RFC 6901).</summary>
public static class BodyErrors
{
    public static readonly DomainError TooLarge =
        new(ErrorCodes.BodyTooLarge, "The request body is larger than this endpoint accepts.", null, ErrorKind.TooLarge);

    /// <summary>A body that is valid JSON but not of the record's shape: the field at fault and what it should be.</summary>
    public static DomainError FromJsonException(JsonException ex, Type root, JsonSerializerOptions options)
    {
        var (pointer, target, _) = Walk(ex.Path, root, options);
        var message = ex.Message;
        var field = LastSegment(pointer);
        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
            return new DomainError(ErrorCodes.UnknownField, $"'{field}' is not a field of this object.", pointer);
        if (message.Contains("uplicate", StringComparison.Ordinal))
            return new DomainError(ErrorCodes.DuplicateField, $"'{field}' is given more than once.", pointer);
        if (message.Contains("missing required properties", StringComparison.Ordinal))
            return new DomainError(ErrorCodes.Required, "A required field is missing: " + RequiredNames(message) + ".", pointer);
        if (target is not null)
            return new DomainError(ErrorCodes.InvalidType,
                pointer.Length == 0 ? $"The body must be {RequestBodies.Describe(target, options)}." : $"'{field}' must be {RequestBodies.Describe(target, options)}.",
                pointer);
        return new DomainError(ErrorCodes.InvalidType, "The body does not have the documented shape.", pointer);
    }

    /// <summary>The names System.Text.Json lists after "including:" in a missing-required-properties message.</summary>
    private static string RequiredNames(string message)
    {
        var at = message.IndexOf("including:", StringComparison.Ordinal);
        if (at < 0) return "see the documentation";
        var names = message[(at + "including:".Length)..];
        var end = names.IndexOf('.');
        return (end < 0 ? names : names[..end]).Trim();
    }

    private static string LastSegment(string pointer)
    {
        var i = pointer.LastIndexOf('/');
        var segment = i < 0 ? pointer : pointer[(i + 1)..];
        return segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
    }

    /// <summary>
    /// The JSON pointer of a System.Text.Json path ("$.phone_number_blocks[0]['odd name']" → "/phone_number_blocks/0/odd name"),
    /// the CLR type expected there when the record knows it, and whether the whole path was known.
    /// </summary>
    public static (string Pointer, Type? Target, bool Known) Walk(string? path, Type root, JsonSerializerOptions options)
    {
        var segments = Segments(path);
        var pointer = new StringBuilder();
        Type? current = root;
        var known = true;
        foreach (var (name, isIndex) in segments)
        {
            pointer.Append('/').Append(name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal));
            if (current is null) { known = false; continue; }
            var info = options.GetTypeInfo(Nullable.GetUnderlyingType(current) ?? current);
            if (isIndex && info.Kind == JsonTypeInfoKind.Enumerable) current = info.ElementType;
            else if (!isIndex && info.Kind == JsonTypeInfoKind.Dictionary) current = info.ElementType;
            else if (!isIndex && info.Kind == JsonTypeInfoKind.Object && info.Properties.FirstOrDefault(p => p.Name == name) is { } property)
                current = property.PropertyType;
            else { current = null; known = false; }
        }
        return (pointer.ToString(), current, known);
    }

    private static List<(string Name, bool IsIndex)> Segments(string? path)
    {
        var result = new List<(string, bool)>();
        if (string.IsNullOrEmpty(path)) return result;
        var i = path.StartsWith('$') ? 1 : 0;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = i + 1;
                while (end < path.Length && path[end] != '.' && path[end] != '[') end++;
                result.Add((path[(i + 1)..end], false));
                i = end;
            }
            else if (path[i] == '[')
            {
                if (i + 1 < path.Length && path[i + 1] == '\'')
                {
                    var close = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                    if (close < 0) break;
                    result.Add((path[(i + 2)..close], false));
                    i = close + 2;
                }
                else
                {
                    var close = path.IndexOf(']', i + 1);
                    if (close < 0) break;
                    result.Add((path[(i + 1)..close], true));
                    i = close + 1;
                }
            }
            else i++;
        }
        return result;
    }
}

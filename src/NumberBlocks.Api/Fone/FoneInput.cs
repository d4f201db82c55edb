using System.Text.Json;
using NumberBlocks.Api.Http;
using NumberBlocks.Domain.Catalogue;
using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Api.Fone;

/// <summary>
/// Reads a Fone Dynamics-style request's parameters as the provider's ServiceStack host does: the query string merged
/// with a form-encoded (application/x-www-form-urlencoded or multipart/form-data) or JSON body, names case-insensitive.
/// </summary>
public static class FoneInput
{
    /// <summary>The body media types read; any other is refused as BAD_REQUEST.</summary>
    public static readonly string[] MediaTypes = ["application/x-www-form-urlencoded", "multipart/form-data", "application/json"];

    public static async Task<Result<WireFields>> ReadFieldsAsync(HttpRequest request, CancellationToken ct)
    {
        var pairs = new List<KeyValuePair<string, string?>>();
        foreach (var (name, values) in request.Query)
            foreach (var v in values) pairs.Add(new(name, v));

        var hasBody = request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
        if (hasBody)
        {
            if (request.HasFormContentType)
            {
                try
                {
                    var form = await request.ReadFormAsync(ct);
                    foreach (var (name, values) in form)
                        foreach (var v in values) pairs.Add(new(name, v));
                }
                catch (InvalidDataException ex)
                {
                    return new DomainError(ErrorCodes.MalformedJson, $"The form body could not be read: {ex.Message}", "", ErrorKind.Malformed);
                }
            }
            else if (IsJson(request.ContentType))
            {
                var body = await JsonInput.ReadBodyAsync(request, ct);
                if (body.IsFailure) return Result<WireFields>.Fail(body.Errors);
                if (body.Value.ValueKind != JsonValueKind.Object)
                    return new DomainError(ErrorCodes.MalformedJson, $"The JSON body must be an object, not {JsonInput.Describe(body.Value)}.", "", ErrorKind.Malformed);
                var errors = new List<DomainError>();
                foreach (var p in body.Value.EnumerateObject())
                {
                    switch (p.Value.ValueKind)
                    {
                        case JsonValueKind.String: pairs.Add(new(p.Name, p.Value.GetString())); break;
                        case JsonValueKind.Number: pairs.Add(new(p.Name, p.Value.GetRawText())); break;
                        case JsonValueKind.True: pairs.Add(new(p.Name, "true")); break;
                        case JsonValueKind.False: pairs.Add(new(p.Name, "false")); break;
                        case JsonValueKind.Null: pairs.Add(new(p.Name, null)); break;
                        default:
                            errors.Add(new DomainError(ErrorCodes.InvalidType,
                                $"{p.Name} must be a string, number or boolean, not {JsonInput.Describe(p.Value)}.", "/" + p.Name));
                            break;
                    }
                }
                if (errors.Count > 0) return Result<WireFields>.Fail(errors);
            }
            else
            {
                return new DomainError(ErrorCodes.MalformedJson,
                    "Send the parameters as application/x-www-form-urlencoded, multipart/form-data or application/json.", "", ErrorKind.Malformed);
            }
        }
        return WireFields.Create(pairs);
    }

    private static bool IsJson(string? contentType)
    {
        if (contentType is null) return false;
        var mediaType = contentType.Split(';')[0].Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }
}

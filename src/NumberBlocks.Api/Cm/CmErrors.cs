using System.Text.Json;
using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Api.Cm;

/// <summary>
/// The one mapper from domain errors to the CM.com-compatible surface's error shape (docs/number-requests.md):
/// <c>{"message": "...", "field": "quantity", "code": "invalid_value", "errors": [{"message", "field", "code"}]}</c>.
/// <c>field</c> is the body property (camelCase, "numberRanges[0].start" when nested) or query parameter at fault, null
/// when the whole request is. 400 for bad input, 401 unauthenticated, 404 unknown (or another account's), 409 conflicts.
/// </summary>
public static class CmErrors
{
    public static readonly JsonSerializerOptions Options = CmJson.Options;

    public static IResult ToResult(IReadOnlyList<DomainError> errors)
    {
        var described = errors.Select(Describe).ToArray();
        var first = described[0];
        return Results.Json(new { message = first.Message, field = first.Field, code = first.Code, errors = described }, Options, statusCode: StatusFor(errors));
    }

    public static IResult ToResult(DomainError error) => ToResult([error]);

    public static int StatusFor(IReadOnlyList<DomainError> errors)
    {
        if (errors.Any(e => e.Kind == ErrorKind.Unauthorized)) return StatusCodes.Status401Unauthorized;
        if (errors.Any(e => e.Kind is ErrorKind.Malformed or ErrorKind.Validation)) return StatusCodes.Status400BadRequest;
        if (errors.Any(e => e.Kind == ErrorKind.NotFound)) return StatusCodes.Status404NotFound;
        return StatusCodes.Status409Conflict;
    }

    public static CmError Describe(DomainError e) => new(e.Detail, FieldOf(e), e.Code);

    /// <summary>"/numberRanges/0/start" → "numberRanges[0].start"; a query parameter keeps its name.</summary>
    public static string? FieldOf(DomainError e)
    {
        if (e.Parameter is not null) return e.Parameter;
        if (string.IsNullOrEmpty(e.Pointer)) return null;
        var parts = e.Pointer.TrimStart('/').Split('/');
        var field = "";
        foreach (var part in parts)
            field += part.All(char.IsAsciiDigit) ? $"[{part}]" : (field.Length == 0 ? part : "." + part);
        return field;
    }

    /// <summary>One entry of "errors" (the first is repeated at the top level).</summary>
    public sealed record CmError(string Message, string? Field, string Code);

    public static IResult AccountNotFound() => ToResult(new DomainError(ErrorCodes.NotFound,
        "No account with this accountGuid for this product token.", null, ErrorKind.NotFound) { Parameter = "accountGuid" });

    public static readonly DomainError Unauthenticated = new(ErrorCodes.Unauthorized,
        "The product token is missing or invalid. Send the account's API key in the X-CM-PRODUCTTOKEN header (or 'Authorization: Bearer <key>').",
        null, ErrorKind.Unauthorized) { Parameter = "X-CM-PRODUCTTOKEN" };
}

using System.Reflection;
using NumberBlocks.Api.Http;
using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Api.Cm;

/// <summary>
/// The CM.com-compatible surface's error body (docs/number-requests.md):
/// <c>{"message": "...", "field": "quantity", "code": "invalid_value", "errors": [{"message", "field", "code"}]}</c>.
/// <c>field</c> is the body property (camelCase, "numberRanges[0].start" when nested) or the query parameter at fault,
/// null when the whole request is.
/// </summary>
public sealed record CmErrorResponse(string Message, string? Field, string Code, IReadOnlyList<CmError> Errors);

/// <summary>One entry of "errors" (the first is repeated at the top level).</summary>
public sealed record CmError(string Message, string? Field, string Code);

/// <summary>
/// The one mapper from error values to the CM.com surface's format: 400 for bad input, 401 with
/// <c>WWW-Authenticate: X-CM-PRODUCTTOKEN</c>, 404 unknown (or another account's), 409 conflicts with stored state.
/// </summary>
public sealed class CmErrorMapper : ISurfaceErrorMapper
{
    public const string Prefix = "/voice/phonenumberrequestapi";
    public static readonly CmErrorMapper Instance = new();
    public static readonly int[] Statuses = [400, 401, 404, 405, 409, 413, 415, 422, 429, 503];

    public IReadOnlyList<string> PathPrefixes { get; } = [Prefix];

    public int StatusFor(IReadOnlyList<DomainError> errors) => ErrorStatus.Of(errors, kind => kind switch
    {
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status400BadRequest,
    });

    public Task WriteAsync(HttpContext http, IReadOnlyList<DomainError> errors)
    {
        var status = StatusFor(errors);
        if (status == StatusCodes.Status401Unauthorized) http.Response.Headers.WWWAuthenticate = "X-CM-PRODUCTTOKEN realm=\"NumberBlocks\"";
        return WireResponses.WriteJsonAsync(http, Describe(errors), "application/json", status);
    }

    public static CmErrorResponse Describe(IReadOnlyList<DomainError> errors)
    {
        var described = errors.Select(Describe).ToArray();
        var first = described[0];
        return new CmErrorResponse(first.Message, first.Field, first.Code, described);
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
}

/// <summary>A CM.com error answer as a typed result.</summary>
public sealed class CmProblem(IReadOnlyList<DomainError> errors) : IResult, IEndpointMetadataProvider
{
    public IReadOnlyList<DomainError> Errors { get; } = errors;

    public Task ExecuteAsync(HttpContext httpContext) => CmErrorMapper.Instance.WriteAsync(httpContext, Errors);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        ErrorResponseMetadata.Add(builder, typeof(CmErrorResponse), CmErrorMapper.Statuses, "application/json");

    public static implicit operator CmProblem(DomainError error) => new([error]);
}

/// <summary>Shorthands of the CM.com surface for its error answers.</summary>
public static class CmErrors
{
    public static CmProblem ToResult(IReadOnlyList<DomainError> errors) => new(errors);

    public static CmProblem ToResult(DomainError error) => new([error]);

    public static CmError Describe(DomainError e) => CmErrorMapper.Describe(e);

    public static CmProblem AccountNotFound() => ToResult(new DomainError(ErrorCodes.NotFound,
        "No account with this accountGuid for this product token.", null, ErrorKind.NotFound) { Parameter = "accountGuid" });

    public static readonly DomainError Unauthenticated = new(ErrorCodes.Unauthorized,
        "The product token is missing or invalid. Send the account's API key in the X-CM-PRODUCTTOKEN header (or 'Authorization: Bearer <key>').",
        null, ErrorKind.Unauthorized) { Parameter = "X-CM-PRODUCTTOKEN" };
}

using System.Reflection;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Metadata;
using NumberBlocks.Api.Http;
using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Api.Telnyx;

/// <summary>Telnyx's error body (spec3.yml "Errors"): <c>{"errors": [{"code", "title", "detail", "source", "meta"}]}</c>.</summary>
public sealed record TelnyxErrorsResponse(IReadOnlyList<TelnyxError> Errors);

/// <summary>One Telnyx error. <c>source</c> is left out when the error is about the request as a whole.</summary>
public sealed record TelnyxError(
    string Code,
    string Title,
    string Detail,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TelnyxErrorSource? Source,
    TelnyxErrorMeta Meta);

/// <summary>Where the error is: a JSON pointer into the body, or the name of a query or path parameter.</summary>
public sealed record TelnyxErrorSource(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Pointer,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Parameter);

/// <summary>NumberBlocks' machine-readable reason (an <see cref="ErrorCodes"/> value) beside Telnyx's numeric code.</summary>
public sealed record TelnyxErrorMeta(string Reason);

/// <summary>
/// The one mapper from error values to Telnyx's wire format. It owns /v2 (the Fone Dynamics surface claims its longer
/// prefixes under /v2 for itself): 400 unreadable, 401 with <c>WWW-Authenticate: Bearer</c>, 404, 422 for rules broken.
/// </summary>
public sealed class TelnyxErrorMapper : ISurfaceErrorMapper
{
    public static readonly TelnyxErrorMapper Instance = new();

    /// <summary>Every status a Telnyx error answer can carry, for the OpenAPI document.</summary>
    public static readonly int[] Statuses = [400, 401, 404, 405, 409, 413, 415, 422, 429, 503];

    public IReadOnlyList<string> PathPrefixes { get; } = ["/v2"];

    public int StatusFor(IReadOnlyList<DomainError> errors) => ErrorStatus.Of(errors, kind => kind switch
    {
        ErrorKind.Malformed => StatusCodes.Status400BadRequest,
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        _ => StatusCodes.Status422UnprocessableEntity,
    });

    public Task WriteAsync(HttpContext http, IReadOnlyList<DomainError> errors)
    {
        var status = StatusFor(errors);
        if (status == StatusCodes.Status401Unauthorized) http.Response.Headers.WWWAuthenticate = "Bearer realm=\"NumberBlocks\"";
        return WireResponses.WriteJsonAsync(http, Describe(errors), "application/json", status);
    }

    public static TelnyxErrorsResponse Describe(IReadOnlyList<DomainError> errors) => new(errors.Select(Describe).ToArray());

    public static TelnyxError Describe(DomainError e)
    {
        var (code, title) = CodeAndTitle(e);
        var source = e.Pointer is not null ? new TelnyxErrorSource(e.Pointer, null)
            : e.Parameter is not null ? new TelnyxErrorSource(null, e.Parameter)
            : null;
        return new TelnyxError(code, title, e.Detail, source, new TelnyxErrorMeta(e.Code));
    }

    /// <summary>Telnyx's numeric error codes (developers.telnyx.com/docs/overview/errors) where one fits; titles say the rest.</summary>
    private static (string Code, string Title) CodeAndTitle(DomainError e) => e.Code switch
    {
        ErrorCodes.Unauthorized => ("10009", "Authentication failed"),
        ErrorCodes.NotFound => ("10005", "Resource not found"),
        ErrorCodes.MalformedJson => ("10015", "Bad Request"),
        ErrorCodes.Required => ("10004", "Missing required parameter"),
        ErrorCodes.InvalidPhoneNumber => ("10016", "Phone number must be in +E.164 format"),
        ErrorCodes.InvalidType or ErrorCodes.InvalidValue or ErrorCodes.InvalidParameter => ("10003", "Invalid parameter value"),
        ErrorCodes.UnknownField or ErrorCodes.UnknownParameter => ("10003", "Unknown parameter"),
        ErrorCodes.DuplicateField => ("10003", "Duplicate parameter"),
        ErrorCodes.NumberHeldElsewhere => ("10017", "Phone number already in use"),
        ErrorCodes.IllegalTransition or ErrorCodes.OrderNotEditable or ErrorCodes.CancelTooLate or ErrorCodes.ActivationNotAllowed
            or ErrorCodes.ActivationJobOpen or ErrorCodes.ActivationJobNotEditable
            => ("10018", "Porting order status does not allow this"),
        ErrorCodes.RateLimited => ("10011", "Too many requests"),
        ErrorCodes.IdempotencyKeyInvalid or ErrorCodes.IdempotencyKeyReused => ("10015", "Invalid Idempotency-Key"),
        ErrorCodes.IdempotencyRequestInFlight => ("10015", "Request with this Idempotency-Key in progress"),
        ErrorCodes.BodyTooLarge => ("10015", "Request body too large"),
        ErrorCodes.MethodNotAllowed => ("10015", "Method not allowed"),
        ErrorCodes.UnsupportedMediaType => ("10015", "Unsupported media type"),
        ErrorCodes.InvalidHeader => ("10015", "Invalid header"),
        ErrorCodes.ServiceUnavailable or ErrorCodes.DatabaseContention => ("10015", "Service unavailable"),
        ErrorCodes.InternalError => ("10007", "Unexpected error"),
        ErrorCodes.RequirementsNotMet => ("10015", "Porting order requirements not met"),
        ErrorCodes.FocOutsideWindow => ("10015", "Requested FOC date outside the allowed FOC windows"),
        ErrorCodes.DocumentTypeNotAllowed => ("10015", "Document type not allowed"),
        ErrorCodes.DocumentTooLarge => ("10015", "Document too large"),
        ErrorCodes.DocumentInUse => ("10015", "Document in use"),
        _ => ("10015", "Invalid attribute"),
    };
}

/// <summary>A Telnyx error answer as a typed result: handlers return it beside their success type, and the document lists its statuses.</summary>
public sealed class TelnyxProblem(IReadOnlyList<DomainError> errors) : IResult, IEndpointMetadataProvider
{
    public IReadOnlyList<DomainError> Errors { get; } = errors;

    public Task ExecuteAsync(HttpContext httpContext) => TelnyxErrorMapper.Instance.WriteAsync(httpContext, Errors);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        ErrorResponseMetadata.Add(builder, typeof(TelnyxErrorsResponse), TelnyxErrorMapper.Statuses, "application/json");

    public static implicit operator TelnyxProblem(DomainError error) => new([error]);
}

/// <summary>Shorthands of the Telnyx surface for its error answers.</summary>
public static class TelnyxErrors
{
    public static TelnyxProblem ToResult(IReadOnlyList<DomainError> errors) => new(errors);

    public static TelnyxProblem ToResult(DomainError error) => new([error]);

    public static TelnyxError Describe(DomainError e) => TelnyxErrorMapper.Describe(e);

    public static readonly DomainError Unauthenticated =
        new(ErrorCodes.Unauthorized, "The API key is missing or invalid. Send it as 'Authorization: Bearer <api_key>'.", null, ErrorKind.Unauthorized);
}

using NumberBlocks.Api.Http;
using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Api.Fone;

/// <summary>The Fone Dynamics error body (ServiceStack): <c>{"ResponseStatus": {"ErrorCode", "Message", "Errors": [...]}}</c>.</summary>
public sealed record FoneErrorResponse(FoneErrorStatus ResponseStatus);

public sealed record FoneErrorStatus(string ErrorCode, string Message, IReadOnlyList<FoneFieldError> Errors);

public sealed record FoneFieldError(string ErrorCode, string? FieldName, string Message);

/// <summary>
/// The one mapper from error values to the Fone Dynamics error shape (the provider's REST API error page; ServiceStack).
/// 401 for missing or wrong credentials (with <c>WWW-Authenticate: Basic</c>); 400 for everything else, including
/// unknown and other tenants' ids (the provider's documented statuses are 400, 401, 403 and 500); 404 only for a path
/// that no route matches, as the provider's host (ServiceStack) answers one; the service-wide refusals (405, 413, 415,
/// 429, 409 in flight, 503) keep their own statuses.
/// </summary>
public sealed class FoneErrorMapper : ISurfaceErrorMapper
{
    public static readonly FoneErrorMapper Instance = new();
    public static readonly int[] Statuses = [400, 401, 404, 405, 409, 413, 415, 422, 429, 503];

    // Routing is case-insensitive, and the provider's paths are written both ways (numberblocks, NumberBlocks).
    public IReadOnlyList<string> PathPrefixes { get; } = ["/v2/numberblocks", "/v2/Properties", "/v2/Accounts"];

    public int StatusFor(IReadOnlyList<DomainError> errors) => ErrorStatus.Of(errors, kind =>
        kind == ErrorKind.NotFound && errors.Any(e => e.Code == ErrorCodes.NotFound) ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest);

    public Task WriteAsync(HttpContext http, IReadOnlyList<DomainError> errors)
    {
        var status = StatusFor(errors);
        if (status == StatusCodes.Status401Unauthorized) http.Response.Headers.WWWAuthenticate = "Basic realm=\"NumberBlocks\"";
        return WireResponses.WriteJsonAsync(http, Describe(errors), "application/json", status);
    }

    public static FoneErrorResponse Describe(IReadOnlyList<DomainError> errors)
    {
        var items = errors.Select(e => new FoneFieldError(FoneErrors.CodeFor(e), FoneErrors.FieldName(e), e.Detail)).ToArray();
        return new FoneErrorResponse(new FoneErrorStatus(items[0].ErrorCode, errors[0].Detail, items));
    }
}

/// <summary>A Fone Dynamics error answer as a typed result.</summary>
public sealed class FoneProblem(IReadOnlyList<DomainError> errors) : IResult, IEndpointMetadataProvider
{
    public IReadOnlyList<DomainError> Errors { get; } = errors;

    public Task ExecuteAsync(HttpContext httpContext) => FoneErrorMapper.Instance.WriteAsync(httpContext, Errors);

    public static void PopulateMetadata(System.Reflection.MethodInfo method, EndpointBuilder builder) =>
        ErrorResponseMetadata.Add(builder, typeof(FoneErrorResponse), FoneErrorMapper.Statuses, "application/json");

    public static implicit operator FoneProblem(DomainError error) => new([error]);
}

/// <summary>Shorthands and code tables of the Fone Dynamics surface.</summary>
public static class FoneErrors
{
    public static FoneProblem ToResult(IReadOnlyList<DomainError> errors) => new(errors);

    public static FoneProblem ToResult(DomainError error) => new([error]);

    /// <summary>Provider codes where its error page has one (PARAMETER_REQUIRED, CONFLICTING_PARAMETERS, ACCOUNT_NOT_FOUND,
    /// NUMBER_BELONGS_TO_DIFFERENT_PROPERTY), and names in the same style where it does not.</summary>
    public static string CodeFor(DomainError e) => e.Code switch
    {
        ErrorCodes.Required => "PARAMETER_REQUIRED",
        ErrorCodes.ConflictingParameters => "CONFLICTING_PARAMETERS",
        ErrorCodes.AccountNotFound => "ACCOUNT_NOT_FOUND",
        ErrorCodes.PropertyNotFound => "PROPERTY_NOT_FOUND",
        ErrorCodes.CatalogueBlockNotFound => "NUMBER_BLOCK_NOT_FOUND",
        ErrorCodes.CatalogueBlockSold or ErrorCodes.NumberHeldElsewhere => "NUMBER_BLOCK_UNAVAILABLE",
        ErrorCodes.CatalogueBlockInOtherProperty => "NUMBER_BELONGS_TO_DIFFERENT_PROPERTY",
        ErrorCodes.Unauthorized => "UNAUTHORIZED",
        ErrorCodes.MalformedJson => "BAD_REQUEST",
        ErrorCodes.NotFound => "NOT_FOUND",
        ErrorCodes.RateLimited => "TOO_MANY_REQUESTS",
        ErrorCodes.IdempotencyKeyInvalid or ErrorCodes.IdempotencyKeyReused => "IDEMPOTENCY_KEY_INVALID",
        ErrorCodes.IdempotencyRequestInFlight => "IDEMPOTENCY_KEY_IN_USE",
        ErrorCodes.BodyTooLarge => "REQUEST_TOO_LARGE",
        ErrorCodes.ServiceUnavailable or ErrorCodes.DatabaseContention => "SERVICE_UNAVAILABLE",
        ErrorCodes.MethodNotAllowed => "METHOD_NOT_ALLOWED",
        ErrorCodes.UnsupportedMediaType => "UNSUPPORTED_MEDIA_TYPE",
        ErrorCodes.UnknownField or ErrorCodes.UnknownParameter => "PARAMETER_UNKNOWN",
        ErrorCodes.InternalError => "INTERNAL_ERROR",
        _ => "PARAMETER_INVALID",
    };

    /// <summary>The parameter's name as the seed spells it: "/AnswerPoint" is AnswerPoint; query errors name their parameter.</summary>
    public static string? FieldName(DomainError e) => e.Parameter ?? (e.Pointer is { Length: > 1 } p ? p[1..] : null);

    public static readonly DomainError Unauthenticated = new(ErrorCodes.Unauthorized,
        "Wrong or missing credentials. Send HTTP Basic with your AccountSid as user name and your API key as password, or 'Authorization: Bearer <api key>'.",
        null, ErrorKind.Unauthorized);
}

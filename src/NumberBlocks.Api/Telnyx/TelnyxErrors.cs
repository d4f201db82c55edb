using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Api.Telnyx;

/// <summary>
/// The one mapper from domain errors to Telnyx's error shape:
/// {"errors": [{"code", "title", "detail", "source": {"pointer"} | {"parameter"}, "meta": {"reason"}}]}.
/// </summary>
public static class TelnyxErrors
{
    public static IResult ToResult(IReadOnlyList<DomainError> errors)
    {
        var status = StatusFor(errors);
        return Results.Json(new { errors = errors.Select(Describe).ToArray() }, TelnyxJson.Options, statusCode: status);
    }

    public static IResult ToResult(DomainError error) => ToResult([error]);

    public static int StatusFor(IReadOnlyList<DomainError> errors)
    {
        if (errors.Any(e => e.Kind == ErrorKind.Unauthorized)) return StatusCodes.Status401Unauthorized;
        if (errors.Any(e => e.Kind == ErrorKind.Malformed)) return StatusCodes.Status400BadRequest;
        if (errors.Any(e => e.Kind == ErrorKind.NotFound)) return StatusCodes.Status404NotFound;
        return StatusCodes.Status422UnprocessableEntity;
    }

    public static object Describe(DomainError e)
    {
        var (code, title) = CodeAndTitle(e);
        object? source = e.Pointer is not null ? new { pointer = e.Pointer } : e.Parameter is not null ? new { parameter = e.Parameter } : null;
        return new { code, title, detail = e.Detail, source, meta = new { reason = e.Code } };
    }

    private static (string Code, string Title) CodeAndTitle(DomainError e) => e.Code switch
    {
        ErrorCodes.Unauthorized => ("10009", "Authentication failed"),
        ErrorCodes.NotFound => ("10005", "Resource not found"),
        ErrorCodes.MalformedJson => ("10015", "Bad Request"),
        ErrorCodes.Required => ("10004", "Missing required parameter"),
        ErrorCodes.InvalidPhoneNumber => ("10016", "Phone number must be in +E.164 format"),
        ErrorCodes.InvalidType or ErrorCodes.InvalidValue or ErrorCodes.InvalidParameter => ("10003", "Invalid parameter value"),
        ErrorCodes.NumberHeldElsewhere => ("10017", "Phone number already in use"),
        ErrorCodes.IllegalTransition or ErrorCodes.OrderNotEditable => ("10018", "Porting order status does not allow this"),
        ErrorCodes.CancelTooLate or ErrorCodes.ActivationNotAllowed or ErrorCodes.ActivationJobOpen or ErrorCodes.ActivationJobNotEditable
            => ("10018", "Porting order status does not allow this"),
        // Issue 8's refusals; Telnyx documents no codes for them, so only the titles are specific.
        ErrorCodes.RateLimited => ("10011", "Too many requests"),
        ErrorCodes.IdempotencyKeyInvalid or ErrorCodes.IdempotencyKeyReused => ("10015", "Invalid Idempotency-Key"),
        ErrorCodes.IdempotencyRequestInFlight => ("10015", "Request with this Idempotency-Key in progress"),
        ErrorCodes.BodyTooLarge => ("10015", "Request body too large"),
        ErrorCodes.ServiceUnavailable => ("10015", "Service unavailable"),
        _ => ("10015", "Invalid attribute"),
    };

    public static readonly DomainError Unauthenticated =
        new(ErrorCodes.Unauthorized, "The API key is missing or invalid. Send it as 'Authorization: Bearer <api_key>'.", null, ErrorKind.Unauthorized);
}

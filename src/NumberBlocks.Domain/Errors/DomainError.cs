namespace NumberBlocks.Domain.Errors;

/// <summary>What kind of refusal an error is; each wire surface maps it to its own status code.</summary>
public enum ErrorKind
{
    /// <summary>The input broke a rule (Telnyx: 422).</summary>
    Validation,
    /// <summary>The input could not be read at all: broken JSON, wrong media type (400).</summary>
    Malformed,
    /// <summary>No such object for this caller; another tenant's object is reported the same way.</summary>
    NotFound,
    /// <summary>The request is valid but collides with stored state (a held number, a sold block).</summary>
    Conflict,
    /// <summary>No credentials, or credentials that are not valid (401 with the surface's WWW-Authenticate).</summary>
    Unauthorized,
    /// <summary>Understood but refused as sent on every surface (422): an Idempotency-Key reused for another request.</summary>
    Unprocessable,
    /// <summary>The same request is already being served (409): an Idempotency-Key whose first request still runs.</summary>
    InFlight,
    /// <summary>The body is larger than the endpoint accepts (413).</summary>
    TooLarge,
    /// <summary>The body's media type is not one the endpoint reads (415).</summary>
    UnsupportedMediaType,
    /// <summary>The path exists but not with this method (405).</summary>
    MethodNotAllowed,
    /// <summary>The caller sent more requests than its limit allows (429, with Retry-After).</summary>
    RateLimited,
    /// <summary>The service cannot serve now, through no fault of the request (503, with Retry-After).</summary>
    Unavailable,
    /// <summary>A fault of the service itself (500); never a refusal of input.</summary>
    Internal,
}

/// <summary>
/// A refusal of user input: a machine-readable <see cref="Code"/>, a sentence for people, and where it is:
/// a JSON pointer into the body (<see cref="Pointer"/>) or the name of a query/path parameter (<see cref="Parameter"/>).
/// </summary>
public sealed record DomainError(string Code, string Detail, string? Pointer = null, ErrorKind Kind = ErrorKind.Validation)
{
    public string? Parameter { get; init; }

    /// <summary>The same error, seen from an enclosing object: "/activation_ranges/0" under "/phone_number_blocks/2".</summary>
    public DomainError Under(string pointerPrefix) => Pointer is null ? this : this with { Pointer = pointerPrefix + Pointer };

    public static DomainError Required(string pointer) =>
        new(ErrorCodes.Required, $"The field '{pointer}' is required.", pointer);

    public static DomainError NotFound(string what) =>
        new(ErrorCodes.NotFound, $"{what} not found.", null, ErrorKind.NotFound);

    public static DomainError InvalidParameter(string parameter, string detail) =>
        new(ErrorCodes.InvalidParameter, detail) { Parameter = parameter };
}

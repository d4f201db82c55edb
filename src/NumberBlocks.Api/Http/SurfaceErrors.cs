using Microsoft.AspNetCore.Http.Metadata;
using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Api.Http;

/// <summary>
/// One wire surface's error format: the only code that turns error values (<see cref="DomainError"/>) into that
/// surface's status, headers and body. Each surface registers one for the path prefixes it owns; the kernel asks it for
/// every refusal on those paths, in a handler or before one (authentication, body limit, rate limit, idempotency,
/// unknown route, unexpected exception).
/// </summary>
public interface ISurfaceErrorMapper
{
    /// <summary>The path prefixes this surface owns (case-insensitive); the longest matching prefix of all surfaces wins.</summary>
    IReadOnlyList<string> PathPrefixes { get; }

    int StatusFor(IReadOnlyList<DomainError> errors);

    /// <summary>Writes the refusal: status, the surface's headers (WWW-Authenticate on 401) and its error body.</summary>
    Task WriteAsync(HttpContext http, IReadOnlyList<DomainError> errors);
}

/// <summary>The registered surfaces' error mappers, chosen by path; ProblemDetails where no surface owns the path.</summary>
public sealed class SurfaceErrors(IEnumerable<ISurfaceErrorMapper> mappers)
{
    private readonly (string Prefix, ISurfaceErrorMapper Mapper)[] _byPrefix = mappers
        .SelectMany(m => m.PathPrefixes.Select(p => (p, m)))
        .OrderByDescending(x => x.p.Length)
        .ToArray();

    public ISurfaceErrorMapper For(PathString path)
    {
        foreach (var (prefix, mapper) in _byPrefix)
            if (path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase)) return mapper;
        return ServiceProblemErrors.Instance;
    }

    public Task WriteAsync(HttpContext http, DomainError error) => For(http.Request.Path).WriteAsync(http, [error]);

    public Task WriteAsync(HttpContext http, IReadOnlyList<DomainError> errors) => For(http.Request.Path).WriteAsync(http, errors);

    /// <summary>The registry of the request's services; ProblemDetails only when there are none.</summary>
    public static SurfaceErrors Of(HttpContext http) =>
        http.RequestServices?.GetService<SurfaceErrors>() ?? new SurfaceErrors([]);
}

/// <summary>The statuses every surface gives the same way, and the order in which a list of errors picks its status.</summary>
public static class ErrorStatus
{
    /// <summary>The status of <paramref name="kind"/> when it is the same on every surface; null when the surface decides.</summary>
    public static int? Fixed(ErrorKind kind) => kind switch
    {
        ErrorKind.Unauthorized => StatusCodes.Status401Unauthorized,
        ErrorKind.Unprocessable => StatusCodes.Status422UnprocessableEntity,
        ErrorKind.InFlight => StatusCodes.Status409Conflict,
        ErrorKind.TooLarge => StatusCodes.Status413PayloadTooLarge,
        ErrorKind.UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
        ErrorKind.MethodNotAllowed => StatusCodes.Status405MethodNotAllowed,
        ErrorKind.RateLimited => StatusCodes.Status429TooManyRequests,
        ErrorKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        ErrorKind.Internal => StatusCodes.Status500InternalServerError,
        _ => null,
    };

    // When one answer carries several errors, the gravest kind decides the status: a request that cannot be read is
    // not also "not found", and one that is not authenticated learns nothing else.
    private static readonly ErrorKind[] Precedence =
    [
        ErrorKind.Internal, ErrorKind.Unavailable, ErrorKind.Unauthorized, ErrorKind.RateLimited, ErrorKind.TooLarge,
        ErrorKind.UnsupportedMediaType, ErrorKind.MethodNotAllowed, ErrorKind.Malformed, ErrorKind.NotFound,
        ErrorKind.InFlight, ErrorKind.Unprocessable, ErrorKind.Conflict, ErrorKind.Validation,
    ];

    /// <summary>The status for <paramref name="errors"/>: the gravest kind's, fixed or from the surface's own table.</summary>
    public static int Of(IReadOnlyList<DomainError> errors, Func<ErrorKind, int> surfaceStatus)
    {
        if (errors.Count == 0) throw new ArgumentException("An error answer needs at least one error.", nameof(errors));
        var kind = Precedence.First(k => errors.Any(e => e.Kind == k));
        return Fixed(kind) ?? surfaceStatus(kind);
    }

    /// <summary>Seconds a client should wait before retrying a 429 or 503.</summary>
    public static bool NeedsRetryAfter(int status) => status is StatusCodes.Status429TooManyRequests or StatusCodes.Status503ServiceUnavailable;
}

/// <summary>Declares a surface's error responses on an endpoint, so the OpenAPI document lists each status with its body.</summary>
public static class ErrorResponseMetadata
{
    public static void Add(EndpointBuilder builder, Type body, IEnumerable<int> statuses, string contentType)
    {
        foreach (var status in statuses)
            builder.Metadata.Add(new ProducesResponseTypeMetadata(status, body, [contentType]));
    }
}

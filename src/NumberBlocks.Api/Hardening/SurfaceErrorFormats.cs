using NumberBlocks.Api.Telnyx;
using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Api.Hardening;

/// <summary>
/// One wire surface's error shape, for refusals made before a surface's own handler runs (rate limits, idempotency,
/// body limits, an unavailable database). Each surface registers one for its paths; the first that handles a path wins.
/// </summary>
public interface ISurfaceErrorFormat
{
    bool Handles(PathString path);
    Task WriteAsync(HttpContext http, int status, DomainError error);
}

/// <summary>Writes a refusal in the error shape of the surface the request went to; Telnyx's shape where no other claims the path.</summary>
public sealed class SurfaceErrorFormats(IEnumerable<ISurfaceErrorFormat> formats)
{
    /// <summary>For a context without services (a handler called on its own): Telnyx's shape everywhere.</summary>
    public static readonly SurfaceErrorFormats TelnyxOnly = new([]);

    public static SurfaceErrorFormats For(HttpContext http) =>
        http.RequestServices?.GetService<SurfaceErrorFormats>() ?? TelnyxOnly;

    public Task WriteAsync(HttpContext http, int status, DomainError error)
    {
        http.Response.StatusCode = status;
        foreach (var format in formats)
            if (format.Handles(http.Request.Path))
                return format.WriteAsync(http, status, error);
        return TelnyxErrorFormat.Instance.WriteAsync(http, status, error);
    }
}

/// <summary>{"errors": [{code, title, detail, source, meta}]}: the porting API's and the operator API's shape (TelnyxErrors).</summary>
public sealed class TelnyxErrorFormat : ISurfaceErrorFormat
{
    public static readonly TelnyxErrorFormat Instance = new();

    public bool Handles(PathString path) =>
        path.StartsWithSegments("/v2/porting_orders") || path.StartsWithSegments("/v2/porting_phone_numbers") || path.StartsWithSegments("/admin");

    public Task WriteAsync(HttpContext http, int status, DomainError error)
    {
        http.Response.StatusCode = status;
        return http.Response.WriteAsJsonAsync(new { errors = new[] { TelnyxErrors.Describe(error) } }, TelnyxJson.Options,
            "application/json", http.RequestAborted);
    }
}

using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Api.Http;

/// <summary>
/// Refuses a request whose header values hold bytes outside visible ASCII, space and tab (RFC 9110 section 5.5: field
/// values are VCHAR, SP and HTAB; obs-text is not to be generated), with a 400 in the error format of the surface the
/// path belongs to, naming the header. Kestrel reads header values as Latin-1 (ServiceSetup) so such requests get here
/// instead of ending in Kestrel's empty 400.
/// </summary>
public sealed class HeaderValidationMiddleware(RequestDelegate next, SurfaceErrors errors)
{
    public async Task InvokeAsync(HttpContext http)
    {
        foreach (var (name, values) in http.Request.Headers)
        {
            foreach (var value in values)
            {
                if (value is null || IsVisibleAscii(value)) continue;
                var error = new DomainError(ErrorCodes.InvalidHeader,
                    $"The {name} header holds characters outside visible ASCII; header values must be ASCII (RFC 9110 section 5.5).",
                    null, ErrorKind.Malformed) { Parameter = name };
                await errors.WriteAsync(http, error);
                return;
            }
        }
        await next(http);
    }

    private static bool IsVisibleAscii(string value)
    {
        foreach (var c in value)
            if (c is not ('\t' or (>= ' ' and <= '~'))) return false;
        return true;
    }
}

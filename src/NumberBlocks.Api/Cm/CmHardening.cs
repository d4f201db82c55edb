using NumberBlocks.Api.Auth;
using NumberBlocks.Api.Hardening;
using NumberBlocks.Data;
using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Api.Cm;

/// <summary>
/// Issue 8 on the CM.com-compatible surface: refusals made before its handlers run (429, 409, 413, 503, unknown routes)
/// answer in its {"message", "field", "code", "errors"} shape (<see cref="CmErrors"/>).
/// </summary>
public sealed class CmErrorFormat : ISurfaceErrorFormat
{
    public const string Prefix = "/voice/phonenumberrequestapi";

    public bool Handles(PathString path) => path.StartsWithSegments(Prefix, StringComparison.OrdinalIgnoreCase);

    public Task WriteAsync(HttpContext http, int status, DomainError error)
    {
        http.Response.StatusCode = status;
        var described = CmErrors.Describe(error);
        return http.Response.WriteAsJsonAsync(new { message = described.Message, field = described.Field, code = described.Code, errors = new[] { described } },
            CmErrors.Options, "application/json", http.RequestAborted);
    }
}

/// <summary>CM.com callers by their product token (X-CM-PRODUCTTOKEN), as <see cref="CmAuth"/> checks them, so limits and Idempotency-Keys are per account there too.</summary>
public sealed class CmCallerIdentifier(ApiKeyResolver resolver) : ICallerIdentifier
{
    public async ValueTask<RequestCaller?> IdentifyAsync(HttpContext http)
    {
        if (!http.Request.Headers.TryGetValue(CmAuth.TokenHeader, out var token) || string.IsNullOrWhiteSpace(token)) return null;
        var db = http.RequestServices.GetRequiredService<NumberBlocksDbContext>();
        var caller = await resolver.ResolveAsync(db, token.ToString().Trim(), http.RequestAborted);
        return caller is null ? null : new RequestCaller("account:" + caller.AccountId.ToString());
    }
}

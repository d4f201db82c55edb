using NumberBlocks.Api.Auth;
using NumberBlocks.Api.Hardening;
using NumberBlocks.Data;
using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Api.Fone;

/// <summary>
/// Issue 8 on the Fone Dynamics surface: its paths (/v2/numberblocks, /v2/NumberBlocks, /v2/Properties, /v2/Accounts;
/// routing is case-insensitive) answer the mechanisms' refusals (429, 409, 413, 503, …) in the provider's
/// {"ResponseStatus": {...}} shape.
/// </summary>
public sealed class FoneErrorFormat : ISurfaceErrorFormat
{
    private static readonly string[] Prefixes = ["/v2/numberblocks", "/v2/Properties", "/v2/Accounts"];

    public bool Handles(PathString path) => Prefixes.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));

    public Task WriteAsync(HttpContext http, int status, DomainError error)
    {
        http.Response.StatusCode = status;
        var code = error.Code switch
        {
            ErrorCodes.RateLimited => "TOO_MANY_REQUESTS",
            ErrorCodes.IdempotencyKeyInvalid or ErrorCodes.IdempotencyKeyReused => "IDEMPOTENCY_KEY_INVALID",
            ErrorCodes.IdempotencyRequestInFlight => "IDEMPOTENCY_KEY_IN_USE",
            ErrorCodes.BodyTooLarge => "REQUEST_TOO_LARGE",
            ErrorCodes.ServiceUnavailable => "SERVICE_UNAVAILABLE",
            _ => FoneErrors.CodeFor(error),
        };
        var item = new { ErrorCode = code, FieldName = FoneErrors.FieldName(error), Message = error.Detail };
        return http.Response.WriteAsJsonAsync(new { ResponseStatus = new { ErrorCode = code, Message = error.Detail, Errors = new[] { item } } },
            FoneJson.Options, "application/json", http.RequestAborted);
    }
}

/// <summary>Fone Dynamics callers by HTTP Basic (AccountSid as user name, API key as password), as <see cref="FoneAuth"/> checks them.</summary>
public sealed class FoneCallerIdentifier(ApiKeyResolver resolver) : ICallerIdentifier
{
    public async ValueTask<RequestCaller?> IdentifyAsync(HttpContext http)
    {
        var (key, claimed) = FoneAuth.Credentials(http.Request.Headers.Authorization.ToString());
        if (key is null || claimed is null) return null;
        var db = http.RequestServices.GetRequiredService<NumberBlocksDbContext>();
        var caller = await resolver.ResolveAsync(db, key, http.RequestAborted);
        return caller is not null && caller.AccountId == claimed ? new RequestCaller("account:" + caller.AccountId.ToString()) : null;
    }
}

using NumberBlocks.Api.Auth;
using NumberBlocks.Api.Hardening;
using NumberBlocks.Data;

namespace NumberBlocks.Api.Cm;

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

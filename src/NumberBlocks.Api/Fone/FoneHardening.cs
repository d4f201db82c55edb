using NumberBlocks.Api.Auth;
using NumberBlocks.Api.Hardening;
using NumberBlocks.Data;

namespace NumberBlocks.Api.Fone;

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

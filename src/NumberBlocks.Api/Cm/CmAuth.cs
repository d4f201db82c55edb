using NumberBlocks.Api.Auth;
using NumberBlocks.Data;

namespace NumberBlocks.Api.Cm;

/// <summary>
/// CM.com authenticates with a product token in X-CM-PRODUCTTOKEN; here that is the account's API key (Bearer works
/// too). The {accountGuid} in the path must be the caller's own account: another account's guid is 404, exactly
/// as one that does not exist, so a tenant cannot tell another's ids from unknown ones.
/// </summary>
public sealed class CmAuth(ApiKeyResolver resolver, NumberBlocksDbContext db) : IEndpointFilter
{
    public const string TokenHeader = "X-CM-PRODUCTTOKEN";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var presented = http.Request.Headers.TryGetValue(TokenHeader, out var token) && !string.IsNullOrWhiteSpace(token)
            ? token.ToString().Trim()
            : ApiKeys.FromAuthorization(http.Request.Headers.Authorization);
        var caller = await resolver.ResolveAsync(db, presented, http.RequestAborted);
        if (caller is null) return CmErrors.ToResult(CmErrors.Unauthenticated);
        var route = http.Request.RouteValues["accountGuid"] as string;
        if (!Guid.TryParse(route, out var accountGuid) || accountGuid != caller.AccountId) return CmErrors.AccountNotFound();
        http.Items[typeof(CallerAccount)] = caller;
        return await next(context);
    }
}

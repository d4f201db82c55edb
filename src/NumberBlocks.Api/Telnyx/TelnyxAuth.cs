using NumberBlocks.Api.Auth;
using NumberBlocks.Data;

namespace NumberBlocks.Api.Telnyx;

/// <summary>Authenticates every Telnyx-surface request with the account's API key; 401 in Telnyx's shape otherwise.</summary>
public sealed class TelnyxAuth(ApiKeyResolver resolver, NumberBlocksDbContext db) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var caller = await resolver.ResolveAsync(db, ApiKeys.FromAuthorization(http.Request.Headers.Authorization), http.RequestAborted);
        if (caller is null) return TelnyxErrors.ToResult(TelnyxErrors.Unauthenticated);
        http.Items[typeof(CallerAccount)] = caller;
        return await next(context);
    }
}

public static class CallerExtensions
{
    public static Guid AccountId(this HttpContext http) =>
        http.Items[typeof(CallerAccount)] is CallerAccount c ? c.AccountId : throw new InvalidOperationException("The endpoint has no authentication filter.");
}

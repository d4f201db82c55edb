using NumberBlocks.Api.Auth;
using NumberBlocks.Data;

namespace NumberBlocks.Api.Hardening;

/// <summary>
/// Who a request comes from, as far as limits and idempotency care: one scope per account ("account:&lt;id&gt;"), one for
/// the operator. Issue 8 scopes Idempotency-Keys and rate limits per account.
/// </summary>
public sealed record RequestCaller(string Scope);

/// <summary>
/// Recognises the callers of one surface from their credentials, before the surface's own authentication filter runs.
/// Returns null for requests it does not recognise; the surface's filter still decides whether a request is let in.
/// </summary>
public interface ICallerIdentifier
{
    ValueTask<RequestCaller?> IdentifyAsync(HttpContext http);
}

/// <summary>Accounts by their API key ("nbk_…"), as <see cref="ApiKeyResolver"/> verifies it (cached for a few seconds).</summary>
public sealed class ApiKeyCallerIdentifier(ApiKeyResolver resolver) : ICallerIdentifier
{
    public async ValueTask<RequestCaller?> IdentifyAsync(HttpContext http)
    {
        var presented = ApiKeys.FromAuthorization(http.Request.Headers.Authorization);
        if (presented is null || !presented.StartsWith(ApiKeys.CustomerScheme + "_", StringComparison.Ordinal)) return null;
        var db = http.RequestServices.GetRequiredService<NumberBlocksDbContext>();
        var caller = await resolver.ResolveAsync(db, presented, http.RequestAborted);
        return caller is null ? null : new RequestCaller("account:" + caller.AccountId.ToString());
    }
}

/// <summary>The operator, by the operator key.</summary>
public sealed class OperatorCallerIdentifier(OperatorKey key) : ICallerIdentifier
{
    public ValueTask<RequestCaller?> IdentifyAsync(HttpContext http) =>
        ValueTask.FromResult(key.Matches(ApiKeys.FromAuthorization(http.Request.Headers.Authorization)) ? new RequestCaller("operator") : null);
}

/// <summary>Asks each registered <see cref="ICallerIdentifier"/> in turn and keeps the first answer on the request.</summary>
public sealed class CallerIdentificationMiddleware(RequestDelegate next, IEnumerable<ICallerIdentifier> identifiers)
{
    public async Task InvokeAsync(HttpContext http)
    {
        foreach (var identifier in identifiers)
        {
            if (await identifier.IdentifyAsync(http) is not { } caller) continue;
            http.Items[typeof(RequestCaller)] = caller;
            break;
        }
        await next(http);
    }
}

public static class RequestCallerExtensions
{
    public static RequestCaller? Caller(this HttpContext http) => http.Items.TryGetValue(typeof(RequestCaller), out var c) ? c as RequestCaller : null;
}

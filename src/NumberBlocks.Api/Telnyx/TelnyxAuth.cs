using NumberBlocks.Api.Auth;
using NumberBlocks.Data;
using NumberBlocks.Data.Porting;
using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Api.Telnyx;

/// <summary>Endpoint metadata: the operation reads one porting order, named by the route value <paramref name="RouteValue"/>, and a sharing token of that order may call it.</summary>
public sealed record SharingTokenReads(string RouteValue);

/// <summary>
/// Authenticates every Telnyx-surface request: the account's API key ("Authorization: Bearer nbk_…"), or a porting
/// order's sharing token (Telnyx actions/share) presented the same way, which reads that one order and nothing else:
/// GET of the order, its phone number blocks, extensions and activation jobs. 401 in Telnyx's shape otherwise.
/// </summary>
public sealed class TelnyxAuth(ApiKeyResolver resolver, NumberBlocksDbContext db, TimeProvider clock) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var presented = ApiKeys.FromAuthorization(http.Request.Headers.Authorization);
        var caller = await resolver.ResolveAsync(db, presented, http.RequestAborted);
        if (caller is null && presented is not null && presented.Count(c => c == '.') == 2)
        {
            var shared = await PortingSharingTokens.VerifyAsync(db, presented, clock.GetUtcNow(), http.RequestAborted);
            if (shared is not null)
            {
                if (!SharesThisRequest(http, shared)) return TelnyxErrors.ToResult(SharingTokenRefused);
                caller = new CallerAccount(shared.AccountId);
                http.Items[typeof(SharedOrder)] = shared;
            }
        }
        if (caller is null) return TelnyxErrors.ToResult(TelnyxErrors.Unauthenticated);
        http.Items[typeof(CallerAccount)] = caller;
        return await next(context);
    }

    private static bool SharesThisRequest(HttpContext http, SharedOrder shared) =>
        HttpMethods.IsGet(http.Request.Method)
        && http.GetEndpoint()?.Metadata.GetMetadata<SharingTokenReads>() is { } reads
        && http.Request.RouteValues.TryGetValue(reads.RouteValue, out var value)
        && Guid.TryParseExact(value as string, "D", out var orderId) && orderId == shared.PortingOrderId;

    public static readonly DomainError SharingTokenRefused = new(ErrorCodes.Unauthorized,
        "A sharing token reads only the porting order it was made for: GET /v2/porting_orders/{id} and its phone number blocks, " +
        "extensions and activation jobs. Use the account's API key for anything else.", null, ErrorKind.Unauthorized);
}

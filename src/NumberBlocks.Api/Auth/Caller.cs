using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using NumberBlocks.Data;

namespace NumberBlocks.Api.Auth;

/// <summary>The authenticated account of a customer request.</summary>
public sealed record CallerAccount(Guid AccountId);

/// <summary>The caller a surface's authentication filter put on the request.</summary>
public static class CallerExtensions
{
    public static Guid AccountId(this HttpContext http) =>
        http.Items[typeof(CallerAccount)] is CallerAccount c ? c.AccountId : throw new InvalidOperationException("The endpoint has no authentication filter.");
}

/// <summary>
/// Resolves API keys to accounts. A verified key is remembered for a few seconds so that hot read paths do not pay a
/// database round trip per request; revoking a key in this process forgets it at once.
/// </summary>
public sealed class ApiKeyResolver(IMemoryCache cache)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    public async Task<CallerAccount?> ResolveAsync(NumberBlocksDbContext db, string? presented, CancellationToken ct)
    {
        if (presented is null || !presented.StartsWith(ApiKeys.CustomerScheme + "_", StringComparison.Ordinal)
            || !ApiKeys.TrySplit(presented, out var prefix, out var secret))
            return null;
        if (cache.TryGetValue(CacheKey(prefix), out (Guid Account, byte[] Hash) hit))
            return ApiKeys.Matches(secret, hit.Hash) ? new CallerAccount(hit.Account) : null;

        var key = await db.ApiKeys.AsNoTracking().Where(k => k.Prefix == prefix && k.RevokedAt == null)
            .Select(k => new { k.AccountId, k.SecretHash }).FirstOrDefaultAsync(ct);
        if (key is null || !ApiKeys.Matches(secret, key.SecretHash)) return null;
        cache.Set(CacheKey(prefix), (key.AccountId, key.SecretHash), CacheFor);
        return new CallerAccount(key.AccountId);
    }

    public void Forget(string prefix) => cache.Remove(CacheKey(prefix));

    private static string CacheKey(string prefix) => "apikey:" + prefix;
}

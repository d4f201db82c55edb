using System.Text;
using NumberBlocks.Api.Auth;
using NumberBlocks.Data;

namespace NumberBlocks.Api.Fone;

/// <summary>
/// Authenticates Fone Dynamics-surface requests as the provider does, with HTTP Basic: the AccountSid as user name and
/// the account's API key as password (the AccountSid must be the key's own account); "Bearer &lt;api key&gt;" works too.
/// 401 in the provider's error shape otherwise.
/// </summary>
public sealed class FoneAuth(ApiKeyResolver resolver, NumberBlocksDbContext db) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var (key, claimedAccount) = Credentials(http.Request.Headers.Authorization.ToString());
        var caller = key is null ? null : await resolver.ResolveAsync(db, key, http.RequestAborted);
        if (caller is null || (claimedAccount is { } claimed && claimed != caller.AccountId))
            return FoneErrors.ToResult(FoneErrors.Unauthenticated); // the mapper adds WWW-Authenticate: Basic
        http.Items[typeof(CallerAccount)] = caller;
        return await next(context);
    }

    /// <summary>The presented key and, for Basic, the AccountSid it claims; (null, null) for anything unreadable.</summary>
    public static (string? Key, Guid? Account) Credentials(string header)
    {
        header = header.Trim();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return (header[7..].Trim(), null);
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return (null, null);
        var encoded = header[6..].Trim();
        var buffer = new byte[encoded.Length];
        if (encoded.Length > 1024 || !Convert.TryFromBase64String(encoded, buffer, out var length)) return (null, null);
        string decoded;
        try { decoded = new UTF8Encoding(false, true).GetString(buffer, 0, length); }
        catch (DecoderFallbackException) { return (null, null); }
        var colon = decoded.IndexOf(':');
        if (colon < 0 || !Guid.TryParse(decoded[..colon], out var account)) return (null, null);
        return (decoded[(colon + 1)..], account);
    }
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Data.Entities;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Porting;

namespace NumberBlocks.Data.Porting;

/// <summary>A sharing token as created: its row and the signed token string (shown once, in the create answer).</summary>
public sealed record CreatedSharingToken(PortingOrderSharingToken Row, string Token, IReadOnlyList<SharingPermission> Permissions);

/// <summary>What a valid sharing token grants: read access to one porting order of one account.</summary>
public sealed record SharedOrder(Guid TokenId, Guid PortingOrderId, Guid AccountId, IReadOnlyList<SharingPermission> Permissions);

/// <summary>
/// Telnyx actions/share: "Creates a sharing token for a porting order. The token can be used to share the porting order
/// with non-Telnyx users." The token is "a signed JWT" (RFC 7519, HS256 as in Telnyx's example) whose claims are its id
/// (jti), the order, the permissions, iat and exp; it is checked against its stored row, so deleting the order ends it.
/// The signing key is made once per deployment and kept in operator_settings.
/// </summary>
public static class PortingSharingTokens
{
    /// <summary>Telnyx SharePortingOrder: expires_in_seconds from 1 to 172800 (48 hours).</summary>
    public const int MaxLifetimeSeconds = 172_800;
    /// <summary>Telnyx's example token lives an hour; a request without expires_in_seconds gets the same.</summary>
    public const int DefaultLifetimeSeconds = 3_600;

    private const string KeySetting = "porting_sharing_token_key";

    public static async Task<Result<CreatedSharingToken>> CreateAsync(NumberBlocksDbContext db, Guid accountId, Guid orderId,
        int lifetimeSeconds, IReadOnlyList<SharingPermission> permissions, DateTimeOffset now, CancellationToken ct)
    {
        if (lifetimeSeconds is < 1 or > MaxLifetimeSeconds)
            return new DomainError(ErrorCodes.InvalidValue, $"expires_in_seconds is from 1 to {MaxLifetimeSeconds} (48 hours).", "/expires_in_seconds");
        if (!await db.PortingOrders.AnyAsync(o => o.Id == orderId && o.AccountId == accountId, ct)) return DomainError.NotFound("Porting order");
        // Whole seconds: JWT's exp and iat are NumericDates (RFC 7519 section 2), and the row agrees with the token.
        var issued = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        var row = new PortingOrderSharingToken
        {
            Id = Guid.CreateVersion7(now),
            PortingOrderId = orderId,
            AccountId = accountId,
            Permissions = string.Join(",", permissions.Select(StoredStates.Permission.Name)),
            ExpiresAt = issued.AddSeconds(lifetimeSeconds),
            CreatedAt = issued,
        };
        db.PortingOrderSharingTokens.Add(row);
        var key = await SigningKeyAsync(db, create: true, ct);
        var claims = new JsonObject
        {
            ["jti"] = row.Id.ToString(),
            ["porting_order_id"] = orderId.ToString(),
            ["permissions"] = new JsonArray(permissions.Select(p => (JsonNode)StoredStates.Permission.Name(p)).ToArray()),
            ["iat"] = issued.ToUnixTimeSeconds(),
            ["exp"] = row.ExpiresAt.ToUnixTimeSeconds(),
        };
        return new CreatedSharingToken(row, Sign(claims, key!), permissions);
    }

    /// <summary>The order <paramref name="token"/> shares, or null when it is not a valid, unexpired sharing token of this deployment.</summary>
    public static async Task<SharedOrder?> VerifyAsync(NumberBlocksDbContext db, string token, DateTimeOffset now, CancellationToken ct)
    {
        var parts = token.Split('.');
        if (parts.Length != 3 || token.Length > 4096) return null;
        var key = await SigningKeyAsync(db, create: false, ct);
        if (key is null) return null;
        var expected = HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));
        if (!TryDecode(parts[2], out var signature) || !CryptographicOperations.FixedTimeEquals(expected, signature)) return null;
        if (!TryDecode(parts[1], out var payload)) return null;
        Guid tokenId, orderId;
        try
        {
            var claims = JsonNode.Parse(payload)!.AsObject();
            if (!Guid.TryParse(claims["jti"]?.GetValue<string>(), out tokenId) || !Guid.TryParse(claims["porting_order_id"]?.GetValue<string>(), out orderId))
                return null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
        var row = await db.PortingOrderSharingTokens.AsNoTracking().FirstOrDefaultAsync(t => t.Id == tokenId && t.PortingOrderId == orderId, ct);
        if (row is null || row.ExpiresAt <= now) return null;
        var permissions = row.Permissions.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(StoredStates.Permission.Parse).ToArray();
        return new SharedOrder(row.Id, row.PortingOrderId, row.AccountId, permissions);
    }

    private static string Sign(JsonObject claims, byte[] key)
    {
        var header = Encode(Encoding.UTF8.GetBytes("""{"alg":"HS256","typ":"JWT"}"""));
        var body = Encode(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        var signature = Encode(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(header + "." + body)));
        return header + "." + body + "." + signature;
    }

    /// <summary>The deployment's signing key; made (once, race-free) when <paramref name="create"/> and absent.</summary>
    private static async Task<byte[]?> SigningKeyAsync(NumberBlocksDbContext db, bool create, CancellationToken ct)
    {
        if (create)
        {
            await db.EnsureOpenAsync(ct);
            await using var insert = db.Command("INSERT INTO operator_settings (key, value) VALUES (@k, @v) ON CONFLICT (key) DO NOTHING")
                .With(db, "@k", KeySetting).With(db, "@v", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            await insert.ExecuteNonQueryAsync(ct);
        }
        var stored = await db.OperatorSettings.AsNoTracking().Where(s => s.Key == KeySetting).Select(s => s.Value).FirstOrDefaultAsync(ct);
        return stored is null ? null : Convert.FromBase64String(stored);
    }

    private static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryDecode(string text, out byte[] bytes)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        s += (s.Length % 4) switch { 2 => "==", 3 => "=", _ => "" };
        bytes = [];
        if (text.Length % 4 == 1) return false;
        var buffer = new byte[s.Length];
        if (!Convert.TryFromBase64String(s, buffer, out var written)) return false;
        bytes = buffer[..written];
        return true;
    }
}

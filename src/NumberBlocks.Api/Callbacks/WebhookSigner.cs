using System.Security.Cryptography;
using System.Text;

namespace NumberBlocks.Api.Callbacks;

/// <summary>
/// Standard Webhooks signatures (standardwebhooks.com): HMAC-SHA256 over "{webhook-id}.{webhook-timestamp}.{body}" with
/// the key that follows "whsec_" in the account's secret (base64), sent as "v1,{base64 signature}".
/// </summary>
public static class WebhookSigner
{
    public const string SecretPrefix = "whsec_";

    public static string Sign(string secret, string messageId, long timestamp, string body)
    {
        var key = Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);
        var signed = Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.{body}");
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed));
    }

    /// <summary>
    /// What a receiver does: true when one of the space-separated "v1,…" signatures matches, compared in constant time.
    /// (The receiver should also refuse timestamps far from its own clock.)
    /// </summary>
    public static bool Verify(string secret, string messageId, long timestamp, string body, string signatureHeader)
    {
        var expected = Encoding.ASCII.GetBytes(Sign(secret, messageId, timestamp, body));
        foreach (var candidate in signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            if (CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(candidate), expected)) return true;
        return false;
    }

    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}

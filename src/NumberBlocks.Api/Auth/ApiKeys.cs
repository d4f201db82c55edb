using System.Security.Cryptography;
using System.Text;

namespace NumberBlocks.Api.Auth;

/// <summary>
/// API keys look like "nbk_&lt;prefix&gt;_&lt;secret&gt;". The prefix finds the row; only SHA-256 of the secret is stored,
/// and it is compared in constant time. The whole key is shown once, when it is issued.
/// </summary>
public static class ApiKeys
{
    private const string Alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    public const string CustomerScheme = "nbk";
    public const string OperatorScheme = "nbo";

    public sealed record IssuedKey(string Key, string Prefix, byte[] SecretHash);

    public static IssuedKey Issue(string scheme = CustomerScheme)
    {
        var prefix = RandomString(12);
        var secret = RandomString(32);
        return new IssuedKey($"{scheme}_{prefix}_{secret}", prefix, Hash(secret));
    }

    /// <summary>Splits a presented key into prefix and secret; false for anything not shaped like a key.</summary>
    public static bool TrySplit(string presented, out string prefix, out string secret)
    {
        prefix = secret = "";
        var parts = presented.Split('_');
        if (parts.Length != 3 || parts[1].Length != 12 || parts[2].Length != 32) return false;
        prefix = parts[1];
        secret = parts[2];
        return true;
    }

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    public static bool Matches(string secret, byte[] storedHash) => CryptographicOperations.FixedTimeEquals(Hash(secret), storedHash);

    public static string RandomString(int length)
    {
        Span<char> chars = stackalloc char[length];
        for (var i = 0; i < length; i++) chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        return new string(chars);
    }

    /// <summary>The credential in an Authorization header: "Bearer KEY", or the bare key as Telnyx's guide sends it.</summary>
    public static string? FromAuthorization(string? header)
    {
        if (string.IsNullOrWhiteSpace(header)) return null;
        header = header.Trim();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return header[7..].Trim();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return null;
        return header.Contains(' ') ? null : header;
    }
}

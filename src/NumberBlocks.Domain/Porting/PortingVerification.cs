using System.Security.Cryptography;
using System.Text;
using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Domain.Porting;

/// <summary>What a stored verification code is, for the rules: its hash, salt, attempts, expiry, and whether it was verified.</summary>
public sealed record StoredVerificationCode(string CodeHash, string CodeSalt, int Attempts, DateTimeOffset ExpiresAt, bool Verified);

/// <summary>The outcome of one verify attempt.</summary>
public enum VerificationOutcome { Verified, AlreadyVerified, Wrong, Expired, AttemptsExceeded }

/// <summary>
/// Telnyx porting verification codes (verification_codes/send and /verify): a code per porting phone number, proving
/// the customer controls the number. NumberBlocks sends it through the outbox (the order's webhook and the account's
/// notification e-mail) since it has no SMS or voice channel of its own; it keeps only a salted SHA-256 of the code,
/// which expires and takes a limited number of attempts, as one-time codes do (NIST SP 800-63B 5.1.3: short-lived,
/// rate-limited out-of-band secrets).
/// </summary>
public static class PortingVerification
{
    public const int CodeLength = 6;
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);
    /// <summary>Wrong attempts a code takes; after them only sending a new code helps.</summary>
    public const int MaxAttempts = 5;

    /// <summary>Telnyx VerificationCodeSendParams.verification_method; sms when not given.</summary>
    public static readonly IReadOnlyList<string> Methods = ["sms", "call"];

    /// <summary>A fresh code of <see cref="CodeLength"/> digits from the system's CSPRNG, and its salt.</summary>
    public static (string Code, string Salt) NewCode()
    {
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        return (code, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
    }

    public static string Hash(string code, string salt) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(salt + ":" + code)));

    /// <summary>Judges <paramref name="code"/> against the stored one at <paramref name="now"/>; a wrong code counts as an attempt.</summary>
    public static VerificationOutcome Check(StoredVerificationCode stored, string code, DateTimeOffset now)
    {
        if (stored.Verified) return VerificationOutcome.AlreadyVerified;
        if (stored.Attempts >= MaxAttempts) return VerificationOutcome.AttemptsExceeded;
        if (now >= stored.ExpiresAt) return VerificationOutcome.Expired;
        var expected = Convert.FromHexString(stored.CodeHash);
        var given = Convert.FromHexString(Hash(code, stored.CodeSalt));
        return CryptographicOperations.FixedTimeEquals(expected, given) ? VerificationOutcome.Verified : VerificationOutcome.Wrong;
    }

    /// <summary>The refusal for an outcome that is not a success, at <paramref name="pointer"/>; null for a success.</summary>
    public static DomainError? Refusal(VerificationOutcome outcome, string phoneNumber, int attemptsAfter, string pointer) => outcome switch
    {
        VerificationOutcome.Wrong => new DomainError(ErrorCodes.VerificationCodeWrong,
            $"The verification code for {phoneNumber} is wrong; {Math.Max(0, MaxAttempts - attemptsAfter)} attempt(s) left.", pointer),
        VerificationOutcome.Expired => new DomainError(ErrorCodes.VerificationCodeExpired,
            $"The verification code for {phoneNumber} has expired (codes live {Lifetime.TotalMinutes:0} minutes); send a new one.", pointer),
        VerificationOutcome.AttemptsExceeded => new DomainError(ErrorCodes.VerificationCodeAttemptsExceeded,
            $"The verification code for {phoneNumber} took {MaxAttempts} wrong attempts; send a new one.", pointer),
        _ => null,
    };

    /// <summary>A code as sent: six ASCII digits.</summary>
    public static bool IsWellFormed(string? code) => code is { Length: CodeLength } && code.All(char.IsAsciiDigit);
}

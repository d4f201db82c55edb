using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Domain.Idempotency;

/// <summary>
/// The value of an Idempotency-Key header: 1 to 255 printable ASCII characters (issue 8, "the way Stripe defines it":
/// Stripe accepts keys of up to 255 characters and suggests V4 UUIDs). Anything else is refused, never truncated, so two
/// different keys can never be taken for one.
/// </summary>
public readonly record struct IdempotencyKey
{
    public const string Header = "Idempotency-Key";
    public const int MaxLength = 255;

    public string Value { get; }

    private IdempotencyKey(string value) => Value = value;

    public static Result<IdempotencyKey> Parse(string? raw)
    {
        if (string.IsNullOrEmpty(raw))
            return Invalid("The Idempotency-Key header is empty; send 1 to 255 printable ASCII characters, such as a UUID.");
        if (raw.Length > MaxLength)
            return Invalid($"The Idempotency-Key header is longer than {MaxLength} characters.");
        foreach (var c in raw)
            if (c is < '!' or > '~')
                return Invalid("The Idempotency-Key header may hold only printable ASCII characters without spaces.");
        return new IdempotencyKey(raw);
    }

    private static DomainError Invalid(string detail) =>
        new(ErrorCodes.IdempotencyKeyInvalid, detail, null, ErrorKind.Unprocessable) { Parameter = Header };

    public override string ToString() => Value;
}

/// <summary>How a stored idempotent request answers a new request with the same key (issue 8; Stripe's idempotent requests).</summary>
public static class IdempotencyRules
{
    /// <summary>Stripe keeps keys for at least 24 hours; so do we, and the first response is replayed that long.</summary>
    public static readonly TimeSpan MinimumRetention = TimeSpan.FromHours(24);

    /// <summary>Stripe: the same key with a different request is refused (422).</summary>
    public static DomainError Reused() =>
        new DomainError(ErrorCodes.IdempotencyKeyReused,
            "This Idempotency-Key was already used with a different request (method, path or body); use a new key for a new request.",
            null, ErrorKind.Unprocessable)
        { Parameter = IdempotencyKey.Header };

    /// <summary>Stripe: a request with the same key while the first is still running is refused (409).</summary>
    public static DomainError InFlight() =>
        new DomainError(ErrorCodes.IdempotencyRequestInFlight,
            "A request with this Idempotency-Key is still being processed; retry after it has finished.", null, ErrorKind.InFlight)
        { Parameter = IdempotencyKey.Header };

    /// <summary>A stored record is replayed while it is younger than the retention; an older one is forgotten.</summary>
    public static bool IsExpired(DateTimeOffset createdAt, DateTimeOffset now, TimeSpan retention) =>
        now - createdAt >= (retention < MinimumRetention ? MinimumRetention : retention);
}

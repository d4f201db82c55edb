namespace NumberBlocks.Data.Requests;

// Persistence rows of issue 4 (stock and number requests). Rules live in NumberBlocks.Domain/Requests.

/// <summary>
/// A range of numbers in the operator's stock, with the attributes requests match on. Each row is exactly one ledger
/// claim held by (stock, <see cref="Id"/>) with the same ends; assigning numbers splits it.
/// </summary>
public sealed class StockRange
{
    public Guid Id { get; set; }
    public long RangeStart { get; set; }
    public long RangeEnd { get; set; }
    public required string CountryCode { get; set; }
    public required string NumberType { get; set; }
    public string? AreaCode { get; set; }
    public string? City { get; set; }
    /// <summary>City folded for matching (trimmed, upper-case invariant).</summary>
    public string? CityKey { get; set; }
    public string? Region { get; set; }
    public string? RegionKey { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A range as it was loaded (append-only); the audit's "loaded".</summary>
public sealed class StockLoad
{
    public long Id { get; set; }
    public long RangeStart { get; set; }
    public long RangeEnd { get; set; }
    public DateTimeOffset LoadedAt { get; set; }
}

/// <summary>Operator data: what a request may ask for one country and number type.</summary>
public sealed class RequestRestriction
{
    public required string CountryCode { get; set; }
    public required string NumberType { get; set; }
    public int MinQuantity { get; set; }
    public int MaxQuantity { get; set; }
    public bool RangesSupported { get; set; }
    /// <summary>JSON array of allowed range sizes, e.g. [10,100,1000].</summary>
    public required string RangeSizesJson { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class NumberRequest
{
    public Guid Id { get; set; }
    public Guid AccountId { get; set; }
    public required string Status { get; set; }
    public string? StatusReason { get; set; }
    public required string CountryCode { get; set; }
    public required string NumberType { get; set; }
    public int Quantity { get; set; }
    public int? RangeSize { get; set; }
    public int AssignedCount { get; set; }
    public string? AreaCode { get; set; }
    public string? City { get; set; }
    public string? Region { get; set; }
    public string? Comment { get; set; }
    public string? CallbackUrl { get; set; }
    public string? Email { get; set; }
    public Guid? CompanyProfileId { get; set; }
    /// <summary>The surface that made the request (<see cref="NumberRequestOrigins"/>): its changes are reported its way.</summary>
    public string Origin { get; set; } = NumberRequestOrigins.Cm;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>Who made a number request: CM.com's number request API, or a Telnyx order by criteria (inexplicit or advanced).</summary>
public static class NumberRequestOrigins
{
    public const string Cm = "cm";
    public const string Telnyx = "telnyx";
}

/// <summary>A range assigned to a request: part of a ledger claim held by the account.</summary>
public sealed class NumberRequestRange
{
    public Guid Id { get; set; }
    public Guid NumberRequestId { get; set; }
    public Guid AccountId { get; set; }
    public long RangeStart { get; set; }
    public long RangeEnd { get; set; }
    public DateTimeOffset ValidFrom { get; set; }
    public DateTimeOffset? ValidTo { get; set; }
}

/// <summary>Where an account's notifications are e-mailed when a request names no address.</summary>
public sealed class AccountNotificationSetting
{
    public Guid AccountId { get; set; }
    public string? Email { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

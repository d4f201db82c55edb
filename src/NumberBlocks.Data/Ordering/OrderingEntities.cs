namespace NumberBlocks.Data.Ordering;

// Persistence rows of buying the Telnyx way (migration 0013). Rules live in NumberBlocks.Domain/Ordering.

/// <summary>A range taken out of stock by the one allocation operation, with the stock attributes it had.</summary>
public sealed class StockAllocation
{
    public Guid Id { get; set; }
    public long RangeStart { get; set; }
    public long RangeEnd { get; set; }
    /// <summary>What took it: number_request, number_order, number_reservation.</summary>
    public required string TakenBy { get; set; }
    public Guid TakenById { get; set; }
    public Guid? AccountId { get; set; }
    public required string CountryCode { get; set; }
    public required string NumberType { get; set; }
    public string? AreaCode { get; set; }
    public string? City { get; set; }
    public string? CityKey { get; set; }
    public string? Region { get; set; }
    public string? RegionKey { get; set; }
    public DateTimeOffset AllocatedAt { get; set; }
}

/// <summary>A Telnyx number order (<see cref="Number"/>) or number block order (<see cref="Block"/>).</summary>
public sealed class NumberOrder
{
    public const string Number = "number";
    public const string Block = "block";

    public Guid Id { get; set; }
    public Guid AccountId { get; set; }
    public required string Kind { get; set; }
    public required string Status { get; set; }
    public string? CustomerReference { get; set; }
    public string? ConnectionId { get; set; }
    public string? MessagingProfileId { get; set; }
    public string? BillingGroupId { get; set; }
    /// <summary>Block orders: the first number and the size of the block.</summary>
    public long? RangeStart { get; set; }
    public int? RangeSize { get; set; }
    /// <summary>Orders placed by the fulfilment engine for an order by criteria (inexplicit or advanced).</summary>
    public Guid? NumberRequestId { get; set; }
    public string? Errors { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One number of a number order or block order.</summary>
public sealed class OrderedPhoneNumber
{
    public Guid Id { get; set; }
    public Guid OrderId { get; set; }
    public Guid AccountId { get; set; }
    public long PhoneNumber { get; set; }
    public required string CountryCode { get; set; }
    public required string PhoneNumberType { get; set; }
    public string? BundleId { get; set; }
    public string? RequirementGroupId { get; set; }
    public string? RequirementValue { get; set; }
    public bool RequirementsMet { get; set; }
    public required string Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class NumberReservation
{
    public Guid Id { get; set; }
    public Guid AccountId { get; set; }
    public string? CustomerReference { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One number of a reservation; <see cref="State"/> is a stored <see cref="Domain.Ordering.ReservedNumberState"/>.</summary>
public sealed class ReservedPhoneNumber
{
    public Guid Id { get; set; }
    public Guid ReservationId { get; set; }
    public Guid AccountId { get; set; }
    public long PhoneNumber { get; set; }
    public required string State { get; set; }
    public string? Errors { get; set; }
    public DateTimeOffset ExpiredAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class InexplicitNumberOrder
{
    public Guid Id { get; set; }
    public Guid AccountId { get; set; }
    public string? CustomerReference { get; set; }
    public string? ConnectionId { get; set; }
    public string? MessagingProfileId { get; set; }
    public string? BillingGroupId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One ordering group of an inexplicit order; served by <see cref="NumberRequestId"/> unless refused at once.</summary>
public sealed class InexplicitOrderingGroup
{
    public Guid Id { get; set; }
    public Guid OrderId { get; set; }
    public int Position { get; set; }
    public Guid? NumberRequestId { get; set; }
    public required string CountryIso { get; set; }
    public required string PhoneNumberType { get; set; }
    public int CountRequested { get; set; }
    public string? AdministrativeArea { get; set; }
    public string? Locality { get; set; }
    public string? NationalDestinationCode { get; set; }
    public required string Strategy { get; set; }
    public bool? Quickship { get; set; }
    public bool? ExcludeHeldNumbers { get; set; }
    public string? ErrorReason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class AdvancedOrder
{
    public Guid Id { get; set; }
    public Guid AccountId { get; set; }
    public Guid NumberRequestId { get; set; }
    public string? AreaCode { get; set; }
    public string? Comments { get; set; }
    public required string CountryCode { get; set; }
    public string? CustomerReference { get; set; }
    public required string FeaturesJson { get; set; }
    public required string PhoneNumberType { get; set; }
    public int Quantity { get; set; }
    public Guid? RequirementGroupId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace NumberBlocks.Api.Telnyx.Ordering;

// The wire records of buying numbers and blocks, in Telnyx's names (spec3.yml: the ordering extract in
// shared/reference/telnyx). Optional fields are left out when they have no value: the spec types them as plain strings,
// never null.

/// <summary>Telnyx's one-resource answer: <c>{"data": …}</c>.</summary>
public sealed record OrderingData<T>(T Data);

/// <summary>Telnyx's list answer with PaginationMeta.</summary>
public sealed record OrderingList<T>(IReadOnlyList<T> Data, PaginationMeta Meta);

/// <summary>A list without paging meta (ListAdvancedOrderResponse).</summary>
public sealed record OrderingDataList<T>(IReadOnlyList<T> Data);

/// <summary>spec3.yml PaginationMeta.</summary>
public sealed record PaginationMeta(int PageNumber, int PageSize, int TotalPages, long TotalResults);

/// <summary>spec3.yml pending / success / failure.</summary>
public enum WireOrderStatus
{
    [JsonStringEnumMemberName("pending")] Pending,
    [JsonStringEnumMemberName("success")] Success,
    [JsonStringEnumMemberName("failure")] Failure,
}

// ---- available blocks ----

/// <summary>spec3.yml AvailablePhoneNumberBlock (cost_information is left out: NumberBlocks keeps no prices).</summary>
public sealed record AvailablePhoneNumberBlockRecord(
    string PhoneNumber,
    int Range,
    string RecordType,
    IReadOnlyList<FeatureRecord> Features,
    IReadOnlyList<RegionInformationRecord> RegionInformation);

public sealed record FeatureRecord(string Name);

public sealed record RegionInformationRecord(string RegionName, string RegionType);

/// <summary>spec3.yml AvailablePhoneNumbersMetadata.</summary>
public sealed record AvailablePhoneNumbersMeta(long TotalResults, long BestEffortResults);

public sealed record AvailableBlocksResponse(IReadOnlyList<AvailablePhoneNumberBlockRecord> Data, AvailablePhoneNumbersMeta Meta);

// ---- number block orders ----

/// <summary>spec3.yml CreateNumberBlockOrderRequest (the fields a client writes).</summary>
public sealed record CreateNumberBlockOrderRequest(
    [property: Required] string? StartingNumber,
    [property: Required] long? Range,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ConnectionId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CustomerReference = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? MessagingProfileId = null);

/// <summary>spec3.yml NumberBlockOrder.</summary>
public sealed record NumberBlockOrderRecord(
    Guid Id,
    string RecordType,
    string StartingNumber,
    int Range,
    int PhoneNumbersCount,
    WireOrderStatus Status,
    bool RequirementsMet,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ConnectionId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CustomerReference,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? MessagingProfileId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

// ---- number orders ----

/// <summary>spec3.yml CreateNumberOrderRequest.</summary>
public sealed record CreateNumberOrderRequest(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? BillingGroupId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ConnectionId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CustomerReference = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? MessagingProfileId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<OrderPhoneNumberInput?>? PhoneNumbers = null);

public sealed record OrderPhoneNumberInput(
    [property: Required] string? PhoneNumber,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? BundleId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RequirementGroupId = null);

/// <summary>spec3.yml UpdateNumberOrderRequest.</summary>
public sealed record UpdateNumberOrderRequest(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CustomerReference = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<RegulatoryRequirementInput?>? RegulatoryRequirements = null);

/// <summary>spec3.yml UpdateRegulatoryRequirement.</summary>
public sealed record RegulatoryRequirementInput(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RequirementId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? FieldValue = null);

/// <summary>spec3.yml NumberOrderWithPhoneNumbers.</summary>
public sealed record NumberOrderRecord(
    Guid Id,
    string RecordType,
    IReadOnlyList<OrderedPhoneNumberRecord> PhoneNumbers,
    int PhoneNumbersCount,
    WireOrderStatus Status,
    bool RequirementsMet,
    IReadOnlyList<string> SubNumberOrdersIds,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? BillingGroupId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ConnectionId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CustomerReference,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? MessagingProfileId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>spec3.yml NumberOrder (a list item): the numbers as id and phone_number only.</summary>
public sealed record NumberOrderListRecord(
    Guid Id,
    string RecordType,
    IReadOnlyList<OrderedPhoneNumberRef> PhoneNumbers,
    int PhoneNumbersCount,
    WireOrderStatus Status,
    bool RequirementsMet,
    IReadOnlyList<string> SubNumberOrdersIds,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? BillingGroupId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ConnectionId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CustomerReference,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? MessagingProfileId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>spec3.yml PhoneNumbersJobPhoneNumber.</summary>
public sealed record OrderedPhoneNumberRef(Guid Id, string PhoneNumber);

/// <summary>spec3.yml PhoneNumber (of a number order).</summary>
public sealed record OrderedPhoneNumberRecord(
    Guid Id,
    string RecordType,
    string PhoneNumber,
    WireOrderStatus Status,
    bool RequirementsMet,
    string RequirementsStatus,
    IReadOnlyList<RegulatoryRequirementRecord> RegulatoryRequirements,
    string CountryCode,
    string CountryIsoAlpha2,
    string PhoneNumberType,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? BundleId);

/// <summary>spec3.yml SubNumberOrderRegulatoryRequirementWithValue.</summary>
public sealed record RegulatoryRequirementRecord(
    string RecordType,
    Guid RequirementId,
    string FieldType,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? FieldValue);

// ---- number reservations ----

/// <summary>spec3.yml CreateNumberReservationRequest (the fields a client writes).</summary>
public sealed record CreateNumberReservationRequest(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CustomerReference = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ReservationPhoneNumberInput?>? PhoneNumbers = null);

public sealed record ReservationPhoneNumberInput([property: Required] string? PhoneNumber);

/// <summary>spec3.yml NumberReservation.</summary>
public sealed record NumberReservationRecord(
    Guid Id,
    string RecordType,
    WireOrderStatus Status,
    IReadOnlyList<ReservedPhoneNumberRecord> PhoneNumbers,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CustomerReference,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Errors,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>spec3.yml ReservedPhoneNumber.</summary>
public sealed record ReservedPhoneNumberRecord(
    Guid Id,
    string RecordType,
    string PhoneNumber,
    WireOrderStatus Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Errors,
    DateTimeOffset ExpiredAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

// ---- inexplicit number orders ----

/// <summary>spec3.yml InexplicitNumberOrderRequest.</summary>
public sealed record InexplicitNumberOrderRequest(
    [property: Required] IReadOnlyList<OrderingGroupInput?>? OrderingGroups,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? BillingGroupId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ConnectionId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CustomerReference = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? MessagingProfileId = null);

/// <summary>One ordering group as sent; count_requested is a string in Telnyx's spec.</summary>
public sealed record OrderingGroupInput(
    [property: Required] string? CountryIso,
    [property: Required] string? CountRequested,
    [property: Required] string? PhoneNumberType,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? AdministrativeArea = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? ExcludeHeldNumbers = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Features = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Locality = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? NationalDestinationCode = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] PhoneNumberCriteria? PhoneNumber = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Quickship = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Strategy = null);

public sealed record PhoneNumberCriteria(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Contains = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? EndsWith = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? StartsWith = null);

/// <summary>spec3.yml InexplicitNumberOrderResponse.</summary>
public sealed record InexplicitNumberOrderRecord(
    string Id,
    IReadOnlyList<OrderingGroupRecord> OrderingGroups,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? BillingGroupId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ConnectionId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CustomerReference,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? MessagingProfileId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>spec3.yml InexplicitNumberOrderResponse.ordering_groups[].</summary>
public sealed record OrderingGroupRecord(
    string CountryIso,
    string PhoneNumberType,
    int CountRequested,
    int CountAllocated,
    string Status,
    string Strategy,
    IReadOnlyList<GroupOrderRecord> Orders,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? AdministrativeArea,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Locality,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? NationalDestinationCode,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? ExcludeHeldNumbers,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Quickship,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ErrorReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

public sealed record GroupOrderRecord(Guid NumberOrderId, IReadOnlyList<Guid> SubNumberOrderIds);

// ---- advanced orders ----

/// <summary>spec3.yml AdvancedOrderRequest: every field optional, with the spec's defaults (US, local, quantity 1).</summary>
public sealed record AdvancedOrderRequest(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? AreaCode = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Comments = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CountryCode = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CustomerReference = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Features = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PhoneNumberType = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Quantity = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RequirementGroupId = null);

/// <summary>spec3.yml AdvancedOrder: phone_number_type and status are arrays there.</summary>
public sealed record AdvancedOrderRecord(
    Guid Id,
    string AreaCode,
    string Comments,
    string CountryCode,
    string CustomerReference,
    IReadOnlyList<string> Features,
    IReadOnlyList<Guid> Orders,
    IReadOnlyList<string> PhoneNumberType,
    int Quantity,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? RequirementGroupId,
    IReadOnlyList<string> Status);

// ---- the account's bought blocks (NumberBlocks' view; Telnyx publishes only the block deletion jobs) ----

/// <summary>A block the account bought with a number block order.</summary>
public sealed record PhoneNumberBlockRecord(
    Guid Id,
    string RecordType,
    string StartingNumber,
    string EndingNumber,
    int Range,
    Guid NumberBlockOrderId,
    DateTimeOffset CreatedAt);

// ---- webhooks ----

/// <summary>Telnyx's webhook envelope (spec3.yml NumberOrderedEvent: data.event_type, id, occurred_at, payload, record_type).</summary>
public sealed record OrderingEvent(OrderingEventData Data);

public sealed record OrderingEventData(string EventType, Guid Id, DateTimeOffset OccurredAt, object Payload, string RecordType);

using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NumberBlocks.Api.Telnyx;

// Telnyx's wire records (telnyx-porting-core.yml schemas, and the Node SDK's declarations where the extract stops).
// Names are snake_case by namespace (WireJson). A field the spec marks optional and not nullable is left out when it
// has no value (WhenWritingNull); a field the spec types as "string | null" is written as null.

/// <summary>{"data": …}.</summary>
public sealed record TelnyxData<T>(T Data);

/// <summary>{"data": […], "meta": {page_number, page_size, total_pages, total_results}} (Telnyx PaginationMeta).</summary>
public sealed record TelnyxList<T>(IReadOnlyList<T> Data, TelnyxPageMeta Meta);

/// <summary>Telnyx PaginationMeta.</summary>
public sealed record TelnyxPageMeta(int PageNumber, int PageSize, int TotalPages, long TotalResults);

/// <summary>An order with the link to its numbers (Telnyx: "Link to list all phone numbers").</summary>
public sealed record TelnyxOrderAnswer(PortingOrderRecord Data, PortingOrderMeta Meta);

public sealed record PortingOrderMeta(string PhoneNumbersUrl);

/// <summary>Telnyx PortingOrder.</summary>
public sealed record PortingOrderRecord(
    Guid Id,
    string RecordType,
    PortingOrderActivationSettingsRecord ActivationSettings,
    IReadOnlyList<TelnyxAdditionalStep> AdditionalSteps,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? CustomerReference,
    string? CustomerGroupReference,
    string Description,
    PortingOrderDocumentsRecord Documents,
    PortingOrderEndUserRecord EndUser,
    PortingOrderMessagingRecord Messaging,
    PortingOrderMiscRecord? Misc,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? OldServiceProviderOcn,
    string? ParentSupportKey,
    PortingOrderPhoneNumberConfigurationRecord PhoneNumberConfiguration,
    TelnyxPhoneNumberType PhoneNumberType,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<PortingPhoneNumberRecord>? PhoneNumbers,
    int PortingPhoneNumbersCount,
    IReadOnlyList<PortingOrderRequirementRecord> Requirements,
    bool RequirementsMet,
    PortingOrderStatusRecord Status,
    string? SupportKey,
    PortingOrderUserFeedbackRecord UserFeedback,
    Guid UserId,
    string? WebhookUrl);

/// <summary>Telnyx PortingOrderActivationSettings.</summary>
public sealed record PortingOrderActivationSettingsRecord(
    TelnyxActivationStatus? ActivationStatus,
    bool FastPortEligible,
    DateTimeOffset? FocDatetimeActual,
    DateTimeOffset? FocDatetimeRequested);

/// <summary>Telnyx PortingOrderDocuments.</summary>
public sealed record PortingOrderDocumentsRecord(Guid? Invoice, Guid? Loa);

/// <summary>Telnyx PortingOrderEndUser: both parts are always there, their fields null until given.</summary>
public sealed record PortingOrderEndUserRecord(EndUserAdminRecord Admin, EndUserLocationRecord Location);

/// <summary>Telnyx PortingOrderEndUserAdmin.</summary>
public sealed record EndUserAdminRecord(string? AccountNumber, string? AuthPersonName, string? BillingPhoneNumber, string? BusinessIdentifier,
    string? EntityName, string? PinPasscode, string? TaxIdentifier);

/// <summary>Telnyx PortingOrderEndUserLocation.</summary>
public sealed record EndUserLocationRecord(string? AdministrativeArea, string? CountryCode, string? ExtendedAddress, string? Locality,
    string? PostalCode, string? StreetAddress);

/// <summary>Telnyx PortingOrderMessaging.</summary>
public sealed record PortingOrderMessagingRecord(bool EnableMessaging, bool MessagingCapable, bool MessagingPortCompleted,
    TelnyxMessagingPortStatus MessagingPortStatus);

/// <summary>Telnyx PortingOrderMisc; "type" is a PortingOrderType and not nullable, so it is left out until given.</summary>
public sealed record PortingOrderMiscRecord(
    string? NewBillingPhoneNumber,
    TelnyxRemainingNumbersAction? RemainingNumbersAction,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TelnyxPortingOrderType? Type);

/// <summary>Telnyx PortingOrderPhoneNumberConfiguration.</summary>
public sealed record PortingOrderPhoneNumberConfigurationRecord(string? BillingGroupId, string? ConnectionId, string? EmergencyAddressId,
    string? MessagingProfileId, IReadOnlyList<string> Tags);

/// <summary>Telnyx PortingOrderRequirement (NumberBlocks records none; the list is always empty).</summary>
public sealed record PortingOrderRequirementRecord(string FieldType, string FieldValue, string RecordType, string RequirementTypeId);

/// <summary>Telnyx PortingOrderStatus.</summary>
public sealed record PortingOrderStatusRecord(TelnyxPortingOrderStatus Value, IReadOnlyList<PortingOrderExceptionRecord> Details);

/// <summary>Telnyx PortingOrdersExceptionType.</summary>
public sealed record PortingOrderExceptionRecord(
    TelnyxExceptionCode Code,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Description);

/// <summary>Telnyx PortingOrderUserFeedback.</summary>
public sealed record PortingOrderUserFeedbackRecord(string? UserComment, int? UserRating);

/// <summary>
/// Telnyx PortingPhoneNumber, with the guide's id, activate and block_reference_id (seed 001). A draft's number has
/// no activation_status and its order no support_key yet: both are left out (the spec types them as plain strings).
/// </summary>
public sealed record PortingPhoneNumberRecord(
    Guid Id,
    string RecordType,
    string PhoneNumber,
    bool Activate,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TelnyxActivationStatus? ActivationStatus,
    Guid? BlockReferenceId,
    TelnyxPhoneNumberType PhoneNumberType,
    TelnyxPortabilityStatus PortabilityStatus,
    Guid PortingOrderId,
    TelnyxPortingOrderStatus PortingOrderStatus,
    TelnyxRequirementsStatus RequirementsStatus,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SupportKey);

/// <summary>Two E.164 numbers, both inclusive.</summary>
public sealed record NumberRangeRecord(
    [property: Required] string StartAt,
    [property: Required] string EndAt);

/// <summary>Two extension digits, both inclusive (seed 002).</summary>
public sealed record ExtensionRangeRecord(
    [property: Required] int StartAt,
    [property: Required] int EndAt);

/// <summary>Telnyx PortingPhoneNumberBlock, with the guide's porting_order_id (seed 001).</summary>
public sealed record PortingPhoneNumberBlockRecord(
    Guid Id,
    string RecordType,
    Guid PortingOrderId,
    string CountryCode,
    TelnyxPhoneNumberType PhoneNumberType,
    NumberRangeRecord PhoneNumberRange,
    IReadOnlyList<NumberRangeRecord> ActivationRanges,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>Telnyx PortingPhoneNumberExtension, with the order it belongs to.</summary>
public sealed record PortingPhoneNumberExtensionRecord(
    Guid Id,
    string RecordType,
    Guid PortingOrderId,
    Guid PortingPhoneNumberId,
    ExtensionRangeRecord ExtensionRange,
    IReadOnlyList<ExtensionRangeRecord> ActivationRanges,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>Telnyx PortingOrdersActivationJob; failure_reason is NumberBlocks' addition, given when the job failed.</summary>
public sealed record PortingActivationJobRecord(
    Guid Id,
    string RecordType,
    TelnyxActivationJobStatus Status,
    TelnyxActivationType ActivationType,
    DateTimeOffset ActivateAt,
    IReadOnlyList<ActivationWindowRecord> ActivationWindows,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? FailureReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

public sealed record ActivationWindowRecord(DateTimeOffset StartAt, DateTimeOffset EndAt);

/// <summary>Telnyx PortingOrderSharingToken.</summary>
public sealed record PortingOrderSharingTokenRecord(
    Guid Id,
    string RecordType,
    Guid PortingOrderId,
    string Token,
    IReadOnlyList<TelnyxSharingPermission> Permissions,
    int ExpiresInSeconds,
    DateTimeOffset ExpiresAt,
    DateTimeOffset CreatedAt);

/// <summary>Telnyx porting_event. The payload is the event type's own object, as delivered in the webhook.</summary>
public sealed record PortingEventRecord(
    Guid Id,
    string RecordType,
    string EventType,
    Guid PortingOrderId,
    IReadOnlyList<string> AvailableNotificationMethods,
    string PayloadStatus,
    JsonElement Payload,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>
/// One of the account's numbers (GET /v2/phone_numbers): Telnyx's phone number fields where they apply, plus what
/// porting knows (activation_status, porting_order_id, block_reference_id, each extension range's active parts).
/// </summary>
public sealed record PhoneNumberRecord(
    Guid Id,
    string RecordType,
    string PhoneNumber,
    string Status,
    TelnyxActivationStatus ActivationStatus,
    TelnyxPhoneNumberType PhoneNumberType,
    string CountryIsoAlpha2,
    string SourceType,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? PortingOrderId,
    Guid? BlockReferenceId,
    string? CustomerReference,
    IReadOnlyList<PhoneNumberExtensionRecord> Extensions,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? NumberOrderId = null,
    // The user bundle its porting phone number configuration gave it when its order ported.
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? UserBundleId = null);

/// <summary>An extension range of one of the account's numbers, split into its active and inactive parts (seed 002).</summary>
public sealed record PhoneNumberExtensionRecord(
    Guid Id,
    ExtensionRangeRecord ExtensionRange,
    IReadOnlyList<ExtensionRangeRecord> ActiveRanges,
    IReadOnlyList<ExtensionRangeRecord> InactiveRanges,
    int ActiveCount,
    int InactiveCount);

using NumberBlocks.Domain.Porting;

namespace NumberBlocks.Data.Entities;

// Persistence rows. Rules live in NumberBlocks.Domain; these classes only carry what is stored.

public sealed class Account
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Where porting events go when the order names no webhook_url of its own.</summary>
    public string? WebhookUrl { get; set; }
    /// <summary>The secret that signs this account's callbacks (Standard Webhooks "whsec_…").</summary>
    public required string WebhookSecret { get; set; }
}

public sealed class ApiKey
{
    public Guid Id { get; set; }
    public Guid AccountId { get; set; }
    /// <summary>The public part of the key, used to find the row; the secret part is stored only as a hash.</summary>
    public required string Prefix { get; set; }
    public required byte[] SecretHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}

public sealed class OperatorSetting
{
    public required string Key { get; set; }
    public required string Value { get; set; }
}

public sealed class PortingOrder
{
    public Guid Id { get; set; }
    public Guid AccountId { get; set; }
    public PortingOrderStatus Status { get; set; }
    /// <summary>JSON array of {code, description} (Telnyx PortingOrdersExceptionType).</summary>
    public string StatusDetailsJson { get; set; } = "[]";
    public required string CountryCode { get; set; }
    public required string PhoneNumberType { get; set; }
    public string? CustomerReference { get; set; }
    public string? CustomerGroupReference { get; set; }
    public string? WebhookUrl { get; set; }
    public DateTimeOffset? FocDatetimeRequested { get; set; }
    public DateTimeOffset? FocDatetimeActual { get; set; }
    public string? SupportKey { get; set; }
    /// <summary>The losing carrier (Telnyx old_service_provider_ocn), once the carrier side knows it.</summary>
    public string? OldServiceProviderOcn { get; set; }
    // Telnyx end_user.admin, end_user.location, documents, misc, phone_number_configuration and user_feedback: one
    // column per field, so a PATCH replaces exactly the fields it names and the list filters read indexed columns.
    public string? AdminAccountNumber { get; set; }
    public string? AdminAuthPersonName { get; set; }
    public string? AdminBillingPhoneNumber { get; set; }
    public string? AdminBusinessIdentifier { get; set; }
    public string? AdminEntityName { get; set; }
    public string? AdminPinPasscode { get; set; }
    public string? AdminTaxIdentifier { get; set; }
    public string? LocationAdministrativeArea { get; set; }
    public string? LocationCountryCode { get; set; }
    public string? LocationExtendedAddress { get; set; }
    public string? LocationLocality { get; set; }
    public string? LocationPostalCode { get; set; }
    public string? LocationStreetAddress { get; set; }
    public Guid? DocumentsInvoice { get; set; }
    public Guid? DocumentsLoa { get; set; }
    public PortingOrderType? MiscType { get; set; }
    public string? MiscNewBillingPhoneNumber { get; set; }
    public RemainingNumbersAction? MiscRemainingNumbersAction { get; set; }
    public string? ConfigBillingGroupId { get; set; }
    public string? ConfigConnectionId { get; set; }
    public string? ConfigEmergencyAddressId { get; set; }
    public string? ConfigMessagingProfileId { get; set; }
    /// <summary>JSON array of strings (the tags replace each other as a whole).</summary>
    public string ConfigTagsJson { get; set; } = "[]";
    public string? FeedbackUserComment { get; set; }
    public int? FeedbackUserRating { get; set; }
    public bool EnableMessaging { get; set; }
    public int PhoneNumberCount { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class PortingPhoneNumber
{
    public Guid Id { get; set; }
    public Guid PortingOrderId { get; set; }
    public Guid AccountId { get; set; }
    /// <summary>The integer of the E.164 digits.</summary>
    public long PhoneNumber { get; set; }
    public Guid? BlockId { get; set; }
    public bool Activate { get; set; }
    public required string PhoneNumberType { get; set; }
    public required string CountryCode { get; set; }
    /// <summary>None while the order is a draft.</summary>
    public ActivationStatus? ActivationStatus { get; set; }
    public PortabilityStatus PortabilityStatus { get; set; }
    public RequirementsStatus RequirementsStatus { get; set; }
    /// <summary>When the number itself last changed (activated after porting); null until then.</summary>
    public DateTimeOffset? UpdatedAt { get; set; }
    /// <summary>The user bundle the number got when its order ported (its phone number configuration); null when none.</summary>
    public Guid? UserBundleId { get; set; }
    public PortingOrder? Order { get; set; }
}

public sealed class PortingBlock
{
    public Guid Id { get; set; }
    public Guid PortingOrderId { get; set; }
    public Guid AccountId { get; set; }
    public long RangeStart { get; set; }
    public long RangeEnd { get; set; }
    public required string CountryCode { get; set; }
    public required string PhoneNumberType { get; set; }
    /// <summary>JSON array of [start, end] integer pairs, sorted.</summary>
    public required string ActivationRangesJson { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class PortingExtension
{
    public Guid Id { get; set; }
    public Guid PortingOrderId { get; set; }
    public Guid AccountId { get; set; }
    public Guid PortingPhoneNumberId { get; set; }
    public int ExtensionStart { get; set; }
    public int ExtensionEnd { get; set; }
    /// <summary>JSON array of [start, end] integer pairs, sorted.</summary>
    public required string ActivationRangesJson { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One live claim of a range of numbers by one holder. Live claims never overlap (the ledger's invariant).</summary>
public sealed class LedgerClaim
{
    public long Id { get; set; }
    public long RangeStart { get; set; }
    public long RangeEnd { get; set; }
    public required string HolderKind { get; set; }
    public Guid HolderId { get; set; }
    public Guid? AccountId { get; set; }
    public DateTimeOffset ClaimedAt { get; set; }
}

/// <summary>A porting event (Telnyx porting_event): what happened to an order, kept for GET /v2/porting/events and republishing.</summary>
public sealed class PortingEvent
{
    public Guid Id { get; set; }
    public Guid AccountId { get; set; }
    public Guid PortingOrderId { get; set; }
    public required string EventType { get; set; }
    /// <summary>The webhook payload as JSON (Telnyx's payload object of the event type).</summary>
    public required string PayloadJson { get; set; }
    /// <summary>Telnyx payload_status: "created", then "completed" once the payload is final (NumberBlocks writes it final).</summary>
    public required string PayloadStatus { get; set; }
    /// <summary>Where the event was sent when it happened: the order's webhook_url, else the account's; null when neither.</summary>
    public string? WebhookUrl { get; set; }
    public int PublishCount { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A Telnyx porting activation job: actions/activate creates it, a worker runs it at ActivateAt.</summary>
public sealed class PortingActivationJob
{
    public Guid Id { get; set; }
    public Guid PortingOrderId { get; set; }
    public Guid AccountId { get; set; }
    public ActivationJobStatus Status { get; set; }
    public ActivationType ActivationType { get; set; }
    public DateTimeOffset ActivateAt { get; set; }
    public DateTimeOffset WindowStart { get; set; }
    public DateTimeOffset WindowEnd { get; set; }
    public string? FailureReason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// A sharing token of a porting order (Telnyx actions/share): who may read the order without the account's key, until
/// when. The token itself is a signed JWT naming this row; only the row's facts are stored.
/// </summary>
public sealed class PortingOrderSharingToken
{
    public Guid Id { get; set; }
    public Guid PortingOrderId { get; set; }
    public Guid AccountId { get; set; }
    /// <summary>The stored names of the permissions, comma-separated.</summary>
    public required string Permissions { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Telnyx PortingVerificationCode: one per number of an order; only the code's salted SHA-256 is kept (migration 0017).</summary>
public sealed class PortingVerificationCode
{
    public Guid Id { get; set; }
    public Guid PortingOrderId { get; set; }
    public Guid AccountId { get; set; }
    /// <summary>The integer of the E.164 digits.</summary>
    public long PhoneNumber { get; set; }
    /// <summary>sms or call (Telnyx VerificationCodeSendParams.verification_method).</summary>
    public required string VerificationMethod { get; set; }
    public required string CodeHash { get; set; }
    public required string CodeSalt { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public bool Verified { get; set; }
    public DateTimeOffset? VerifiedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>Telnyx PortingAssociatedPhoneNumber: numbers of the losing account that stay behind, kept or disconnected.</summary>
public sealed class PortingAssociatedNumber
{
    public Guid Id { get; set; }
    public Guid PortingOrderId { get; set; }
    public Guid AccountId { get; set; }
    public RemainingNumbersAction Action { get; set; }
    public long RangeStart { get; set; }
    public long RangeEnd { get; set; }
    public required string CountryCode { get; set; }
    public required string PhoneNumberType { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>Telnyx PortingPhoneNumberConfiguration: the user bundle a porting phone number gets when its order ports.</summary>
public sealed class PortingNumberConfiguration
{
    public Guid Id { get; set; }
    public Guid AccountId { get; set; }
    public Guid PortingOrderId { get; set; }
    public Guid PortingPhoneNumberId { get; set; }
    public Guid UserBundleId { get; set; }
    /// <summary>When the order ported and the configuration was copied onto the number.</summary>
    public DateTimeOffset? AppliedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>Telnyx PortingReport: an export of the account's porting orders as CSV, made by the report worker.</summary>
public sealed class PortingReport
{
    public Guid Id { get; set; }
    public Guid AccountId { get; set; }
    /// <summary>export_porting_orders_csv, the one type Telnyx has.</summary>
    public required string ReportType { get; set; }
    /// <summary>pending until the worker has written the CSV, then completed.</summary>
    public required string Status { get; set; }
    /// <summary>The report's params as sent (Telnyx ExportPortingOrdersCsvReport), for the record's params.</summary>
    public required string ParamsJson { get; set; }
    public Guid? DocumentId { get; set; }
    public string? CsvContent { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

using System.ComponentModel.DataAnnotations;

namespace NumberBlocks.Api.Telnyx;

// Telnyx request bodies. Members the client may leave out are nullable; the domain then applies the rules (required,
// formats, ranges) with the JSON pointer of each field. A member declared non-nullable refuses an explicit null with
// its pointer (the spec does not allow null there); when it is absent it reads as null/default, so PATCH bodies are
// read together with the fields actually sent (JsonPatchBody).

/// <summary>
/// Telnyx CreatePortingOrder, with the guide's phone_number_blocks (seed 001): an order needs phone_numbers, blocks,
/// or both. Telnyx splits the numbers into one order per country and number type, so the answer is a list.
/// </summary>
public sealed record CreatePortingOrderRequest(
    IReadOnlyList<string>? PhoneNumbers,
    IReadOnlyList<CreatePortingPhoneNumberBlockRequest>? PhoneNumberBlocks,
    string? CustomerReference,
    string? CustomerGroupReference);

/// <summary>Telnyx CreatePortingPhoneNumberBlock (seeds 000 and 001).</summary>
public sealed record CreatePortingPhoneNumberBlockRequest(
    [property: Required] NumberRangeInput? PhoneNumberRange,
    [property: Required] IReadOnlyList<NumberRangeInput?>? ActivationRanges);

/// <summary>A range of E.164 numbers as sent: start_at and end_at, both inclusive.</summary>
public sealed record NumberRangeInput(
    [property: Required] string? StartAt,
    [property: Required] string? EndAt);

/// <summary>Telnyx CreatePortingPhoneNumberExtension (seed 002).</summary>
public sealed record CreatePortingPhoneNumberExtensionRequest(
    [property: Required] Guid? PortingPhoneNumberId,
    [property: Required] ExtensionRangeInput? ExtensionRange,
    [property: Required] IReadOnlyList<ExtensionRangeInput?>? ActivationRanges);

/// <summary>A range of extension digits as sent (0..999, both inclusive).</summary>
public sealed record ExtensionRangeInput(
    [property: Required] long? StartAt,
    [property: Required] long? EndAt);

/// <summary>
/// Telnyx UpdatePortingOrder. Every member may be left out (it keeps its value); null is accepted exactly where the
/// spec's UpdatePortingOrder schema allows it (misc, the documents, end_user and configuration ids, user_feedback).
/// </summary>
public sealed record UpdatePortingOrderRequest(
    UpdateActivationSettingsInput ActivationSettings,
    string CustomerGroupReference,
    string CustomerReference,
    PortingOrderDocumentsInput Documents,
    PortingOrderEndUserInput EndUser,
    UpdateMessagingInput Messaging,
    PortingOrderMiscInput? Misc,
    PortingOrderPhoneNumberConfigurationInput PhoneNumberConfiguration,
    Guid? RequirementGroupId,
    IReadOnlyList<UpdatePortingOrderRequirementInput> Requirements,
    PortingOrderUserFeedbackInput UserFeedback,
    string WebhookUrl);

public sealed record UpdateActivationSettingsInput(DateTimeOffset FocDatetimeRequested);

public sealed record PortingOrderDocumentsInput(Guid? Invoice, Guid? Loa);

public sealed record PortingOrderEndUserInput(EndUserAdminInput Admin, EndUserLocationInput Location);

public sealed record EndUserAdminInput(string? AccountNumber, string? AuthPersonName, string? BillingPhoneNumber, string? BusinessIdentifier,
    string? EntityName, string? PinPasscode, string? TaxIdentifier);

public sealed record EndUserLocationInput(string? AdministrativeArea, string? CountryCode, string? ExtendedAddress, string? Locality,
    string? PostalCode, string? StreetAddress);

public sealed record UpdateMessagingInput(bool EnableMessaging);

public sealed record PortingOrderMiscInput(string? NewBillingPhoneNumber, TelnyxRemainingNumbersAction? RemainingNumbersAction, TelnyxPortingOrderType Type);

public sealed record PortingOrderPhoneNumberConfigurationInput(string? BillingGroupId, string? ConnectionId, string? EmergencyAddressId,
    string? MessagingProfileId, IReadOnlyList<string> Tags);

/// <summary>Telnyx UpdatePortingOrderRequirement.</summary>
public sealed record UpdatePortingOrderRequirementInput(
    [property: Required] string FieldValue,
    [property: Required] string RequirementTypeId);

public sealed record PortingOrderUserFeedbackInput(string? UserComment, int? UserRating);

/// <summary>Telnyx SharePortingOrder: how long the token lives and what it may do (defaults: an hour, document read).</summary>
public sealed record SharePortingOrderRequest(int? ExpiresInSeconds, TelnyxSharingPermission? Permissions);

/// <summary>Telnyx UpdatePortingOrdersActivationJob: "The desired activation time".</summary>
public sealed record UpdateActivationJobRequest([property: Required] DateTimeOffset? ActivateAt);

/// <summary>Activating a ported number, or with extension_range those of its extensions (seed 002).</summary>
public sealed record ActivatePhoneNumberRequest(ExtensionRangeInput? ExtensionRange);

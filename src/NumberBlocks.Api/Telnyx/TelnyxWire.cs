using NumberBlocks.Api.Http;
using System.Reflection;
using System.Text.Json.Serialization;
using NumberBlocks.Domain.Numbering;
using NumberBlocks.Domain.Porting;

namespace NumberBlocks.Api.Telnyx;

// The one table of how Telnyx spells the porting states (telnyx-porting-core.yml enums): each wire enum names its
// strings with JsonStringEnumMemberName, so the OpenAPI document lists them and the global string-enum converter
// writes them. Members carry the names of the domain enum they stand for; TelnyxWire maps the two by name, and a test
// checks that every domain member has its wire member.

/// <summary>Telnyx PortingOrderStatus.value.</summary>
public enum TelnyxPortingOrderStatus
{
    [JsonStringEnumMemberName("draft")] Draft,
    [JsonStringEnumMemberName("in-process")] InProcess,
    [JsonStringEnumMemberName("submitted")] Submitted,
    [JsonStringEnumMemberName("exception")] Exception,
    [JsonStringEnumMemberName("foc-date-confirmed")] FocDateConfirmed,
    [JsonStringEnumMemberName("ported")] Ported,
    [JsonStringEnumMemberName("cancel-pending")] CancelPending,
    [JsonStringEnumMemberName("cancelled")] Cancelled,
}

/// <summary>Telnyx PortingOrderActivationStatus.</summary>
public enum TelnyxActivationStatus
{
    [JsonStringEnumMemberName("New")] New,
    [JsonStringEnumMemberName("Pending")] Pending,
    [JsonStringEnumMemberName("Conflict")] Conflict,
    [JsonStringEnumMemberName("Cancel Pending")] CancelPending,
    [JsonStringEnumMemberName("Failed")] Failed,
    [JsonStringEnumMemberName("Concurred")] Concurred,
    [JsonStringEnumMemberName("Activate RDY")] ActivateReady,
    [JsonStringEnumMemberName("Disconnect Pending")] DisconnectPending,
    [JsonStringEnumMemberName("Concurrence Sent")] ConcurrenceSent,
    [JsonStringEnumMemberName("Old")] Old,
    [JsonStringEnumMemberName("Sending")] Sending,
    [JsonStringEnumMemberName("Active")] Active,
    [JsonStringEnumMemberName("Cancelled")] Cancelled,
}

/// <summary>Telnyx PortabilityStatus.</summary>
public enum TelnyxPortabilityStatus
{
    [JsonStringEnumMemberName("pending")] Pending,
    [JsonStringEnumMemberName("confirmed")] Confirmed,
    [JsonStringEnumMemberName("provisional")] Provisional,
}

/// <summary>Telnyx PortingPhoneNumber.requirements_status.</summary>
public enum TelnyxRequirementsStatus
{
    [JsonStringEnumMemberName("requirement-info-pending")] InfoPending,
    [JsonStringEnumMemberName("requirement-info-under-review")] InfoUnderReview,
    [JsonStringEnumMemberName("requirement-info-exception")] InfoException,
    [JsonStringEnumMemberName("approved")] Approved,
}

/// <summary>Telnyx PortingOrdersActivationJob.status.</summary>
public enum TelnyxActivationJobStatus
{
    [JsonStringEnumMemberName("created")] Created,
    [JsonStringEnumMemberName("in-process")] InProcess,
    [JsonStringEnumMemberName("completed")] Completed,
    [JsonStringEnumMemberName("failed")] Failed,
}

/// <summary>Telnyx PortingOrdersActivationJob.activation_type.</summary>
public enum TelnyxActivationType
{
    [JsonStringEnumMemberName("on-demand")] OnDemand,
    [JsonStringEnumMemberName("scheduled")] Scheduled,
}

/// <summary>Telnyx PortingOrderType (misc.type).</summary>
public enum TelnyxPortingOrderType
{
    [JsonStringEnumMemberName("full")] Full,
    [JsonStringEnumMemberName("partial")] Partial,
}

/// <summary>Telnyx misc.remaining_numbers_action.</summary>
public enum TelnyxRemainingNumbersAction
{
    [JsonStringEnumMemberName("keep")] Keep,
    [JsonStringEnumMemberName("disconnect")] Disconnect,
}

/// <summary>Telnyx PortingOrderSharingToken.permissions.</summary>
public enum TelnyxSharingPermission
{
    [JsonStringEnumMemberName("porting_order.document.read")] DocumentRead,
    [JsonStringEnumMemberName("porting_order.document.update")] DocumentUpdate,
}

/// <summary>Telnyx phone_number_type.</summary>
public enum TelnyxPhoneNumberType
{
    [JsonStringEnumMemberName("local")] Local,
    [JsonStringEnumMemberName("mobile")] Mobile,
    [JsonStringEnumMemberName("national")] National,
    [JsonStringEnumMemberName("shared_cost")] SharedCost,
    [JsonStringEnumMemberName("toll_free")] TollFree,
    [JsonStringEnumMemberName("landline")] Landline,
}

/// <summary>Telnyx PortingOrderMessaging.messaging_port_status.</summary>
public enum TelnyxMessagingPortStatus
{
    [JsonStringEnumMemberName("not_applicable")] NotApplicable,
    [JsonStringEnumMemberName("pending")] Pending,
    [JsonStringEnumMemberName("activating")] Activating,
    [JsonStringEnumMemberName("exception")] Exception,
    [JsonStringEnumMemberName("canceled")] Canceled,
    [JsonStringEnumMemberName("partial_port_complete")] PartialPortComplete,
    [JsonStringEnumMemberName("ported")] Ported,
}

/// <summary>Telnyx PortingOrder.additional_steps items.</summary>
public enum TelnyxAdditionalStep
{
    [JsonStringEnumMemberName("associated_phone_numbers")] AssociatedPhoneNumbers,
    [JsonStringEnumMemberName("phone_number_verification_codes")] PhoneNumberVerificationCodes,
}

/// <summary>Telnyx PortingOrdersExceptionType.code.</summary>
public enum TelnyxExceptionCode
{
    [JsonStringEnumMemberName("ACCOUNT_NUMBER_MISMATCH")] AccountNumberMismatch,
    [JsonStringEnumMemberName("AUTH_PERSON_MISMATCH")] AuthPersonMismatch,
    [JsonStringEnumMemberName("BTN_ATN_MISMATCH")] BtnAtnMismatch,
    [JsonStringEnumMemberName("ENTITY_NAME_MISMATCH")] EntityNameMismatch,
    [JsonStringEnumMemberName("FOC_EXPIRED")] FocExpired,
    [JsonStringEnumMemberName("FOC_REJECTED")] FocRejected,
    [JsonStringEnumMemberName("LOCATION_MISMATCH")] LocationMismatch,
    [JsonStringEnumMemberName("LSR_PENDING")] LsrPending,
    [JsonStringEnumMemberName("MAIN_BTN_PORTING")] MainBtnPorting,
    [JsonStringEnumMemberName("OSP_IRRESPONSIVE")] OspIrresponsive,
    [JsonStringEnumMemberName("OTHER")] Other,
    [JsonStringEnumMemberName("PASSCODE_PIN_INVALID")] PasscodePinInvalid,
    [JsonStringEnumMemberName("PHONE_NUMBER_HAS_SPECIAL_FEATURE")] PhoneNumberHasSpecialFeature,
    [JsonStringEnumMemberName("PHONE_NUMBER_MISMATCH")] PhoneNumberMismatch,
    [JsonStringEnumMemberName("PHONE_NUMBER_NOT_PORTABLE")] PhoneNumberNotPortable,
    [JsonStringEnumMemberName("PORT_TYPE_INCORRECT")] PortTypeIncorrect,
    [JsonStringEnumMemberName("PORTING_ORDER_SPLIT_REQUIRED")] PortingOrderSplitRequired,
    [JsonStringEnumMemberName("POSTAL_CODE_MISMATCH")] PostalCodeMismatch,
    [JsonStringEnumMemberName("RATE_CENTER_NOT_PORTABLE")] RateCenterNotPortable,
    [JsonStringEnumMemberName("SV_CONFLICT")] SvConflict,
    [JsonStringEnumMemberName("SV_UNKNOWN_FAILURE")] SvUnknownFailure,
}

/// <summary>Domain states to their Telnyx wire members and back; the Telnyx strings of each wire enum.</summary>
public static class TelnyxWire
{
    public static TelnyxPortingOrderStatus ToTelnyx(this PortingOrderStatus s) => WireEnums.To<PortingOrderStatus, TelnyxPortingOrderStatus>(s);
    public static TelnyxActivationStatus ToTelnyx(this ActivationStatus s) => WireEnums.To<ActivationStatus, TelnyxActivationStatus>(s);
    public static TelnyxActivationStatus? ToTelnyx(this ActivationStatus? s) => s is { } v ? v.ToTelnyx() : null;
    public static TelnyxPortabilityStatus ToTelnyx(this PortabilityStatus s) => WireEnums.To<PortabilityStatus, TelnyxPortabilityStatus>(s);
    public static TelnyxRequirementsStatus ToTelnyx(this RequirementsStatus s) => WireEnums.To<RequirementsStatus, TelnyxRequirementsStatus>(s);
    public static TelnyxActivationJobStatus ToTelnyx(this ActivationJobStatus s) => WireEnums.To<ActivationJobStatus, TelnyxActivationJobStatus>(s);
    public static TelnyxActivationType ToTelnyx(this ActivationType s) => WireEnums.To<ActivationType, TelnyxActivationType>(s);
    public static TelnyxPortingOrderType? ToTelnyx(this PortingOrderType? s) => s is { } v ? WireEnums.To<PortingOrderType, TelnyxPortingOrderType>(v) : null;
    public static TelnyxRemainingNumbersAction? ToTelnyx(this RemainingNumbersAction? s) =>
        s is { } v ? WireEnums.To<RemainingNumbersAction, TelnyxRemainingNumbersAction>(v) : null;
    public static TelnyxSharingPermission ToTelnyx(this SharingPermission s) => WireEnums.To<SharingPermission, TelnyxSharingPermission>(s);

    public static PortingOrderType ToDomain(this TelnyxPortingOrderType s) => WireEnums.From<PortingOrderType, TelnyxPortingOrderType>(s);
    public static RemainingNumbersAction ToDomain(this TelnyxRemainingNumbersAction s) => WireEnums.From<RemainingNumbersAction, TelnyxRemainingNumbersAction>(s);
    public static SharingPermission ToDomain(this TelnyxSharingPermission s) => WireEnums.From<SharingPermission, TelnyxSharingPermission>(s);

    /// <summary>
    /// A stored phone number type ("local", "premium_rate", …) as Telnyx's enum. The domain's one type table
    /// (PhoneNumberTypes) says which Telnyx name each type goes by: premium-rate, VoIP, personal and UAN are "national".
    /// </summary>
    public static TelnyxPhoneNumberType PhoneNumberType(string stored) =>
        TryParse<TelnyxPhoneNumberType>(PhoneNumberTypes.TelnyxNameOf(stored), out var wire)
            ? wire
            : throw new InvalidOperationException($"The Telnyx name of stored phone number type '{stored}' is not in Telnyx's enum.");

    /// <summary>The stored type names a filter on Telnyx's types selects (one Telnyx name covers several stored ones).</summary>
    public static IReadOnlyList<string>? StoredPhoneNumberTypes(IReadOnlyList<string>? telnyxNames) =>
        telnyxNames?.SelectMany(PhoneNumberTypes.WireNamesForTelnyx).Distinct().ToList();

    /// <summary>The Telnyx strings of <typeparamref name="TWire"/>, in declaration order.</summary>
    public static IReadOnlyList<string> Names<TWire>() where TWire : struct, Enum => Strings<TWire>.All;

    /// <summary>The Telnyx string of one wire member.</summary>
    public static string Name<TWire>(TWire value) where TWire : struct, Enum => Strings<TWire>.ByValue[value];

    /// <summary>The wire member spelled <paramref name="text"/> (exactly, as Telnyx spells it).</summary>
    public static bool TryParse<TWire>(string text, out TWire value) where TWire : struct, Enum => Strings<TWire>.ByName.TryGetValue(text, out value);

    /// <summary>The domain member that <paramref name="text"/> spells on the Telnyx wire.</summary>
    public static bool TryParseDomain<TDomain, TWire>(string text, out TDomain value) where TDomain : struct, Enum where TWire : struct, Enum
    {
        value = default;
        if (!TryParse<TWire>(text, out var wire)) return false;
        value = WireEnums.From<TDomain, TWire>(wire);
        return true;
    }

    /// <summary>Every domain member has the wire member of the same name (checked by a test, and on first use).</summary>
    public static void Check<TDomain, TWire>() where TDomain : struct, Enum where TWire : struct, Enum => _ = WireEnums.To<TDomain, TWire>(default);

    private static class Strings<TWire> where TWire : struct, Enum
    {
        public static readonly Dictionary<TWire, string> ByValue = Enum.GetValues<TWire>().ToDictionary(v => v,
            v => typeof(TWire).GetField(v.ToString())!.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? v.ToString());
        public static readonly Dictionary<string, TWire> ByName = ByValue.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
        public static readonly IReadOnlyList<string> All = ByValue.Values.ToArray();
    }
}

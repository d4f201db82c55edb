namespace NumberBlocks.Domain.Porting;

/// <summary>
/// Telnyx's porting exception types (PortingOrdersExceptionType: GET /v2/porting_orders/exception_types): why a
/// losing carrier rejects an order, each with what the customer should fix. The carrier side (operator API) may put an
/// order into exception only with these codes.
/// </summary>
public static class PortingExceptionTypes
{
    public static readonly IReadOnlyList<(string Code, string Description)> All =
    [
        ("ACCOUNT_NUMBER_MISMATCH", "The account number does not match the losing carrier's records."),
        ("AUTH_PERSON_MISMATCH", "The authorized person is not the one on the losing carrier's account."),
        ("BTN_ATN_MISMATCH", "The billing telephone number does not match the account."),
        ("ENTITY_NAME_MISMATCH", "The end user's name does not match the losing carrier's records."),
        ("FOC_EXPIRED", "The FOC date passed before the port was activated; request a new one."),
        ("FOC_REJECTED", "The losing carrier rejected the requested FOC date."),
        ("LOCATION_MISMATCH", "The service address does not match the losing carrier's records."),
        ("LSR_PENDING", "The local service request is still pending at the losing carrier."),
        ("MAIN_BTN_PORTING", "The main billing number is being ported without the other numbers of the account."),
        ("OSP_IRRESPONSIVE", "The losing carrier did not answer the port request."),
        ("OTHER", "Another reason, given in the description."),
        ("PASSCODE_PIN_INVALID", "The account PIN or passcode is wrong."),
        ("PHONE_NUMBER_HAS_SPECIAL_FEATURE", "A number has a feature (e.g. DSL, hunt group) that must be removed first."),
        ("PHONE_NUMBER_MISMATCH", "A number is not on the losing carrier's account."),
        ("PHONE_NUMBER_NOT_PORTABLE", "A number cannot be ported."),
        ("PORT_TYPE_INCORRECT", "The order is full but numbers remain on the account, or partial but none do."),
        ("PORTING_ORDER_SPLIT_REQUIRED", "The numbers must be ported in more than one order."),
        ("POSTAL_CODE_MISMATCH", "The postal code does not match the losing carrier's records."),
        ("RATE_CENTER_NOT_PORTABLE", "The rate center of a number is not served."),
        ("SV_CONFLICT", "The subscription version is in conflict at the number portability administrator."),
        ("SV_UNKNOWN_FAILURE", "The subscription version failed for an unknown reason."),
    ];

    public static readonly IReadOnlyList<string> Codes = All.Select(t => t.Code).ToArray();
}

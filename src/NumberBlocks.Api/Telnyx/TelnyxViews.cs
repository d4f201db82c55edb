using System.Text.Json;
using System.Text.Json.Nodes;
using NumberBlocks.Data.Entities;
using NumberBlocks.Data.Porting;
using NumberBlocks.Domain.Numbering;
using NumberBlocks.Domain.Porting;

namespace NumberBlocks.Api.Telnyx;

/// <summary>Telnyx's resource shapes (telnyx-porting-core.yml schemas), written from stored rows.</summary>
public static class TelnyxViews
{
    public static object Order(PortingOrder o, IReadOnlyList<PortingPhoneNumber>? numbers) => new
    {
        id = o.Id,
        record_type = "porting_order",
        activation_settings = new
        {
            activation_status = PortingOrderStatuses.TryParseWire(o.Status, out var status) ? PortingCompletion.ActivationStatusFor(status, activate: true) : null,
            fast_port_eligible = PortingCompletion.IsFastPortEligible(o.CountryCode),
            foc_datetime_actual = TelnyxJson.Instant(o.FocDatetimeActual),
            foc_datetime_requested = TelnyxJson.Instant(o.FocDatetimeRequested),
        },
        additional_steps = Array.Empty<string>(),
        created_at = TelnyxJson.Instant(o.CreatedAt),
        updated_at = TelnyxJson.Instant(o.UpdatedAt),
        customer_reference = o.CustomerReference,
        customer_group_reference = o.CustomerGroupReference,
        description = $"{o.CountryCode} {PhoneNumberTypes.TelnyxNameOf(o.PhoneNumberType)} port",
        documents = Parse(o.DocumentsJson) ?? new JsonObject { ["invoice"] = null, ["loa"] = null },
        end_user = Parse(o.EndUserJson) ?? EmptyEndUser(),
        messaging = new
        {
            enable_messaging = o.EnableMessaging,
            messaging_capable = false,
            messaging_port_completed = false,
            messaging_port_status = "not_applicable",
        },
        misc = Parse(o.MiscJson),
        old_service_provider_ocn = (string?)null,
        parent_support_key = o.SupportKey is null ? null : "pr_" + o.SupportKey[3..],
        phone_number_configuration = Parse(o.PhoneNumberConfigurationJson) ?? new JsonObject
        {
            ["billing_group_id"] = null, ["connection_id"] = null, ["emergency_address_id"] = null,
            ["messaging_profile_id"] = null, ["tags"] = new JsonArray(),
        },
        phone_number_type = PhoneNumberTypes.TelnyxNameOf(o.PhoneNumberType),
        phone_numbers = numbers?.Select(n => PhoneNumber(n, o)).ToArray(),
        porting_phone_numbers_count = o.PhoneNumberCount,
        requirements = Array.Empty<object>(),
        requirements_met = false,
        status = new { value = o.Status, details = Parse(o.StatusDetailsJson) ?? new JsonArray() },
        support_key = o.SupportKey,
        user_feedback = Parse(o.UserFeedbackJson) ?? new JsonObject { ["user_comment"] = null, ["user_rating"] = null },
        user_id = o.AccountId,
        webhook_url = o.WebhookUrl,
    };

    public static object PhoneNumber(PortingPhoneNumber n, PortingOrder order) => new
    {
        id = n.Id,
        record_type = "porting_phone_number",
        phone_number = E164Number.FromValue(n.PhoneNumber).ToString(),
        activate = n.Activate,
        activation_status = n.ActivationStatus,
        block_reference_id = n.BlockId,
        messaging_port_status = (string?)null,
        phone_number_type = PhoneNumberTypes.TelnyxNameOf(n.PhoneNumberType),
        portability_status = n.PortabilityStatus,
        porting_order_id = n.PortingOrderId,
        porting_order_status = order.Status,
        requirements_status = n.RequirementsStatus,
        support_key = order.SupportKey,
    };

    public static object Block(PortingBlock b) => new
    {
        id = b.Id,
        record_type = "porting_phone_number_block",
        porting_order_id = b.PortingOrderId,
        country_code = b.CountryCode,
        phone_number_type = PhoneNumberTypes.TelnyxNameOf(b.PhoneNumberType),
        phone_number_range = new
        {
            start_at = E164Number.FromValue(b.RangeStart).ToString(),
            end_at = E164Number.FromValue(b.RangeEnd).ToString(),
        },
        activation_ranges = ActivationRangesJson.ReadNumbers(b.ActivationRangesJson)
            .Select(r => new { start_at = r.Start.ToString(), end_at = r.End.ToString() }).ToArray(),
        created_at = TelnyxJson.Instant(b.CreatedAt),
        updated_at = TelnyxJson.Instant(b.UpdatedAt),
    };

    public static object Extension(PortingExtension e) => new
    {
        id = e.Id,
        record_type = "porting_phone_number_extension",
        porting_order_id = e.PortingOrderId,
        porting_phone_number_id = e.PortingPhoneNumberId,
        extension_range = new { start_at = e.ExtensionStart, end_at = e.ExtensionEnd },
        activation_ranges = ActivationRangesJson.ReadExtensions(e.ActivationRangesJson)
            .Select(r => new { start_at = r.Start, end_at = r.End }).ToArray(),
        created_at = TelnyxJson.Instant(e.CreatedAt),
        updated_at = TelnyxJson.Instant(e.UpdatedAt),
    };

    public static object OrderMeta(Guid orderId) => new { phone_numbers_url = $"/v2/porting_phone_numbers?filter[porting_order_id]={orderId}" };

    private static JsonNode? Parse(string? json) => json is null ? null : JsonNode.Parse(json);

    private static JsonObject EmptyEndUser() => new()
    {
        ["admin"] = new JsonObject
        {
            ["account_number"] = null, ["auth_person_name"] = null, ["billing_phone_number"] = null, ["business_identifier"] = null,
            ["entity_name"] = null, ["pin_passcode"] = null, ["tax_identifier"] = null,
        },
        ["location"] = new JsonObject
        {
            ["administrative_area"] = null, ["country_code"] = null, ["extended_address"] = null, ["locality"] = null,
            ["postal_code"] = null, ["street_address"] = null,
        },
    };

    /// <summary>Re-serialises a validated sub-object for storage.</summary>
    public static string Store(JsonElement element) => element.GetRawText();
}

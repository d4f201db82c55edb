using System.Text.Json;
using NumberBlocks.Data.Entities;
using NumberBlocks.Data.Porting;
using NumberBlocks.Domain.Numbering;
using NumberBlocks.Domain.Porting;

namespace NumberBlocks.Api.Telnyx;

/// <summary>Telnyx's resource records (telnyx-porting-core.yml schemas), written from stored rows.</summary>
public static class TelnyxViews
{
    public static PortingOrderRecord Order(PortingOrder o, IReadOnlyList<PortingPhoneNumber>? numbers)
    {
        var d = PortingOrderDetailsColumns.Read(o);
        // The order's fields against the one table of requirements (PortingRequirements); action requirements have their own list.
        var requirements = PortingRequirements.Evaluate(o.CountryCode, PhoneNumberTypes.TelnyxNameOf(o.PhoneNumberType), d);
        return new PortingOrderRecord(
            o.Id,
            "porting_order",
            new PortingOrderActivationSettingsRecord(
                PortingCompletion.ActivationStatusFor(o.Status, activate: true).ToTelnyx(),
                PortingCompletion.IsFastPortEligible(o.CountryCode),
                o.FocDatetimeActual,
                o.FocDatetimeRequested),
            [],
            o.CreatedAt,
            o.UpdatedAt,
            o.CustomerReference,
            o.CustomerGroupReference,
            $"{o.CountryCode} {PhoneNumberTypes.TelnyxNameOf(o.PhoneNumberType)} port",
            new PortingOrderDocumentsRecord(d.Documents.Invoice, d.Documents.Loa),
            new PortingOrderEndUserRecord(
                new EndUserAdminRecord(d.Admin.AccountNumber, d.Admin.AuthPersonName, d.Admin.BillingPhoneNumber, d.Admin.BusinessIdentifier,
                    d.Admin.EntityName, d.Admin.PinPasscode, d.Admin.TaxIdentifier),
                new EndUserLocationRecord(d.Location.AdministrativeArea, d.Location.CountryCode, d.Location.ExtendedAddress, d.Location.Locality,
                    d.Location.PostalCode, d.Location.StreetAddress)),
            new PortingOrderMessagingRecord(o.EnableMessaging, MessagingCapable: false, MessagingPortCompleted: false, TelnyxMessagingPortStatus.NotApplicable),
            d.Misc.IsEmpty ? null : new PortingOrderMiscRecord(d.Misc.NewBillingPhoneNumber, d.Misc.RemainingNumbersAction.ToTelnyx(), d.Misc.Type.ToTelnyx()),
            o.OldServiceProviderOcn,
            ParentSupportKey(o.SupportKey),
            new PortingOrderPhoneNumberConfigurationRecord(d.Configuration.BillingGroupId, d.Configuration.ConnectionId,
                d.Configuration.EmergencyAddressId, d.Configuration.MessagingProfileId, d.Configuration.Tags),
            TelnyxWire.PhoneNumberType(o.PhoneNumberType),
            numbers?.Select(n => PhoneNumber(n, o)).ToArray(),
            o.PhoneNumberCount,
            requirements.Where(r => r.Type.IsDocument && r.IsMet)
                .Select(r => new PortingOrderRequirementRecord("document", r.Value!, "porting_requirement", r.Type.Id)).ToArray(),
            RequirementsMet: requirements.All(r => r.IsMet),
            new PortingOrderStatusRecord(o.Status.ToTelnyx(), StatusDetails(o.StatusDetailsJson)),
            o.SupportKey,
            new PortingOrderUserFeedbackRecord(d.Feedback.UserComment, d.Feedback.UserRating),
            o.AccountId,
            o.WebhookUrl);
    }

    /// <summary>Telnyx's group key of an order: "pr_" with the support key's digits (the spec's examples pair sr_10b316 with pr_4bec1a; NumberBlocks has one order per group).</summary>
    public static string? ParentSupportKey(string? supportKey) => supportKey is null ? null : "pr_" + supportKey[3..];

    public static PortingPhoneNumberRecord PhoneNumber(PortingPhoneNumber n, PortingOrder order) => new(
        n.Id,
        "porting_phone_number",
        E164Number.FromValue(n.PhoneNumber).ToString(),
        n.Activate,
        n.ActivationStatus.ToTelnyx(),
        n.BlockId,
        TelnyxWire.PhoneNumberType(n.PhoneNumberType),
        n.PortabilityStatus.ToTelnyx(),
        n.PortingOrderId,
        order.Status.ToTelnyx(),
        n.RequirementsStatus.ToTelnyx(),
        order.SupportKey);

    public static PortingPhoneNumberBlockRecord Block(PortingBlock b) => new(
        b.Id,
        "porting_phone_number_block",
        b.PortingOrderId,
        b.CountryCode,
        TelnyxWire.PhoneNumberType(b.PhoneNumberType),
        new NumberRangeRecord(E164Number.FromValue(b.RangeStart).ToString(), E164Number.FromValue(b.RangeEnd).ToString()),
        ActivationRangesJson.ReadNumbers(b.ActivationRangesJson).Select(r => new NumberRangeRecord(r.Start.ToString(), r.End.ToString())).ToArray(),
        b.CreatedAt,
        b.UpdatedAt);

    public static PortingPhoneNumberExtensionRecord Extension(PortingExtension e) => new(
        e.Id,
        "porting_phone_number_extension",
        e.PortingOrderId,
        e.PortingPhoneNumberId,
        new ExtensionRangeRecord(e.ExtensionStart, e.ExtensionEnd),
        ActivationRangesJson.ReadExtensions(e.ActivationRangesJson).Select(r => new ExtensionRangeRecord(r.Start, r.End)).ToArray(),
        e.CreatedAt,
        e.UpdatedAt);

    public static PortingActivationJobRecord ActivationJob(PortingActivationJob j) => new(
        j.Id,
        "porting_activation_job",
        j.Status.ToTelnyx(),
        j.ActivationType.ToTelnyx(),
        j.ActivateAt,
        [new ActivationWindowRecord(j.WindowStart, j.WindowEnd)],
        j.FailureReason,
        j.CreatedAt,
        j.UpdatedAt);

    public static PortingEventRecord Event(PortingEvent e)
    {
        using var payload = JsonDocument.Parse(e.PayloadJson);
        return new PortingEventRecord(e.Id, "porting_event", e.EventType, e.PortingOrderId,
            e.WebhookUrl is null ? [] : ["webhook"], e.PayloadStatus, payload.RootElement.Clone(), e.CreatedAt, e.UpdatedAt);
    }

    public static PortingOrderSharingTokenRecord SharingToken(CreatedSharingToken created) => new(
        created.Row.Id,
        "porting_order_sharing_token",
        created.Row.PortingOrderId,
        created.Token,
        created.Permissions.Select(p => p.ToTelnyx()).ToArray(),
        (int)(created.Row.ExpiresAt - created.Row.CreatedAt).TotalSeconds,
        created.Row.ExpiresAt,
        created.Row.CreatedAt);

    public static PortingOrderMeta OrderMeta(Guid orderId) => new($"/v2/porting_phone_numbers?filter[porting_order_id]={orderId}");

    /// <summary>The stored status details ({code, description} written by the carrier side, which accepts only Telnyx's codes).</summary>
    private static IReadOnlyList<PortingOrderExceptionRecord> StatusDetails(string json)
    {
        var stored = JsonSerializer.Deserialize<StoredDetail[]>(json) ?? [];
        return stored.Select(d => new PortingOrderExceptionRecord(
            TelnyxWire.TryParse<TelnyxExceptionCode>(d.Code ?? "", out var code) ? code : TelnyxExceptionCode.Other, d.Description)).ToArray();
    }

    private sealed record StoredDetail(
        [property: System.Text.Json.Serialization.JsonPropertyName("code")] string? Code,
        [property: System.Text.Json.Serialization.JsonPropertyName("description")] string? Description);
}

using System.Text.Json;
using NumberBlocks.Data.Entities;
using NumberBlocks.Domain.Porting;

namespace NumberBlocks.Data.Porting;

/// <summary>A porting order's editable details, read from and written to the order's columns.</summary>
public static class PortingOrderDetailsColumns
{
    public static PortingOrderDetails Read(PortingOrder o) => new(
        o.CustomerReference, o.CustomerGroupReference, o.WebhookUrl, o.FocDatetimeRequested, o.EnableMessaging,
        new EndUserAdmin(o.AdminAccountNumber, o.AdminAuthPersonName, o.AdminBillingPhoneNumber, o.AdminBusinessIdentifier,
            o.AdminEntityName, o.AdminPinPasscode, o.AdminTaxIdentifier),
        new EndUserLocation(o.LocationAdministrativeArea, o.LocationCountryCode, o.LocationExtendedAddress, o.LocationLocality,
            o.LocationPostalCode, o.LocationStreetAddress),
        new PortingDocuments(o.DocumentsInvoice, o.DocumentsLoa),
        new PortingOrderMisc(o.MiscType, o.MiscNewBillingPhoneNumber, o.MiscRemainingNumbersAction),
        new PhoneNumberConfiguration(o.ConfigBillingGroupId, o.ConfigConnectionId, o.ConfigEmergencyAddressId, o.ConfigMessagingProfileId,
            Tags(o)),
        new UserFeedback(o.FeedbackUserComment, o.FeedbackUserRating));

    public static IReadOnlyList<string> Tags(PortingOrder o) => JsonSerializer.Deserialize<string[]>(o.ConfigTagsJson) ?? [];

    public static void Write(PortingOrder o, PortingOrderDetails d)
    {
        o.CustomerReference = d.CustomerReference;
        o.CustomerGroupReference = d.CustomerGroupReference;
        o.WebhookUrl = d.WebhookUrl;
        o.FocDatetimeRequested = d.FocDatetimeRequested;
        o.EnableMessaging = d.EnableMessaging;
        (o.AdminAccountNumber, o.AdminAuthPersonName, o.AdminBillingPhoneNumber, o.AdminBusinessIdentifier, o.AdminEntityName,
            o.AdminPinPasscode, o.AdminTaxIdentifier) = (d.Admin.AccountNumber, d.Admin.AuthPersonName, d.Admin.BillingPhoneNumber,
            d.Admin.BusinessIdentifier, d.Admin.EntityName, d.Admin.PinPasscode, d.Admin.TaxIdentifier);
        (o.LocationAdministrativeArea, o.LocationCountryCode, o.LocationExtendedAddress, o.LocationLocality, o.LocationPostalCode,
            o.LocationStreetAddress) = (d.Location.AdministrativeArea, d.Location.CountryCode, d.Location.ExtendedAddress,
            d.Location.Locality, d.Location.PostalCode, d.Location.StreetAddress);
        (o.DocumentsInvoice, o.DocumentsLoa) = (d.Documents.Invoice, d.Documents.Loa);
        (o.MiscType, o.MiscNewBillingPhoneNumber, o.MiscRemainingNumbersAction) = (d.Misc.Type, d.Misc.NewBillingPhoneNumber, d.Misc.RemainingNumbersAction);
        (o.ConfigBillingGroupId, o.ConfigConnectionId, o.ConfigEmergencyAddressId, o.ConfigMessagingProfileId) = (d.Configuration.BillingGroupId,
            d.Configuration.ConnectionId, d.Configuration.EmergencyAddressId, d.Configuration.MessagingProfileId);
        o.ConfigTagsJson = JsonSerializer.Serialize(d.Configuration.Tags);
        (o.FeedbackUserComment, o.FeedbackUserRating) = (d.Feedback.UserComment, d.Feedback.UserRating);
    }
}

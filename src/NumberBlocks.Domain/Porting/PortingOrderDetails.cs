using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Domain.Porting;

/// <summary>Telnyx PortingOrderEndUserAdmin: who the numbers belong to at the losing carrier.</summary>
public sealed record EndUserAdmin(string? AccountNumber, string? AuthPersonName, string? BillingPhoneNumber, string? BusinessIdentifier,
    string? EntityName, string? PinPasscode, string? TaxIdentifier)
{
    public static readonly EndUserAdmin Empty = new(null, null, null, null, null, null, null);
}

/// <summary>Telnyx PortingOrderEndUserLocation: the billing address at the losing carrier.</summary>
public sealed record EndUserLocation(string? AdministrativeArea, string? CountryCode, string? ExtendedAddress, string? Locality,
    string? PostalCode, string? StreetAddress)
{
    public static readonly EndUserLocation Empty = new(null, null, null, null, null, null);
}

/// <summary>Telnyx PortingOrderMisc; an order without any of its fields has no misc at all (Telnyx answers "misc": null).</summary>
public sealed record PortingOrderMisc(PortingOrderType? Type, string? NewBillingPhoneNumber, RemainingNumbersAction? RemainingNumbersAction)
{
    public static readonly PortingOrderMisc Empty = new(null, null, null);
    public bool IsEmpty => Type is null && NewBillingPhoneNumber is null && RemainingNumbersAction is null;
}

/// <summary>Telnyx PortingOrderDocuments: ids of documents uploaded through the Documents API.</summary>
public sealed record PortingDocuments(Guid? Invoice, Guid? Loa)
{
    public static readonly PortingDocuments Empty = new(null, null);
}

/// <summary>Telnyx PortingOrderPhoneNumberConfiguration: what the numbers are set up with once ported.</summary>
public sealed record PhoneNumberConfiguration(string? BillingGroupId, string? ConnectionId, string? EmergencyAddressId, string? MessagingProfileId,
    IReadOnlyList<string> Tags)
{
    public static readonly PhoneNumberConfiguration Empty = new(null, null, null, null, []);
}

/// <summary>Telnyx PortingOrderUserFeedback.</summary>
public sealed record UserFeedback(string? UserComment, int? UserRating)
{
    public static readonly UserFeedback Empty = new(null, null);
}

/// <summary>Everything about a porting order its customer may edit (Telnyx UpdatePortingOrder), as stored.</summary>
public sealed record PortingOrderDetails(
    string? CustomerReference,
    string? CustomerGroupReference,
    string? WebhookUrl,
    DateTimeOffset? FocDatetimeRequested,
    bool EnableMessaging,
    EndUserAdmin Admin,
    EndUserLocation Location,
    PortingDocuments Documents,
    PortingOrderMisc Misc,
    PhoneNumberConfiguration Configuration,
    UserFeedback Feedback)
{
    /// <summary>Applies <paramref name="patch"/>: every field it sets replaces that field, every other field is kept.</summary>
    public PortingOrderDetails Apply(PortingOrderPatch patch)
    {
        var misc = patch.ClearMisc ? PortingOrderMisc.Empty : Misc;
        return new PortingOrderDetails(
            patch.CustomerReference.Or(CustomerReference),
            patch.CustomerGroupReference.Or(CustomerGroupReference),
            patch.WebhookUrl.Or(WebhookUrl),
            patch.FocDatetimeRequested.Or(FocDatetimeRequested),
            patch.EnableMessaging.Or(EnableMessaging),
            new EndUserAdmin(
                patch.AccountNumber.Or(Admin.AccountNumber), patch.AuthPersonName.Or(Admin.AuthPersonName),
                patch.BillingPhoneNumber.Or(Admin.BillingPhoneNumber), patch.BusinessIdentifier.Or(Admin.BusinessIdentifier),
                patch.EntityName.Or(Admin.EntityName), patch.PinPasscode.Or(Admin.PinPasscode), patch.TaxIdentifier.Or(Admin.TaxIdentifier)),
            new EndUserLocation(
                patch.AdministrativeArea.Or(Location.AdministrativeArea), patch.LocationCountryCode.Or(Location.CountryCode),
                patch.ExtendedAddress.Or(Location.ExtendedAddress), patch.Locality.Or(Location.Locality),
                patch.PostalCode.Or(Location.PostalCode), patch.StreetAddress.Or(Location.StreetAddress)),
            new PortingDocuments(patch.Invoice.Or(Documents.Invoice), patch.Loa.Or(Documents.Loa)),
            new PortingOrderMisc(patch.MiscType.Or(misc.Type), patch.NewBillingPhoneNumber.Or(misc.NewBillingPhoneNumber),
                patch.RemainingNumbersAction.Or(misc.RemainingNumbersAction)),
            new PhoneNumberConfiguration(
                patch.BillingGroupId.Or(Configuration.BillingGroupId), patch.ConnectionId.Or(Configuration.ConnectionId),
                patch.EmergencyAddressId.Or(Configuration.EmergencyAddressId), patch.MessagingProfileId.Or(Configuration.MessagingProfileId),
                patch.Tags.Or(Configuration.Tags)),
            new UserFeedback(patch.UserComment.Or(Feedback.UserComment), patch.UserRating.Or(Feedback.UserRating)));
    }

    /// <summary>
    /// The rules of a whole order's details, checked after a patch is applied. Telnyx misc: "'new_billing_telephone_number'
    /// is required when 'remaining_numbers_action' is 'keep'".
    /// </summary>
    public IReadOnlyList<DomainError> Check()
    {
        var errors = new List<DomainError>();
        if (Misc.RemainingNumbersAction == RemainingNumbersAction.Keep && Misc.NewBillingPhoneNumber is null)
            errors.Add(new DomainError(ErrorCodes.Required,
                "misc.new_billing_phone_number is required when misc.remaining_numbers_action is keep: the numbers that stay need a billing number.",
                "/misc/new_billing_phone_number"));
        return errors;
    }
}

/// <summary>
/// A PATCH of a porting order, field by field (Telnyx: "the system will interpret the missing attributes as if they were
/// included with their current values. To explicitly set something to null, it must be included in the request with
/// a null value"). Each member is set only when the request named it.
/// </summary>
public sealed record PortingOrderPatch
{
    public Optional<string?> CustomerReference { get; init; }
    public Optional<string?> CustomerGroupReference { get; init; }
    public Optional<string?> WebhookUrl { get; init; }
    public Optional<DateTimeOffset?> FocDatetimeRequested { get; init; }
    public Optional<bool> EnableMessaging { get; init; }

    public Optional<string?> AccountNumber { get; init; }
    public Optional<string?> AuthPersonName { get; init; }
    public Optional<string?> BillingPhoneNumber { get; init; }
    public Optional<string?> BusinessIdentifier { get; init; }
    public Optional<string?> EntityName { get; init; }
    public Optional<string?> PinPasscode { get; init; }
    public Optional<string?> TaxIdentifier { get; init; }

    public Optional<string?> AdministrativeArea { get; init; }
    public Optional<string?> LocationCountryCode { get; init; }
    public Optional<string?> ExtendedAddress { get; init; }
    public Optional<string?> Locality { get; init; }
    public Optional<string?> PostalCode { get; init; }
    public Optional<string?> StreetAddress { get; init; }

    public Optional<Guid?> Invoice { get; init; }
    public Optional<Guid?> Loa { get; init; }

    /// <summary>"misc": null: every misc field is cleared (the fields below then stay unset).</summary>
    public bool ClearMisc { get; init; }
    public Optional<PortingOrderType?> MiscType { get; init; }
    public Optional<string?> NewBillingPhoneNumber { get; init; }
    public Optional<RemainingNumbersAction?> RemainingNumbersAction { get; init; }

    public Optional<string?> BillingGroupId { get; init; }
    public Optional<string?> ConnectionId { get; init; }
    public Optional<string?> EmergencyAddressId { get; init; }
    public Optional<string?> MessagingProfileId { get; init; }
    public Optional<IReadOnlyList<string>> Tags { get; init; }

    public Optional<string?> UserComment { get; init; }
    public Optional<int?> UserRating { get; init; }

    /// <summary>Most tags a configuration holds; a longer list is refused rather than stored.</summary>
    public const int MaxTags = 100;

    /// <summary>
    /// The refusals of the values themselves, each at its field's pointer: free text bounded and storable, tags
    /// bounded in number, a rating between 1 and 5 (Telnyx: "the user may rate their experience", its examples rate 5).
    /// </summary>
    public IReadOnlyList<DomainError> Check()
    {
        var errors = new List<DomainError>();
        void Text(Optional<string?> value, string pointer)
        {
            if (value.IsSet && FreeText.Check(value.Value, pointer) is { } e) errors.Add(e);
        }
        Text(CustomerReference, "/customer_reference");
        Text(CustomerGroupReference, "/customer_group_reference");
        Text(AccountNumber, "/end_user/admin/account_number");
        Text(AuthPersonName, "/end_user/admin/auth_person_name");
        Text(BillingPhoneNumber, "/end_user/admin/billing_phone_number");
        Text(BusinessIdentifier, "/end_user/admin/business_identifier");
        Text(EntityName, "/end_user/admin/entity_name");
        Text(PinPasscode, "/end_user/admin/pin_passcode");
        Text(TaxIdentifier, "/end_user/admin/tax_identifier");
        Text(AdministrativeArea, "/end_user/location/administrative_area");
        Text(LocationCountryCode, "/end_user/location/country_code");
        Text(ExtendedAddress, "/end_user/location/extended_address");
        Text(Locality, "/end_user/location/locality");
        Text(PostalCode, "/end_user/location/postal_code");
        Text(StreetAddress, "/end_user/location/street_address");
        Text(NewBillingPhoneNumber, "/misc/new_billing_phone_number");
        Text(BillingGroupId, "/phone_number_configuration/billing_group_id");
        Text(ConnectionId, "/phone_number_configuration/connection_id");
        Text(EmergencyAddressId, "/phone_number_configuration/emergency_address_id");
        Text(MessagingProfileId, "/phone_number_configuration/messaging_profile_id");
        Text(UserComment, "/user_feedback/user_comment");
        if (Tags.IsSet)
        {
            if (Tags.Value.Count > MaxTags)
                errors.Add(new DomainError(ErrorCodes.InvalidValue, $"At most {MaxTags} tags.", "/phone_number_configuration/tags"));
            for (var i = 0; i < Tags.Value.Count && i < MaxTags; i++)
                if (FreeText.Check(Tags.Value[i], $"/phone_number_configuration/tags/{i}", 255) is { } e) errors.Add(e);
        }
        if (UserRating is { IsSet: true, Value: { } rating } && rating is < 1 or > 5)
            errors.Add(new DomainError(ErrorCodes.InvalidValue, $"user_rating is from 1 to 5, not {rating}.", "/user_feedback/user_rating"));
        return errors;
    }
}

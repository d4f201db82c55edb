using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Domain.Porting;

/// <summary>Where a requirement's value lives on the order.</summary>
public enum RequirementField
{
    Loa, Invoice, EntityName, AuthPersonName, AccountNumber, BillingPhoneNumber,
    StreetAddress, Locality, PostalCode, AdministrativeArea, LocationCountryCode,
}

/// <summary>
/// One thing a porting order must carry before it is submitted (Telnyx requirement_type): a document or a text field
/// of the order, with the PATCH field that gives it.
/// </summary>
public sealed record PortingRequirementType(string Id, string Name, RequirementField Field, bool IsDocument, string PatchField,
    string Description, string Example, string AcceptanceCriteria);

/// <summary>An action the end user takes outside the order (Telnyx PortingActionRequirement), e.g. confirming their identity.</summary>
public sealed record PortingActionRequirementType(string Id, string ActionType, string Name, string Description);

/// <summary>A requirement of one order and whether the order meets it.</summary>
public sealed record PortingRequirementState(PortingRequirementType Type, string? Value)
{
    public bool IsMet => !string.IsNullOrWhiteSpace(Value);
}

/// <summary>
/// The one table of what a porting order needs, per country and number type (docs/porting-family.md lists it). Every
/// order needs a signed LOA and the end user's name and address as the losing carrier has them; a bill (invoice) proves
/// the numbers are the end user's. Per country:
/// <list type="bullet">
/// <item>US (FCC 07-188 simple-port fields, as Telnyx's US LOA asks): the billing telephone number (BTN) and the state;
/// toll-free numbers port on the RespOrg's LOA alone, without a bill or a BTN.</item>
/// <item>DE (BNetzA/AKNN WBCI porting process): the customer number at the losing carrier (Kundennummer), and the end
/// user confirms their identity (an action requirement: the named person must be the order's authorized person).</item>
/// <item>Any other country: the common requirements.</item>
/// </list>
/// </summary>
public static class PortingRequirements
{
    private static PortingRequirementType Doc(string id, string name, RequirementField field, string patch, string description) =>
        new(id, name, field, true, patch, description, "a document id from POST /v2/documents", "a PDF, PNG or JPEG document of the account");

    private static PortingRequirementType Text(string id, string name, RequirementField field, string patch, string description, string example) =>
        new(id, name, field, false, patch, description, example, "not empty");

    public static readonly PortingRequirementType Loa = Doc("3f1d5b3e-0b8a-4e43-9a57-1c0f7f0d0a01", "Letter of Authorization", RequirementField.Loa,
        "documents.loa", "The LOA signed by the end user, authorizing the port (GET /v2/porting_orders/{id}/loa_template gives one to sign).");
    public static readonly PortingRequirementType Invoice = Doc("3f1d5b3e-0b8a-4e43-9a57-1c0f7f0d0a02", "Latest invoice", RequirementField.Invoice,
        "documents.invoice", "A recent bill of the losing carrier showing the numbers and the end user's name and address.");
    public static readonly PortingRequirementType EntityName = Text("3f1d5b3e-0b8a-4e43-9a57-1c0f7f0d0a03", "End user name", RequirementField.EntityName,
        "end_user.admin.entity_name", "The person or company the numbers belong to, as on the losing carrier's account.", "Acme GmbH");
    public static readonly PortingRequirementType AuthPersonName = Text("3f1d5b3e-0b8a-4e43-9a57-1c0f7f0d0a04", "Authorized person",
        RequirementField.AuthPersonName, "end_user.admin.auth_person_name", "Who signs the LOA for the end user.", "Ada Admin");
    public static readonly PortingRequirementType StreetAddress = Text("3f1d5b3e-0b8a-4e43-9a57-1c0f7f0d0a05", "Service address: street",
        RequirementField.StreetAddress, "end_user.location.street_address", "The street address the losing carrier has for the numbers.", "Rüttenscheider Str. 1");
    public static readonly PortingRequirementType Locality = Text("3f1d5b3e-0b8a-4e43-9a57-1c0f7f0d0a06", "Service address: city",
        RequirementField.Locality, "end_user.location.locality", "The city of the service address.", "Essen");
    public static readonly PortingRequirementType PostalCode = Text("3f1d5b3e-0b8a-4e43-9a57-1c0f7f0d0a07", "Service address: postal code",
        RequirementField.PostalCode, "end_user.location.postal_code", "The postal code of the service address.", "45130");
    public static readonly PortingRequirementType CountryCode = Text("3f1d5b3e-0b8a-4e43-9a57-1c0f7f0d0a08", "Service address: country",
        RequirementField.LocationCountryCode, "end_user.location.country_code", "The ISO 3166-1 alpha-2 country of the service address.", "DE");
    public static readonly PortingRequirementType BillingPhoneNumber = Text("3f1d5b3e-0b8a-4e43-9a57-1c0f7f0d0a09", "Billing telephone number (BTN)",
        RequirementField.BillingPhoneNumber, "end_user.admin.billing_phone_number", "The main number the losing carrier bills the account under.", "+13035551234");
    public static readonly PortingRequirementType State = Text("3f1d5b3e-0b8a-4e43-9a57-1c0f7f0d0a10", "Service address: state",
        RequirementField.AdministrativeArea, "end_user.location.administrative_area", "The state of the service address.", "CO");
    public static readonly PortingRequirementType CustomerNumber = Text("3f1d5b3e-0b8a-4e43-9a57-1c0f7f0d0a11", "Customer number at the losing carrier",
        RequirementField.AccountNumber, "end_user.admin.account_number", "The end user's customer number (Kundennummer) at the losing carrier.", "K-123456");

    public static readonly PortingActionRequirementType IdentityVerification = new("3f1d5b3e-0b8a-4e43-9a57-1c0f7f0d0b01",
        "end_user_id_verification", "End user identity verification",
        "The end user confirms who they are: the first and last name given must be the order's authorized person (end_user.admin.auth_person_name).");

    private static readonly PortingRequirementType[] Common = [Loa, Invoice, EntityName, AuthPersonName, StreetAddress, Locality, PostalCode, CountryCode];

    /// <summary>Every requirement type of the table, for looking one up by id (PATCH requirements[].requirement_type_id).</summary>
    public static readonly IReadOnlyList<PortingRequirementType> All = [.. Common, BillingPhoneNumber, State, CustomerNumber];

    /// <summary>What an order of <paramref name="countryCode"/> and Telnyx <paramref name="numberType"/> ("local", "toll_free", …) needs.</summary>
    public static IReadOnlyList<PortingRequirementType> For(string countryCode, string numberType) => (countryCode, numberType) switch
    {
        ("US", "toll_free") => [Loa, EntityName, AuthPersonName, StreetAddress, Locality, PostalCode, CountryCode, State],
        ("US", _) => [.. Common, BillingPhoneNumber, State],
        ("DE", _) => [.. Common, CustomerNumber],
        _ => Common,
    };

    public static IReadOnlyList<PortingActionRequirementType> ActionsFor(string countryCode) =>
        countryCode == "DE" ? [IdentityVerification] : [];

    public static PortingRequirementType? Find(string id) => All.FirstOrDefault(t => t.Id == id);

    public static PortingActionRequirementType? FindAction(string id) => IdentityVerification.Id == id ? IdentityVerification : null;

    /// <summary>Each requirement of the order with the value the order holds for it (a document id, or the text).</summary>
    public static IReadOnlyList<PortingRequirementState> Evaluate(string countryCode, string numberType, PortingOrderDetails d) =>
        For(countryCode, numberType).Select(t => new PortingRequirementState(t, ValueOf(t.Field, d))).ToList();

    public static string? ValueOf(RequirementField field, PortingOrderDetails d) => field switch
    {
        RequirementField.Loa => d.Documents.Loa?.ToString(),
        RequirementField.Invoice => d.Documents.Invoice?.ToString(),
        RequirementField.EntityName => d.Admin.EntityName,
        RequirementField.AuthPersonName => d.Admin.AuthPersonName,
        RequirementField.AccountNumber => d.Admin.AccountNumber,
        RequirementField.BillingPhoneNumber => d.Admin.BillingPhoneNumber,
        RequirementField.StreetAddress => d.Location.StreetAddress,
        RequirementField.Locality => d.Location.Locality,
        RequirementField.PostalCode => d.Location.PostalCode,
        RequirementField.AdministrativeArea => d.Location.AdministrativeArea,
        RequirementField.LocationCountryCode => d.Location.CountryCode,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
    };

    /// <summary>
    /// Why the order may not be submitted yet: one error per unmet requirement, naming it and the field that gives it,
    /// and one per action requirement not completed. Empty when the order may be submitted.
    /// </summary>
    public static List<DomainError> Unmet(IReadOnlyList<PortingRequirementState> states, IReadOnlyList<(PortingActionRequirementType Type, bool Completed)> actions)
    {
        var errors = new List<DomainError>();
        foreach (var s in states.Where(s => !s.IsMet))
            errors.Add(new DomainError(ErrorCodes.RequirementsNotMet,
                $"Requirement '{s.Type.Name}' ({s.Type.Id}) is not met: set {s.Type.PatchField}{(s.Type.IsDocument ? " to an uploaded document's id" : "")}.",
                "/" + s.Type.PatchField.Replace('.', '/')));
        foreach (var (type, completed) in actions.Where(a => !a.Completed))
            errors.Add(new DomainError(ErrorCodes.RequirementsNotMet,
                $"Action requirement '{type.Name}' ({type.ActionType}) is not completed: initiate it (POST /v2/porting_orders/{{id}}/action_requirements/{{id}}/initiate).", null));
        return errors;
    }

    /// <summary>
    /// Telnyx PATCH requirements[]: {requirement_type_id, field_value} sets the order field the requirement reads (a
    /// document id for a document requirement), as if that field had been sent. Refused at <paramref name="pointer"/>
    /// when the type is not in the table or the value does not fit it.
    /// </summary>
    public static Result<PortingOrderPatch> Apply(PortingOrderPatch patch, string? requirementTypeId, string? fieldValue, string pointer)
    {
        if (requirementTypeId is null || Find(requirementTypeId) is not { } type)
            return new DomainError(ErrorCodes.InvalidValue,
                $"'{requirementTypeId}' is not a requirement type; GET /v2/porting_orders/{{id}}/requirements lists the order's.", pointer + "/requirement_type_id");
        if (string.IsNullOrWhiteSpace(fieldValue)) return DomainError.Required(pointer + "/field_value");
        Guid? document = null;
        if (type.IsDocument)
        {
            if (!Guid.TryParseExact(fieldValue, "D", out var id))
                return new DomainError(ErrorCodes.InvalidValue, $"'{type.Name}' takes a document id (a UUID).", pointer + "/field_value");
            document = id;
        }
        return type.Field switch
        {
            RequirementField.Loa => patch with { Loa = document },
            RequirementField.Invoice => patch with { Invoice = document },
            RequirementField.EntityName => patch with { EntityName = fieldValue },
            RequirementField.AuthPersonName => patch with { AuthPersonName = fieldValue },
            RequirementField.AccountNumber => patch with { AccountNumber = fieldValue },
            RequirementField.BillingPhoneNumber => patch with { BillingPhoneNumber = fieldValue },
            RequirementField.StreetAddress => patch with { StreetAddress = fieldValue },
            RequirementField.Locality => patch with { Locality = fieldValue },
            RequirementField.PostalCode => patch with { PostalCode = fieldValue },
            RequirementField.AdministrativeArea => patch with { AdministrativeArea = fieldValue },
            RequirementField.LocationCountryCode => patch with { LocationCountryCode = fieldValue },
            _ => throw new ArgumentOutOfRangeException(nameof(requirementTypeId), type.Field, null),
        };
    }
}

using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace NumberBlocks.Api.Telnyx;

// Telnyx's documents and the porting family around an order (SDK declarations documents.d.ts, porting-orders/*.d.ts,
// porting/loa-configurations.d.ts). Optional, non-nullable members are left out when empty (WhenWritingNull).

/// <summary>Telnyx DocServiceDocument.</summary>
public sealed record DocumentRecord(
    Guid Id,
    string RecordType,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string AvScanStatus,
    string ContentType,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CustomerReference,
    string Filename,
    string Sha256,
    DocumentSizeRecord Size,
    string Status);

/// <summary>Telnyx DocServiceDocument.Size: {amount, unit}.</summary>
public sealed record DocumentSizeRecord(long Amount, string Unit);

/// <summary>
/// Telnyx DocumentUploadParams.document / DocumentUploadJsonParams.document: the file as base64 in <c>file</c> (the
/// SDK's upload and uploadJson both send this JSON), or by <c>url</c>.
/// </summary>
public sealed record UploadDocumentRequest(string? File, string? Filename, string? CustomerReference, string? Url);

/// <summary>Telnyx DocumentUpdateParams.</summary>
public sealed record UpdateDocumentRequest(string? Filename, string? CustomerReference);

/// <summary>Telnyx PortingAdditionalDocument.</summary>
public sealed record PortingAdditionalDocumentRecord(
    Guid Id,
    string RecordType,
    string ContentType,
    DateTimeOffset CreatedAt,
    Guid DocumentId,
    string DocumentType,
    string Filename,
    Guid PortingOrderId,
    DateTimeOffset UpdatedAt);

/// <summary>Telnyx AdditionalDocumentCreateParams.</summary>
public sealed record CreateAdditionalDocumentsRequest([property: Required] IReadOnlyList<AdditionalDocumentInput?>? AdditionalDocuments);

public sealed record AdditionalDocumentInput([property: Required] Guid? DocumentId, [property: Required] string? DocumentType);

/// <summary>Telnyx PortingOrdersComment.</summary>
public sealed record PortingOrderCommentRecord(Guid Id, string RecordType, string Body, DateTimeOffset CreatedAt, Guid PortingOrderId, string UserType);

/// <summary>Telnyx CommentCreateParams.</summary>
public sealed record CreateCommentRequest([property: Required] string? Body);

/// <summary>One entry of GET /v2/porting_orders/{id}/requirements (Telnyx PortingOrderRetrieveRequirementsResponse).</summary>
public sealed record PortingRequirementRecord(
    string FieldType,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? FieldValue,
    string RecordType,
    string RequirementStatus,
    PortingRequirementTypeRecord RequirementType);

public sealed record PortingRequirementTypeRecord(string Id, IReadOnlyDictionary<string, string> AcceptanceCriteria, string Description,
    string Example, string Name, string Type);

/// <summary>Telnyx PortingActionRequirement.</summary>
public sealed record PortingActionRequirementRecord(
    Guid Id,
    string ActionType,
    string? ActionUrl,
    string? CancelReason,
    DateTimeOffset CreatedAt,
    Guid PortingOrderId,
    string RecordType,
    string RequirementTypeId,
    string Status,
    DateTimeOffset UpdatedAt);

/// <summary>Telnyx ActionRequirementInitiateParams (body: {params: {first_name, last_name}}).</summary>
public sealed record InitiateActionRequirementRequest([property: Required] ActionRequirementParamsInput? Params);

public sealed record ActionRequirementParamsInput([property: Required] string? FirstName, [property: Required] string? LastName);

/// <summary>One of Telnyx's allowed FOC windows.</summary>
public sealed record FocWindowRecord(DateTimeOffset StartedAt, DateTimeOffset EndedAt, string RecordType);

/// <summary>Telnyx PortingOrdersExceptionType.</summary>
public sealed record PortingExceptionTypeRecord(string Code, string Description);

/// <summary>Telnyx PortingLoaConfiguration.</summary>
public sealed record LoaConfigurationRecord(
    Guid Id,
    LoaAddressRecord Address,
    string CompanyName,
    LoaContactRecord Contact,
    DateTimeOffset CreatedAt,
    LoaLogoRecord Logo,
    string Name,
    Guid OrganizationId,
    string RecordType,
    DateTimeOffset UpdatedAt);

public sealed record LoaAddressRecord(string City, string CountryCode,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ExtendedAddress, string State, string StreetAddress, string ZipCode);

public sealed record LoaContactRecord(string Email, string PhoneNumber);

public sealed record LoaLogoRecord(string ContentType, Guid DocumentId);

/// <summary>Telnyx LoaConfigurationCreateParams (and Update, and Preview: the same body).</summary>
public sealed record LoaConfigurationRequest(
    [property: Required] LoaAddressInput? Address,
    [property: Required] string? CompanyName,
    [property: Required] LoaContactInput? Contact,
    [property: Required] LoaLogoInput? Logo,
    [property: Required] string? Name);

public sealed record LoaAddressInput([property: Required] string? City, [property: Required] string? CountryCode, string? ExtendedAddress,
    [property: Required] string? State, [property: Required] string? StreetAddress, [property: Required] string? ZipCode);

public sealed record LoaContactInput([property: Required] string? Email, [property: Required] string? PhoneNumber);

public sealed record LoaLogoInput([property: Required] Guid? DocumentId);

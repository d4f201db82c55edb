using NumberBlocks.Domain.Documents;

namespace NumberBlocks.Data.Entities;

/// <summary>An uploaded document (Telnyx DocServiceDocument): its bytes in the database, so a backup holds them too.</summary>
public sealed class StoredDocument
{
    public Guid Id { get; set; }
    public Guid AccountId { get; set; }
    public required string Filename { get; set; }
    public DocumentKind Kind { get; set; }
    public string? CustomerReference { get; set; }
    public long SizeBytes { get; set; }
    /// <summary>Lowercase hex SHA-256 of <see cref="Content"/>.</summary>
    public required string Sha256 { get; set; }
    public required byte[] Content { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A document attached to a porting order beside its LOA and invoice (Telnyx PortingAdditionalDocument).</summary>
public sealed class PortingAdditionalDocument
{
    public Guid Id { get; set; }
    public Guid PortingOrderId { get; set; }
    public Guid AccountId { get; set; }
    public Guid DocumentId { get; set; }
    /// <summary>loa, invoice, csr or other (Telnyx document_type).</summary>
    public required string DocumentType { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A comment on a porting order (Telnyx PortingOrdersComment), by the customer (user) or the carrier side (admin).</summary>
public sealed class PortingOrderComment
{
    public Guid Id { get; set; }
    public Guid PortingOrderId { get; set; }
    public Guid AccountId { get; set; }
    public required string Body { get; set; }
    /// <summary>user, admin or system (Telnyx user_type).</summary>
    public required string UserType { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>What an account's LOAs show: its logo, company, address and contact (Telnyx PortingLoaConfiguration).</summary>
public sealed class LoaConfiguration
{
    public Guid Id { get; set; }
    public Guid AccountId { get; set; }
    public required string Name { get; set; }
    public Guid LogoDocumentId { get; set; }
    public required string CompanyName { get; set; }
    public required string StreetAddress { get; set; }
    public string? ExtendedAddress { get; set; }
    public required string Locality { get; set; }
    public required string AdministrativeArea { get; set; }
    public required string PostalCode { get; set; }
    public required string CountryCode { get; set; }
    public required string ContactEmail { get; set; }
    public required string ContactPhoneNumber { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>An action requirement the end user has started (Telnyx PortingActionRequirement); the table says which exist.</summary>
public sealed class PortingActionRequirementRow
{
    public Guid Id { get; set; }
    public Guid PortingOrderId { get; set; }
    public Guid AccountId { get; set; }
    public required string RequirementTypeId { get; set; }
    /// <summary>created, pending, completed, cancelled or failed.</summary>
    public required string Status { get; set; }
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public string? CancelReason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

namespace NumberBlocks.Data.Entities;

// Issue 5 (seed 004). Persistence rows only; the rules live in NumberBlocks.Domain.Catalogue.

/// <summary>A sub-account of an account (one per brand or site); its id is the wire's PropertySid.</summary>
public sealed class Property
{
    public Guid Id { get; set; }
    public Guid AccountId { get; set; }
    public required string Name { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// A block the operator published for sale, and once sold, the buyer's block with its routing settings. Id is the
/// provider's integer "Id"; Sid is its NumberBlockSid (and the ledger holder id while the block is for sale).
/// </summary>
public sealed class CatalogueBlock
{
    public const string Available = "available";
    public const string Sold = "sold";

    public long Id { get; set; }
    public Guid Sid { get; set; }
    public long RangeStart { get; set; }
    public long RangeEnd { get; set; }
    public required string CountryCode { get; set; }
    public required string PhoneNumberType { get; set; }
    public string? AreaCode { get; set; }
    public bool Sms { get; set; }
    public bool Voice { get; set; }
    public required string Status { get; set; }
    public Guid? AccountId { get; set; }
    public Guid? PropertyId { get; set; }
    public string? AnswerPoint { get; set; }
    public string? RoutingMethod { get; set; }
    public string? Flow { get; set; }
    public string? Application { get; set; }
    public bool CallRecordingEnabled { get; set; }
    public bool CallWhisperEnabled { get; set; }
    public string? CallWhisperPath { get; set; }
    public string? Campaign { get; set; }
    public string? Content { get; set; }
    public string? Medium { get; set; }
    public string? Source { get; set; }
    public string? Description { get; set; }
    public string? GroupName { get; set; }
    public short? GroupType { get; set; }
    public short? Preamble { get; set; }
    public short? RoutingAction { get; set; }
    public string? ProgrammableVoiceUrl { get; set; }
    public short? MasterMode { get; set; }
    public string? Diaplan { get; set; }
    public bool CallWrapUpEnabled { get; set; }
    public bool Active { get; set; }
    public bool EnableRules { get; set; }
    public bool PortInProgress { get; set; }
    public bool Ported { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? PurchasedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

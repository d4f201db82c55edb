using System.ComponentModel;
using System.Text.Json.Serialization;
using NumberBlocks.Data.Entities;
using NumberBlocks.Domain.Catalogue;
using NumberBlocks.Domain.Numbering;

namespace NumberBlocks.Api.Fone;

// The Fone Dynamics wire records. Fone Dynamics (ServiceStack) writes PascalCase, which is how these are declared
// (WireJson keeps declared names for this namespace). Every field is always written, null when it has no value, as the
// provider's list answer shows them; only TotalCount is left out when IncludeTotalCount=false.

/// <summary>Seed 004's success status: <c>{"Message": "OK"}</c>.</summary>
public sealed record FoneResponseStatus([property: Description("\"OK\" on success (seed 004).")] string Message)
{
    public static readonly FoneResponseStatus Ok = new("OK");
}

/// <summary>Whether a block is still for sale or has been bought.</summary>
public enum FoneNumberBlockStatus
{
    Available,
    Purchased,
}

/// <summary>
/// A block as the provider lists it (Id, NumberBlockSid, NumberPattern, Name, FriendlyName, …) with NumberBlocks'
/// additions: its ends, size, placement, status, owner and every routing setting of seed 004 and the configure call.
/// </summary>
public sealed record FoneNumberBlock(
    [property: Description("The provider's integer id of the block (publication order).")] long Id,
    [property: Description("The secure identifier of the block.")] Guid NumberBlockSid,
    [property: Description("One X per free digit for an aligned power of ten (+612888000XX), otherwise the two ends (+61288800005-+61288800014).")]
    string NumberPattern,
    [property: Description("The pattern again, as the provider names a block.")] string Name,
    [property: Description("The block's Description.")] string? FriendlyName,
    [property: Description("First number of the block, E.164.")] string StartAt,
    [property: Description("Last number of the block, E.164 (inclusive).")] string EndAt,
    [property: Description("How many numbers the block holds.")] long Size,
    string CountryCode,
    [property: Description("local, national, mobile, toll_free, …")] string NumberType,
    string? AreaCode,
    bool Sms,
    bool Voice,
    FoneNumberBlockStatus Status,
    [property: Description("The buyer's account; null while the block is for sale.")] Guid? AccountSid,
    [property: Description("The buyer's property; null for a block for sale or bought into the account without one.")] Guid? PropertySid,
    string? AnswerPoint,
    [property: Description("endpoint, flow or application.")] string? RoutingMethod,
    [property: Description("The AnswerPoint again, as the configure call names it.")] string? EndpointNumber,
    string? Flow,
    string? Application,
    bool CallRecordingEnabled,
    bool CallWhisperEnabled,
    string? CallWhisperPath,
    string? Campaign,
    string? Content,
    string? Medium,
    string? Source,
    string? Description,
    string? GroupName,
    short? GroupType,
    short? Preamble,
    short? RoutingAction,
    string? ProgrammableVoiceUrl,
    short? MasterMode,
    string? Diaplan,
    bool CallWrapUpEnabled,
    bool Active,
    bool EnableRules,
    bool PortInProgress,
    bool Ported,
    DateTimeOffset DateCreated,
    DateTimeOffset? DatePurchased,
    DateTimeOffset DateUpdated)
{
    public static FoneNumberBlock From(CatalogueBlock b)
    {
        var range = NumberRange.Of(E164Number.FromValue(b.RangeStart), E164Number.FromValue(b.RangeEnd));
        var pattern = Domain.Catalogue.NumberPattern.Of(range);
        return new FoneNumberBlock(
            b.Id, b.Sid, pattern, pattern, b.Description, range.Start.ToString(), range.End.ToString(), range.Count,
            b.CountryCode, b.PhoneNumberType, b.AreaCode, b.Sms, b.Voice,
            b.Status == CatalogueBlock.Available ? FoneNumberBlockStatus.Available : FoneNumberBlockStatus.Purchased,
            b.AccountId, b.PropertyId, b.AnswerPoint, b.RoutingMethod, b.AnswerPoint, b.Flow, b.Application,
            b.CallRecordingEnabled, b.CallWhisperEnabled, b.CallWhisperPath, b.Campaign, b.Content, b.Medium, b.Source,
            b.Description, b.GroupName, b.GroupType, b.Preamble, b.RoutingAction, b.ProgrammableVoiceUrl, b.MasterMode,
            b.Diaplan, b.CallWrapUpEnabled, b.Active, b.EnableRules, b.PortInProgress, b.Ported,
            b.CreatedAt, b.PurchasedAt, b.UpdatedAt);
    }
}

/// <summary>The provider's list answer: <c>{"NumberBlocks": [...], "PageIndex", "PageSize", "TotalCount"}</c>.</summary>
public sealed record FoneNumberBlockList(
    IReadOnlyList<FoneNumberBlock> NumberBlocks,
    [property: Description("The page given (from 0).")] int PageIndex,
    [property: Description("The page size used (1 to 100; default 10).")] int PageSize,
    [property: Description("Every matching block; left out when IncludeTotalCount=false.")]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    long? TotalCount);

/// <summary>
/// Purchase and configure: seed 004's body <c>{"ResponseStatus": {"Message": "OK"}}</c> plus the block as it now is,
/// which clients that only read ResponseStatus ignore.
/// </summary>
public sealed record FoneNumberBlockAnswer(FoneResponseStatus ResponseStatus, FoneNumberBlock NumberBlock)
{
    public static FoneNumberBlockAnswer Of(CatalogueBlock block) => new(FoneResponseStatus.Ok, FoneNumberBlock.From(block));
}

/// <summary>A property (a sub-account: one per brand or site).</summary>
public sealed record FoneProperty(
    [property: Description("The secure identifier of the property.")] Guid PropertySid,
    [property: Description("The account the property belongs to.")] Guid AccountSid,
    string Name,
    DateTimeOffset DateCreated)
{
    public static FoneProperty From(Property p) => new(p.Id, p.AccountId, p.Name, p.CreatedAt);
}

/// <summary><c>{"Properties": [...], "PageIndex", "PageSize", "TotalCount"}</c>, oldest first.</summary>
public sealed record FonePropertyList(IReadOnlyList<FoneProperty> Properties, int PageIndex, int PageSize, long TotalCount);

// ---- request bodies ----
// The surface reads its parameters as the provider's ServiceStack host does (FoneInput): the query string merged with a
// form (application/x-www-form-urlencoded or multipart/form-data) or JSON body, names case-insensitive, numbers and
// booleans also as strings. These records describe those parameters for the document and its examples; the handlers
// read them by the same names through WireFields and BlockSettings.

/// <summary>The optional settings of a number block (seed 004), on purchase and on configure; only those given change.</summary>
public abstract record FoneNumberBlockSettings
{
    [Description("Enable call recording.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? CallRecordingEnabled { get; init; }

    [Description("enabled or disabled: CallRecordingEnabled as the configure call names it.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Recording { get; init; }

    [Description("endpoint (needs EndpointNumber or AnswerPoint), flow (needs Flow and EndpointNumber) or application (needs Application).")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RoutingMethod { get; init; }

    [Description("The AnswerPoint, as the configure call names it.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? EndpointNumber { get; init; }

    [Description("The flow to route to (RoutingMethod flow); at most 255 characters.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Flow { get; init; }

    [Description("The application to route to (RoutingMethod application); at most 255 characters.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Application { get; init; }

    [Description("Enable call whisper.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? CallWhisperEnabled { get; init; }

    [Description("Path of the call whisper audio file; at most 1024 characters.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CallWhisperPath { get; init; }

    [Description("Campaign identifier for tracking; at most 255 characters.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Campaign { get; init; }

    [Description("Content identifier for tracking; at most 255 characters.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Content { get; init; }

    [Description("Medium identifier for tracking; at most 255 characters.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Medium { get; init; }

    [Description("Source identifier for tracking; at most 255 characters.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Source { get; init; }

    [Description("Description of the block (its FriendlyName); at most 1000 characters.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Description { get; init; }

    [Description("Name of the group; at most 255 characters.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? GroupName { get; init; }

    [Description("0 or 1.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public short? GroupType { get; init; }

    [Description("0, 1 or 2.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public short? Preamble { get; init; }

    [Description("0 to 3.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public short? RoutingAction { get; init; }

    [Description("Absolute http(s) URL without credentials, at most 2048 characters, not a local or private address.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ProgrammableVoiceUrl { get; init; }

    [Description("Any 16-bit integer.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public short? MasterMode { get; init; }

    [Description("Dial plan configuration; at most 1024 characters.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Diaplan { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? CallWrapUpEnabled { get; init; }

    [Description("Whether the block is active (a purchase defaults to true).")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Active { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? EnableRules { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? PortInProgress { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Ported { get; init; }
}

/// <summary>Seed 004's purchase: the block, at least one of AccountSid or PropertySid, the AnswerPoint, and optional settings.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)] // FoneInput ignores parameters a call does not read
public sealed record FonePurchaseNumberBlockRequest : FoneNumberBlockSettings
{
    [JsonPropertyName("numberBlockSid")]
    [Description("The secure identifier of the block to purchase (also accepted in the query string).")]
    public required string NumberBlockSid { get; init; }

    [Description("The caller's own account. At least one of AccountSid or PropertySid is required; the path's, when it has one, counts.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AccountSid { get; init; }

    [Description("One of the caller's properties: the block goes into it. At least one of AccountSid or PropertySid is required.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PropertySid { get; init; }

    [Description("Where calls go: an E.164 number or a sip:/sips: URI (at most 256 characters).")]
    public required string AnswerPoint { get; init; }
}

/// <summary>The configure call: at least one of AccountSid or PropertySid, and the settings to change.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)] // FoneInput ignores parameters a call does not read
public sealed record FoneConfigureNumberBlockRequest : FoneNumberBlockSettings
{
    [JsonPropertyName("numberBlockSid")]
    [Description("Optional; when given it must be the block of the path.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? NumberBlockSid { get; init; }

    [Description("The caller's own account. At least one of AccountSid or PropertySid is required.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AccountSid { get; init; }

    [Description("The block's property; another property is NUMBER_BELONGS_TO_DIFFERENT_PROPERTY (configuring never moves a block).")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PropertySid { get; init; }

    [Description("Where calls go: an E.164 number or a sip:/sips: URI (at most 256 characters).")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AnswerPoint { get; init; }
}

/// <summary>Creating a property under the caller's account.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)] // FoneInput ignores parameters a call does not read
public sealed record FoneCreatePropertyRequest(
    [property: Description("The property's name: not blank, at most 200 characters, no control characters.")] string Name);

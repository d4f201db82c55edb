using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using NumberBlocks.Api.Http;

namespace NumberBlocks.Api.Admin;

// The operator API's wire records. Names are snake_case by namespace (WireJson), except where the operator API answers
// with another provider's names that the operators' scripts and the CLI read (catalogue blocks and properties in Fone
// Dynamics' PascalCase, number requests in CM.com's camelCase): those are spelled out with JsonPropertyName. Nulls are
// written unless a member is marked WhenWritingNull (then it is left out, and optional in the document). Request
// members are nullable, so a member left out is told apart by the handler's rules with its JSON pointer; the document
// lists as required exactly the members marked [Required] (AdminSurface's schema transformer).

/// <summary>{"data": …}.</summary>
public sealed record AdminData<T>(T Data);

/// <summary>{"data": […], "meta": {page_number, page_size, total_pages, total_results}}.</summary>
public sealed record AdminList<T>(IReadOnlyList<T> Data, AdminPageMeta Meta);

/// <summary>{"data": […]}: a list that is never paged (an account's keys or properties).</summary>
public sealed record AdminItems<T>(IReadOnlyList<T> Data);

/// <summary>Where a page sits in the whole list.</summary>
public sealed record AdminPageMeta(int PageNumber, int PageSize, int TotalPages, long TotalResults)
{
    public static AdminPageMeta Of(Paging page, long total) => new(page.Number, page.Size, page.TotalPages(total), total);
}

// Accounts and their keys.

/// <summary>An account as the operator lists it.</summary>
public sealed record AccountRecord(Guid Id, string Name, DateTimeOffset CreatedAt, string? WebhookUrl);

/// <summary>A new account with its first API key, shown only in this answer (only its hash is stored).</summary>
public sealed record CreatedAccountRecord(Guid Id, string Name, string ApiKey, DateTimeOffset CreatedAt);

/// <summary>An API key without its secret: the prefix identifies it; revoked_at is null while it works.</summary>
public sealed record ApiKeyRecord(Guid Id, Guid AccountId, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>A newly issued API key, shown only in this answer.</summary>
public sealed record IssuedApiKeyRecord(Guid Id, Guid AccountId, string ApiKey, string Prefix, DateTimeOffset CreatedAt);

/// <summary>An account's webhook_url after it was set or cleared.</summary>
public sealed record AccountWebhookUrlRecord(Guid Id, string Name, string? WebhookUrl);

/// <summary>The Standard Webhooks secret (whsec_…) that signs an account's callbacks.</summary>
public sealed record WebhookSecretRecord(Guid AccountId, string WebhookSecret);

/// <summary>Where an account's notifications are e-mailed when a request names no address; null: nowhere.</summary>
public sealed record NotificationEmailRecord(Guid AccountId, string? Email);

/// <summary>Body of POST /admin/v1/accounts.</summary>
public sealed record CreateAccountRequest([property: Required] string? Name);

/// <summary>
/// Body of PUT /admin/v1/accounts/{id}/webhook_url: the URL, or null to clear it. The member must be sent (an empty
/// body would clear the setting by accident), so the record remembers whether it was.
/// </summary>
public sealed class SetWebhookUrlRequest
{
    private readonly string? _webhookUrl;

    [Required]
    public string? WebhookUrl
    {
        get => _webhookUrl;
        init { _webhookUrl = value; IsGiven = true; }
    }

    [JsonIgnore] public bool IsGiven { get; private init; }
}

/// <summary>Body of PUT /admin/v1/accounts/{id}/notification_email: the address, or null to clear it; it must be sent.</summary>
public sealed class SetNotificationEmailRequest
{
    private readonly string? _email;

    [Required]
    public string? Email
    {
        get => _email;
        init { _email = value; IsGiven = true; }
    }

    [JsonIgnore] public bool IsGiven { get; private init; }
}

// Porting, as the carrier side sees it.

/// <summary>A porting order's status as the operator reads and sets it (Telnyx PortingOrderStatus's strings).</summary>
public enum AdminPortingOrderStatus
{
    [JsonStringEnumMemberName("draft")] Draft,
    [JsonStringEnumMemberName("in-process")] InProcess,
    [JsonStringEnumMemberName("submitted")] Submitted,
    [JsonStringEnumMemberName("exception")] Exception,
    [JsonStringEnumMemberName("foc-date-confirmed")] FocDateConfirmed,
    [JsonStringEnumMemberName("ported")] Ported,
    [JsonStringEnumMemberName("cancel-pending")] CancelPending,
    [JsonStringEnumMemberName("cancelled")] Cancelled,
}

/// <summary>
/// A porting order as the operator sees it, across accounts: its owner (user_id, Telnyx's name the CLI reads), status
/// with the carrier's exception details, and what the carrier needs (country, type, FOC dates, support key).
/// </summary>
public sealed record AdminPortingOrderRecord(
    Guid Id,
    Guid UserId,
    AdminPortingOrderStatusRecord Status,
    string Description,
    string CountryCode,
    string PhoneNumberType,
    int PortingPhoneNumbersCount,
    string? CustomerReference,
    string? SupportKey,
    string? WebhookUrl,
    DateTimeOffset? FocDatetimeRequested,
    DateTimeOffset? FocDatetimeActual,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>The status and, in exception, the carrier's reasons.</summary>
public sealed record AdminPortingOrderStatusRecord(AdminPortingOrderStatus Value, IReadOnlyList<CarrierExceptionRecord> Details);

/// <summary>One reason the carrier gave for an exception (a Telnyx porting exception code).</summary>
public sealed record CarrierExceptionRecord(
    string Code,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Description);

/// <summary>GET /admin/v1/porting_orders/{id}: the order, its blocks and every number (for the CLI's block map).</summary>
public sealed record AdminPortingOrderDetail(
    AdminPortingOrderRecord Data,
    IReadOnlyList<AdminPortingBlockRecord> Blocks,
    IReadOnlyList<AdminPortingNumberRecord> Numbers);

/// <summary>A block of an order: its range and the ranges that are active once ported.</summary>
public sealed record AdminPortingBlockRecord(
    Guid Id,
    Guid PortingOrderId,
    string CountryCode,
    string PhoneNumberType,
    AdminNumberRangeRecord PhoneNumberRange,
    IReadOnlyList<AdminNumberRangeRecord> ActivationRanges,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>A range of E.164 numbers, both ends inclusive.</summary>
public sealed record AdminNumberRangeRecord(string StartAt, string EndAt);

/// <summary>One number of an order; block_reference_id names its block (null for a single number).</summary>
public sealed record AdminPortingNumberRecord(
    Guid Id,
    Guid PortingOrderId,
    string PhoneNumber,
    bool Activate,
    Guid? BlockReferenceId,
    string CountryCode,
    string PhoneNumberType);

/// <summary>
/// Body of POST /admin/v1/porting_orders/{id}/status: the status the losing carrier reports; an exception carries its
/// details, foc-date-confirmed the confirmed FOC date/time.
/// </summary>
public sealed record SetPortingOrderStatusRequest(
    [property: Required] string? Status,
    IReadOnlyList<CarrierExceptionInput?>? Details,
    DateTimeOffset? FocDatetimeActual);

/// <summary>One exception detail as sent: a Telnyx porting exception code and a description for the customer.</summary>
public sealed record CarrierExceptionInput([property: Required] string? Code, string? Description);

// The outbox.

/// <summary>
/// One webhook or e-mail of the outbox. next_attempt_at is set while it is pending; payload (the exact bytes sent, or
/// the e-mail's text) is answered for one message and left out of lists.
/// </summary>
public sealed record OutboxMessageRecord(
    Guid Id,
    string WebhookId,
    Guid? AccountId,
    string Channel,
    string EventType,
    string? Destination,
    string? Subject,
    string Status,
    int Attempts,
    DateTimeOffset? NextAttemptAt,
    int? LastStatusCode,
    string? LastError,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Payload);

// Stock and request restrictions.

/// <summary>A range of numbers in stock, with where it is (country from the numbers; area code, city, region as loaded).</summary>
public sealed record StockRangeRecord(
    Guid Id,
    string StartAt,
    string EndAt,
    long Count,
    string CountryCode,
    string NumberType,
    string? AreaCode,
    string? City,
    string? Region,
    DateTimeOffset CreatedAt);

/// <summary>Body of POST /admin/v1/stock, and one line of a JSON-lines import.</summary>
public sealed record LoadStockRequest(
    [property: Required] string? StartAt,
    [property: Required] string? EndAt,
    [property: Required] string? NumberType,
    string? AreaCode,
    string? City,
    string? Region);

/// <summary>What an import did: lines read, ranges and numbers loaded, lines refused (the first 100 with line and field).</summary>
public sealed record StockImportReport(long Lines, long LoadedRanges, long LoadedNumbers, long RefusedLines, IReadOnlyList<StockImportLineError> Errors);

/// <summary>A refused line of an import: its number in the body, the field at fault (null: the line as a whole), why.</summary>
public sealed record StockImportLineError(long Line, string? Field, string Code, string Detail);

/// <summary>
/// An error answer of the import: an RFC 9457 problem. When every line was refused (422) its errors are the refused
/// lines (pointer "/line/{n}/{field}") and the extension member <c>data</c> holds the import's report, so a client
/// resuming a chunked import sees the chunk was read and need not send it again; other refusals have no data.
/// </summary>
public sealed record StockImportProblem(
    string Type,
    string Title,
    int Status,
    string Detail,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Instance,
    IReadOnlyList<ProblemError> Errors,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] StockImportReport? Data);

/// <summary>stock + assigned = loaded, every stock row has its ledger claim, no two claims overlap: balanced.</summary>
public sealed record StockAuditRecord(long Loaded, long InStock, long Assigned, long LedgerStock, long StockRowsWithoutClaim, long OverlappingClaims,
    bool Balanced);

/// <summary>What may be requested of one country and number type ("*": the defaults for everything not listed).</summary>
public sealed record RequestRestrictionRecord(string CountryCode, string NumberType, int MinQuantity, int MaxQuantity, bool RangesSupported,
    IReadOnlyList<int> RangeSizes);

/// <summary>The restrictions the operator set, and the defaults that hold elsewhere.</summary>
public sealed record RequestRestrictionList(IReadOnlyList<RequestRestrictionRecord> Data, RequestRestrictionDefaults Meta);

public sealed record RequestRestrictionDefaults(RequestRestrictionRecord Defaults);

/// <summary>Body of PUT /admin/v1/request_restrictions/{countryCode}/{numberType}; a member left out takes the default.</summary>
public sealed record PutRequestRestrictionRequest(long? MinQuantity, long? MaxQuantity, bool? RangesSupported, IReadOnlyList<int>? RangeSizes);

// Number requests, in the CM.com names (seed 003) the operator's tools read.

/// <summary>
/// A number request, whichever surface made it. id, start, validFrom and validTo describe the first assigned range
/// and are null until numbers are assigned (seed 003); numberRanges lists every assigned range.
/// </summary>
public sealed record AdminNumberRequestRecord(
    [property: JsonPropertyName("numberRequestId")] Guid NumberRequestId,
    [property: JsonPropertyName("accountGuid")] Guid AccountGuid,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("statusReason")] string? StatusReason,
    [property: JsonPropertyName("countryCode")] string CountryCode,
    [property: JsonPropertyName("numberType")] string NumberType,
    [property: JsonPropertyName("quantity")] int Quantity,
    [property: JsonPropertyName("rangeSize")] int? RangeSize,
    [property: JsonPropertyName("assignedQuantity")] int AssignedQuantity,
    [property: JsonPropertyName("areaCode")] string? AreaCode,
    [property: JsonPropertyName("city")] string? City,
    [property: JsonPropertyName("region")] string? Region,
    [property: JsonPropertyName("comment")] string? Comment,
    [property: JsonPropertyName("callbackUrl")] string? CallbackUrl,
    [property: JsonPropertyName("email")] string? Email,
    [property: JsonPropertyName("companyProfileId")] Guid? CompanyProfileId,
    [property: JsonPropertyName("created")] DateTimeOffset Created,
    [property: JsonPropertyName("updated")] DateTimeOffset Updated,
    [property: JsonPropertyName("id")] Guid? Id,
    [property: JsonPropertyName("start")] string? Start,
    [property: JsonPropertyName("validFrom")] DateTimeOffset? ValidFrom,
    [property: JsonPropertyName("validTo")] DateTimeOffset? ValidTo,
    [property: JsonPropertyName("numberRanges")] IReadOnlyList<AdminNumberRequestRangeRecord> NumberRanges);

/// <summary>A range assigned to a request.</summary>
public sealed record AdminNumberRequestRangeRecord(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("start")] string Start,
    [property: JsonPropertyName("end")] string End,
    [property: JsonPropertyName("quantity")] long Quantity,
    [property: JsonPropertyName("validFrom")] DateTimeOffset ValidFrom,
    [property: JsonPropertyName("validTo")] DateTimeOffset? ValidTo);

/// <summary>Body of POST /admin/v1/number_requests/{id}/accept and …/reject: the reason given to the customer.</summary>
public sealed record NumberRequestDecisionRequest([property: Required] string? Reason);

// The catalogue, in the Fone Dynamics names (seed 004) the operator's tools read.

/// <summary>
/// A block for sale or sold, as Fone Dynamics lists it (Id, NumberBlockSid, NumberPattern, Name, FriendlyName, …) with
/// NumberBlocks' additions: its ends, size, placement, status (Available or Purchased), owner and routing settings.
/// </summary>
public sealed record CatalogueBlockRecord(
    [property: JsonPropertyName("Id")] long Id,
    [property: JsonPropertyName("NumberBlockSid")] Guid NumberBlockSid,
    [property: JsonPropertyName("NumberPattern")] string NumberPattern,
    [property: JsonPropertyName("Name")] string Name,
    [property: JsonPropertyName("FriendlyName")] string? FriendlyName,
    [property: JsonPropertyName("StartAt")] string StartAt,
    [property: JsonPropertyName("EndAt")] string EndAt,
    [property: JsonPropertyName("Size")] long Size,
    [property: JsonPropertyName("CountryCode")] string CountryCode,
    [property: JsonPropertyName("NumberType")] string NumberType,
    [property: JsonPropertyName("AreaCode")] string? AreaCode,
    [property: JsonPropertyName("Sms")] bool Sms,
    [property: JsonPropertyName("Voice")] bool Voice,
    [property: JsonPropertyName("Status")] string Status,
    [property: JsonPropertyName("AccountSid")] Guid? AccountSid,
    [property: JsonPropertyName("PropertySid")] Guid? PropertySid,
    [property: JsonPropertyName("AnswerPoint")] string? AnswerPoint,
    [property: JsonPropertyName("RoutingMethod")] string? RoutingMethod,
    [property: JsonPropertyName("EndpointNumber")] string? EndpointNumber,
    [property: JsonPropertyName("Flow")] string? Flow,
    [property: JsonPropertyName("Application")] string? Application,
    [property: JsonPropertyName("CallRecordingEnabled")] bool CallRecordingEnabled,
    [property: JsonPropertyName("CallWhisperEnabled")] bool CallWhisperEnabled,
    [property: JsonPropertyName("CallWhisperPath")] string? CallWhisperPath,
    [property: JsonPropertyName("Campaign")] string? Campaign,
    [property: JsonPropertyName("Content")] string? Content,
    [property: JsonPropertyName("Medium")] string? Medium,
    [property: JsonPropertyName("Source")] string? Source,
    [property: JsonPropertyName("Description")] string? Description,
    [property: JsonPropertyName("GroupName")] string? GroupName,
    [property: JsonPropertyName("GroupType")] short? GroupType,
    [property: JsonPropertyName("Preamble")] short? Preamble,
    [property: JsonPropertyName("RoutingAction")] short? RoutingAction,
    [property: JsonPropertyName("ProgrammableVoiceUrl")] string? ProgrammableVoiceUrl,
    [property: JsonPropertyName("MasterMode")] short? MasterMode,
    [property: JsonPropertyName("Diaplan")] string? Diaplan,
    [property: JsonPropertyName("CallWrapUpEnabled")] bool CallWrapUpEnabled,
    [property: JsonPropertyName("Active")] bool Active,
    [property: JsonPropertyName("EnableRules")] bool EnableRules,
    [property: JsonPropertyName("PortInProgress")] bool PortInProgress,
    [property: JsonPropertyName("Ported")] bool Ported,
    [property: JsonPropertyName("DateCreated")] DateTimeOffset DateCreated,
    [property: JsonPropertyName("DatePurchased")] DateTimeOffset? DatePurchased,
    [property: JsonPropertyName("DateUpdated")] DateTimeOffset DateUpdated);

/// <summary>A property (a sub-account for one brand or site) of an account.</summary>
public sealed record PropertyRecord(
    [property: JsonPropertyName("PropertySid")] Guid PropertySid,
    [property: JsonPropertyName("AccountSid")] Guid AccountSid,
    [property: JsonPropertyName("Name")] string Name,
    [property: JsonPropertyName("DateCreated")] DateTimeOffset DateCreated);

/// <summary>Body of POST /admin/v1/numberblocks: the block's ends, its type and area code (checked against the numbers), its capabilities.</summary>
public sealed record PublishNumberBlockRequest([property: Required] string? StartAt, [property: Required] string? EndAt, string? NumberType, string? AreaCode,
    bool? Sms, bool? Voice);

/// <summary>Body of POST /admin/v1/accounts/{id}/properties.</summary>
public sealed record CreatePropertyRequest([property: Required] string? Name);

/// <summary>A comment from the carrier side on a porting order.</summary>
public sealed record AdminCommentRequest([property: System.ComponentModel.DataAnnotations.Required] string? Body);

/// <summary>A porting order's comment as the operator sees it.</summary>
public sealed record AdminPortingCommentRecord(Guid Id, Guid PortingOrderId, Guid AccountId, string Body, string UserType, DateTimeOffset CreatedAt);

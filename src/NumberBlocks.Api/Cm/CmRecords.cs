using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using NumberBlocks.Data.Outbox;
using NumberBlocks.Data.Requests;
using NumberBlocks.Domain.Numbering;
using NumberBlocks.Domain.Requests;

namespace NumberBlocks.Api.Cm;

// The CM.com surface's wire records (seed 003; /work/shared/reference/README.md for the companions around "create").
// Names are camelCase by namespace (WireJson). Every member is written, null included: seed 003 says the request's
// "id, start, validFrom and validTo fields will be null" until numbers are assigned, and CM.com's other members follow
// the same style ("string | null").

/// <summary>The statuses of a number request on CM.com's wire.</summary>
public enum CmNumberRequestStatus
{
    [JsonStringEnumMemberName("pending")] Pending,
    [JsonStringEnumMemberName("accepted")] Accepted,
    [JsonStringEnumMemberName("completed")] Completed,
    [JsonStringEnumMemberName("rejected")] Rejected,
    [JsonStringEnumMemberName("cancelled")] Cancelled,
}

/// <summary>The one table between the domain's request statuses and CM.com's.</summary>
public static class CmStatuses
{
    public static CmNumberRequestStatus ToCm(this NumberRequestStatus status) => status switch
    {
        NumberRequestStatus.Pending => CmNumberRequestStatus.Pending,
        NumberRequestStatus.Accepted => CmNumberRequestStatus.Accepted,
        NumberRequestStatus.Completed => CmNumberRequestStatus.Completed,
        NumberRequestStatus.Rejected => CmNumberRequestStatus.Rejected,
        NumberRequestStatus.Cancelled => CmNumberRequestStatus.Cancelled,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "A number request status without a CM.com name."),
    };

    /// <summary>The CM.com status of a stored request (rows keep the domain's wire names).</summary>
    public static CmNumberRequestStatus OfStored(string stored) => NumberRequestStatuses.ParseStored(stored).ToCm();
}

/// <summary>How a callback or e-mail delivery stands (the outbox's statuses).</summary>
public enum CmDeliveryStatus
{
    /// <summary>Waiting for its next attempt.</summary>
    [JsonStringEnumMemberName("pending")] Pending,
    /// <summary>The receiver answered 2xx, or the mail server accepted the mail.</summary>
    [JsonStringEnumMemberName("delivered")] Delivered,
    /// <summary>Given up: retried for the whole retry window, or refused by the outbound guard.</summary>
    [JsonStringEnumMemberName("failed")] Failed,
    /// <summary>An e-mail kept for the operator while no mail server is configured.</summary>
    [JsonStringEnumMemberName("recorded")] Recorded,
}

/// <summary>How a delivery travels: POSTed to the request's callbackUrl, or mailed.</summary>
public enum CmDeliveryChannel
{
    [JsonStringEnumMemberName("webhook")] Webhook,
    [JsonStringEnumMemberName("email")] Email,
}

/// <summary>The one table between the outbox's stored strings and CM.com's delivery enums.</summary>
public static class CmDeliveries
{
    public static CmDeliveryStatus StatusOf(string stored) => stored switch
    {
        OutboxStatuses.Pending => CmDeliveryStatus.Pending,
        OutboxStatuses.Delivered => CmDeliveryStatus.Delivered,
        OutboxStatuses.Failed => CmDeliveryStatus.Failed,
        OutboxStatuses.Recorded => CmDeliveryStatus.Recorded,
        _ => throw new InvalidOperationException($"Unknown stored outbox status '{stored}'."),
    };

    public static CmDeliveryChannel ChannelOf(string stored) => stored switch
    {
        OutboxChannels.Webhook => CmDeliveryChannel.Webhook,
        OutboxChannels.Email => CmDeliveryChannel.Email,
        _ => throw new InvalidOperationException($"Unknown stored outbox channel '{stored}'."),
    };
}

/// <summary>
/// The body of "Create Number Request" (seed 003), plus NumberBlocks' <c>countryCode</c> (CM.com takes the country
/// from the voice account; here it is given, or told from the stock that has the area code or city) and <c>email</c>
/// (where status changes are mailed; the account's notification address otherwise). Every field may be absent to the
/// parser (the document lists as required the two the rules require: quantity and numberType); the rules (required
/// fields, ranges, restrictions) are checked afterwards and name the field at fault.
/// </summary>
public sealed record CmCreateNumberRequest(
    Guid? CompanyProfileId = null,
    [property: Required] int? Quantity = null,
    int? RangeSize = null,
    [property: Required] string? NumberType = null,
    string? AreaCode = null,
    string? City = null,
    string? Region = null,
    string? Comment = null,
    string? CallbackUrl = null,
    string? CountryCode = null,
    string? Email = null);

/// <summary>
/// A number request. Its own id is <c>numberRequestId</c>; the top-level <c>id</c>, <c>start</c>, <c>validFrom</c>
/// and <c>validTo</c> describe the first assigned range and are null until numbers are assigned (seed 003);
/// <c>numberRanges</c> lists every assigned range. The same record is the body of the status-change callback.
/// </summary>
public sealed record CmNumberRequestRecord(
    Guid NumberRequestId,
    Guid AccountGuid,
    CmNumberRequestStatus Status,
    string? StatusReason,
    string CountryCode,
    string NumberType,
    int Quantity,
    int? RangeSize,
    int AssignedQuantity,
    string? AreaCode,
    string? City,
    string? Region,
    string? Comment,
    string? CallbackUrl,
    string? Email,
    Guid? CompanyProfileId,
    DateTimeOffset Created,
    DateTimeOffset Updated,
    Guid? Id,
    string? Start,
    DateTimeOffset? ValidFrom,
    DateTimeOffset? ValidTo,
    IReadOnlyList<CmNumberRangeRecord> NumberRanges)
{
    /// <summary>The request with its assigned ranges, lowest first.</summary>
    public static CmNumberRequestRecord Of(NumberRequest r, IReadOnlyList<NumberRequestRange> ranges)
    {
        var first = ranges.Count > 0 ? ranges[0] : null;
        return new CmNumberRequestRecord(
            r.Id, r.AccountId, CmStatuses.OfStored(r.Status), r.StatusReason, r.CountryCode, r.NumberType, r.Quantity, r.RangeSize,
            r.AssignedCount, r.AreaCode, r.City, r.Region, r.Comment, r.CallbackUrl, r.Email, r.CompanyProfileId, r.CreatedAt, r.UpdatedAt,
            first?.Id, first is null ? null : Number(first.RangeStart), first?.ValidFrom, first?.ValidTo,
            ranges.Select(CmNumberRangeRecord.Of).ToArray());
    }

    internal static string Number(long value) => E164Number.FromValue(value).ToString();
}

/// <summary>One assigned range of a request: first and last number (E.164, inclusive) and how many it holds.</summary>
public sealed record CmNumberRangeRecord(Guid Id, string Start, string End, long Quantity, DateTimeOffset ValidFrom, DateTimeOffset? ValidTo)
{
    public static CmNumberRangeRecord Of(NumberRequestRange x) => new(
        x.Id, CmNumberRequestRecord.Number(x.RangeStart), CmNumberRequestRecord.Number(x.RangeEnd), x.RangeEnd - x.RangeStart + 1,
        x.ValidFrom, x.ValidTo);
}

/// <summary>One status a request can take: what it means, whether it is final, and where it may move next.</summary>
public sealed record CmNumberRequestStatusRecord(CmNumberRequestStatus Status, string Description, bool IsFinal, IReadOnlyList<CmNumberRequestStatus> Next)
{
    public static CmNumberRequestStatusRecord Of(NumberRequestStatus s) =>
        new(s.ToCm(), s.Describe(), s.IsFinal(), NumberRequestLifecycle.NextFrom(s).Select(n => n.ToCm()).ToArray());
}

/// <summary>The order restrictions of one country and number type: allowed quantities and range sizes.</summary>
public sealed record CmRequestRestrictionsRecord(
    string CountryCode, string NumberType, int MinQuantity, int MaxQuantity, bool RangesSupported, IReadOnlyList<int> RangeSizes)
{
    public static CmRequestRestrictionsRecord Of(string countryCode, string numberType, RequestRestrictions r) =>
        new(countryCode, numberType, r.MinQuantity, r.MaxQuantity, r.RangesSupported, r.RangeSizes);
}

/// <summary>The locale options of a country: cities (with their region and area codes), regions and area codes in stock.</summary>
public sealed record CmLocaleOptionsRecord(
    string CountryCode, bool IsNanpa, IReadOnlyList<CmCityRecord> Cities, IReadOnlyList<string> Regions, IReadOnlyList<string> AreaCodes);

/// <summary>A city in stock, its region (null outside NANPA stock that names none) and its area codes.</summary>
public sealed record CmCityRecord(string City, string? Region, IReadOnlyList<string> AreaCodes);

/// <summary>What a would-be request asks for, as checked, and how many numbers stock can serve it now.</summary>
public sealed record CmAvailabilityRecord(
    string CountryCode, string NumberType, string? AreaCode, string? City, string? Region, int Quantity, int? RangeSize, long Available,
    bool ImmediatelyFulfillable);

/// <summary>The account's Standard Webhooks secret, which signs every callback.</summary>
public sealed record CmWebhookSecretRecord(Guid AccountGuid, string WebhookSecret);

/// <summary>
/// One callback or e-mail sent (or being sent) for the account: its Standard Webhooks id, where it goes, how the last
/// attempt went, and the exact body. <c>nextAttempt</c> is set only while the delivery is pending.
/// </summary>
public sealed record CmDeliveryRecord(
    string WebhookId,
    CmDeliveryChannel Channel,
    string EventType,
    string? Destination,
    CmDeliveryStatus Status,
    int Attempts,
    int? LastStatusCode,
    string? LastError,
    DateTimeOffset Created,
    DateTimeOffset? Completed,
    DateTimeOffset? NextAttempt,
    string Body)
{
    public static CmDeliveryRecord Of(OutboxMessage m) => new(
        m.WebhookId, CmDeliveries.ChannelOf(m.Channel), m.EventType, m.Destination, CmDeliveries.StatusOf(m.Status), m.Attempts, m.LastStatusCode, m.LastError, m.CreatedAt, m.CompletedAt,
        m.Status == OutboxStatuses.Pending ? m.NextAttemptAt : null, m.Payload);
}

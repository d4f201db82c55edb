using System.Text.Json;
using NumberBlocks.Data.Outbox;
using NumberBlocks.Data.Requests;
using NumberBlocks.Domain.Numbering;

namespace NumberBlocks.Api.Cm;

/// <summary>camelCase JSON, nulls written (seed 003: id, start, validFrom, validTo "will be null").</summary>
public static class CmJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Instant(DateTimeOffset t) => Domain.Rfc3339.Format(t);
    public static string? Instant(DateTimeOffset? t) => Domain.Rfc3339.Format(t);
    public static string Number(long value) => E164Number.FromValue(value).ToString();
}

/// <summary>The wire shapes of the CM.com-compatible surface.</summary>
public static class CmViews
{
    /// <summary>
    /// A number request. Its own id is <c>numberRequestId</c>; the top-level <c>id</c>, <c>start</c>, <c>validFrom</c>
    /// and <c>validTo</c> describe the first assigned range and are null until numbers are assigned (seed 003);
    /// <c>numberRanges</c> lists every assigned range.
    /// </summary>
    public static object Request(NumberRequest r, IReadOnlyList<NumberRequestRange> ranges)
    {
        var first = ranges.Count > 0 ? ranges[0] : null;
        return new
        {
            numberRequestId = r.Id,
            accountGuid = r.AccountId,
            status = r.Status,
            statusReason = r.StatusReason,
            countryCode = r.CountryCode,
            numberType = r.NumberType,
            quantity = r.Quantity,
            rangeSize = r.RangeSize,
            assignedQuantity = r.AssignedCount,
            areaCode = r.AreaCode,
            city = r.City,
            region = r.Region,
            comment = r.Comment,
            callbackUrl = r.CallbackUrl,
            email = r.Email,
            companyProfileId = r.CompanyProfileId,
            created = CmJson.Instant(r.CreatedAt),
            updated = CmJson.Instant(r.UpdatedAt),
            id = first?.Id,
            start = first is null ? null : CmJson.Number(first.RangeStart),
            validFrom = CmJson.Instant(first?.ValidFrom),
            validTo = CmJson.Instant(first?.ValidTo),
            numberRanges = ranges.Select(Range).ToArray(),
        };
    }

    public static object Range(NumberRequestRange x) => new
    {
        id = x.Id,
        start = CmJson.Number(x.RangeStart),
        end = CmJson.Number(x.RangeEnd),
        quantity = x.RangeEnd - x.RangeStart + 1,
        validFrom = CmJson.Instant(x.ValidFrom),
        validTo = CmJson.Instant(x.ValidTo),
    };

    public static object Delivery(OutboxMessage m) => new
    {
        webhookId = m.WebhookId,
        channel = m.Channel,
        eventType = m.EventType,
        destination = m.Destination,
        status = m.Status,
        attempts = m.Attempts,
        lastStatusCode = m.LastStatusCode,
        lastError = m.LastError,
        created = CmJson.Instant(m.CreatedAt),
        completed = CmJson.Instant(m.CompletedAt),
        nextAttempt = m.Status == OutboxStatuses.Pending ? CmJson.Instant(m.NextAttemptAt) : null,
        body = m.Payload,
    };
}

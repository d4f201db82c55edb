using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Data.Entities;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Porting;

namespace NumberBlocks.Data.Porting;

/// <summary>
/// Porting events (Telnyx porting_event): recorded in the transaction of the change they report, and delivered as
/// webhooks through the outbox to the order's webhook_url, else the account's.
/// </summary>
public static class PortingEventOperations
{
    /// <summary>Telnyx's porting_order.status_changed payload.</summary>
    public static JsonObject StatusChangedPayload(PortingOrder order) => new()
    {
        ["id"] = order.Id.ToString(),
        ["customer_reference"] = order.CustomerReference,
        ["support_key"] = order.SupportKey,
        ["status"] = new JsonObject
        {
            ["value"] = order.Status.ToWire(),
            ["details"] = JsonNode.Parse(order.StatusDetailsJson) ?? new JsonArray(),
        },
        ["activation_settings"] = new JsonObject
        {
            ["foc_datetime_requested"] = Instant(order.FocDatetimeRequested),
            ["foc_datetime_actual"] = Instant(order.FocDatetimeActual),
        },
        ["updated_at"] = Instant(order.UpdatedAt),
        ["webhook_url"] = order.WebhookUrl,
    };

    /// <summary>Records one porting event, addressed to the order's webhook_url, else the account's.</summary>
    public static async Task<PortingEvent> RecordAsync(NumberBlocksDbContext db, PortingOrder order, string eventType, JsonObject payload,
        DateTimeOffset now, CancellationToken ct)
    {
        var url = order.WebhookUrl ?? await db.Accounts.Where(a => a.Id == order.AccountId).Select(a => a.WebhookUrl).FirstOrDefaultAsync(ct);
        var e = new PortingEvent
        {
            Id = Guid.CreateVersion7(now),
            AccountId = order.AccountId,
            PortingOrderId = order.Id,
            EventType = eventType,
            PayloadJson = payload.ToJsonString(),
            PayloadStatus = "completed",
            WebhookUrl = url,
            PublishCount = url is null ? 0 : 1,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.PortingEvents.Add(e);
        if (url is not null) Publish(db, e, url, now);
        return e;
    }

    /// <summary>Telnyx: republishing re-delivers the event's webhook (to where the order or account points now).</summary>
    public static async Task<Result<PortingEvent>> RepublishAsync(NumberBlocksDbContext db, Guid accountId, Guid eventId, DateTimeOffset now, CancellationToken ct)
    {
        var e = await db.PortingEvents.FirstOrDefaultAsync(x => x.Id == eventId && x.AccountId == accountId, ct);
        if (e is null) return DomainError.NotFound("Porting event");
        var orderUrl = await db.PortingOrders.Where(o => o.Id == e.PortingOrderId).Select(o => o.WebhookUrl).FirstOrDefaultAsync(ct);
        var url = orderUrl ?? await db.Accounts.Where(a => a.Id == accountId).Select(a => a.WebhookUrl).FirstOrDefaultAsync(ct);
        if (url is null)
            return new DomainError(ErrorCodes.InvalidValue,
                "Neither the porting order nor the account has a webhook_url; set one (PATCH /v2/porting_orders/{id}) before republishing.", null);
        e.WebhookUrl = url;
        e.PublishCount++;
        e.UpdatedAt = now;
        Publish(db, e, url, now);
        return e;
    }

    /// <summary>
    /// Queues the event's webhook in the outbox, in the caller's transaction: the outbox worker signs it with the
    /// account's secret (Standard Webhooks) and retries it. The body is Telnyx's webhook envelope.
    /// </summary>
    private static void Publish(NumberBlocksDbContext db, PortingEvent e, string url, DateTimeOffset now)
    {
        var body = new JsonObject
        {
            ["data"] = new JsonObject
            {
                ["event_type"] = e.EventType,
                ["id"] = e.Id.ToString(),
                ["occurred_at"] = Instant(e.CreatedAt),
                ["payload"] = JsonNode.Parse(e.PayloadJson),
                ["record_type"] = "event",
            },
            ["meta"] = new JsonObject { ["attempt"] = e.PublishCount, ["delivered_to"] = url },
        };
        Outbox.Outbox.EnqueueWebhook(db, e.AccountId, url, e.EventType, body.ToJsonString(), now);
    }

    private static string? Instant(DateTimeOffset? t) => Domain.Rfc3339.Format(t);
}

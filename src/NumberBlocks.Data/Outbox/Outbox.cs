namespace NumberBlocks.Data.Outbox;

/// <summary>
/// The enqueue side of the outbox: call these inside a <see cref="WriteTransaction"/> next to the change they report,
/// so the change and its notification commit together or not at all. Nothing is sent from here; the outbox worker
/// (NumberBlocks.Api/Callbacks) delivers, signs, retries for at least 24 h, and records the outcome.
/// <code>
/// await db.RunAsync(async ct =&gt; {
///     order.Status = "ported";
///     Outbox.EnqueueWebhook(db, order.AccountId, url, "porting_order.status_changed", json, now);
///     return order;
/// }, ct);
/// signal.Notify(); // optional (OutboxSignal in the Api): deliver now instead of at the next poll
/// </code>
/// </summary>
public static class Outbox
{
    /// <summary>
    /// Queues a webhook: POST <paramref name="payloadJson"/> to <paramref name="url"/>, signed with the account's
    /// webhook secret (Standard Webhooks). Check the URL first with the Api's outbound guard (OutboundGuard.CheckUrl); the worker checks
    /// the address it connects to again. Returns the message (its <see cref="OutboxMessage.WebhookId"/> is final).
    /// </summary>
    public static OutboxMessage EnqueueWebhook(NumberBlocksDbContext db, Guid accountId, string url, string eventType, string payloadJson, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventType);
        return Add(db, new OutboxMessage
        {
            Id = Guid.CreateVersion7(now),
            AccountId = accountId,
            Channel = OutboxChannels.Webhook,
            EventType = eventType,
            Destination = url,
            Payload = payloadJson,
            Status = OutboxStatuses.Pending,
            NextAttemptAt = now,
            CreatedAt = now,
            UpdatedAt = now,
        });
    }

    /// <summary>
    /// Queues an e-mail to <paramref name="to"/>. Without an SMTP server (or without an address) the worker marks it
    /// <see cref="OutboxStatuses.Recorded"/>, where the operator can read it.
    /// </summary>
    public static OutboxMessage EnqueueEmail(NumberBlocksDbContext db, Guid? accountId, string? to, string subject, string body, string eventType, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        return Add(db, new OutboxMessage
        {
            Id = Guid.CreateVersion7(now),
            AccountId = accountId,
            Channel = OutboxChannels.Email,
            EventType = eventType,
            Destination = string.IsNullOrWhiteSpace(to) ? null : to.Trim(),
            Subject = subject,
            Payload = body,
            Status = OutboxStatuses.Pending,
            NextAttemptAt = now,
            CreatedAt = now,
            UpdatedAt = now,
        });
    }

    private static OutboxMessage Add(NumberBlocksDbContext db, OutboxMessage message)
    {
        using var span = Telemetry.Source.StartActivity("outbox.enqueue");
        span?.SetTag("numberblocks.outbox.channel", message.Channel);
        span?.SetTag("numberblocks.outbox.event_type", message.EventType);
        span?.SetTag("numberblocks.outbox.message_id", message.WebhookId);
        // The enqueue span (or, unsampled, the caller's) is the parent of the delivery, however much later it runs.
        message.TraceParent = (span ?? System.Diagnostics.Activity.Current)?.Id;
        db.OutboxMessages.Add(message);
        Telemetry.OutboxEnqueued.Add(1, new KeyValuePair<string, object?>("channel", message.Channel));
        return message;
    }
}

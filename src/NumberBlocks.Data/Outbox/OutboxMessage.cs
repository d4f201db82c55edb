namespace NumberBlocks.Data.Outbox;

/// <summary>
/// One side effect waiting to happen (a signed webhook POST or an e-mail), written in the same transaction as the
/// change it reports and delivered later by the outbox worker. Its <see cref="Id"/> is the Standard Webhooks
/// <c>webhook-id</c> ("msg_" + id without dashes), the same on every retry.
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; set; }
    public Guid? AccountId { get; set; }
    /// <summary><see cref="OutboxChannels.Webhook"/> or <see cref="OutboxChannels.Email"/>.</summary>
    public required string Channel { get; set; }
    /// <summary>e.g. "number_request.status_changed", "porting_order.status_changed".</summary>
    public required string EventType { get; set; }
    /// <summary>The callback URL or the e-mail address; null for an e-mail with nowhere to go (recorded only).</summary>
    public string? Destination { get; set; }
    /// <summary>E-mail subject; null for webhooks.</summary>
    public string? Subject { get; set; }
    /// <summary>The exact bytes (UTF-8) POSTed and signed, or the e-mail's plain-text body.</summary>
    public required string Payload { get; set; }
    /// <summary>See <see cref="OutboxStatuses"/>.</summary>
    public required string Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    /// <summary>Set while one worker holds the message; only that holder may record the attempt's outcome.</summary>
    public Guid? LeaseToken { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    public string? LastError { get; set; }
    public int? LastStatusCode { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    /// <summary>The W3C traceparent of the span that enqueued it: the delivery's span continues that trace.</summary>
    public string? TraceParent { get; set; }

    /// <summary>The Standard Webhooks message id sent as <c>webhook-id</c>.</summary>
    public string WebhookId => WebhookIdOf(Id);

    public static string WebhookIdOf(Guid id) => "msg_" + id.ToString("N");
}

public static class OutboxChannels
{
    public const string Webhook = "webhook";
    public const string Email = "email";
}

public static class OutboxStatuses
{
    /// <summary>Waiting for its next attempt (possibly leased by a worker right now).</summary>
    public const string Pending = "pending";
    /// <summary>The receiver answered 2xx, or the SMTP server accepted the mail.</summary>
    public const string Delivered = "delivered";
    /// <summary>Given up: retried for the whole retry window, or refused (SSRF guard). Visible to the account.</summary>
    public const string Failed = "failed";
    /// <summary>An e-mail while no SMTP server is configured: kept for the operator to read.</summary>
    public const string Recorded = "recorded";

    public static readonly string[] All = [Pending, Delivered, Failed, Recorded];
}

using MailKit.Net.Smtp;
using MimeKit;
using System.Diagnostics;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NumberBlocks.Api.Http;
using NumberBlocks.Data;
using NumberBlocks.Data.Outbox;

namespace NumberBlocks.Api.Callbacks;

/// <summary>
/// Delivers due outbox messages: leases a batch, sends them concurrently (signed webhook POST or e-mail) and records
/// the outcomes together.
/// A 2xx within 15 s is delivered; anything else is retried per <see cref="RetryPolicy"/>; an SSRF refusal fails at once.
/// </summary>
public sealed class OutboxDispatcher : IDisposable
{
    public const string UserAgent = "NumberBlocks-Webhooks/1";

    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _clock;
    private readonly IOptionsMonitor<CallbackOptions> _options;
    private readonly IOptionsMonitor<SmtpOptions> _smtp;
    private readonly ILogger<OutboxDispatcher> _log;
    private readonly HttpClient _http;

    private readonly OutboundGuard _guard;

    public OutboxDispatcher(IServiceScopeFactory scopes, TimeProvider clock, IOptionsMonitor<CallbackOptions> options,
        IOptionsMonitor<SmtpOptions> smtp, OutboundGuard guard, ILogger<OutboxDispatcher> log)
    {
        _scopes = scopes;
        _clock = clock;
        _options = options;
        _smtp = smtp;
        _guard = guard;
        _log = log;
        // A redirect is not followed (it counts as a failed attempt); every address is checked at connect time.
        _http = new HttpClient(guard.CreateHandler(RetryPolicy.TimeoutFrom(options.CurrentValue))) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>
    /// One pass: leases up to <see cref="RoundsPerBatch"/> rounds of <see cref="CallbackOptions.MaxConcurrency"/> due
    /// messages (the lease covers every round plus <see cref="RetryPolicy.LeaseMargin"/>), looks up the signing secrets
    /// once, attempts the messages with at most MaxConcurrency in flight, and records all outcomes in one write
    /// transaction. Returns how many were attempted. If the process stops mid-pass, the outcomes already known are still
    /// recorded; attempts cut short keep their lease until it expires and are retried with the same webhook-id.
    /// </summary>
    public async Task<int> RunOnceAsync(CancellationToken stopping)
    {
        var options = _options.CurrentValue;
        var concurrency = Math.Max(1, options.MaxConcurrency);
        var timeout = RetryPolicy.TimeoutFrom(options);
        List<LeasedMessage> batch;
        Dictionary<Guid, string> secrets;
        await using (var scope = _scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NumberBlocksDbContext>();
            batch = await OutboxQueue.LeaseDueAsync(db, concurrency * RoundsPerBatch, _clock.GetUtcNow(),
                due => timeout * ((due + concurrency - 1) / concurrency) + RetryPolicy.LeaseMargin, stopping);
            if (batch.Count == 0) return 0;
            var accounts = batch.Where(m => m.Channel == OutboxChannels.Webhook && m.AccountId is not null).Select(m => m.AccountId!.Value).Distinct().ToList();
            secrets = accounts.Count == 0
                ? []
                : await db.Accounts.AsNoTracking().Where(a => accounts.Contains(a.Id) && a.WebhookSecret != null)
                    .ToDictionaryAsync(a => a.Id, a => a.WebhookSecret!, stopping);
        }

        var outcomes = new AttemptOutcome?[batch.Count];
        try
        {
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = stopping };
            await Parallel.ForEachAsync(Enumerable.Range(0, batch.Count), parallel, async (i, ct) => outcomes[i] = await AttemptAsync(batch[i], secrets, ct));
        }
        finally
        {
            await RecordAsync(outcomes.OfType<AttemptOutcome>().ToList());
        }
        return batch.Count;
    }

    /// <summary>Rounds of MaxConcurrency messages leased per pass: enough to amortise the lease and record transactions.</summary>
    private const int RoundsPerBatch = 4;

    /// <summary>
    /// One attempt, as a span that continues the trace of the request that enqueued the message (its stored W3C
    /// traceparent), so a trace runs from the request to the delivered callback; its outcome is counted.
    /// </summary>
    private async Task<AttemptOutcome?> AttemptAsync(LeasedMessage message, IReadOnlyDictionary<Guid, string> secrets, CancellationToken stopping)
    {
        ActivityContext.TryParse(message.TraceParent, null, isRemote: true, out var parent);
        using var span = Telemetry.Source.StartActivity("outbox.deliver", ActivityKind.Internal, parent);
        span?.SetTag("numberblocks.outbox.channel", message.Channel);
        span?.SetTag("numberblocks.outbox.event_type", message.EventType);
        span?.SetTag("numberblocks.outbox.message_id", message.WebhookId);
        span?.SetTag("numberblocks.outbox.attempt", message.Attempts);
        var result = await AttemptOnceAsync(message, secrets, stopping);
        if (result is not null)
        {
            var outcome = result.Status == OutboxStatuses.Pending ? "retry" : result.Status;
            span?.SetTag("numberblocks.outbox.outcome", outcome);
            if (result.StatusCode is { } code) span?.SetTag("http.response.status_code", code);
            if (outcome is "retry" or OutboxStatuses.Failed) span?.SetStatus(ActivityStatusCode.Error, result.Note);
            Telemetry.Deliveries.Add(1, new KeyValuePair<string, object?>("channel", message.Channel), new KeyValuePair<string, object?>("outcome", outcome));
        }
        return result;
    }

    private async Task<AttemptOutcome?> AttemptOnceAsync(LeasedMessage message, IReadOnlyDictionary<Guid, string> secrets, CancellationToken stopping)
    {
        Outcome outcome;
        try
        {
            outcome = message.Channel == OutboxChannels.Webhook
                ? await SendWebhookAsync(message, message.AccountId is { } a ? secrets.GetValueOrDefault(a) : null, stopping)
                : await SendEmailAsync(message, stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The process is stopping mid-attempt: leave the lease to expire, as after a crash; another worker retries
            // with the same webhook-id (at-least-once).
            return null;
        }

        var now = _clock.GetUtcNow();
        if (outcome.Final is { } status)
            return new AttemptOutcome(message, status, outcome.StatusCode, outcome.Note, now);
        if (outcome.Refused || RetryPolicy.NextAttempt(message.CreatedAt, message.Attempts, now, Random.Shared.NextDouble()) is not { } next)
        {
            _log.LogWarning("Outbox message {Id} ({Channel} {EventType}) failed for good after {Attempts} attempts: {Error}",
                message.WebhookId, message.Channel, message.EventType, message.Attempts, outcome.Note);
            return new AttemptOutcome(message, OutboxStatuses.Failed, outcome.StatusCode, outcome.Note ?? "failed", now);
        }
        return new AttemptOutcome(message, OutboxStatuses.Pending, outcome.StatusCode, outcome.Note ?? "failed", next);
    }

    /// <summary>All outcomes of a pass in one write transaction (never cancelled: the attempts already happened).</summary>
    private async Task RecordAsync(List<AttemptOutcome> outcomes)
    {
        if (outcomes.Count == 0) return;
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NumberBlocksDbContext>();
        var recorded = await OutboxQueue.RecordAsync(db, outcomes, _clock.GetUtcNow(), CancellationToken.None);
        foreach (var o in outcomes)
            if (!recorded.Contains(o.Message.Id))
                _log.LogWarning("Outbox message {Id}: lease lost before the outcome was recorded; another worker owns it now.", o.Message.WebhookId);
    }

    private readonly record struct Outcome(string? Final, int? StatusCode, string? Note, bool Refused = false);

    private async Task<Outcome> SendWebhookAsync(LeasedMessage message, string? secret, CancellationToken stopping)
    {
        if (secret is null) return new Outcome(null, null, "The message has no account to sign for.", Refused: true);
        if (message.Destination is null) return new Outcome(null, null, "The message has no callback URL.", Refused: true);
        // Checked again as when it was saved: a URL stored before a rule was added is refused now.
        var destination = _guard.CheckUrl(message.Destination, "/callback_url");
        if (destination.IsFailure) return new Outcome(null, null, $"The callback URL is refused: {destination.FirstError.Detail}", Refused: true);

        var timestamp = _clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, destination.Value)
        {
            Content = new StringContent(message.Payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("webhook-id", message.WebhookId);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("webhook-signature", WebhookSigner.Sign(secret, message.WebhookId, timestamp, message.Payload));
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);

        // The 15 s limit is a property of the network exchange, so it is measured in real time.
        var limit = RetryPolicy.TimeoutFrom(_options.CurrentValue);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(limit);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var code = (int)response.StatusCode;
            return code is >= 200 and < 300
                ? new Outcome(OutboxStatuses.Delivered, code, null)
                : new Outcome(null, code, code is >= 300 and < 400 ? $"The receiver answered {code}; redirects are not followed." : $"The receiver answered {code}.");
        }
        catch (HttpRequestException ex) when (ex.InnerException is OutboundRefusedException refused)
        {
            return new Outcome(null, null, $"The connection was refused by the outbound guard: {refused.Message}", Refused: true);
        }
        catch (HttpRequestException ex)
        {
            return new Outcome(null, null, $"The receiver could not be reached: {ex.Message}");
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return new Outcome(null, null, $"The receiver did not answer within {limit.TotalSeconds:0} s.");
        }
    }

    /// <summary>
    /// One e-mail through MailKit with the configured TLS mode. Its Message-ID is derived from the outbox id, so a retry
    /// after an answer lost on the way is recognisably the same mail. An unreachable or failing server is retried like
    /// a webhook; an address the server or MIME refuses outright is failed at once.
    /// </summary>
    private async Task<Outcome> SendEmailAsync(LeasedMessage message, CancellationToken stopping)
    {
        var smtp = _smtp.CurrentValue;
        if (string.IsNullOrWhiteSpace(smtp.Host))
            return new Outcome(OutboxStatuses.Recorded, null, "No SMTP server is configured (NumberBlocks:Smtp:Host); the e-mail is kept for the operator.");
        if (message.Destination is null)
            return new Outcome(OutboxStatuses.Recorded, null, "No e-mail address is known for this account or request; the e-mail is kept for the operator.");
        MimeMessage mail;
        try
        {
            mail = new MimeMessage { Subject = message.Subject ?? message.EventType, MessageId = $"{message.WebhookId}@numberblocks" };
            mail.From.Add(MailboxAddress.Parse(smtp.From));
            mail.To.Add(MailboxAddress.Parse(message.Destination));
            mail.Headers.Add("X-NumberBlocks-Message-Id", message.WebhookId);
            mail.Body = new TextPart("plain") { Text = message.Payload };
        }
        catch (ParseException ex)
        {
            return new Outcome(null, null, $"The e-mail address is not valid: {ex.Message}", Refused: true);
        }

        var limit = RetryPolicy.TimeoutFrom(_options.CurrentValue);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(limit);
        using var client = new MailKit.Net.Smtp.SmtpClient { Timeout = (int)limit.TotalMilliseconds, CheckCertificateRevocation = smtp.CheckCertificateRevocation };
        try
        {
            await client.ConnectAsync(smtp.Host, smtp.Port, smtp.SecureSocket, timeout.Token);
            if (!string.IsNullOrEmpty(smtp.UserName)) await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", timeout.Token);
            await client.SendAsync(mail, timeout.Token);
            await client.DisconnectAsync(quit: true, timeout.Token);
            return new Outcome(OutboxStatuses.Delivered, null, null);
        }
        catch (SmtpCommandException ex) when (ex.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.SenderNotAccepted
                                               && (int)ex.StatusCode >= 500)
        {
            return new Outcome(null, (int)ex.StatusCode, $"The SMTP server refused the mail for good: {(int)ex.StatusCode} {ex.Message}", Refused: true);
        }
        catch (Exception ex) when (ex is SmtpCommandException or SmtpProtocolException or MailKit.Security.AuthenticationException
                                       or MailKit.Security.SslHandshakeException or System.Net.Sockets.SocketException or IOException
                                       or NotSupportedException) // STARTTLS required but not offered
        {
            return new Outcome(null, ex is SmtpCommandException command ? (int)command.StatusCode : null,
                $"The SMTP server refused or could not be reached: {ex.Message}");
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return new Outcome(null, null, $"The SMTP server did not finish within {limit.TotalSeconds:0} s.");
        }
    }

    public void Dispose() => _http.Dispose();
}

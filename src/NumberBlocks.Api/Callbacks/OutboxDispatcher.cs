using MailKit.Net.Smtp;
using MimeKit;
using System.Diagnostics;
using System.Text;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NumberBlocks.Api.Http;
using NumberBlocks.Data;
using NumberBlocks.Data.Outbox;

namespace NumberBlocks.Api.Callbacks;

/// <summary>
/// Delivers due outbox messages through a pipeline: leased in batches, sent concurrently (signed webhook POST or
/// e-mail), the outcomes recorded in batches.
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
    /// One pass, as a pipeline: a leaser keeps a bounded queue of leased messages filled (leasing
    /// <see cref="RoundsPerBatch"/> rounds of <see cref="CallbackOptions.MaxConcurrency"/> at a time, with their signing
    /// secrets, whenever less than one round is left queued); MaxConcurrency senders each take the next message and
    /// attempt it; a recorder writes the outcomes in batches of up to <see cref="RecordBatch"/>. The pass ends when a
    /// lease finds nothing due and everything leased has been attempted and recorded (false: wait for the signal or the
    /// poll interval), or after <see cref="PassLength"/> (true: more may be due; the worker beats and starts another).
    /// A message is sent only while its lease has at least one attempt timeout left, so an attempt never outlives the
    /// lease it was made under; one that waited in the queue longer is left to expire and be leased again.
    /// If the process stops mid-pass, the outcomes already known are still recorded; attempts cut short and messages
    /// still queued keep their lease until it expires and are retried with the same webhook-id (at-least-once).
    /// </summary>
    public async Task<bool> RunOnceAsync(CancellationToken stopping)
    {
        var options = _options.CurrentValue;
        var concurrency = Math.Max(1, options.MaxConcurrency);
        var timeout = RetryPolicy.TimeoutFrom(options);
        var batchSize = concurrency * RoundsPerBatch;
        // The leaser writes a batch only when at most one round is queued, so a batch never waits for room.
        var queue = Channel.CreateBounded<Leased>(new BoundedChannelOptions(batchSize + concurrency) { SingleWriter = true });
        var outcomes = Channel.CreateUnbounded<AttemptOutcome>(new UnboundedChannelOptions { SingleReader = true });
        using var taken = new SemaphoreSlim(0);
        using var pass = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var outstanding = 0; // leased by this pass and not yet attempted (queued or in flight)
        Exception? failure = null;
        void Fail(Exception ex)
        {
            Interlocked.CompareExchange(ref failure, ex, null);
            pass.Cancel();
        }

        async Task<bool> LeaseLoopAsync()
        {
            try
            {
                await using var scope = _scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<NumberBlocksDbContext>();
                var started = _clock.GetTimestamp();
                while (!pass.IsCancellationRequested)
                {
                    while (queue.Reader.Count > concurrency) await taken.WaitAsync(pass.Token);
                    if (_clock.GetElapsedTime(started) >= PassLength) return true;
                    // Everything this worker already holds goes first: the new leases are sized to wait for it.
                    var terms = new LeaseTerms(timeout, concurrency, Volatile.Read(ref outstanding), RetryPolicy.LeaseMargin);
                    var batch = await OutboxQueue.LeaseDueAsync(db, batchSize, _clock.GetUtcNow(), terms, pass.Token);
                    if (batch.Count == 0) return false;
                    var secrets = await SecretsAsync(db, batch, pass.Token);
                    Interlocked.Add(ref outstanding, batch.Count);
                    foreach (var message in batch)
                        await queue.Writer.WriteAsync(new Leased(message, message.AccountId is { } a ? secrets.GetValueOrDefault(a) : null), pass.Token);
                }
                return false;
            }
            catch (OperationCanceledException) when (pass.IsCancellationRequested)
            {
                return false;
            }
            finally
            {
                // The senders still attempt what is queued: those leases are held.
                queue.Writer.TryComplete();
            }
        }

        async Task SendLoopAsync()
        {
            try
            {
                await foreach (var item in queue.Reader.ReadAllAsync(pass.Token))
                {
                    taken.Release();
                    try
                    {
                        if (item.Message.LeaseUntil - _clock.GetUtcNow() < timeout)
                        {
                            _log.LogWarning("Outbox message {Id}: its lease ran short while it was queued; it is not sent now and will be leased again.",
                                item.Message.WebhookId);
                            continue;
                        }
                        if (await AttemptAsync(item.Message, item.Secret, pass.Token) is { } outcome)
                            outcomes.Writer.TryWrite(outcome);
                    }
                    finally
                    {
                        Interlocked.Decrement(ref outstanding);
                    }
                }
            }
            catch (OperationCanceledException) when (pass.IsCancellationRequested)
            {
                // Stopping: what is still queued keeps its lease until it expires.
            }
        }

        async Task RecordLoopAsync()
        {
            await using var scope = _scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<NumberBlocksDbContext>();
            var batch = new List<AttemptOutcome>(RecordBatch);
            // Never cancelled: the attempts already happened, so their outcomes are recorded even while stopping.
            while (await outcomes.Reader.WaitToReadAsync(CancellationToken.None))
            {
                // Outcomes that arrive within a few milliseconds share one write transaction; the wait is real time,
                // as it only trades latency for fewer transactions.
                var linger = Stopwatch.StartNew();
                while (batch.Count < RecordBatch)
                {
                    if (outcomes.Reader.TryRead(out var outcome)) { batch.Add(outcome); continue; }
                    var left = RecordLinger - linger.Elapsed;
                    if (left <= TimeSpan.Zero) break;
                    var more = outcomes.Reader.WaitToReadAsync(CancellationToken.None).AsTask();
                    if (await Task.WhenAny(more, Task.Delay(left, CancellationToken.None)) != more || !await more) break;
                }
                try
                {
                    await RecordAsync(db, batch);
                }
                catch (Exception ex)
                {
                    // Those attempts are made again once their leases expire (at-least-once); the pass stops.
                    Fail(ex);
                    throw;
                }
                batch.Clear();
            }
        }

        var recorder = Task.Run(RecordLoopAsync, CancellationToken.None);
        var senders = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            try { await SendLoopAsync(); }
            catch (Exception ex) { Fail(ex); }
        }, CancellationToken.None)).ToArray();
        var more = false;
        try
        {
            more = await Task.Run(LeaseLoopAsync, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // A failed lease stops the leasing only: what is already queued is still attempted and recorded.
            Interlocked.CompareExchange(ref failure, ex, null);
        }
        await Task.WhenAll(senders);
        outcomes.Writer.TryComplete();
        try
        {
            await recorder;
        }
        catch (Exception ex)
        {
            Interlocked.CompareExchange(ref failure, ex, null);
        }
        if (Volatile.Read(ref failure) is { } failed) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failed);
        stopping.ThrowIfCancellationRequested();
        return more;
    }

    /// <summary>A leased message with the secret to sign it with (null: the account has none, and it is refused).</summary>
    private readonly record struct Leased(LeasedMessage Message, string? Secret);

    /// <summary>Rounds of MaxConcurrency messages leased at a time: enough to amortise the lease statement.</summary>
    private const int RoundsPerBatch = 4;

    /// <summary>Outcomes written in one statement (one transaction on SQLite) at most.</summary>
    private const int RecordBatch = 128;

    /// <summary>How long the recorder waits for more outcomes to share a write with.</summary>
    private static readonly TimeSpan RecordLinger = TimeSpan.FromMilliseconds(5);

    /// <summary>How long one pass leases before it ends, so the worker beats its heartbeat under sustained load.</summary>
    public static readonly TimeSpan PassLength = PollingWorker.PassBudget / 5;

    private static async Task<Dictionary<Guid, string>> SecretsAsync(NumberBlocksDbContext db, List<LeasedMessage> batch, CancellationToken ct)
    {
        var accounts = batch.Where(m => m.Channel == OutboxChannels.Webhook && m.AccountId is not null).Select(m => m.AccountId!.Value).Distinct().ToList();
        return accounts.Count == 0
            ? []
            : await db.Accounts.AsNoTracking().Where(a => accounts.Contains(a.Id) && a.WebhookSecret != null)
                .ToDictionaryAsync(a => a.Id, a => a.WebhookSecret!, ct);
    }

    /// <summary>
    /// One attempt, as a span that continues the trace of the request that enqueued the message (its stored W3C
    /// traceparent), so a trace runs from the request to the delivered callback; its outcome is counted.
    /// </summary>
    private async Task<AttemptOutcome?> AttemptAsync(LeasedMessage message, string? secret, CancellationToken stopping)
    {
        ActivityContext.TryParse(message.TraceParent, null, isRemote: true, out var parent);
        using var span = Telemetry.Source.StartActivity("outbox.deliver", ActivityKind.Internal, parent);
        span?.SetTag("numberblocks.outbox.channel", message.Channel);
        span?.SetTag("numberblocks.outbox.event_type", message.EventType);
        span?.SetTag("numberblocks.outbox.message_id", message.WebhookId);
        span?.SetTag("numberblocks.outbox.attempt", message.Attempts);
        var result = await AttemptOnceAsync(message, secret, stopping);
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

    private async Task<AttemptOutcome?> AttemptOnceAsync(LeasedMessage message, string? secret, CancellationToken stopping)
    {
        Outcome outcome;
        try
        {
            outcome = message.Channel == OutboxChannels.Webhook
                ? await SendWebhookAsync(message, secret, stopping)
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

    /// <summary>A batch of outcomes in one write transaction (never cancelled: the attempts already happened).</summary>
    private async Task RecordAsync(NumberBlocksDbContext db, List<AttemptOutcome> outcomes)
    {
        if (outcomes.Count == 0) return;
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

using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Callbacks;
using NumberBlocks.Api.Http;
using NumberBlocks.Api.Telnyx;
using NumberBlocks.Data;
using NumberBlocks.Data.Entities;
using NumberBlocks.Data.Outbox;
using NumberBlocks.Data.Requests;
using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Api.Admin;

/// <summary>
/// The operator's view of the outbox (every webhook and e-mail, including e-mails recorded because no SMTP server is
/// configured) and of accounts' notification settings: webhook secret (read, rotate) and e-mail address.
/// </summary>
public static class OutboxAdminApi
{
    public static RouteGroupBuilder MapOutboxAdmin(this RouteGroupBuilder admin)
    {
        var outbox = admin.MapGroup("/outbox").WithTags("Operator: outbox");
        outbox.MapGet("", List).WithName("AdminListOutbox");
        outbox.MapGet("/{id}", Get).WithName("AdminGetOutboxMessage");
        outbox.MapPost("/{id}/redeliver", Redeliver).WithName("AdminRedeliverOutboxMessage");

        var accounts = admin.MapGroup("/accounts").WithTags("Operator: accounts");
        accounts.MapGet("/{id}/webhook_secret", GetSecret).WithName("AdminGetWebhookSecret");
        accounts.MapPost("/{id}/webhook_secret/rotate", RotateSecret).WithName("AdminRotateWebhookSecret");
        accounts.MapPut("/{id}/notification_email", SetEmail).WithName("AdminSetNotificationEmail");
        return admin;
    }

    /// <summary>Query: filter[status], filter[channel], filter[account_id], page[number], page[size]. Newest first.</summary>
    public static async Task<IResult> List(HttpContext http, NumberBlocksDbContext db, CancellationToken ct)
    {
        var q = http.Request.Query;
        var page = TelnyxQuery.Page(q);
        if (page.IsFailure) return AdminErrors.ToResult(page.Errors);
        var statuses = TelnyxQuery.EnumFilter(q, "status", OutboxStatuses.All);
        if (statuses.IsFailure) return AdminErrors.ToResult(statuses.Errors);
        var channels = TelnyxQuery.EnumFilter(q, "channel", [OutboxChannels.Webhook, OutboxChannels.Email]);
        if (channels.IsFailure) return AdminErrors.ToResult(channels.Errors);
        var accounts = TelnyxQuery.UuidFilter(q, "account_id");
        if (accounts.IsFailure) return AdminErrors.ToResult(accounts.Errors);

        var query = db.OutboxMessages.AsNoTracking();
        if (statuses.Value is { } s) query = query.Where(m => s.Contains(m.Status));
        if (channels.Value is { } c) query = query.Where(m => c.Contains(m.Channel));
        if (accounts.Value is { } a) query = query.Where(m => m.AccountId != null && a.Contains(m.AccountId.Value));
        var total = await query.LongCountAsync(ct);
        var rows = await query.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Skip(page.Value.Skip).Take(page.Value.Size).ToListAsync(ct);
        return Results.Json(new { data = rows.Select(m => View(m, includePayload: false)).ToArray(), meta = page.Value.Meta(total) }, TelnyxJson.Options);
    }

    public static async Task<IResult> Get(string id, NumberBlocksDbContext db, CancellationToken ct)
    {
        var message = Guid.TryParseExact(id, "D", out var mid) ? await db.OutboxMessages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == mid, ct) : null;
        return message is null
            ? AdminErrors.ToResult(DomainError.NotFound("Outbox message"))
            : Results.Json(new { data = View(message, includePayload: true) }, TelnyxJson.Options);
    }

    /// <summary>A failed delivery goes back to pending, due now, keeping its webhook-id (issue 9); 422 naming /status for any other status (like an illegal status move).</summary>
    public static async Task<IResult> Redeliver(string id, NumberBlocksDbContext db, TimeProvider clock, OutboxSignal signal, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var mid)) return AdminErrors.ToResult(DomainError.NotFound("Outbox message"));
        var result = await OutboxRedelivery.RedeliverAsync(db, mid, clock.GetUtcNow(), ct);
        if (result.IsFailure) return AdminErrors.ToResult(result.Errors);
        signal.Notify();
        return Results.Json(new { data = View(result.Value, includePayload: false) }, TelnyxJson.Options);
    }

    public static async Task<IResult> GetSecret(string id, NumberBlocksDbContext db, CancellationToken ct)
    {
        var account = Guid.TryParseExact(id, "D", out var accountId) ? await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == accountId, ct) : null;
        return account is null ? AccountNotFound() : Results.Json(new { data = SecretView(account) }, TelnyxJson.Options);
    }

    public static async Task<IResult> RotateSecret(string id, NumberBlocksDbContext db, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var accountId)) return AccountNotFound();
        var result = await WebhookSecrets.RotateAsync(db, accountId, ct);
        return result.IsFailure ? AdminErrors.ToResult(result.Errors) : Results.Json(new { data = SecretView(result.Value) }, TelnyxJson.Options);
    }

    /// <summary>Body: {"email": "ops@example.com"} or {"email": null} to clear it.</summary>
    public static async Task<IResult> SetEmail(string id, HttpContext http, NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var accountId)) return AccountNotFound();
        var body = await JsonInput.ReadBodyAsync(http.Request, ct);
        if (body.IsFailure) return AdminErrors.ToResult(body.Errors);
        var input = new JsonInput();
        if (!input.RequireObject(body.Value, "")) return AdminErrors.ToResult(input.Errors);
        if (input.Property(body.Value, "email") is null) input.Add(DomainError.Required("/email"));
        var email = input.String(body.Value, "email", "/email", maxLength: 320);
        if (email is not null && !EmailAddress.IsValid(email))
            input.Add(new DomainError(ErrorCodes.InvalidValue, "email must be an e-mail address such as ops@example.com.", "/email"));
        if (input.HasErrors) return AdminErrors.ToResult(input.Errors);

        var now = clock.GetUtcNow();
        var result = await db.RunAsync<AccountNotificationSetting>(async c =>
        {
            if (!await db.Accounts.AnyAsync(a => a.Id == accountId, c)) return DomainError.NotFound("Account");
            var row = await db.AccountNotificationSettings.FirstOrDefaultAsync(s => s.AccountId == accountId, c);
            if (row is null) db.AccountNotificationSettings.Add(row = new AccountNotificationSetting { AccountId = accountId });
            row.Email = email?.Trim();
            row.UpdatedAt = now;
            return row;
        }, ct);
        return result.IsFailure
            ? AdminErrors.ToResult(result.Errors)
            : Results.Json(new { data = new { account_id = accountId, email = result.Value.Email } }, TelnyxJson.Options);
    }

    private static object SecretView(Account a) => new { account_id = a.Id, webhook_secret = a.WebhookSecret };

    public static object View(OutboxMessage m, bool includePayload) => new
    {
        id = m.Id,
        webhook_id = m.WebhookId,
        account_id = m.AccountId,
        channel = m.Channel,
        event_type = m.EventType,
        destination = m.Destination,
        subject = m.Subject,
        status = m.Status,
        attempts = m.Attempts,
        next_attempt_at = m.Status == OutboxStatuses.Pending ? TelnyxJson.Instant(m.NextAttemptAt) : null,
        last_status_code = m.LastStatusCode,
        last_error = m.LastError,
        created_at = TelnyxJson.Instant(m.CreatedAt),
        completed_at = TelnyxJson.Instant(m.CompletedAt),
        payload = includePayload ? m.Payload : null,
    };

    private static IResult AccountNotFound() => AdminErrors.ToResult(DomainError.NotFound("Account"));
}

/// <summary>Reading and rotating an account's Standard Webhooks secret; rotation takes effect for the next attempt of every message.</summary>
public static class WebhookSecrets
{
    public static async Task<Result<Account>> RotateAsync(NumberBlocksDbContext db, Guid accountId, CancellationToken ct) =>
        await db.RunAsync<Account>(async c =>
        {
            var account = await db.Accounts.FirstOrDefaultAsync(a => a.Id == accountId, c);
            if (account is null) return DomainError.NotFound("Account");
            account.WebhookSecret = WebhookSigner.NewSecret();
            return account;
        }, ct);
}

/// <summary>A deliberately simple e-mail address check: one @, something on both sides, no spaces or angle brackets.</summary>
public static class EmailAddress
{
    public static bool IsValid(string text)
    {
        var at = text.IndexOf('@');
        return at > 0 && at == text.LastIndexOf('@') && at < text.Length - 1 && text.IndexOfAny([' ', '<', '>', ',', ';', '\r', '\n']) < 0
            && text[(at + 1)..].Contains('.');
    }
}

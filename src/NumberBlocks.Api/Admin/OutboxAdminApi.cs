using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Callbacks;
using NumberBlocks.Api.Http;
using NumberBlocks.Data;
using NumberBlocks.Data.Entities;
using NumberBlocks.Data.Outbox;
using NumberBlocks.Data.Requests;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Outbound;

namespace NumberBlocks.Api.Admin;

/// <summary>
/// The operator's view of the outbox (every webhook and e-mail, including e-mails recorded because no SMTP server is
/// configured) and of accounts' notification settings: webhook secret (read, rotate) and e-mail address.
/// </summary>
public static class OutboxAdminApi
{
    public static RouteGroupBuilder MapOutboxAdmin(this RouteGroupBuilder admin)
    {
        var outbox = admin.MapGroup("/outbox").WithTags(AdminSurface.OutboxTag);
        outbox.MapGet("", List).WithName("AdminListOutbox")
            .WithSummary("List outbox messages")
            .WithDescription("Every webhook and e-mail the service sent or will send, newest first, without payloads: filter[status] (pending, " +
                "delivered, failed, recorded), filter[channel] (webhook, email), filter[account_id], page[number], page[size].");
        outbox.MapGet("/{id}", Get).WithName("AdminGetOutboxMessage")
            .WithSummary("Get an outbox message")
            .WithDescription("One message with its payload: the exact bytes POSTed and signed, or the e-mail's text.");
        outbox.MapPost("/{id}/redeliver", Redeliver).WithName("AdminRedeliverOutboxMessage")
            .WithSummary("Redeliver a failed message")
            .WithDescription("Puts a failed message back to pending, due now, keeping its webhook-id so the receiver can tell a repeat. " +
                "Any other status is refused with 422 naming /status, like an illegal status move.");

        var accounts = admin.MapGroup("/accounts").WithTags(AdminSurface.AccountsTag);
        accounts.MapGet("/{id}/webhook_secret", GetSecret).WithName("AdminGetWebhookSecret")
            .WithSummary("Get an account's webhook secret")
            .WithDescription("The Standard Webhooks secret (whsec_…) the account's callbacks are signed with, for the operator to hand over.");
        accounts.MapPost("/{id}/webhook_secret/rotate", RotateSecret).WithName("AdminRotateWebhookSecret")
            .WithSummary("Rotate an account's webhook secret")
            .WithDescription("Replaces the secret; the next attempt of every message, pending ones included, is signed with the new one.");
        accounts.MapPut("/{id}/notification_email", SetEmail).WithName("AdminSetNotificationEmail")
            .WithSummary("Set an account's notification e-mail")
            .WithDescription("Where the account's notifications are e-mailed when a request names no address of its own; null clears it. email must be sent.")
            .WithRequestExample(new SetNotificationEmailRequest { Email = "noc@example.com" });
        return admin;
    }

    public static async Task<Results<Ok<AdminList<OutboxMessageRecord>>, AdminProblem>> List(HttpContext http, NumberBlocksDbContext db, CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query);
        var page = AdminQuery.Page(q);
        var statuses = AdminQuery.EnumFilter(q, "status", OutboxStatuses.All);
        var channels = AdminQuery.EnumFilter(q, "channel", [OutboxChannels.Webhook, OutboxChannels.Email]);
        var accounts = AdminQuery.UuidFilter(q, "account_id");
        if (AdminQuery.Refusals(q) is { } refused) return refused;

        var query = db.OutboxMessages.AsNoTracking();
        if (statuses is not null) query = query.Where(m => statuses.Contains(m.Status));
        if (channels is not null) query = query.Where(m => channels.Contains(m.Channel));
        if (accounts is not null) query = query.Where(m => m.AccountId != null && accounts.Contains(m.AccountId.Value));
        var total = await query.LongCountAsync(ct);
        var rows = await query.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Skip(page.Skip).Take(page.Size).ToListAsync(ct);
        return TypedResults.Ok(new AdminList<OutboxMessageRecord>(rows.Select(m => View(m, includePayload: false)).ToList(), AdminPageMeta.Of(page, total)));
    }

    public static async Task<Results<Ok<AdminData<OutboxMessageRecord>>, AdminProblem>> Get(string id, NumberBlocksDbContext db, CancellationToken ct)
    {
        var message = Guid.TryParseExact(id, "D", out var mid) ? await db.OutboxMessages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == mid, ct) : null;
        return message is null ? MessageNotFound() : TypedResults.Ok(new AdminData<OutboxMessageRecord>(View(message, includePayload: true)));
    }

    public static async Task<Results<Ok<AdminData<OutboxMessageRecord>>, AdminProblem>> Redeliver(string id, NumberBlocksDbContext db, TimeProvider clock,
        OutboxSignal signal, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var mid)) return MessageNotFound();
        var result = await OutboxRedelivery.RedeliverAsync(db, mid, clock.GetUtcNow(), ct);
        if (result.IsFailure) return new AdminProblem(result.Errors);
        signal.Notify();
        return TypedResults.Ok(new AdminData<OutboxMessageRecord>(View(result.Value, includePayload: false)));
    }

    public static async Task<Results<Ok<AdminData<WebhookSecretRecord>>, AdminProblem>> GetSecret(string id, NumberBlocksDbContext db, CancellationToken ct)
    {
        var account = Guid.TryParseExact(id, "D", out var accountId) ? await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == accountId, ct) : null;
        return account is null ? AccountsAdminApi.AccountNotFound() : TypedResults.Ok(new AdminData<WebhookSecretRecord>(SecretView(account)));
    }

    public static async Task<Results<Ok<AdminData<WebhookSecretRecord>>, AdminProblem>> RotateSecret(string id, NumberBlocksDbContext db, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var accountId)) return AccountsAdminApi.AccountNotFound();
        var result = await WebhookSecrets.RotateAsync(db, accountId, ct);
        return result.IsFailure ? new AdminProblem(result.Errors) : TypedResults.Ok(new AdminData<WebhookSecretRecord>(SecretView(result.Value)));
    }

    public static async Task<Results<Ok<AdminData<NotificationEmailRecord>>, AdminProblem>> SetEmail(string id, JsonBody<SetNotificationEmailRequest> body,
        NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var accountId)) return AccountsAdminApi.AccountNotFound();
        if (body.Result.IsFailure) return new AdminProblem(body.Result.Errors);
        var fields = new AdminFields();
        if (!body.Result.Value.IsGiven) fields.Add(DomainError.Required("/email"));
        var email = fields.Text(body.Result.Value.Email, "/email", EmailAddress.MaxLength);
        if (email is not null && !EmailAddress.IsValid(email))
            fields.Add(new DomainError(ErrorCodes.InvalidValue, "email must be an e-mail address such as ops@example.com.", "/email"));
        if (fields.HasErrors) return new AdminProblem(fields.Errors);

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
            ? new AdminProblem(result.Errors)
            : TypedResults.Ok(new AdminData<NotificationEmailRecord>(new NotificationEmailRecord(accountId, result.Value.Email)));
    }

    private static WebhookSecretRecord SecretView(Account a) => new(a.Id, a.WebhookSecret);

    public static OutboxMessageRecord View(OutboxMessage m, bool includePayload) => new(
        m.Id,
        m.WebhookId,
        m.AccountId,
        m.Channel,
        m.EventType,
        m.Destination,
        m.Subject,
        m.Status,
        m.Attempts,
        m.Status == OutboxStatuses.Pending ? m.NextAttemptAt : null,
        m.LastStatusCode,
        m.LastError,
        m.CreatedAt,
        m.CompletedAt,
        includePayload ? m.Payload : null);

    private static AdminProblem MessageNotFound() => DomainError.NotFound("Outbox message");
}

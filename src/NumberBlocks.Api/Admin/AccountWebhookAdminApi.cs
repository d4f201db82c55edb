using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Http;
using NumberBlocks.Data;
using NumberBlocks.Data.Entities;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Outbound;

namespace NumberBlocks.Api.Admin;

/// <summary>
/// The account's webhook_url: where porting events go when an order names no webhook_url of its own (Telnyx lets a
/// customer set notifications for all orders or per order; the account-wide one is set by the operator here).
/// </summary>
public static class AccountWebhookAdminApi
{
    public static RouteGroupBuilder MapAccountWebhookAdmin(this RouteGroupBuilder admin)
    {
        admin.MapPut("/accounts/{id}/webhook_url", Set).WithTags(AdminSurface.AccountsTag).WithName("AdminSetAccountWebhookUrl")
            .WithSummary("Set an account's webhook URL")
            .WithDescription("Sets where the account's porting events are delivered when an order names no webhook_url of its own; " +
                "null clears it. The URL passes the outbound guard (https, or an allowed host; no private or special-purpose addresses). " +
                "webhook_url must be sent.")
            .WithRequestExample(new SetWebhookUrlRequest { WebhookUrl = "https://hooks.example.com/porting" });
        return admin;
    }

    public static async Task<Results<Ok<AdminData<AccountWebhookUrlRecord>>, AdminProblem>> Set(string id, JsonBody<SetWebhookUrlRequest> body,
        NumberBlocksDbContext db, OutboundGuard guard, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var accountId)) return AccountsAdminApi.AccountNotFound();
        if (body.Result.IsFailure) return new AdminProblem(body.Result.Errors);
        var fields = new AdminFields();
        if (!body.Result.Value.IsGiven) fields.Add(DomainError.Required("/webhook_url"));
        var url = fields.Text(body.Result.Value.WebhookUrl, "/webhook_url", OutboundUrl.MaxLength);
        if (url is not null)
        {
            var checkedUrl = guard.CheckUrl(url, "/webhook_url");
            if (checkedUrl.IsFailure) fields.AddRange(checkedUrl.Errors);
            else url = checkedUrl.Value.OriginalString;
        }
        if (fields.HasErrors) return new AdminProblem(fields.Errors);

        var result = await db.RunAsync<Account>(async c =>
        {
            var account = await db.Accounts.FirstOrDefaultAsync(a => a.Id == accountId, c);
            if (account is null) return DomainError.NotFound("Account");
            account.WebhookUrl = url;
            return account;
        }, ct);
        if (result.IsFailure) return new AdminProblem(result.Errors);
        return TypedResults.Ok(new AdminData<AccountWebhookUrlRecord>(new AccountWebhookUrlRecord(result.Value.Id, result.Value.Name, result.Value.WebhookUrl)));
    }
}

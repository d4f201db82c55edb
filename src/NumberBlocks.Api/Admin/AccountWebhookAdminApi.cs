using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Http;
using NumberBlocks.Api.Telnyx;
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
        admin.MapPut("/accounts/{id}/webhook_url", Set).WithTags("Operator: accounts").WithName("AdminSetAccountWebhookUrl");
        return admin;
    }

    /// <summary>Body: {"webhook_url": "https://example.com/porting"} or {"webhook_url": null} to clear it.</summary>
    public static async Task<IResult> Set(string id, HttpContext http, NumberBlocksDbContext db, OutboundGuard guard, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var accountId)) return AdminErrors.ToResult(DomainError.NotFound("Account"));
        var body = await JsonInput.ReadBodyAsync(http.Request, ct);
        if (body.IsFailure) return AdminErrors.ToResult(body.Errors);
        var input = new JsonInput();
        if (!input.RequireObject(body.Value, "")) return AdminErrors.ToResult(input.Errors);
        if (!body.Value.TryGetProperty("webhook_url", out _)) input.Add(DomainError.Required("/webhook_url"));
        var url = input.String(body.Value, "webhook_url", "/webhook_url", maxLength: OutboundUrl.MaxLength);
        if (url is not null)
        {
            var checkedUrl = guard.CheckUrl(url, "/webhook_url");
            if (checkedUrl.IsFailure) input.AddRange(checkedUrl.Errors);
            else url = checkedUrl.Value.OriginalString;
        }
        if (input.HasErrors) return AdminErrors.ToResult(input.Errors);

        var result = await db.RunAsync<Account>(async c =>
        {
            var account = await db.Accounts.FirstOrDefaultAsync(a => a.Id == accountId, c);
            if (account is null) return DomainError.NotFound("Account");
            account.WebhookUrl = url;
            return account;
        }, ct);
        if (result.IsFailure) return AdminErrors.ToResult(result.Errors);
        return Results.Json(new { data = new { id = result.Value.Id, name = result.Value.Name, webhook_url = result.Value.WebhookUrl } }, TelnyxJson.Options);
    }
}

using Microsoft.EntityFrameworkCore;
using NumberBlocks.Data;
using NumberBlocks.Data.Entities;
using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Api.Callbacks;

/// <summary>
/// Rotating an account's Standard Webhooks secret, for every surface that offers it: the new secret signs the next
/// attempt of every message, pending ones included.
/// </summary>
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

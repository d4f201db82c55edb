using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Auth;
using NumberBlocks.Api.Callbacks;
using NumberBlocks.Data;
using NumberBlocks.Data.Entities;
using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Api.Console;

/// <summary>A key as it is shown once: the whole key, and the row it is stored as (its prefix and hash only).</summary>
public sealed record IssuedApiKey(ApiKey Row, string Key);

/// <summary>
/// The console's writes on accounts and their keys, the same rows the operator API writes: an account with its webhook
/// secret and first key; a key issued, revoked (kept, with its revocation time) or rotated (a new key and the old one
/// revoked in one transaction, so there is no moment with neither).
/// </summary>
public static class ConsoleAccounts
{
    public const int MaxNameLength = 200;

    public static async Task<Result<(Account Account, IssuedApiKey Key)>> CreateAsync(NumberBlocksDbContext db, string? name, DateTimeOffset now, CancellationToken ct)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed)) return DomainError.Required("/name") with { Detail = "Give the account a name." };
        if (trimmed.Length > MaxNameLength)
            return new DomainError(ErrorCodes.InvalidValue, $"The name is longer than {MaxNameLength} characters.", "/name");
        var account = new Account { Id = Guid.CreateVersion7(now), Name = trimmed, CreatedAt = now, WebhookSecret = WebhookSigner.NewSecret() };
        return await db.RunAsync<(Account, IssuedApiKey)>(c =>
        {
            db.Accounts.Add(account);
            return Task.FromResult(Result.Ok((account, Issue(db, account.Id, now))));
        }, ct);
    }

    public static async Task<Result<IssuedApiKey>> IssueAsync(NumberBlocksDbContext db, Guid accountId, DateTimeOffset now, CancellationToken ct) =>
        await db.RunAsync<IssuedApiKey>(async c =>
        {
            if (!await db.Accounts.AnyAsync(a => a.Id == accountId, c)) return DomainError.NotFound("Account");
            return Issue(db, accountId, now);
        }, ct);

    public static async Task<Result<ApiKey>> RevokeAsync(NumberBlocksDbContext db, ApiKeyResolver resolver, Guid accountId, Guid keyId, DateTimeOffset now, CancellationToken ct)
    {
        var result = await db.RunAsync<ApiKey>(async c =>
        {
            var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == keyId && k.AccountId == accountId, c);
            if (key is null) return DomainError.NotFound("API key");
            key.RevokedAt ??= now;
            return key;
        }, ct);
        // The resolver caches keys for a few seconds; a revoked key must stop working now.
        if (result.IsSuccess) resolver.Forget(result.Value.Prefix);
        return result;
    }

    public static async Task<Result<IssuedApiKey>> RotateAsync(NumberBlocksDbContext db, ApiKeyResolver resolver, Guid accountId, Guid keyId, DateTimeOffset now, CancellationToken ct)
    {
        string? oldPrefix = null;
        var result = await db.RunAsync<IssuedApiKey>(async c =>
        {
            var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == keyId && k.AccountId == accountId, c);
            if (key is null) return DomainError.NotFound("API key");
            if (key.RevokedAt is not null)
                return new DomainError(ErrorCodes.InvalidValue, "This key is revoked already; issue a new key instead.", "/revoked_at", ErrorKind.Conflict);
            key.RevokedAt = now;
            oldPrefix = key.Prefix;
            return Issue(db, accountId, now);
        }, ct);
        if (result.IsSuccess && oldPrefix is not null) resolver.Forget(oldPrefix);
        return result;
    }

    private static IssuedApiKey Issue(NumberBlocksDbContext db, Guid accountId, DateTimeOffset now)
    {
        var issued = ApiKeys.Issue();
        var row = new ApiKey { Id = Guid.CreateVersion7(now), AccountId = accountId, Prefix = issued.Prefix, SecretHash = issued.SecretHash, CreatedAt = now };
        db.ApiKeys.Add(row);
        return new IssuedApiKey(row, issued.Key);
    }
}

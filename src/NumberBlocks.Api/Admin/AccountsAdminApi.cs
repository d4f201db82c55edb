using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Auth;
using NumberBlocks.Api.Http;
using NumberBlocks.Api.Telnyx;
using NumberBlocks.Data;
using NumberBlocks.Data.Entities;
using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Api.Admin;

/// <summary>Operator API for accounts and their API keys. Errors use the same {"errors": [...]} shape as the porting API.</summary>
public static class AccountsAdminApi
{
    public static RouteGroupBuilder MapAccountsAdmin(this RouteGroupBuilder admin)
    {
        var accounts = admin.MapGroup("/accounts").WithTags("Operator: accounts");
        accounts.MapPost("", Create).WithName("AdminCreateAccount");
        accounts.MapGet("", List).WithName("AdminListAccounts");
        accounts.MapGet("/{id}", Get).WithName("AdminGetAccount");
        accounts.MapGet("/{id}/api_keys", ListKeys).WithName("AdminListApiKeys");
        accounts.MapPost("/{id}/api_keys", IssueKey).WithName("AdminIssueApiKey");
        accounts.MapDelete("/{id}/api_keys/{keyId}", RevokeKey).WithName("AdminRevokeApiKey");
        return admin;
    }

    public static async Task<IResult> Create(HttpContext http, NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var body = await JsonInput.ReadBodyAsync(http.Request, ct);
        if (body.IsFailure) return AdminErrors.ToResult(body.Errors);
        var input = new JsonInput();
        if (!input.RequireObject(body.Value, "")) return AdminErrors.ToResult(input.Errors);
        var name = input.String(body.Value, "name", "/name", required: true, maxLength: 200);
        if (name is not null && string.IsNullOrWhiteSpace(name)) input.Add(new DomainError(ErrorCodes.InvalidValue, "name must not be blank.", "/name"));
        if (input.HasErrors) return AdminErrors.ToResult(input.Errors);

        var now = clock.GetUtcNow();
        var account = new Account { Id = Guid.CreateVersion7(now), Name = name!.Trim(), CreatedAt = now, WebhookSecret = NewWebhookSecret() };
        var key = ApiKeys.Issue();
        db.Accounts.Add(account);
        db.ApiKeys.Add(new ApiKey { Id = Guid.CreateVersion7(now), AccountId = account.Id, Prefix = key.Prefix, SecretHash = key.SecretHash, CreatedAt = now });
        await db.RunAsync(_ => Task.FromResult(Result.Ok(account)), ct);
        return Results.Json(new { data = new { id = account.Id, name = account.Name, api_key = key.Key, created_at = TelnyxJson.Instant(now) } },
            TelnyxJson.Options, statusCode: StatusCodes.Status201Created);
    }

    public static string NewWebhookSecret() => "whsec_" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    public static async Task<IResult> List(HttpContext http, NumberBlocksDbContext db, CancellationToken ct)
    {
        var page = TelnyxQuery.Page(http.Request.Query);
        if (page.IsFailure) return AdminErrors.ToResult(page.Errors);
        var total = await db.Accounts.LongCountAsync(ct);
        var accounts = await db.Accounts.AsNoTracking().OrderBy(a => a.CreatedAt).ThenBy(a => a.Id)
            .Skip(page.Value.Skip).Take(page.Value.Size).ToListAsync(ct);
        return Results.Json(new { data = accounts.Select(View).ToArray(), meta = page.Value.Meta(total) }, TelnyxJson.Options);
    }

    public static async Task<IResult> Get(string id, NumberBlocksDbContext db, CancellationToken ct)
    {
        var account = Guid.TryParseExact(id, "D", out var accountId) ? await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == accountId, ct) : null;
        return account is null ? AccountNotFound() : Results.Json(new { data = View(account) }, TelnyxJson.Options);
    }

    public static async Task<IResult> ListKeys(string id, NumberBlocksDbContext db, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var accountId) || !await db.Accounts.AnyAsync(a => a.Id == accountId, ct)) return AccountNotFound();
        var keys = await db.ApiKeys.AsNoTracking().Where(k => k.AccountId == accountId).OrderBy(k => k.CreatedAt).ToListAsync(ct);
        return Results.Json(new { data = keys.Select(KeyView).ToArray() }, TelnyxJson.Options);
    }

    public static async Task<IResult> IssueKey(string id, NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var accountId) || !await db.Accounts.AnyAsync(a => a.Id == accountId, ct)) return AccountNotFound();
        var now = clock.GetUtcNow();
        var key = ApiKeys.Issue();
        var row = new ApiKey { Id = Guid.CreateVersion7(now), AccountId = accountId, Prefix = key.Prefix, SecretHash = key.SecretHash, CreatedAt = now };
        db.ApiKeys.Add(row);
        await db.RunAsync(_ => Task.FromResult(Result.Ok(row)), ct);
        return Results.Json(new { data = new { id = row.Id, account_id = accountId, api_key = key.Key, prefix = key.Prefix, created_at = TelnyxJson.Instant(now) } },
            TelnyxJson.Options, statusCode: StatusCodes.Status201Created);
    }

    public static async Task<IResult> RevokeKey(string id, string keyId, NumberBlocksDbContext db, ApiKeyResolver resolver, TimeProvider clock, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var accountId) || !Guid.TryParseExact(keyId, "D", out var kid))
            return AdminErrors.ToResult(DomainError.NotFound("API key"));
        var now = clock.GetUtcNow();
        var result = await db.RunAsync<ApiKey>(async c =>
        {
            var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == kid && k.AccountId == accountId, c);
            if (key is null) return DomainError.NotFound("API key");
            key.RevokedAt ??= now;
            return key;
        }, ct);
        if (result.IsFailure) return AdminErrors.ToResult(result.Errors);
        resolver.Forget(result.Value.Prefix);
        return Results.Json(new { data = KeyView(result.Value) }, TelnyxJson.Options);
    }

    private static object View(Account a) => new { id = a.Id, name = a.Name, created_at = TelnyxJson.Instant(a.CreatedAt), webhook_url = a.WebhookUrl };

    private static object KeyView(ApiKey k) => new
    {
        id = k.Id, account_id = k.AccountId, prefix = k.Prefix, created_at = TelnyxJson.Instant(k.CreatedAt), revoked_at = TelnyxJson.Instant(k.RevokedAt),
    };

    private static IResult AccountNotFound() => AdminErrors.ToResult(DomainError.NotFound("Account"));
}

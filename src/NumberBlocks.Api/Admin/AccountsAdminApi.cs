using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Auth;
using NumberBlocks.Api.Callbacks;
using NumberBlocks.Api.Http;
using NumberBlocks.Data;
using NumberBlocks.Data.Entities;
using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Api.Admin;

/// <summary>Operator API for accounts and their API keys.</summary>
public static class AccountsAdminApi
{
    public const int MaxNameLength = 200;

    public static RouteGroupBuilder MapAccountsAdmin(this RouteGroupBuilder admin)
    {
        var accounts = admin.MapGroup("/accounts").WithTags(AdminSurface.AccountsTag);
        accounts.MapPost("", Create).WithName("AdminCreateAccount")
            .WithSummary("Create an account")
            .WithDescription("Creates a customer account with its first API key and its webhook secret. The key (nbk_…) is answered only here: " +
                "only its hash is stored. 201 with the account; the name is required, not blank, at most 200 characters.")
            .WithRequestExample(new CreateAccountRequest("Acme"));
        accounts.MapGet("", List).WithName("AdminListAccounts")
            .WithSummary("List accounts")
            .WithDescription("Every account, oldest first, paged with page[number] and page[size] (1 to 250, default 20).");
        accounts.MapGet("/{id}", Get).WithName("AdminGetAccount")
            .WithSummary("Get an account")
            .WithDescription("One account by its id, with its account-wide webhook_url (null when none is set).");
        accounts.MapGet("/{id}/api_keys", ListKeys).WithName("AdminListApiKeys")
            .WithSummary("List an account's API keys")
            .WithDescription("The account's API keys, oldest first, without their secrets: the prefix identifies each; revoked_at is set once revoked.");
        accounts.MapPost("/{id}/api_keys", IssueKey).WithName("AdminIssueApiKey")
            .WithSummary("Issue an API key")
            .WithDescription("Issues another API key for the account (keys are rotated by issuing a new one and revoking the old). 201; the key is answered only here.");
        accounts.MapDelete("/{id}/api_keys/{keyId}", RevokeKey).WithName("AdminRevokeApiKey")
            .WithSummary("Revoke an API key")
            .WithDescription("Revokes the key at once (also in every cache of this process); revoking a revoked key keeps its first revoked_at.");
        return admin;
    }

    public static async Task<Results<Created<AdminData<CreatedAccountRecord>>, AdminProblem>> Create(JsonBody<CreateAccountRequest> body,
        NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (body.Result.IsFailure) return new AdminProblem(body.Result.Errors);
        var fields = new AdminFields();
        var name = fields.NotBlank(body.Result.Value.Name, "/name", MaxNameLength);
        if (fields.HasErrors) return new AdminProblem(fields.Errors);

        var now = clock.GetUtcNow();
        var account = new Account { Id = Guid.CreateVersion7(now), Name = name!, CreatedAt = now, WebhookSecret = WebhookSigner.NewSecret() };
        var key = ApiKeys.Issue();
        db.Accounts.Add(account);
        db.ApiKeys.Add(new ApiKey { Id = Guid.CreateVersion7(now), AccountId = account.Id, Prefix = key.Prefix, SecretHash = key.SecretHash, CreatedAt = now });
        await db.RunAsync(_ => Task.FromResult(Result.Ok(account)), ct);
        return TypedResults.Created($"/admin/v1/accounts/{account.Id}",
            new AdminData<CreatedAccountRecord>(new CreatedAccountRecord(account.Id, account.Name, key.Key, now)));
    }

    public static async Task<Results<Ok<AdminList<AccountRecord>>, AdminProblem>> List(HttpContext http, NumberBlocksDbContext db, CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query);
        var page = AdminQuery.Page(q);
        if (AdminQuery.Refusals(q) is { } refused) return refused;
        var total = await db.Accounts.LongCountAsync(ct);
        var accounts = await db.Accounts.AsNoTracking().OrderBy(a => a.CreatedAt).ThenBy(a => a.Id)
            .Skip(page.Skip).Take(page.Size).ToListAsync(ct);
        return TypedResults.Ok(new AdminList<AccountRecord>(accounts.Select(View).ToList(), AdminPageMeta.Of(page, total)));
    }

    public static async Task<Results<Ok<AdminData<AccountRecord>>, AdminProblem>> Get(string id, NumberBlocksDbContext db, CancellationToken ct)
    {
        var account = Guid.TryParseExact(id, "D", out var accountId) ? await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == accountId, ct) : null;
        return account is null ? AccountNotFound() : TypedResults.Ok(new AdminData<AccountRecord>(View(account)));
    }

    public static async Task<Results<Ok<AdminItems<ApiKeyRecord>>, AdminProblem>> ListKeys(string id, NumberBlocksDbContext db, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var accountId) || !await db.Accounts.AnyAsync(a => a.Id == accountId, ct)) return AccountNotFound();
        var keys = await db.ApiKeys.AsNoTracking().Where(k => k.AccountId == accountId).OrderBy(k => k.CreatedAt).ToListAsync(ct);
        return TypedResults.Ok(new AdminItems<ApiKeyRecord>(keys.Select(KeyView).ToList()));
    }

    public static async Task<Results<Created<AdminData<IssuedApiKeyRecord>>, AdminProblem>> IssueKey(string id, NumberBlocksDbContext db, TimeProvider clock,
        CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var accountId) || !await db.Accounts.AnyAsync(a => a.Id == accountId, ct)) return AccountNotFound();
        var now = clock.GetUtcNow();
        var key = ApiKeys.Issue();
        var row = new ApiKey { Id = Guid.CreateVersion7(now), AccountId = accountId, Prefix = key.Prefix, SecretHash = key.SecretHash, CreatedAt = now };
        db.ApiKeys.Add(row);
        await db.RunAsync(_ => Task.FromResult(Result.Ok(row)), ct);
        return TypedResults.Created((string?)null,
            new AdminData<IssuedApiKeyRecord>(new IssuedApiKeyRecord(row.Id, accountId, key.Key, key.Prefix, now)));
    }

    public static async Task<Results<Ok<AdminData<ApiKeyRecord>>, AdminProblem>> RevokeKey(string id, string keyId, NumberBlocksDbContext db,
        ApiKeyResolver resolver, TimeProvider clock, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var accountId) || !Guid.TryParseExact(keyId, "D", out var kid))
            return (AdminProblem)DomainError.NotFound("API key");
        var now = clock.GetUtcNow();
        var result = await db.RunAsync<ApiKey>(async c =>
        {
            var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == kid && k.AccountId == accountId, c);
            if (key is null) return DomainError.NotFound("API key");
            key.RevokedAt ??= now;
            return key;
        }, ct);
        if (result.IsFailure) return new AdminProblem(result.Errors);
        resolver.Forget(result.Value.Prefix);
        return TypedResults.Ok(new AdminData<ApiKeyRecord>(KeyView(result.Value)));
    }

    public static AccountRecord View(Account a) => new(a.Id, a.Name, a.CreatedAt, a.WebhookUrl);

    private static ApiKeyRecord KeyView(ApiKey k) => new(k.Id, k.AccountId, k.Prefix, k.CreatedAt, k.RevokedAt);

    public static AdminProblem AccountNotFound() => DomainError.NotFound("Account");
}

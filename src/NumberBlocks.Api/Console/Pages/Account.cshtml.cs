using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Auth;
using NumberBlocks.Data;
using NumberBlocks.Data.Entities;
using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Api.Console.Pages;

/// <summary>One account and its API keys: issue, revoke, rotate. A new key is shown once, on the answer to the form.</summary>
public sealed class AccountModel(NumberBlocksDbContext db, ApiKeyResolver resolver, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty(SupportsGet = true, Name = "revoked")]
    public Guid? RevokedKeyId { get; set; }

    public Account? Account { get; private set; }
    public IReadOnlyList<ApiKey> Keys { get; private set; } = [];
    public long HeldNumbers { get; private set; }
    public IssuedApiKey? NewKey { get; private set; }
    public string? ReplacedPrefix { get; private set; }
    public string? Refusal { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostIssueAsync(CancellationToken ct)
    {
        var issued = await ConsoleAccounts.IssueAsync(db, Id, clock.GetUtcNow(), ct);
        return await AnswerAsync(issued, null, ct);
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid keyId, CancellationToken ct)
    {
        var revoked = await ConsoleAccounts.RevokeAsync(db, resolver, Id, keyId, clock.GetUtcNow(), ct);
        if (revoked.IsFailure) return await RefuseAsync(revoked.Errors, ct);
        return RedirectToPage("/Account", new { id = Id, revoked = keyId });
    }

    public async Task<IActionResult> OnPostRotateAsync(Guid keyId, CancellationToken ct)
    {
        var old = await db.ApiKeys.AsNoTracking().Where(k => k.Id == keyId && k.AccountId == Id).Select(k => k.Prefix).FirstOrDefaultAsync(ct);
        var rotated = await ConsoleAccounts.RotateAsync(db, resolver, Id, keyId, clock.GetUtcNow(), ct);
        return await AnswerAsync(rotated, old, ct);
    }

    private async Task<IActionResult> AnswerAsync(Result<IssuedApiKey> result, string? replaced, CancellationToken ct)
    {
        if (result.IsFailure) return await RefuseAsync(result.Errors, ct);
        (NewKey, ReplacedPrefix) = (result.Value, replaced);
        Response.StatusCode = StatusCodes.Status201Created;
        await LoadAsync(ct);
        return Page();
    }

    private async Task<IActionResult> RefuseAsync(IReadOnlyList<DomainError> errors, CancellationToken ct)
    {
        if (!await LoadAsync(ct) || errors.Any(e => e.Kind == ErrorKind.NotFound)) return NotFound();
        Refusal = string.Join(" ", errors.Select(e => e.Detail));
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        Account = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == Id, ct);
        if (Account is null) return false;
        Keys = await db.ApiKeys.AsNoTracking().Where(k => k.AccountId == Id).OrderBy(k => k.CreatedAt).ThenBy(k => k.Id).ToListAsync(ct);
        HeldNumbers = await db.LedgerClaims.AsNoTracking().Where(c => c.AccountId == Id).SumAsync(c => c.RangeEnd - c.RangeStart + 1, ct);
        return true;
    }
}

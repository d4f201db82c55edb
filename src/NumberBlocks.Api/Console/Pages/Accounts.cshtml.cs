using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Data;
using NumberBlocks.Data.Entities;

namespace NumberBlocks.Api.Console.Pages;

public sealed record AccountRow(Account Account, int ActiveKeys, int RevokedKeys);

/// <summary>Every account with its keys counted, and the form that creates one (its first key is shown once, here).</summary>
public sealed class AccountsModel(NumberBlocksDbContext db, TimeProvider clock) : PageModel
{
    public const int PageSize = 100;

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<AccountRow> Accounts { get; private set; } = [];
    public long Total { get; private set; }
    public Account? Created { get; private set; }
    public string? CreatedKey { get; private set; }
    public string? Refusal { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var created = await ConsoleAccounts.CreateAsync(db, Name, clock.GetUtcNow(), ct);
        if (created.IsFailure)
        {
            Refusal = created.FirstError.Detail;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        else
        {
            (Created, CreatedKey) = (created.Value.Account, created.Value.Key.Key);
            Name = null;
            Response.StatusCode = StatusCodes.Status201Created;
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        PageNumber = Math.Max(1, PageNumber);
        Total = await db.Accounts.LongCountAsync(ct);
        var accounts = await db.Accounts.AsNoTracking().OrderBy(a => a.CreatedAt).ThenBy(a => a.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        var ids = accounts.Select(a => a.Id).ToList();
        var keys = await db.ApiKeys.AsNoTracking().Where(k => ids.Contains(k.AccountId))
            .GroupBy(k => k.AccountId)
            .Select(g => new { AccountId = g.Key, Active = g.Count(k => k.RevokedAt == null), Revoked = g.Count(k => k.RevokedAt != null) })
            .ToDictionaryAsync(k => k.AccountId, ct);
        Accounts = [.. accounts.Select(a => keys.TryGetValue(a.Id, out var k) ? new AccountRow(a, k.Active, k.Revoked) : new AccountRow(a, 0, 0))];
    }
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Data;
using NumberBlocks.Data.Entities;

namespace NumberBlocks.Api.Console.Pages;

public sealed record HeldRange(LedgerClaim Claim, string AccountName)
{
    public long Count => Claim.RangeEnd - Claim.RangeStart + 1;
}

/// <summary>
/// The numbers accounts hold: their live claims in the ledger (ranges: a ported or bought block is one row), in number
/// order, with the holder (an account, a running porting order, an order or reservation not yet complete). An account's
/// session sees its own claims only; the operator sees every account's. Paged by keyset on range_start (the ledger's
/// unique index), so a page costs the same on the first page and the thousandth.
/// </summary>
public sealed class NumbersModel(NumberBlocksDbContext db) : PageModel
{
    public const int PageSize = 50;

    /// <summary>The first number of the page (E.164 digits); the page lists the claims starting at or after it.</summary>
    [BindProperty(SupportsGet = true, Name = "from")]
    public long? From { get; set; }

    public IReadOnlyList<HeldRange> Rows { get; private set; } = [];
    public long? Next { get; private set; }
    public long HeldNumbers { get; private set; }
    public long HeldRanges { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var claims = db.LedgerClaims.AsNoTracking().Where(c => c.AccountId != null);
        if (User.AccountScope() is { } account)
        {
            claims = claims.Where(c => c.AccountId == account);
            // The totals of one account; the operator's totals are the stock page's.
            HeldRanges = await claims.LongCountAsync(ct);
            HeldNumbers = HeldRanges == 0 ? 0 : await claims.SumAsync(c => c.RangeEnd - c.RangeStart + 1, ct);
        }
        var page = claims;
        if (From is { } from) page = page.Where(c => c.RangeStart >= from);
        var rows = await page.OrderBy(c => c.RangeStart).Take(PageSize + 1).ToListAsync(ct);
        Next = rows.Count > PageSize ? rows[PageSize].RangeStart : null;
        rows = [.. rows.Take(PageSize)];
        var accountIds = rows.Select(r => r.AccountId!.Value).Distinct().ToList();
        var names = await db.Accounts.AsNoTracking().Where(a => accountIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        Rows = [.. rows.Select(r => new HeldRange(r, names.GetValueOrDefault(r.AccountId!.Value, "?")))];
    }

    /// <summary>How a holder kind of the ledger reads on the page.</summary>
    public static string HolderLabel(string kind) => kind switch
    {
        "account" => "held",
        "porting_order" => "porting in",
        "number_order" => "ordered, not yet complete",
        "reservation" => "reserved",
        _ => kind,
    };
}

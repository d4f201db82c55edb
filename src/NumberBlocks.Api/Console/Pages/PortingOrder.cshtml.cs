using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Data;
using NumberBlocks.Data.Entities;
using NumberBlocks.Data.Porting;
using NumberBlocks.Domain.Numbering;
using NumberBlocks.Domain.Porting;

namespace NumberBlocks.Api.Console.Pages;

public sealed record BlockRow(PortingBlock Block, IReadOnlyList<NumberRange> ActivationRanges)
{
    public long Count => Block.RangeEnd - Block.RangeStart + 1;
    public long Active => ActivationRanges.Sum(r => r.Count);
}

/// <summary>
/// One porting order: its facts, what the carrier reported, and its blocks with their activation ranges. Another
/// account's order is 404 to an account's session, like an id that does not exist.
/// </summary>
public sealed class PortingOrderModel(NumberBlocksDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public PortingOrder? Order { get; private set; }
    public string AccountName { get; private set; } = "";
    public IReadOnlyList<PortingException> Exceptions { get; private set; } = [];
    public IReadOnlyList<BlockRow> Blocks { get; private set; } = [];
    public long NumbersOutsideBlocks { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Order = await db.PortingOrders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == Id, ct);
        if (Order is null || User.AccountScope() is { } account && Order.AccountId != account) return NotFound();
        AccountName = await db.Accounts.AsNoTracking().Where(a => a.Id == Order.AccountId).Select(a => a.Name).FirstOrDefaultAsync(ct) ?? "?";
        Exceptions = PortingPipeline.ExceptionsOf(Order.StatusDetailsJson);
        var blocks = await db.PortingBlocks.AsNoTracking().Where(b => b.PortingOrderId == Id).OrderBy(b => b.RangeStart).ToListAsync(ct);
        Blocks = [.. blocks.Select(b => new BlockRow(b, ActivationRangesJson.ReadNumbers(b.ActivationRangesJson)))];
        NumbersOutsideBlocks = await db.PortingPhoneNumbers.AsNoTracking().LongCountAsync(n => n.PortingOrderId == Id && n.BlockId == null, ct);
        return Page();
    }
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Data;
using NumberBlocks.Data.Entities;
using NumberBlocks.Data.Porting;
using NumberBlocks.Domain.Numbering;

namespace NumberBlocks.Api.Console.Pages;

/// <summary>One number of a block as the map shows it: inside an activation range or not, and where its activation stands.</summary>
public sealed record BlockNumber(long Value, bool InActivationRange, string? ActivationStatus);

/// <summary>
/// A porting block's numbers and activation ranges: a map of every number (ten a row, as the CLI draws it) marking those
/// inside an activation range, and a table of the numbers with their activation status. A block of another account's order
/// is 404 to an account's session.
/// </summary>
public sealed class BlockModel(NumberBlocksDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public PortingBlock? Block { get; private set; }
    public PortingOrder? Order { get; private set; }
    public IReadOnlyList<NumberRange> ActivationRanges { get; private set; } = [];
    public IReadOnlyList<BlockNumber> Numbers { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Block = await db.PortingBlocks.AsNoTracking().FirstOrDefaultAsync(b => b.Id == Id, ct);
        if (Block is null) return NotFound();
        Order = await db.PortingOrders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == Block.PortingOrderId, ct);
        if (Order is null || User.AccountScope() is { } account && Order.AccountId != account) return NotFound();
        ActivationRanges = ActivationRangesJson.ReadNumbers(Block.ActivationRangesJson);
        var stored = await db.PortingPhoneNumbers.AsNoTracking().Where(n => n.BlockId == Id)
            .Select(n => new { n.PhoneNumber, n.ActivationStatus }).ToDictionaryAsync(n => n.PhoneNumber, n => n.ActivationStatus, ct);
        // Blocks are at most 1000 numbers (10, 100 or 1000), so every number is listed.
        var numbers = new List<BlockNumber>();
        for (var n = Block.RangeStart; n <= Block.RangeEnd; n++)
        {
            var number = E164Number.FromValue(n);
            numbers.Add(new BlockNumber(n, ActivationRanges.Any(r => r.Contains(number)),
                stored.TryGetValue(n, out var status) && status is { } s ? ConsoleFormat.Kebab(s.ToString()) : null));
        }
        Numbers = numbers;
        return Page();
    }
}

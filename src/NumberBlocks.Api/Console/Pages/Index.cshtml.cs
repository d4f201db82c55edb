using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Data;
using NumberBlocks.Data.Outbox;
using NumberBlocks.Domain.Porting;
using NumberBlocks.Domain.Requests;

namespace NumberBlocks.Api.Console.Pages;

/// <summary>The console's home: one figure per page, each a count on an indexed column.</summary>
public sealed class IndexModel(NumberBlocksDbContext db) : PageModel
{
    public long StockNumbers { get; private set; }
    public long Accounts { get; private set; }
    public long OpenRequests { get; private set; }
    public long PortingExceptions { get; private set; }
    public long FailedCallbacks { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        StockNumbers = await db.StockRanges.SumAsync(r => r.RangeEnd - r.RangeStart + 1, ct);
        Accounts = await db.Accounts.LongCountAsync(ct);
        string[] open = [NumberRequestStatus.Pending.ToWire(), NumberRequestStatus.Accepted.ToWire()];
        OpenRequests = await db.NumberRequests.LongCountAsync(r => open.Contains(r.Status), ct);
        PortingExceptions = await db.PortingOrders.LongCountAsync(o => o.Status == PortingOrderStatus.Exception, ct);
        FailedCallbacks = await db.OutboxMessages.LongCountAsync(m => m.Status == OutboxStatuses.Failed, ct);
    }
}

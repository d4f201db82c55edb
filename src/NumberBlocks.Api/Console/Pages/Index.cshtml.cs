using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Data;
using NumberBlocks.Data.Outbox;
using NumberBlocks.Data.Portouts;
using NumberBlocks.Domain.Porting;
using NumberBlocks.Domain.Requests;

namespace NumberBlocks.Api.Console.Pages;

/// <summary>
/// The console's home: one figure per page, each a count on an indexed column. The operator's figures are the whole
/// business; an account's are its own (the numbers it holds instead of the operator's stock and accounts).
/// </summary>
public sealed class IndexModel(NumberBlocksDbContext db) : PageModel
{
    public long StockNumbers { get; private set; }
    public long Accounts { get; private set; }
    public long HeldNumbers { get; private set; }
    public long OpenRequests { get; private set; }
    public long PortingExceptions { get; private set; }
    public long FailedCallbacks { get; private set; }
    public long PortoutsAwaiting { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var scope = User.AccountScope();
        string[] open = [NumberRequestStatus.Pending.ToWire(), NumberRequestStatus.Accepted.ToWire()];
        var requests = db.NumberRequests.AsNoTracking().Where(r => open.Contains(r.Status));
        var orders = db.PortingOrders.AsNoTracking().Where(o => o.Status == PortingOrderStatus.Exception);
        var failed = db.OutboxMessages.AsNoTracking().Where(m => m.Status == OutboxStatuses.Failed);
        var portouts = db.Portouts.AsNoTracking().Where(p => p.Status == PortoutStatus.Pending);
        if (scope is { } account)
        {
            HeldNumbers = await db.LedgerClaims.AsNoTracking().Where(c => c.AccountId == account).SumAsync(c => c.RangeEnd - c.RangeStart + 1, ct);
            requests = requests.Where(r => r.AccountId == account);
            orders = orders.Where(o => o.AccountId == account);
            failed = failed.Where(m => m.AccountId == account);
            portouts = portouts.Where(p => p.AccountId == account);
        }
        else
        {
            StockNumbers = await db.StockRanges.SumAsync(r => r.RangeEnd - r.RangeStart + 1, ct);
            Accounts = await db.Accounts.LongCountAsync(ct);
        }
        OpenRequests = await requests.LongCountAsync(ct);
        PortingExceptions = await orders.LongCountAsync(ct);
        FailedCallbacks = await failed.LongCountAsync(ct);
        PortoutsAwaiting = await portouts.LongCountAsync(ct);
    }
}

using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Telnyx;
using NumberBlocks.Data;
using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Api.Admin;

/// <summary>The operator's view of one porting order: the order, its blocks and every number (for the CLI's block map).</summary>
public static class PortingAdminReadApi
{
    public static RouteGroupBuilder MapPortingAdminRead(this RouteGroupBuilder admin)
    {
        admin.MapGet("/porting_orders/{id}", Get).WithTags("Operator: porting").WithName("AdminGetPortingOrder");
        return admin;
    }

    public static async Task<IResult> Get(string id, NumberBlocksDbContext db, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var orderId)) return AdminErrors.ToResult(DomainError.NotFound("Porting order"));
        var order = await db.PortingOrders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orderId, ct);
        if (order is null) return AdminErrors.ToResult(DomainError.NotFound("Porting order"));
        var blocks = await db.PortingBlocks.AsNoTracking().Where(b => b.PortingOrderId == orderId).OrderBy(b => b.RangeStart).ToListAsync(ct);
        var numbers = await db.PortingPhoneNumbers.AsNoTracking().Where(n => n.PortingOrderId == orderId).OrderBy(n => n.PhoneNumber).ToListAsync(ct);
        return Results.Json(new
        {
            data = TelnyxViews.Order(order, null),
            blocks = blocks.Select(TelnyxViews.Block).ToArray(),
            numbers = numbers.Select(n => TelnyxViews.PhoneNumber(n, order)).ToArray(),
        }, TelnyxJson.Options);
    }
}

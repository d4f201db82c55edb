using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Http;
using NumberBlocks.Data;
using NumberBlocks.Data.Porting;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Porting;

namespace NumberBlocks.Api.Telnyx;

/// <summary>Seeds 000 and 001: /v2/porting_orders/{porting_order_id}/phone_number_blocks.</summary>
public static class PhoneNumberBlocksApi
{
    public static RouteGroupBuilder MapPhoneNumberBlocks(this RouteGroupBuilder v2)
    {
        var blocks = v2.MapGroup("/porting_orders/{porting_order_id}/phone_number_blocks").WithTags("Porting Orders");
        blocks.MapGet("", List).WithName("listPortingPhoneNumberBlocks");
        blocks.MapPost("", Create).WithName("createPortingPhoneNumberBlock");
        blocks.MapDelete("/{id}", Delete).WithName("deletePortingPhoneNumberBlock");
        return v2;
    }

    public static async Task<IResult> Create(string porting_order_id, HttpContext http, NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (!Guid.TryParseExact(porting_order_id, "D", out var orderId)) return PortingOrdersApi.NotFound();
        var body = await JsonInput.ReadBodyAsync(http.Request, ct);
        if (body.IsFailure) return TelnyxErrors.ToResult(body.Errors);
        var input = new JsonInput();
        if (!input.RequireObject(body.Value, "")) return TelnyxErrors.ToResult(input.Errors);
        var range = TelnyxInput.Range(input, body.Value, "phone_number_range", "/phone_number_range");
        var activation = TelnyxInput.Ranges(input, body.Value, "activation_ranges", "/activation_ranges");
        if (input.HasErrors) return TelnyxErrors.ToResult(input.Errors);

        var accountId = http.AccountId();
        // An order of another account is "not found" before the body's rules are told, so nothing leaks across tenants.
        if (!await db.PortingOrders.AnyAsync(o => o.Id == orderId && o.AccountId == accountId, ct)) return PortingOrdersApi.NotFound();
        var spec = PortingBlockSpec.Parse(range, activation);
        if (spec.IsFailure) return TelnyxErrors.ToResult(spec.Errors);

        var now = clock.GetUtcNow();
        var block = await db.RunAsync(c => PortingOrderOperations.AddBlockAsync(db, accountId, orderId, spec.Value, now, c), ct);
        if (block.IsFailure) return TelnyxErrors.ToResult(block.Errors);
        return Results.Json(new { data = TelnyxViews.Block(block.Value) }, TelnyxJson.Options, statusCode: StatusCodes.Status201Created);
    }

    public static async Task<IResult> List(string porting_order_id, HttpContext http, NumberBlocksDbContext db, CancellationToken ct)
    {
        var order = await PortingOrdersApi.FindAsync(db, http, porting_order_id, ct);
        if (order is null) return PortingOrdersApi.NotFound();
        var q = http.Request.Query;
        var page = TelnyxQuery.Page(q);
        if (page.IsFailure) return TelnyxErrors.ToResult(page.Errors);
        var descending = TelnyxQuery.SortDescending(q);
        if (descending.IsFailure) return TelnyxErrors.ToResult(descending.Errors);

        var query = db.PortingBlocks.AsNoTracking().Where(b => b.PortingOrderId == order.Id);
        var total = await query.LongCountAsync(ct);
        var ordered = descending.Value ? query.OrderByDescending(b => b.CreatedAt).ThenByDescending(b => b.Id) : query.OrderBy(b => b.CreatedAt).ThenBy(b => b.Id);
        var blocks = await ordered.Skip(page.Value.Skip).Take(page.Value.Size).ToListAsync(ct);
        return Results.Json(new { data = blocks.Select(TelnyxViews.Block).ToArray(), meta = page.Value.Meta(total) }, TelnyxJson.Options);
    }

    public static async Task<IResult> Delete(string porting_order_id, string id, HttpContext http, NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (!Guid.TryParseExact(porting_order_id, "D", out var orderId)) return PortingOrdersApi.NotFound();
        if (!Guid.TryParseExact(id, "D", out var blockId)) return TelnyxErrors.ToResult(DomainError.NotFound("Phone number block"));
        var accountId = http.AccountId();
        var now = clock.GetUtcNow();
        var block = await db.RunAsync(c => PortingOrderOperations.DeleteBlockAsync(db, accountId, orderId, blockId, now, c), ct);
        if (block.IsFailure) return TelnyxErrors.ToResult(block.Errors);
        return Results.Json(new { data = TelnyxViews.Block(block.Value) }, TelnyxJson.Options);
    }
}

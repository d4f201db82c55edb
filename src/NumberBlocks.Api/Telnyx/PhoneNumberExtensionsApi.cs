using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Http;
using NumberBlocks.Data;
using NumberBlocks.Data.Porting;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Porting;

namespace NumberBlocks.Api.Telnyx;

/// <summary>Seed 002: /v2/porting_orders/{porting_order_id}/phone_number_extensions.</summary>
public static class PhoneNumberExtensionsApi
{
    public static RouteGroupBuilder MapPhoneNumberExtensions(this RouteGroupBuilder v2)
    {
        var extensions = v2.MapGroup("/porting_orders/{porting_order_id}/phone_number_extensions").WithTags("Porting Orders");
        extensions.MapGet("", List).WithName("listPortingPhoneNumberExtensions");
        extensions.MapPost("", Create).WithName("createPortingPhoneNumberExtension");
        extensions.MapDelete("/{id}", Delete).WithName("deletePortingPhoneNumberExtension");
        return v2;
    }

    public static async Task<IResult> Create(string porting_order_id, HttpContext http, NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (!Guid.TryParseExact(porting_order_id, "D", out var orderId)) return PortingOrdersApi.NotFound();
        var body = await JsonInput.ReadBodyAsync(http.Request, ct);
        if (body.IsFailure) return TelnyxErrors.ToResult(body.Errors);
        var input = new JsonInput();
        if (!input.RequireObject(body.Value, "")) return TelnyxErrors.ToResult(input.Errors);
        var numberId = input.Uuid(body.Value, "porting_phone_number_id", "/porting_phone_number_id", required: true);
        var range = TelnyxInput.ExtensionRange(input, body.Value, "extension_range", "/extension_range");
        var activation = TelnyxInput.ExtensionRanges(input, body.Value, "activation_ranges", "/activation_ranges");
        if (input.HasErrors) return TelnyxErrors.ToResult(input.Errors);

        var accountId = http.AccountId();
        if (!await db.PortingOrders.AnyAsync(o => o.Id == orderId && o.AccountId == accountId, ct)) return PortingOrdersApi.NotFound();
        var spec = PortingExtensionSpec.Parse(range, activation);
        if (spec.IsFailure) return TelnyxErrors.ToResult(spec.Errors);

        var now = clock.GetUtcNow();
        var extension = await db.RunAsync(c => PortingOrderOperations.AddExtensionAsync(db, accountId, orderId, numberId!.Value, spec.Value, now, c), ct);
        if (extension.IsFailure) return TelnyxErrors.ToResult(extension.Errors);
        return Results.Json(new { data = TelnyxViews.Extension(extension.Value) }, TelnyxJson.Options, statusCode: StatusCodes.Status201Created);
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
        var numberIds = TelnyxQuery.UuidFilter(q, "porting_phone_number_id");
        if (numberIds.IsFailure) return TelnyxErrors.ToResult(numberIds.Errors);

        var query = db.PortingExtensions.AsNoTracking().Where(e => e.PortingOrderId == order.Id);
        if (numberIds.Value is { } ids) query = query.Where(e => ids.Contains(e.PortingPhoneNumberId));
        var total = await query.LongCountAsync(ct);
        var ordered = descending.Value ? query.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id) : query.OrderBy(e => e.CreatedAt).ThenBy(e => e.Id);
        var items = await ordered.Skip(page.Value.Skip).Take(page.Value.Size).ToListAsync(ct);
        return Results.Json(new { data = items.Select(TelnyxViews.Extension).ToArray(), meta = page.Value.Meta(total) }, TelnyxJson.Options);
    }

    public static async Task<IResult> Delete(string porting_order_id, string id, HttpContext http, NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (!Guid.TryParseExact(porting_order_id, "D", out var orderId)) return PortingOrdersApi.NotFound();
        if (!Guid.TryParseExact(id, "D", out var extensionId)) return TelnyxErrors.ToResult(DomainError.NotFound("Phone number extension"));
        var accountId = http.AccountId();
        var now = clock.GetUtcNow();
        var extension = await db.RunAsync(c => PortingOrderOperations.DeleteExtensionAsync(db, accountId, orderId, extensionId, now, c), ct);
        if (extension.IsFailure) return TelnyxErrors.ToResult(extension.Errors);
        return Results.Json(new { data = TelnyxViews.Extension(extension.Value) }, TelnyxJson.Options);
    }
}

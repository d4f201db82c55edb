using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Http;
using NumberBlocks.Api.Telnyx;
using NumberBlocks.Data;
using NumberBlocks.Data.Entities;
using NumberBlocks.Data.Porting;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Porting;

namespace NumberBlocks.Api.Admin;

/// <summary>The carrier side of porting, for the operator: set the status the losing carrier reports.</summary>
public static class PortingAdminApi
{
    private static readonly string[] ExceptionCodes =
    [
        "ACCOUNT_NUMBER_MISMATCH", "AUTH_PERSON_MISMATCH", "BTN_ATN_MISMATCH", "ENTITY_NAME_MISMATCH", "FOC_EXPIRED", "FOC_REJECTED",
        "LOCATION_MISMATCH", "LSR_PENDING", "MAIN_BTN_PORTING", "OSP_IRRESPONSIVE", "OTHER", "PASSCODE_PIN_INVALID",
        "PHONE_NUMBER_HAS_SPECIAL_FEATURE", "PHONE_NUMBER_MISMATCH", "PHONE_NUMBER_NOT_PORTABLE", "PORT_TYPE_INCORRECT",
        "PORTING_ORDER_SPLIT_REQUIRED", "POSTAL_CODE_MISMATCH", "RATE_CENTER_NOT_PORTABLE", "SV_CONFLICT", "SV_UNKNOWN_FAILURE",
    ];

    public static RouteGroupBuilder MapPortingAdmin(this RouteGroupBuilder admin)
    {
        var orders = admin.MapGroup("/porting_orders").WithTags("Operator: porting");
        orders.MapGet("", List).WithName("AdminListPortingOrders");
        orders.MapPost("/{id}/status", SetStatus).WithName("AdminSetPortingOrderStatus");
        return admin;
    }

    public static async Task<IResult> List(HttpContext http, NumberBlocksDbContext db, CancellationToken ct)
    {
        var q = http.Request.Query;
        var page = TelnyxQuery.Page(q);
        if (page.IsFailure) return AdminErrors.ToResult(page.Errors);
        var statuses = TelnyxQuery.EnumFilter(q, "status", PortingOrderStatuses.WireNames.ToArray());
        if (statuses.IsFailure) return AdminErrors.ToResult(statuses.Errors);
        var accounts = TelnyxQuery.UuidFilter(q, "account_id");
        if (accounts.IsFailure) return AdminErrors.ToResult(accounts.Errors);
        var query = db.PortingOrders.AsNoTracking();
        if (statuses.Value is { } s)
        {
            var wanted = s.Select(v => PortingOrderStatuses.TryParseWire(v, out var status) ? status : default).ToList();
            query = query.Where(o => wanted.Contains(o.Status));
        }
        if (accounts.Value is { } a) query = query.Where(o => a.Contains(o.AccountId));
        var total = await query.LongCountAsync(ct);
        var orders = await query.OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id).Skip(page.Value.Skip).Take(page.Value.Size).ToListAsync(ct);
        return Results.Json(new { data = orders.Select(o => TelnyxViews.Order(o, null)).ToArray(), meta = page.Value.Meta(total) }, TelnyxJson.Options);
    }

    /// <summary>
    /// Body: {"status": "exception", "details": [{"code": "FOC_REJECTED", "description": "…"}], "foc_datetime_actual": "…"}.
    /// The move goes through the same transition table as customer actions. An exception needs details with a description,
    /// foc-date-confirmed needs foc_datetime_actual (issue 6).
    /// </summary>
    public static async Task<IResult> SetStatus(string id, HttpContext http, NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var orderId)) return AdminErrors.ToResult(DomainError.NotFound("Porting order"));
        var body = await JsonInput.ReadBodyAsync(http.Request, ct);
        if (body.IsFailure) return AdminErrors.ToResult(body.Errors);
        var input = new JsonInput();
        if (!input.RequireObject(body.Value, "")) return AdminErrors.ToResult(input.Errors);
        var statusText = input.String(body.Value, "status", "/status", required: true);
        var focActual = input.Instant(body.Value, "foc_datetime_actual", "/foc_datetime_actual");
        var details = new JsonArray();
        var reported = new List<(string? Code, string? Description)>();
        if (input.Array(body.Value, "details", "/details", maxItems: 50) is { } items)
            for (var i = 0; i < items.Count; i++)
            {
                if (!input.RequireObject(items[i], $"/details/{i}")) continue;
                var code = input.String(items[i], "code", $"/details/{i}/code", required: true);
                var description = input.String(items[i], "description", $"/details/{i}/description");
                if (code is not null && !ExceptionCodes.Contains(code))
                    input.Add(new DomainError(ErrorCodes.InvalidValue, $"'{code}' is not a Telnyx porting exception code.", $"/details/{i}/code"));
                details.Add(new JsonObject { ["code"] = code, ["description"] = description });
                reported.Add((code, description));
            }
        PortingOrderStatus target = default;
        if (statusText is not null && !PortingOrderStatuses.TryParseWire(statusText, out target))
            input.Add(new DomainError(ErrorCodes.InvalidValue, $"status must be one of: {string.Join(", ", PortingOrderStatuses.WireNames)}.", "/status"));
        if (statusText is not null && !input.HasErrors) input.AddRange(PortingCompletion.CheckCarrierReport(target, reported, focActual));
        if (input.HasErrors) return AdminErrors.ToResult(input.Errors);

        var now = clock.GetUtcNow();
        var result = await db.RunAsync<PortingOrder>(async c =>
        {
            var order = await db.PortingOrders.FirstOrDefaultAsync(o => o.Id == orderId, c);
            if (order is null) return DomainError.NotFound("Porting order");
            return await PortingOrderOperations.MoveStatusAsync(db, order, target, now, c,
                statusDetailsJson: details.ToJsonString(), focDatetimeActual: focActual);
        }, ct);
        PortingEventsApi.WakeDelivery(http, result.IsSuccess);
        if (result.IsFailure) return AdminErrors.ToResult(result.Errors);
        return Results.Json(new { data = TelnyxViews.Order(result.Value, null) }, TelnyxJson.Options);
    }
}

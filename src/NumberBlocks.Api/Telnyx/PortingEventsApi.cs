using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Callbacks;
using NumberBlocks.Data;
using NumberBlocks.Data.Entities;
using NumberBlocks.Data.Porting;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Porting;
using NumberBlocks.Api.Http;

namespace NumberBlocks.Api.Telnyx;

/// <summary>Telnyx /v2/porting/events: the account's porting events, and republishing one (issue 6).</summary>
public static class PortingEventsApi
{
    public static RouteGroupBuilder MapPortingEvents(this RouteGroupBuilder v2)
    {
        var events = v2.MapGroup("/porting/events").WithTags("Porting Orders");
        events.MapGet("", List).WithName("listPortingEvents");
        events.MapGet("/{id}", Get).WithName("showPortingEvent");
        events.MapPost("/{id}/republish", Republish).WithName("republishPortingEvent");
        return v2;
    }

    /// <summary>Filters as Telnyx names them: filter[type], filter[porting_order_id], filter[created_at][gte], filter[created_at][lte].</summary>
    public static async Task<IResult> List(HttpContext http, [FromStandby] NumberBlocksDbContext db, CancellationToken ct)
    {
        var q = http.Request.Query;
        var page = TelnyxQuery.Page(q);
        var types = TelnyxQuery.EnumFilter(q, "type", PortingEventTypes.All);
        var orderIds = TelnyxQuery.UuidFilter(q, "porting_order_id");
        var failures = page.Errors.Concat(types.Errors).Concat(orderIds.Errors).ToList();
        var gte = Instant(q, "filter[created_at][gte]", failures);
        var lte = Instant(q, "filter[created_at][lte]", failures);
        if (failures.Count > 0) return TelnyxErrors.ToResult(failures);

        var accountId = http.AccountId();
        var query = db.PortingEvents.AsNoTracking().Where(e => e.AccountId == accountId);
        if (types.Value is { } t) query = query.Where(e => t.Contains(e.EventType));
        if (orderIds.Value is { } o) query = query.Where(e => o.Contains(e.PortingOrderId));
        if (gte is { } from) query = query.Where(e => e.CreatedAt >= from);
        if (lte is { } to) query = query.Where(e => e.CreatedAt <= to);
        var total = await query.LongCountAsync(ct);
        var events = await query.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id).Skip(page.Value.Skip).Take(page.Value.Size).ToListAsync(ct);
        return Results.Json(new { data = events.Select(View).ToArray(), meta = page.Value.Meta(total) }, TelnyxJson.Options);
    }

    public static async Task<IResult> Get(string id, HttpContext http, NumberBlocksDbContext db, CancellationToken ct)
    {
        var accountId = http.AccountId();
        var e = Guid.TryParseExact(id, "D", out var eventId)
            ? await db.PortingEvents.AsNoTracking().FirstOrDefaultAsync(x => x.Id == eventId && x.AccountId == accountId, ct)
            : null;
        return e is null ? EventNotFound() : Results.Json(new { data = View(e) }, TelnyxJson.Options);
    }

    /// <summary>Telnyx: "Republishes the specified porting event, triggering re-delivery of the corresponding webhook." 204.</summary>
    public static async Task<IResult> Republish(string id, HttpContext http, NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var eventId)) return EventNotFound();
        var accountId = http.AccountId();
        var now = clock.GetUtcNow();
        var result = await db.RunAsync(c => PortingCompletionOperations.RepublishAsync(db, accountId, eventId, now, c), ct);
        WakeDelivery(http, result.IsSuccess);
        return result.IsFailure ? TelnyxErrors.ToResult(result.Errors) : Results.NoContent();
    }

    /// <summary>After a committed change that may have queued porting webhooks: deliver now rather than at the next poll.</summary>
    public static void WakeDelivery(HttpContext http, bool committed)
    {
        if (committed) http.RequestServices.GetRequiredService<OutboxSignal>().Notify();
    }

    /// <summary>Telnyx porting_event.</summary>
    public static object View(PortingEvent e) => new
    {
        id = e.Id,
        record_type = "porting_event",
        event_type = e.EventType,
        porting_order_id = e.PortingOrderId,
        available_notification_methods = e.WebhookUrl is null ? Array.Empty<string>() : ["webhook"],
        payload_status = e.PayloadStatus,
        payload = JsonNode.Parse(e.PayloadJson),
        created_at = TelnyxJson.Instant(e.CreatedAt),
        updated_at = TelnyxJson.Instant(e.UpdatedAt),
    };

    private static DateTimeOffset? Instant(IQueryCollection q, string name, List<DomainError> failures)
    {
        if (!q.TryGetValue(name, out var raw) || string.IsNullOrEmpty(raw.ToString())) return null;
        if (DateTimeOffset.TryParse(raw.ToString(), System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out var t))
            return t;
        failures.Add(DomainError.InvalidParameter(name, $"{name} must be an ISO 8601 date-time such as 2021-03-19T10:07:15Z."));
        return null;
    }

    private static IResult EventNotFound() => TelnyxErrors.ToResult(DomainError.NotFound("Porting event"));
}

using NumberBlocks.Api.Auth;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Callbacks;
using NumberBlocks.Api.Http;
using NumberBlocks.Data;
using NumberBlocks.Data.Porting;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Porting;

namespace NumberBlocks.Api.Telnyx;

/// <summary>Telnyx /v2/porting/events: the account's porting events, and republishing one.</summary>
public static class PortingEventsApi
{
    /// <summary>The SDK's EventListParams: filter[type], filter[porting_order_id], filter[created_at][gte|lte].</summary>
    public static readonly TelnyxFilterSpec Filters = new(
        FilterField.Enum("type", "Filter by event type.", PortingEventTypes.All),
        FilterField.Uuid("porting_order_id", "Events of these porting orders."),
        FilterField.Instant("created_at", "Events created from gte and until lte.", FilterOp.Gte, FilterOp.Lte, FilterOp.Gt, FilterOp.Lt));

    public static RouteGroupBuilder MapPortingEvents(this RouteGroupBuilder v2)
    {
        var events = v2.MapGroup("/porting/events").WithTags("Telnyx: porting events");
        events.MapGet("", List).WithName("listPortingEvents")
            .WithSummary("List all porting events")
            .WithDescription("Returns the account's porting events, newest first: every status change (porting_order.status_changed) and deleted draft (porting_order.deleted).")
            .WithTelnyxQuery(new TelnyxQueryDoc(Filters, Paged: true));
        events.MapGet("/{id}", Get).WithName("showPortingEvent")
            .WithSummary("Show a porting event")
            .WithDescription("Returns one porting event with its payload.");
        events.MapPost("/{id}/republish", Republish).WithName("republishPortingEvent")
            .WithSummary("Republish a porting event")
            .WithDescription("Republishes the event, triggering re-delivery of its webhook to where the order (or else the account) points now. 204.");
        return v2;
    }

    public static async Task<Results<Ok<TelnyxList<PortingEventRecord>>, TelnyxProblem>> List(HttpContext http, [FromStandby] NumberBlocksDbContext db, CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query);
        var paging = TelnyxPaging.Read(q);
        var f = Filters.Read(q);
        if (q.Finish() is { Count: > 0 } refused) return new TelnyxProblem(refused);

        var accountId = http.AccountId();
        var query = db.PortingEvents.AsNoTracking().Where(e => e.AccountId == accountId);
        query = query.WhereIn(e => e.EventType, f.Values("type"));
        query = query.WhereIn(e => e.PortingOrderId, f.Guids("porting_order_id"));
        query = query.WhereBounds(e => (DateTimeOffset?)e.CreatedAt, f.Bounds("created_at"));
        var total = await query.LongCountAsync(ct);
        var events = await query.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id).Skip(paging.Skip).Take(paging.Size).ToListAsync(ct);
        return TypedResults.Ok(new TelnyxList<PortingEventRecord>(events.Select(TelnyxViews.Event).ToList(), paging.Meta(total)));
    }

    public static async Task<Results<Ok<TelnyxData<PortingEventRecord>>, TelnyxProblem>> Get(string id, HttpContext http, NumberBlocksDbContext db,
        CancellationToken ct)
    {
        var accountId = http.AccountId();
        var e = Guid.TryParseExact(id, "D", out var eventId)
            ? await db.PortingEvents.AsNoTracking().FirstOrDefaultAsync(x => x.Id == eventId && x.AccountId == accountId, ct)
            : null;
        return e is null ? EventNotFound() : TypedResults.Ok(new TelnyxData<PortingEventRecord>(TelnyxViews.Event(e)));
    }

    /// <summary>Telnyx: "Republishes the specified porting event, triggering re-delivery of the corresponding webhook." 204.</summary>
    public static async Task<Results<NoContent, TelnyxProblem>> Republish(string id, HttpContext http, NumberBlocksDbContext db, TimeProvider clock,
        CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var eventId)) return EventNotFound();
        var accountId = http.AccountId();
        var now = clock.GetUtcNow();
        var result = await db.RunAsync(c => PortingEventOperations.RepublishAsync(db, accountId, eventId, now, c), ct);
        WakeDelivery(http, result.IsSuccess);
        return result.IsFailure ? new TelnyxProblem(result.Errors) : TypedResults.NoContent();
    }

    /// <summary>After a committed change that may have queued porting webhooks: deliver now rather than at the next poll.</summary>
    public static void WakeDelivery(HttpContext http, bool committed)
    {
        if (committed) http.RequestServices.GetRequiredService<OutboxSignal>().Notify();
    }

    private static TelnyxProblem EventNotFound() => DomainError.NotFound("Porting event");
}

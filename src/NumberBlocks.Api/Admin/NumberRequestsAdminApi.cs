using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Callbacks;
using NumberBlocks.Api.Cm;
using NumberBlocks.Api.Http;
using NumberBlocks.Api.Requests;
using NumberBlocks.Api.Telnyx;
using NumberBlocks.Data;
using NumberBlocks.Data.Requests;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Requests;

namespace NumberBlocks.Api.Admin;

/// <summary>The operator's side of number requests: list them, accept or reject with a reason (seed 003 / CM.com).</summary>
public static class NumberRequestsAdminApi
{
    public static RouteGroupBuilder MapNumberRequestsAdmin(this RouteGroupBuilder admin)
    {
        var requests = admin.MapGroup("/number_requests").WithTags("Operator: number requests");
        requests.MapGet("", List).WithName("AdminListNumberRequests");
        requests.MapPost("/{id}/accept", Accept).WithName("AdminAcceptNumberRequest");
        requests.MapPost("/{id}/reject", Reject).WithName("AdminRejectNumberRequest");
        return admin;
    }

    /// <summary>Query: filter[status], filter[account_id], page[number], page[size]; oldest first (the order they are served in).</summary>
    public static async Task<IResult> List(HttpContext http, NumberBlocksDbContext db, CancellationToken ct)
    {
        var q = http.Request.Query;
        var page = TelnyxQuery.Page(q);
        if (page.IsFailure) return AdminErrors.ToResult(page.Errors);
        var statuses = TelnyxQuery.EnumFilter(q, "status", NumberRequestStatuses.WireNames.ToArray());
        if (statuses.IsFailure) return AdminErrors.ToResult(statuses.Errors);
        var accounts = TelnyxQuery.UuidFilter(q, "account_id");
        if (accounts.IsFailure) return AdminErrors.ToResult(accounts.Errors);
        var query = db.NumberRequests.AsNoTracking();
        if (statuses.Value is { } s) query = query.Where(r => s.Contains(r.Status));
        if (accounts.Value is { } a) query = query.Where(r => a.Contains(r.AccountId));
        var total = await query.LongCountAsync(ct);
        var rows = await query.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).Skip(page.Value.Skip).Take(page.Value.Size).ToListAsync(ct);
        var list = new List<object>();
        foreach (var r in rows) list.Add(CmViews.Request(r, await CmRequestNotifier.RangesAsync(db, r.Id, ct)));
        return Results.Json(new { data = list, meta = page.Value.Meta(total) }, TelnyxJson.Options);
    }

    /// <summary>Body: {"reason": "..."} (required: CM.com always gives a reason).</summary>
    public static Task<IResult> Accept(string id, HttpContext http, NumberBlocksDbContext db, TimeProvider clock, OutboxSignal outbox, FulfilmentSignal fulfilment, NumberRequestNotifiers notifiers, CancellationToken ct) =>
        MoveAsync(id, NumberRequestStatus.Accepted, http, db, clock, outbox, fulfilment, notifiers, ct);

    public static Task<IResult> Reject(string id, HttpContext http, NumberBlocksDbContext db, TimeProvider clock, OutboxSignal outbox, FulfilmentSignal fulfilment, NumberRequestNotifiers notifiers, CancellationToken ct) =>
        MoveAsync(id, NumberRequestStatus.Rejected, http, db, clock, outbox, fulfilment, notifiers, ct);

    private static async Task<IResult> MoveAsync(string id, NumberRequestStatus target, HttpContext http, NumberBlocksDbContext db, TimeProvider clock,
        OutboxSignal outbox, FulfilmentSignal fulfilment, NumberRequestNotifiers notifiers, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var rid)) return AdminErrors.ToResult(DomainError.NotFound("Number request"));
        var body = await JsonInput.ReadBodyAsync(http.Request, ct);
        if (body.IsFailure) return AdminErrors.ToResult(body.Errors);
        var input = new JsonInput();
        if (!input.RequireObject(body.Value, "")) return AdminErrors.ToResult(input.Errors);
        var reason = input.String(body.Value, "reason", "/reason", required: true, maxLength: 1000);
        if (reason is not null && string.IsNullOrWhiteSpace(reason)) input.Add(new DomainError(ErrorCodes.InvalidValue, "reason must not be blank.", "/reason"));
        if (input.HasErrors) return AdminErrors.ToResult(input.Errors);
        var now = clock.GetUtcNow();
        var result = await db.RunAsync<NumberRequest>(async c =>
        {
            var request = await db.NumberRequests.FirstOrDefaultAsync(r => r.Id == rid, c);
            if (request is null) return DomainError.NotFound("Number request");
            return await NumberRequestOperations.MoveAsync(db, request, target, reason!.Trim(), now, notifiers.For(request), c);
        }, ct);
        if (result.IsFailure) return AdminErrors.ToResult(result.Errors);
        outbox.Notify();
        if (target == NumberRequestStatus.Accepted) fulfilment.Notify();
        return Results.Json(new { data = CmViews.Request(result.Value, await CmRequestNotifier.RangesAsync(db, rid, ct)) }, TelnyxJson.Options);
    }
}

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Callbacks;
using NumberBlocks.Api.Http;
using NumberBlocks.Api.Requests;
using NumberBlocks.Data;
using NumberBlocks.Data.Requests;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Numbering;
using NumberBlocks.Domain.Requests;

namespace NumberBlocks.Api.Admin;

/// <summary>The operator's side of number requests: list them, accept or reject with a reason (seed 003 / CM.com).</summary>
public static class NumberRequestsAdminApi
{
    public const int MaxReasonLength = 1000;

    public static RouteGroupBuilder MapNumberRequestsAdmin(this RouteGroupBuilder admin)
    {
        var requests = admin.MapGroup("/number_requests").WithTags(AdminSurface.NumberRequestsTag);
        requests.MapGet("", List).WithName("AdminListNumberRequests")
            .WithSummary("List number requests")
            .WithDescription("Number requests of every account, oldest first (the order they are served in): filter[status] (pending, accepted, " +
                "completed, rejected, cancelled), filter[account_id], page[number], page[size]. Each with its assigned ranges.");
        requests.MapPost("/{id}/accept", Accept).WithName("AdminAcceptNumberRequest")
            .WithSummary("Accept a number request")
            .WithDescription("Moves a pending request to accepted with the reason given (seed 003: every status change has a reason); the " +
                "fulfilment worker then assigns numbers as stock allows. The change is reported to the customer the way the request's " +
                "surface reports (callback and e-mail).")
            .WithRequestExample(new NumberRequestDecisionRequest("Stock for Essen arrives this week."));
        requests.MapPost("/{id}/reject", Reject).WithName("AdminRejectNumberRequest")
            .WithSummary("Reject a number request")
            .WithDescription("Moves an open request to rejected with the reason given; numbers already assigned stay assigned. Reported like an acceptance.")
            .WithRequestExample(new NumberRequestDecisionRequest("No numbers of this area code can be offered."));
        return admin;
    }

    public static async Task<Results<Ok<AdminList<AdminNumberRequestRecord>>, AdminProblem>> List(HttpContext http, NumberBlocksDbContext db,
        CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query);
        var page = AdminQuery.Page(q);
        var statuses = AdminQuery.EnumFilter(q, "status", NumberRequestStatuses.WireNames.ToArray());
        var accounts = AdminQuery.UuidFilter(q, "account_id");
        if (AdminQuery.Refusals(q) is { } refused) return refused;
        var query = db.NumberRequests.AsNoTracking();
        if (statuses is not null) query = query.Where(r => statuses.Contains(r.Status));
        if (accounts is not null) query = query.Where(r => accounts.Contains(r.AccountId));
        var total = await query.LongCountAsync(ct);
        var rows = await query.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).Skip(page.Skip).Take(page.Size).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var ranges = (await db.NumberRequestRanges.AsNoTracking().Where(x => ids.Contains(x.NumberRequestId)).ToListAsync(ct))
            .ToLookup(x => x.NumberRequestId);
        var list = rows.Select(r => View(r, ranges[r.Id].OrderBy(x => x.RangeStart).ToList())).ToList();
        return TypedResults.Ok(new AdminList<AdminNumberRequestRecord>(list, AdminPageMeta.Of(page, total)));
    }

    public static Task<Results<Ok<AdminData<AdminNumberRequestRecord>>, AdminProblem>> Accept(string id, JsonBody<NumberRequestDecisionRequest> body,
        NumberBlocksDbContext db, TimeProvider clock, OutboxSignal outbox, FulfilmentSignal fulfilment, NumberRequestNotifiers notifiers, CancellationToken ct) =>
        MoveAsync(id, NumberRequestStatus.Accepted, body, db, clock, outbox, fulfilment, notifiers, ct);

    public static Task<Results<Ok<AdminData<AdminNumberRequestRecord>>, AdminProblem>> Reject(string id, JsonBody<NumberRequestDecisionRequest> body,
        NumberBlocksDbContext db, TimeProvider clock, OutboxSignal outbox, FulfilmentSignal fulfilment, NumberRequestNotifiers notifiers, CancellationToken ct) =>
        MoveAsync(id, NumberRequestStatus.Rejected, body, db, clock, outbox, fulfilment, notifiers, ct);

    /// <summary>The move goes through the request lifecycle's one table, and its report through the notifier of the request's origin.</summary>
    private static async Task<Results<Ok<AdminData<AdminNumberRequestRecord>>, AdminProblem>> MoveAsync(string id, NumberRequestStatus target,
        JsonBody<NumberRequestDecisionRequest> body, NumberBlocksDbContext db, TimeProvider clock, OutboxSignal outbox, FulfilmentSignal fulfilment,
        NumberRequestNotifiers notifiers, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var rid)) return NotFound();
        if (body.Result.IsFailure) return new AdminProblem(body.Result.Errors);
        var fields = new AdminFields();
        var reason = fields.NotBlank(body.Result.Value.Reason, "/reason", MaxReasonLength);
        if (fields.HasErrors) return new AdminProblem(fields.Errors);
        var now = clock.GetUtcNow();
        var result = await db.RunAsync<NumberRequest>(async c =>
        {
            var request = await db.NumberRequests.FirstOrDefaultAsync(r => r.Id == rid, c);
            if (request is null) return DomainError.NotFound("Number request");
            return await NumberRequestOperations.MoveAsync(db, request, target, reason, now, notifiers.For(request), c);
        }, ct);
        if (result.IsFailure) return new AdminProblem(result.Errors);
        outbox.Notify();
        if (target == NumberRequestStatus.Accepted) fulfilment.Notify();
        var ranges = await db.NumberRequestRanges.AsNoTracking().Where(x => x.NumberRequestId == rid).OrderBy(x => x.RangeStart).ToListAsync(ct);
        return TypedResults.Ok(new AdminData<AdminNumberRequestRecord>(View(result.Value, ranges)));
    }

    private static AdminProblem NotFound() => DomainError.NotFound("Number request");

    private static AdminNumberRequestRecord View(NumberRequest r, IReadOnlyList<NumberRequestRange> ranges)
    {
        var first = ranges.Count > 0 ? ranges[0] : null;
        return new AdminNumberRequestRecord(
            r.Id, r.AccountId, r.Status, r.StatusReason, r.CountryCode, r.NumberType, r.Quantity, r.RangeSize, r.AssignedCount,
            r.AreaCode, r.City, r.Region, r.Comment, r.CallbackUrl, r.Email, r.CompanyProfileId, r.CreatedAt, r.UpdatedAt,
            first?.Id, first is null ? null : Number(first.RangeStart), first?.ValidFrom, first?.ValidTo,
            ranges.Select(x => new AdminNumberRequestRangeRecord(x.Id, Number(x.RangeStart), Number(x.RangeEnd), x.RangeEnd - x.RangeStart + 1,
                x.ValidFrom, x.ValidTo)).ToList());
    }

    private static string Number(long value) => E164Number.FromValue(value).ToString();
}

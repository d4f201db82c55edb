using NumberBlocks.Api.Auth;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Http;
using NumberBlocks.Data;
using NumberBlocks.Data.Porting;
using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Api.Telnyx;

/// <summary>Telnyx actions/activate and /v2/porting_orders/{id}/activation_jobs: on-demand activation of FastPort orders.</summary>
public static class ActivationJobsApi
{
    public static RouteGroupBuilder MapActivationJobs(this RouteGroupBuilder v2)
    {
        var orders = v2.MapGroup("/porting_orders/{id}").WithTags("Telnyx: activation jobs");
        orders.MapPost("/actions/activate", Activate).WithName("ActivatePortingOrder")
            .WithSummary("Activate every number in a porting order asynchronously.")
            .WithDescription("Creates the order's activation job (202): on-demand inside the activation window that opens at the confirmed FOC " +
                "date/time, scheduled for its start before then. Limited to US FastPort orders; one open job per order.");
        orders.MapGet("/activation_jobs", List).WithName("ListPortingOrderActivationJobs")
            .WithSummary("List all porting activation jobs")
            .WithDescription("Returns the order's activation jobs, newest first. A sharing token of the order may call this.")
            .WithMetadata(new SharingTokenReads("id"))
            .WithTelnyxQuery(new TelnyxQueryDoc(Paged: true));
        orders.MapGet("/activation_jobs/{activationJobId}", Get).WithName("GetPortingOrdersActivationJob")
            .WithSummary("Retrieve a porting activation job")
            .WithDescription("Returns one activation job of the order, with its status. A sharing token of the order may call this.")
            .WithMetadata(new SharingTokenReads("id"));
        orders.MapPatch("/activation_jobs/{activationJobId}", Update).WithName("UpdatePortingOrdersActivationJob")
            .WithSummary("Update a porting activation job")
            .WithDescription("Moves the activation time of a job that has not started; activate_at must fall inside its activation window.")
            .WithRequestExample(new UpdateActivationJobRequest(new DateTimeOffset(2026, 12, 8, 15, 30, 0, TimeSpan.Zero)));
        return v2;
    }

    public static async Task<Results<Accepted<TelnyxData<PortingActivationJobRecord>>, TelnyxProblem>> Activate(string id, HttpContext http,
        NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var orderId)) return PortingOrdersApi.NotFound();
        var accountId = http.AccountId();
        var now = clock.GetUtcNow();
        var job = await db.RunAsync(c => PortingCompletionOperations.RequestActivationAsync(db, accountId, orderId, now, c), ct);
        if (job.IsFailure) return new TelnyxProblem(job.Errors);
        return TypedResults.Accepted($"/v2/porting_orders/{orderId}/activation_jobs/{job.Value.Id}",
            new TelnyxData<PortingActivationJobRecord>(TelnyxViews.ActivationJob(job.Value)));
    }

    public static async Task<Results<Ok<TelnyxList<PortingActivationJobRecord>>, TelnyxProblem>> List(string id, HttpContext http,
        NumberBlocksDbContext db, CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query);
        var paging = TelnyxPaging.Read(q);
        var order = await PortingOrdersApi.FindAsync(db, http, id, ct);
        if (order is null) return PortingOrdersApi.NotFound();
        if (q.Finish() is { Count: > 0 } refused) return new TelnyxProblem(refused);
        var query = db.PortingActivationJobs.AsNoTracking().Where(j => j.PortingOrderId == order.Id);
        var total = await query.LongCountAsync(ct);
        var jobs = await query.OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.Id).Skip(paging.Skip).Take(paging.Size).ToListAsync(ct);
        return TypedResults.Ok(new TelnyxList<PortingActivationJobRecord>(jobs.Select(TelnyxViews.ActivationJob).ToList(), paging.Meta(total)));
    }

    public static async Task<Results<Ok<TelnyxData<PortingActivationJobRecord>>, TelnyxProblem>> Get(string id, string activationJobId,
        HttpContext http, NumberBlocksDbContext db, CancellationToken ct)
    {
        var order = await PortingOrdersApi.FindAsync(db, http, id, ct);
        if (order is null) return PortingOrdersApi.NotFound();
        var job = Guid.TryParseExact(activationJobId, "D", out var jobId)
            ? await db.PortingActivationJobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId && j.PortingOrderId == order.Id, ct)
            : null;
        return job is null ? JobNotFound() : TypedResults.Ok(new TelnyxData<PortingActivationJobRecord>(TelnyxViews.ActivationJob(job)));
    }

    /// <summary>Telnyx: "Updates the activation time of a porting activation job."</summary>
    public static async Task<Results<Ok<TelnyxData<PortingActivationJobRecord>>, TelnyxProblem>> Update(string id, string activationJobId,
        JsonBody<UpdateActivationJobRequest> body, HttpContext http, NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var orderId)) return PortingOrdersApi.NotFound();
        if (!Guid.TryParseExact(activationJobId, "D", out var jobId)) return JobNotFound();
        if (body.Result.IsFailure) return new TelnyxProblem(body.Result.Errors);
        if (body.Result.Value.ActivateAt is not { } activateAt) return (TelnyxProblem)DomainError.Required("/activate_at");

        var accountId = http.AccountId();
        if (!await db.PortingOrders.AnyAsync(o => o.Id == orderId && o.AccountId == accountId, ct)) return PortingOrdersApi.NotFound();
        var now = clock.GetUtcNow();
        var job = await db.RunAsync(c => PortingCompletionOperations.RescheduleAsync(db, accountId, orderId, jobId, activateAt, now, c), ct);
        if (job.IsFailure) return new TelnyxProblem(job.Errors);
        return TypedResults.Ok(new TelnyxData<PortingActivationJobRecord>(TelnyxViews.ActivationJob(job.Value)));
    }

    private static TelnyxProblem JobNotFound() => DomainError.NotFound("Activation job");
}

using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Http;
using NumberBlocks.Data;
using NumberBlocks.Data.Entities;
using NumberBlocks.Data.Porting;
using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Api.Telnyx;

/// <summary>Telnyx actions/activate and /v2/porting_orders/{id}/activation_jobs (issue 6).</summary>
public static class ActivationJobsApi
{
    public static RouteGroupBuilder MapActivationJobs(this RouteGroupBuilder v2)
    {
        var orders = v2.MapGroup("/porting_orders/{id}").WithTags("Porting Orders");
        orders.MapPost("/actions/activate", Activate).WithName("ActivatePortingOrder");
        orders.MapGet("/activation_jobs", List).WithName("ListPortingOrderActivationJobs");
        orders.MapGet("/activation_jobs/{activationJobId}", Get).WithName("GetPortingOrdersActivationJob");
        orders.MapPatch("/activation_jobs/{activationJobId}", Update).WithName("UpdatePortingOrdersActivationJob");
        return v2;
    }

    /// <summary>Telnyx: "Activate each number in a porting order asynchronously." 202 with the job; a worker runs it.</summary>
    public static async Task<IResult> Activate(string id, HttpContext http, NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var orderId)) return PortingOrdersApi.NotFound();
        var accountId = http.AccountId();
        var now = clock.GetUtcNow();
        var job = await db.RunAsync(c => PortingCompletionOperations.RequestActivationAsync(db, accountId, orderId, now, c), ct);
        if (job.IsFailure) return TelnyxErrors.ToResult(job.Errors);
        return Results.Json(new { data = View(job.Value) }, TelnyxJson.Options, statusCode: StatusCodes.Status202Accepted);
    }

    public static async Task<IResult> List(string id, HttpContext http, NumberBlocksDbContext db, CancellationToken ct)
    {
        var order = await PortingOrdersApi.FindAsync(db, http, id, ct);
        if (order is null) return PortingOrdersApi.NotFound();
        var page = TelnyxQuery.Page(http.Request.Query);
        if (page.IsFailure) return TelnyxErrors.ToResult(page.Errors);
        var query = db.PortingActivationJobs.AsNoTracking().Where(j => j.PortingOrderId == order.Id);
        var total = await query.LongCountAsync(ct);
        var jobs = await query.OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.Id).Skip(page.Value.Skip).Take(page.Value.Size).ToListAsync(ct);
        return Results.Json(new { data = jobs.Select(View).ToArray(), meta = page.Value.Meta(total) }, TelnyxJson.Options);
    }

    public static async Task<IResult> Get(string id, string activationJobId, HttpContext http, NumberBlocksDbContext db, CancellationToken ct)
    {
        var order = await PortingOrdersApi.FindAsync(db, http, id, ct);
        if (order is null) return PortingOrdersApi.NotFound();
        var job = Guid.TryParseExact(activationJobId, "D", out var jobId)
            ? await db.PortingActivationJobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId && j.PortingOrderId == order.Id, ct)
            : null;
        return job is null ? JobNotFound() : Results.Json(new { data = View(job) }, TelnyxJson.Options);
    }

    /// <summary>Telnyx: "Updates the activation time of a porting activation job." Body: {"activate_at": "…"}.</summary>
    public static async Task<IResult> Update(string id, string activationJobId, HttpContext http, NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var orderId)) return PortingOrdersApi.NotFound();
        if (!Guid.TryParseExact(activationJobId, "D", out var jobId)) return JobNotFound();
        var body = await JsonInput.ReadBodyAsync(http.Request, ct);
        if (body.IsFailure) return TelnyxErrors.ToResult(body.Errors);
        var input = new JsonInput();
        if (!input.RequireObject(body.Value, "")) return TelnyxErrors.ToResult(input.Errors);
        var activateAt = input.Instant(body.Value, "activate_at", "/activate_at");
        if (activateAt is null && !input.HasErrors) input.Add(DomainError.Required("/activate_at"));
        if (input.HasErrors) return TelnyxErrors.ToResult(input.Errors);

        var accountId = http.AccountId();
        if (!await db.PortingOrders.AnyAsync(o => o.Id == orderId && o.AccountId == accountId, ct)) return PortingOrdersApi.NotFound();
        var now = clock.GetUtcNow();
        var job = await db.RunAsync(c => PortingCompletionOperations.RescheduleAsync(db, accountId, orderId, jobId, activateAt!.Value, now, c), ct);
        if (job.IsFailure) return TelnyxErrors.ToResult(job.Errors);
        return Results.Json(new { data = View(job.Value) }, TelnyxJson.Options);
    }

    /// <summary>Telnyx PortingOrdersActivationJob; failure_reason is NumberBlocks' addition, set when status is failed.</summary>
    public static object View(PortingActivationJob j) => new
    {
        id = j.Id,
        record_type = "porting_activation_job",
        status = j.Status,
        activation_type = j.ActivationType,
        activate_at = TelnyxJson.Instant(j.ActivateAt),
        activation_windows = new[] { new { start_at = TelnyxJson.Instant(j.WindowStart), end_at = TelnyxJson.Instant(j.WindowEnd) } },
        failure_reason = j.FailureReason,
        created_at = TelnyxJson.Instant(j.CreatedAt),
        updated_at = TelnyxJson.Instant(j.UpdatedAt),
    };

    private static IResult JobNotFound() => TelnyxErrors.ToResult(DomainError.NotFound("Activation job"));
}

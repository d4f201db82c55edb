using NumberBlocks.Api.Auth;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NumberBlocks.Api.Http;
using NumberBlocks.Data;
using NumberBlocks.Data.Lifecycle;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Numbering;
using static NumberBlocks.Api.Telnyx.Ordering.OrderingDocs;

namespace NumberBlocks.Api.Telnyx.Ordering;

/// <summary>
/// Telnyx's phone number block jobs (ordering extract: /phone_number_blocks/jobs…): deleting a whole block, the only way
/// a number of a block is deleted (seed 001). The job runs inline in the request's transaction and is recorded, so the
/// answer already carries its outcome; listing and retrieving read the record.
/// </summary>
public static class BlockJobsApi
{
    public static RouteGroupBuilder MapBlockJobs(this RouteGroupBuilder v2)
    {
        var jobs = v2.MapGroup("/phone_number_blocks/jobs").WithTags("Telnyx: phone number blocks background jobs");
        jobs.MapPost("/delete_phone_number_block", Create).WithName("CreatePhoneNumberBlockDeletionJob")
            .WithSummary("Deletes all numbers associated with a phone number block")
            .WithDescription("Deletes every number of the block the account still holds (phone_number_block_id: a ported block's id on its porting " +
                "order, which its numbers carry as block_reference_id; a bought block's number block order id). The job runs at once and " +
                "answers 202 with its outcome: completed, or failed with failed_operations naming each number that could not be deleted (run " +
                "it again for those). A ported number returns to the carrier holding its range; a bought one ages in quarantine, then returns " +
                "to stock (docs/lifecycle.md). An unknown block, or one with no numbers left, is 404.")
            .WithRequestExample(new DeletePhoneNumberBlockRequest("f3946371-7199-4261-9c3d-81a0d7935146"));
        jobs.MapGet("", List).WithName("ListPhoneNumberBlocksJobs")
            .WithSummary("Lists the phone number blocks jobs")
            .WithDescription("The account's block jobs, newest first (sort=created_at: oldest first); filter[status], filter[type], page[number], page[size].")
            .WithQueryParameters([.. Page, Text("filter[status]", "pending, in_progress, completed or failed."), Text("filter[type]", "delete_phone_number_block."),
                Text("sort", "created_at: oldest first (default newest first).")]);
        jobs.MapGet("/{id}", Get).WithName("GetPhoneNumberBlocksJob")
            .WithSummary("Retrieves a phone number blocks job")
            .WithDescription("One of the account's block jobs.");
        return v2;
    }

    public static async Task<Results<Accepted<OrderingData<PhoneNumberBlocksJobRecord>>, TelnyxProblem>> Create(JsonBody<DeletePhoneNumberBlockRequest> body,
        HttpContext http, NumberBlocksDbContext db, TimeProvider clock, IOptions<AgingOptions> aging, CancellationToken ct)
    {
        if (body.Result.IsFailure) return new TelnyxProblem(body.Result.Errors);
        var raw = body.Result.Value.PhoneNumberBlockId;
        if (raw is null) return (TelnyxProblem)DomainError.Required("/phone_number_block_id");
        if (!Guid.TryParseExact(raw, "D", out var blockId))
            return (TelnyxProblem)new DomainError(ErrorCodes.InvalidValue, "phone_number_block_id must be a UUID.", "/phone_number_block_id");
        var accountId = http.AccountId();
        var now = clock.GetUtcNow();
        var job = await db.RunAsync(c => NumberLifecycle.DeleteBlockAsync(db, accountId, blockId, now, aging.Value.Quarantine, c), ct);
        if (job.IsFailure) return new TelnyxProblem(job.Errors);
        return TypedResults.Accepted($"/v2/phone_number_blocks/jobs/{job.Value.Id}", new OrderingData<PhoneNumberBlocksJobRecord>(View(job.Value)));
    }

    public static async Task<Results<Ok<OrderingList<PhoneNumberBlocksJobRecord>>, TelnyxProblem>> List(HttpContext http, NumberBlocksDbContext db, CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query);
        var page = OrderingQuery.Page(q);
        var status = OrderingQuery.Filter(q, "status");
        if (status is not null && !BlockJobStatuses.All.Contains(status))
            q.Refuse("filter[status]", $"filter[status] must be one of: {string.Join(", ", BlockJobStatuses.All)}.");
        var type = OrderingQuery.Filter(q, "type");
        if (type is not null && type != PhoneNumberBlockJob.DeleteBlock)
            q.Refuse("filter[type]", $"filter[type] must be {PhoneNumberBlockJob.DeleteBlock}.");
        var sort = q.String("sort", 20);
        if (sort is not null && sort != "created_at") q.Refuse("sort", "sort must be created_at.");
        if (q.Finish() is { Count: > 0 } refused) return new TelnyxProblem(refused);

        var accountId = http.AccountId();
        var query = db.PhoneNumberBlockJobs.AsNoTracking().Where(j => j.AccountId == accountId);
        if (status is not null) query = query.Where(j => j.Status == status);
        if (type is not null) query = query.Where(j => j.JobType == type);
        var total = await query.LongCountAsync(ct);
        query = sort is null ? query.OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.Id) : query.OrderBy(j => j.CreatedAt).ThenBy(j => j.Id);
        var rows = await query.Skip((page.Number - 1) * page.Size).Take(page.Size).ToListAsync(ct);
        return TypedResults.Ok(new OrderingList<PhoneNumberBlocksJobRecord>(rows.Select(View).ToArray(), OrderingQuery.Meta(page, total)));
    }

    public static async Task<Results<Ok<OrderingData<PhoneNumberBlocksJobRecord>>, TelnyxProblem>> Get(string id, HttpContext http, NumberBlocksDbContext db,
        CancellationToken ct)
    {
        var accountId = http.AccountId();
        var job = OrderingQuery.Id(id) is { } jobId
            ? await db.PhoneNumberBlockJobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId && j.AccountId == accountId, ct)
            : null;
        return job is null ? (TelnyxProblem)DomainError.NotFound("Phone number blocks job") : TypedResults.Ok(new OrderingData<PhoneNumberBlocksJobRecord>(View(job)));
    }

    private static PhoneNumberBlocksJobRecord View(PhoneNumberBlockJob j) => new(
        j.Id, "phone_number_block_job", j.JobType, j.Status, j.PhoneNumberBlockId,
        j.Successes.Select(o => new BlockJobSuccessRecord(o.Id, E164Number.FromValue(o.PhoneNumber).ToString())).ToArray(),
        j.Failures.Select(o => new BlockJobFailureRecord(o.Id, E164Number.FromValue(o.PhoneNumber).ToString(),
            [TelnyxErrorMapper.Describe(new DomainError(o.ErrorCode ?? ErrorCodes.InternalError, o.ErrorDetail ?? "The number could not be deleted."))])).ToArray(),
        j.Etc, j.CreatedAt, j.UpdatedAt);
}

/// <summary>Body of POST /v2/phone_number_blocks/jobs/delete_phone_number_block (PhoneNumberBlocksJobDeletePhoneNumberBlockRequest).</summary>
public sealed record DeletePhoneNumberBlockRequest([property: Required] string? PhoneNumberBlockId);

/// <summary>
/// The ordering extract's PhoneNumberBlocksJob, plus phone_number_block_id (which block the job is about; Telnyx's
/// record does not forbid extra members).
/// </summary>
public sealed record PhoneNumberBlocksJobRecord(
    Guid Id,
    string RecordType,
    string Type,
    string Status,
    Guid PhoneNumberBlockId,
    IReadOnlyList<BlockJobSuccessRecord> SuccessfulOperations,
    IReadOnlyList<BlockJobFailureRecord> FailedOperations,
    DateTimeOffset? Etc,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>PhoneNumberBlocksJobSuccessfulOperation: the phone number's id and number.</summary>
public sealed record BlockJobSuccessRecord(Guid Id, string PhoneNumber);

/// <summary>PhoneNumberBlocksJobFailedOperation: the phone number's id and number, and why (Telnyx errors).</summary>
public sealed record BlockJobFailureRecord(Guid Id, string PhoneNumber, IReadOnlyList<TelnyxError> Errors);

using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Data.Entities;
using NumberBlocks.Data.Ledger;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Ledger;
using NumberBlocks.Domain.Porting;

namespace NumberBlocks.Data.Porting;

/// <summary>
/// A porting order after actions/confirm: cancelling, on-demand activation, the account's numbers, expired drafts. Each
/// operation runs inside the caller's <see cref="WriteTransaction"/>; every status move goes through
/// <see cref="PortingStatusMoves.MoveAsync"/> and its one table.
/// </summary>
public static class PortingCompletionOperations
{
    /// <summary>actions/cancel, with issue 6's rule: refused within 48 hours of a confirmed FOC date.</summary>
    public static async Task<Result<PortingOrder>> CancelAsync(NumberBlocksDbContext db, Guid accountId, Guid orderId, DateTimeOffset now, CancellationToken ct)
    {
        var order = await PortingOrderOperations.FindOrderAsync(db, accountId, orderId, ct);
        if (order is null) return DomainError.NotFound("Porting order");
        if (PortingCompletion.EnsureCustomerMayCancel(order.Status, order.FocDatetimeActual, now) is { } tooLate)
            return tooLate;
        return await PortingStatusMoves.MoveAsync(db, order, PortingOrderStatus.CancelPending, now, ct, pointer: "/status/value");
    }

    /// <summary>Telnyx actions/activate: one open activation job per order, inside the FastPort activation window.</summary>
    public static async Task<Result<PortingActivationJob>> RequestActivationAsync(NumberBlocksDbContext db, Guid accountId, Guid orderId,
        DateTimeOffset now, CancellationToken ct)
    {
        var order = await PortingOrderOperations.FindOrderAsync(db, accountId, orderId, ct);
        if (order is null) return DomainError.NotFound("Porting order");
        var window = PortingCompletion.ActivationWindowFor(order.Status, order.CountryCode, order.FocDatetimeActual, now);
        if (window.IsFailure) return Result<PortingActivationJob>.Fail(window.Errors);
        if (await db.PortingActivationJobs.AnyAsync(j => j.PortingOrderId == orderId
                && (j.Status == ActivationJobStatus.Created || j.Status == ActivationJobStatus.InProcess), ct))
            return new DomainError(ErrorCodes.ActivationJobOpen, "This porting order already has an activation job that has not finished.", null);
        var (start, end) = window.Value;
        var job = new PortingActivationJob
        {
            Id = Guid.CreateVersion7(now),
            PortingOrderId = orderId,
            AccountId = accountId,
            Status = ActivationJobStatus.Created,
            ActivationType = now >= start ? ActivationType.OnDemand : ActivationType.Scheduled,
            ActivateAt = now >= start ? now : start,
            WindowStart = start,
            WindowEnd = end,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.PortingActivationJobs.Add(job);
        return job;
    }

    /// <summary>Telnyx PATCH activation_jobs/{id}: a job that has not started may be moved inside its window.</summary>
    public static async Task<Result<PortingActivationJob>> RescheduleAsync(NumberBlocksDbContext db, Guid accountId, Guid orderId, Guid jobId,
        DateTimeOffset activateAt, DateTimeOffset now, CancellationToken ct)
    {
        var job = await db.PortingActivationJobs.FirstOrDefaultAsync(j => j.Id == jobId && j.PortingOrderId == orderId && j.AccountId == accountId, ct);
        if (job is null) return DomainError.NotFound("Activation job");
        if (job.Status != ActivationJobStatus.Created)
            return new DomainError(ErrorCodes.ActivationJobNotEditable, $"Only a job that has not started can be rescheduled; this one is {job.Status.ToWire()}.", "/activate_at");
        if (PortingCompletion.EnsureInsideWindow(activateAt, job.WindowStart, job.WindowEnd) is { } outside) return outside;
        job.ActivateAt = activateAt;
        job.ActivationType = ActivationType.Scheduled;
        job.UpdatedAt = now;
        return job;
    }

    /// <summary>
    /// How long a started job (in-process) belongs to the runner that started it. A runner finishes a job within
    /// milliseconds of starting it; a job still in-process after this long was started by a process that died between
    /// the two steps, and any runner may take it over. Taking over is safe even if that runner is alive after all:
    /// <see cref="FinishJobAsync"/> completes a job once, whoever calls it.
    /// </summary>
    public static readonly TimeSpan StartedJobLease = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Ids of jobs whose time has come, oldest first, and of started jobs whose runner's lease has expired; read outside
    /// any transaction.
    /// </summary>
    public static Task<List<Guid>> DueJobsAsync(NumberBlocksDbContext db, DateTimeOffset now, int max, CancellationToken ct)
    {
                var abandoned = now - StartedJobLease;
        return db.PortingActivationJobs.AsNoTracking()
            .Where(j => (j.Status == ActivationJobStatus.Created && j.ActivateAt <= now) || (j.Status == ActivationJobStatus.InProcess && j.UpdatedAt <= abandoned))
            .OrderBy(j => j.ActivateAt).Select(j => j.Id).Take(max).ToListAsync(ct);
    }

    /// <summary>
    /// Step 1 of running a job: created → in-process, or an abandoned in-process job taken over (its lease renewed).
    /// False when another runner took it first.
    /// </summary>
    /// <remarks>
    /// A conditional UPDATE, not read-then-write: two runners (workers of two processes on one PostgreSQL) both read
    /// "created" under READ COMMITTED; only the UPDATE whose WHERE still holds after the row lock moves the job.
    /// </remarks>
    public static async Task<Result<bool>> StartJobAsync(NumberBlocksDbContext db, Guid jobId, DateTimeOffset now, CancellationToken ct)
    {
                var abandoned = now - StartedJobLease;
        var moved = await db.PortingActivationJobs
            .Where(j => j.Id == jobId && (j.Status == ActivationJobStatus.Created || (j.Status == ActivationJobStatus.InProcess && j.UpdatedAt <= abandoned)))
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, ActivationJobStatus.InProcess).SetProperty(j => j.UpdatedAt, now), ct);
        return moved == 1;
    }

    /// <summary>
    /// Step 2: the activation completes the port through the one transition table (foc-date-confirmed → ported); when
    /// the order can no longer move there (an exception or a cancellation came first) the job fails, saying why.
    /// </summary>
    public static async Task<Result<PortingActivationJob>> FinishJobAsync(NumberBlocksDbContext db, Guid jobId, DateTimeOffset now, CancellationToken ct)
    {
        // Lock the job row while it is still in-process (a no-op UPDATE takes the row lock); a second finisher waits,
        // then finds it finished and leaves it, so the port completes and its events are written exactly once.
        var mine = await db.PortingActivationJobs.Where(j => j.Id == jobId && j.Status == ActivationJobStatus.InProcess)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.UpdatedAt, now), ct);
        var job = await db.PortingActivationJobs.FirstOrDefaultAsync(j => j.Id == jobId, ct);
        if (job is null) return DomainError.NotFound("Activation job");
        if (mine == 0) return job;
        var order = await db.PortingOrders.FirstAsync(o => o.Id == job.PortingOrderId, ct);
        var moved = await PortingStatusMoves.MoveAsync(db, order, PortingOrderStatus.Ported, now, ct);
        job.Status = moved.IsSuccess ? ActivationJobStatus.Completed : ActivationJobStatus.Failed;
        job.FailureReason = moved.IsSuccess ? null : moved.FirstError.Detail;
        job.UpdatedAt = now;
        return job;
    }

    /// <summary>
    /// Activates a ported number that stayed inactive (seed 001: "will port, but will remain inactive on your account").
    /// The ledger decides that the account still holds it; the porting row carries its activation.
    /// </summary>
    /// <remarks>
    /// With <paramref name="extensions"/>, those extensions of the number (seed 002) are activated instead: they join
    /// the activation ranges of the extension range that holds them.
    /// </remarks>
    public static async Task<Result<PortingPhoneNumber>> ActivateNumberAsync(NumberBlocksDbContext db, Guid accountId, Guid numberId, DateTimeOffset now,
        CancellationToken ct, ExtensionRange? extensions = null)
    {
        var number = await AccountNumbers(db, accountId).FirstOrDefaultAsync(n => n.Id == numberId, ct);
        if (number is null) return DomainError.NotFound("Phone number");
        if (extensions is { } wanted)
        {
            var ranges = await db.PortingExtensions.Where(e => e.PortingPhoneNumberId == numberId).ToListAsync(ct);
            var holder = ranges.FirstOrDefault(e => ExtensionRange.Of(e.ExtensionStart, e.ExtensionEnd).Contains(wanted));
            if (holder is null)
                return new DomainError(ErrorCodes.ActivationRangeOutsideBlock,
                    $"No extension range of this number holds the extensions {wanted}.", "/extension_range/start_at");
            var merged = PortingCompletion.ActivateExtensions(ExtensionRange.Of(holder.ExtensionStart, holder.ExtensionEnd),
                ActivationRangesJson.ReadExtensions(holder.ActivationRangesJson), wanted);
            if (merged.IsFailure) return Result<PortingPhoneNumber>.Fail(merged.Errors);
            holder.ActivationRangesJson = ActivationRangesJson.Write(merged.Value);
            holder.UpdatedAt = now;
            number.UpdatedAt = now;
            return number;
        }
        if (number.ActivationStatus == ActivationStatus.Active)
            return new DomainError(ErrorCodes.NumberAlreadyActive, "This phone number is already active.", null);
        number.ActivationStatus = ActivationStatus.Active;
        number.Activate = true;
        number.UpdatedAt = now;
        return number;
    }

    /// <summary>
    /// The numbers an account holds through porting: rows of its ported orders whose number the ledger says the account
    /// holds. Not a second source of truth: the ledger says whose a number is, the porting row says how it is set up.
    /// </summary>
    public static IQueryable<PortingPhoneNumber> AccountNumbers(NumberBlocksDbContext db, Guid accountId)
    {
        var account = LedgerHolder.Account(accountId).KindName;
        return db.PortingPhoneNumbers.Where(n => n.AccountId == accountId && n.Order!.Status == PortingOrderStatus.Ported
            && db.LedgerClaims.Any(c => c.HolderKind == account && c.HolderId == accountId && c.RangeStart <= n.PhoneNumber && c.RangeEnd >= n.PhoneNumber));
    }

    /// <summary>Drafts unconfirmed for 30 days (issue 6), oldest first; read outside any transaction.</summary>
    public static Task<List<Guid>> ExpiredDraftsAsync(NumberBlocksDbContext db, DateTimeOffset now, int max, CancellationToken ct)
    {
        var cutoff = now - PortingCompletion.DraftLifetime;
        return db.PortingOrders.AsNoTracking().Where(o => o.Status == PortingOrderStatus.Draft && o.CreatedAt <= cutoff)
            .OrderBy(o => o.CreatedAt).Select(o => o.Id).Take(max).ToListAsync(ct);
    }

    /// <summary>Removes one expired draft, releasing its numbers, and records porting_order.deleted. False when it is no longer an expired draft.</summary>
    /// <remarks>
    /// Cleanup runs in every service process. The order's row is locked first, by an UPDATE that changes nothing and
    /// holds only while the order is still an expired draft: a second remover (another process) waits there, then finds
    /// the row gone and leaves; a confirm that committed first makes the WHERE fail, so a confirmed order is never removed.
    /// </remarks>
    public static async Task<Result<bool>> RemoveExpiredDraftAsync(NumberBlocksDbContext db, Guid orderId, DateTimeOffset now, CancellationToken ct)
    {
        var cutoff = now - PortingCompletion.DraftLifetime;
        var locked = await db.PortingOrders.Where(o => o.Id == orderId && o.Status == PortingOrderStatus.Draft && o.CreatedAt <= cutoff)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.UpdatedAt, o => o.UpdatedAt), ct);
        if (locked == 0) return false;
        var order = await db.PortingOrders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orderId, ct);
        if (order is null || !PortingCompletion.DraftHasExpired(order.Status, order.CreatedAt, now)) return false;
        var deleted = await DeleteDraftAsync(db, order.AccountId, orderId, now, "The draft was not confirmed within 30 days.", ct);
        return deleted.IsSuccess ? true : Result<bool>.Fail(deleted.Errors);
    }

    /// <summary>Deletes a draft (releasing its numbers) and records porting_order.deleted, as Telnyx notifies "Deleted draft porting orders".</summary>
    public static async Task<Result<PortingOrder>> DeleteDraftAsync(NumberBlocksDbContext db, Guid accountId, Guid orderId, DateTimeOffset now, string? reason,
        CancellationToken ct)
    {
        var deleted = await PortingOrderOperations.DeleteDraftAsync(db, accountId, orderId, now, ct);
        if (deleted.IsFailure) return deleted;
        var order = deleted.Value;
        await PortingEventOperations.RecordAsync(db, order, PortingEventTypes.Deleted, new JsonObject
        {
            ["id"] = order.Id.ToString(),
            ["customer_reference"] = order.CustomerReference,
            ["deleted_at"] = Instant(now),
            ["reason"] = reason,
        }, now, ct);
        return order;
    }

    private static string? Instant(DateTimeOffset? t) => Domain.Rfc3339.Format(t);
}

using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Data.Entities;
using NumberBlocks.Data.Ledger;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Ledger;
using NumberBlocks.Domain.Porting;

namespace NumberBlocks.Data.Porting;

/// <summary>
/// Issue 6: a porting order after actions/confirm. Each operation runs inside the caller's <see cref="WriteTransaction"/>;
/// every status move still goes through <see cref="PortingOrderOperations.MoveStatusAsync"/> and its one table.
/// </summary>
public static class PortingCompletionOperations
{
    public const string OnDemand = "on-demand";
    public const string Scheduled = "scheduled";

    /// <summary>
    /// Called by <see cref="PortingOrderOperations.MoveStatusAsync"/> after every legal move, in the same transaction:
    /// the numbers' activation_status follows the order (on ported: active inside activation ranges, the rest ready to
    /// activate), and a porting_order.status_changed event is recorded.
    /// </summary>
    public static async Task AfterStatusMovedAsync(NumberBlocksDbContext db, PortingOrder order, PortingOrderStatus target, DateTimeOffset now,
        CancellationToken ct)
    {
        var whenActivated = PortingCompletion.ActivationStatusFor(target, activate: true);
        var whenNot = PortingCompletion.ActivationStatusFor(target, activate: false);
        await db.PortingPhoneNumbers.Where(n => n.PortingOrderId == order.Id && n.Activate)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ActivationStatus, whenActivated), ct);
        await db.PortingPhoneNumbers.Where(n => n.PortingOrderId == order.Id && !n.Activate)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ActivationStatus, whenNot), ct);
        await RecordEventAsync(db, order, PortingEventTypes.StatusChanged, StatusChangedPayload(order), now, ct);
    }

    /// <summary>Telnyx's porting_order.status_changed payload.</summary>
    public static JsonObject StatusChangedPayload(PortingOrder order) => new()
    {
        ["id"] = order.Id.ToString(),
        ["customer_reference"] = order.CustomerReference,
        ["support_key"] = order.SupportKey,
        ["status"] = new JsonObject
        {
            ["value"] = order.Status,
            ["details"] = JsonNode.Parse(order.StatusDetailsJson) ?? new JsonArray(),
        },
        ["activation_settings"] = new JsonObject
        {
            ["foc_datetime_requested"] = Instant(order.FocDatetimeRequested),
            ["foc_datetime_actual"] = Instant(order.FocDatetimeActual),
        },
        ["updated_at"] = Instant(order.UpdatedAt),
        ["webhook_url"] = order.WebhookUrl,
    };

    /// <summary>Records one porting event, addressed to the order's webhook_url, else the account's.</summary>
    public static async Task<PortingEvent> RecordEventAsync(NumberBlocksDbContext db, PortingOrder order, string eventType, JsonObject payload,
        DateTimeOffset now, CancellationToken ct)
    {
        var url = order.WebhookUrl ?? await db.Accounts.Where(a => a.Id == order.AccountId).Select(a => a.WebhookUrl).FirstOrDefaultAsync(ct);
        var e = new PortingEvent
        {
            Id = Guid.CreateVersion7(now),
            AccountId = order.AccountId,
            PortingOrderId = order.Id,
            EventType = eventType,
            PayloadJson = payload.ToJsonString(),
            PayloadStatus = "completed",
            WebhookUrl = url,
            PublishCount = url is null ? 0 : 1,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.PortingEvents.Add(e);
        if (url is not null) Publish(db, e, url, now);
        return e;
    }

    /// <summary>
    /// Queues the event's webhook in the outbox, in the caller's transaction: the outbox worker signs it with the
    /// account's secret (Standard Webhooks) and retries it. The body is Telnyx's webhook envelope.
    /// </summary>
    private static void Publish(NumberBlocksDbContext db, PortingEvent e, string url, DateTimeOffset now)
    {
        var body = new JsonObject
        {
            ["data"] = new JsonObject
            {
                ["event_type"] = e.EventType,
                ["id"] = e.Id.ToString(),
                ["occurred_at"] = Instant(e.CreatedAt),
                ["payload"] = JsonNode.Parse(e.PayloadJson),
                ["record_type"] = "event",
            },
            ["meta"] = new JsonObject { ["attempt"] = e.PublishCount, ["delivered_to"] = url },
        };
        Outbox.Outbox.EnqueueWebhook(db, e.AccountId, url, e.EventType, body.ToJsonString(), now);
    }

    /// <summary>Telnyx: republishing re-delivers the event's webhook (to where the order or account points now).</summary>
    public static async Task<Result<PortingEvent>> RepublishAsync(NumberBlocksDbContext db, Guid accountId, Guid eventId, DateTimeOffset now, CancellationToken ct)
    {
        var e = await db.PortingEvents.FirstOrDefaultAsync(x => x.Id == eventId && x.AccountId == accountId, ct);
        if (e is null) return DomainError.NotFound("Porting event");
        var orderUrl = await db.PortingOrders.Where(o => o.Id == e.PortingOrderId).Select(o => o.WebhookUrl).FirstOrDefaultAsync(ct);
        var url = orderUrl ?? await db.Accounts.Where(a => a.Id == accountId).Select(a => a.WebhookUrl).FirstOrDefaultAsync(ct);
        if (url is null)
            return new DomainError(ErrorCodes.InvalidValue,
                "Neither the porting order nor the account has a webhook_url; set one (PATCH /v2/porting_orders/{id}) before republishing.", null);
        e.WebhookUrl = url;
        e.PublishCount++;
        e.UpdatedAt = now;
        Publish(db, e, url, now);
        return e;
    }

    /// <summary>actions/cancel, with issue 6's rule: refused within 48 hours of a confirmed FOC date.</summary>
    public static async Task<Result<PortingOrder>> CancelAsync(NumberBlocksDbContext db, Guid accountId, Guid orderId, DateTimeOffset now, CancellationToken ct)
    {
        var order = await PortingOrderOperations.FindOrderAsync(db, accountId, orderId, ct);
        if (order is null) return DomainError.NotFound("Porting order");
        if (PortingCompletion.EnsureCustomerMayCancel(PortingOrderOperations.ParseStatus(order), order.FocDatetimeActual, now) is { } tooLate)
            return tooLate;
        return await PortingOrderOperations.MoveStatusAsync(db, order, PortingOrderStatus.CancelPending, now, ct, pointer: "/status/value");
    }

    /// <summary>Telnyx actions/activate: one open activation job per order, inside the FastPort activation window.</summary>
    public static async Task<Result<PortingActivationJob>> RequestActivationAsync(NumberBlocksDbContext db, Guid accountId, Guid orderId,
        DateTimeOffset now, CancellationToken ct)
    {
        var order = await PortingOrderOperations.FindOrderAsync(db, accountId, orderId, ct);
        if (order is null) return DomainError.NotFound("Porting order");
        var window = PortingCompletion.ActivationWindowFor(PortingOrderOperations.ParseStatus(order), order.CountryCode, order.FocDatetimeActual, now);
        if (window.IsFailure) return Result<PortingActivationJob>.Fail(window.Errors);
        var open = new[] { ActivationJobStatus.Created.ToWire(), ActivationJobStatus.InProcess.ToWire() };
        if (await db.PortingActivationJobs.AnyAsync(j => j.PortingOrderId == orderId && open.Contains(j.Status), ct))
            return new DomainError(ErrorCodes.ActivationJobOpen, "This porting order already has an activation job that has not finished.", null);
        var (start, end) = window.Value;
        var job = new PortingActivationJob
        {
            Id = Guid.CreateVersion7(now),
            PortingOrderId = orderId,
            AccountId = accountId,
            Status = ActivationJobStatus.Created.ToWire(),
            ActivationType = now >= start ? OnDemand : Scheduled,
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
        if (ActivationJobStatuses.ParseWire(job.Status) != ActivationJobStatus.Created)
            return new DomainError(ErrorCodes.ActivationJobNotEditable, $"Only a job that has not started can be rescheduled; this one is {job.Status}.", "/activate_at");
        if (PortingCompletion.EnsureInsideWindow(activateAt, job.WindowStart, job.WindowEnd) is { } outside) return outside;
        job.ActivateAt = activateAt;
        job.ActivationType = Scheduled;
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
        var created = ActivationJobStatus.Created.ToWire();
        var inProcess = ActivationJobStatus.InProcess.ToWire();
        var abandoned = now - StartedJobLease;
        return db.PortingActivationJobs.AsNoTracking()
            .Where(j => (j.Status == created && j.ActivateAt <= now) || (j.Status == inProcess && j.UpdatedAt <= abandoned))
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
        var created = ActivationJobStatus.Created.ToWire();
        var inProcess = ActivationJobStatus.InProcess.ToWire();
        var abandoned = now - StartedJobLease;
        var moved = await db.PortingActivationJobs
            .Where(j => j.Id == jobId && (j.Status == created || (j.Status == inProcess && j.UpdatedAt <= abandoned)))
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, inProcess).SetProperty(j => j.UpdatedAt, now), ct);
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
        var inProcess = ActivationJobStatus.InProcess.ToWire();
        var mine = await db.PortingActivationJobs.Where(j => j.Id == jobId && j.Status == inProcess)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.UpdatedAt, now), ct);
        var job = await db.PortingActivationJobs.FirstOrDefaultAsync(j => j.Id == jobId, ct);
        if (job is null) return DomainError.NotFound("Activation job");
        if (mine == 0) return job;
        var order = await db.PortingOrders.FirstAsync(o => o.Id == job.PortingOrderId, ct);
        var moved = await PortingOrderOperations.MoveStatusAsync(db, order, PortingOrderStatus.Ported, now, ct);
        job.Status = (moved.IsSuccess ? ActivationJobStatus.Completed : ActivationJobStatus.Failed).ToWire();
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
        if (number.ActivationStatus == PortingCompletion.Active)
            return new DomainError(ErrorCodes.NumberAlreadyActive, "This phone number is already active.", null);
        number.ActivationStatus = PortingCompletion.Active;
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
        var ported = PortingOrderStatus.Ported.ToWire();
        var account = LedgerHolder.Account(accountId).KindName;
        return db.PortingPhoneNumbers.Where(n => n.AccountId == accountId && n.Order!.Status == ported
            && db.LedgerClaims.Any(c => c.HolderKind == account && c.HolderId == accountId && c.RangeStart <= n.PhoneNumber && c.RangeEnd >= n.PhoneNumber));
    }

    /// <summary>Drafts unconfirmed for 30 days (issue 6), oldest first; read outside any transaction.</summary>
    public static Task<List<Guid>> ExpiredDraftsAsync(NumberBlocksDbContext db, DateTimeOffset now, int max, CancellationToken ct)
    {
        var draft = PortingOrderStatus.Draft.ToWire();
        var cutoff = now - PortingCompletion.DraftLifetime;
        return db.PortingOrders.AsNoTracking().Where(o => o.Status == draft && o.CreatedAt <= cutoff)
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
        var draft = PortingOrderStatus.Draft.ToWire();
        var cutoff = now - PortingCompletion.DraftLifetime;
        var locked = await db.PortingOrders.Where(o => o.Id == orderId && o.Status == draft && o.CreatedAt <= cutoff)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.UpdatedAt, o => o.UpdatedAt), ct);
        if (locked == 0) return false;
        var order = await db.PortingOrders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orderId, ct);
        if (order is null || !PortingCompletion.DraftHasExpired(PortingOrderOperations.ParseStatus(order), order.CreatedAt, now)) return false;
        var deleted = await DeleteDraftAsync(db, order.AccountId, orderId, now, "The draft was not confirmed within 30 days.", ct);
        return deleted.IsSuccess ? true : Result<bool>.Fail(deleted.Errors);
    }

    /// <summary>Deletes a draft (releasing its numbers) and records porting_order.deleted, as Telnyx notifies "Deleted draft porting orders".</summary>
    public static async Task<Result<PortingOrder>> DeleteDraftAsync(NumberBlocksDbContext db, Guid accountId, Guid orderId, DateTimeOffset now, string? reason,
        CancellationToken ct)
    {
        var deleted = await PortingOrderOperations.DeleteDraftAsync(db, accountId, orderId, ct);
        if (deleted.IsFailure) return deleted;
        var order = deleted.Value;
        await RecordEventAsync(db, order, PortingEventTypes.Deleted, new JsonObject
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

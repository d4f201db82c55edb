using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Data.Entities;
using NumberBlocks.Data.Ledger;
using NumberBlocks.Data.Ordering;
using NumberBlocks.Data.Porting;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Ledger;
using NumberBlocks.Domain.Numbering;
using NumberBlocks.Domain.Ordering;
using NumberBlocks.Domain.Porting;

namespace NumberBlocks.Data.Portouts;

/// <summary>What the gaining carrier asks for, as the operator records it (POST /admin/v1/portouts), already checked for form.</summary>
public sealed record PortoutRequestInput(
    IReadOnlyList<long> PhoneNumbers,
    string CarrierName,
    string Spid,
    DateTimeOffset RequestedFocDate,
    string EndUserName,
    string ServiceAddress,
    string? Pin);

/// <summary>
/// Port-outs: recording a carrier's request with the rules that refuse it at once (one account, whole blocks, PIN), the
/// account's decision, the carrier's completion or cancellation, the FOC completion, comments, supporting documents,
/// events and CSV reports. Each operation runs inside the caller's <see cref="WriteTransaction"/>.
/// </summary>
public static class PortoutOperations
{
    public const string StatusChanged = "portout.status_changed";
    public const string NewComment = "portout.new_comment";
    public const string FocDateChanged = "portout.foc_date_changed";
    public static readonly IReadOnlyList<string> EventTypes = [StatusChanged, NewComment, FocDateChanged];

    /// <summary>A port-out that is still open holds its numbers against a second request for them.</summary>
    private static readonly PortoutStatus[] Open = [PortoutStatus.Pending, PortoutStatus.Authorized, PortoutStatus.RejectedPending];

    /// <summary>
    /// Records a carrier's request. It is born pending, or rejected with its code when a rule refuses it: the numbers
    /// are not all held by one account; it names part of a block held as a block (seed 001); the PIN is wrong.
    /// A number already on an open port-out is refused rather than recorded twice.
    /// </summary>
    public static async Task<Result<Portout>> RecordAsync(NumberBlocksDbContext db, PortoutRequestInput input, DateTimeOffset now, CancellationToken ct)
    {
        var numbers = input.PhoneNumbers.Distinct().Order().ToList();
        var open = Open;
        var busy = await db.PortoutNumbers.Where(n => numbers.Contains(n.PhoneNumber))
            .Join(db.Portouts.Where(p => open.Contains(p.Status)), n => n.PortoutId, p => p.Id, (n, p) => new { n.PhoneNumber, p.Id })
            .FirstOrDefaultAsync(ct);
        if (busy is not null)
            return new DomainError(ErrorCodes.PortoutNumberOpen,
                $"{E164Number.FromValue(busy.PhoneNumber)} is already on the open port-out {busy.Id}.", "/phone_numbers", ErrorKind.Conflict);

        var portout = new Portout
        {
            Id = Guid.CreateVersion7(now),
            Status = PortoutStatus.Pending,
            CarrierName = input.CarrierName,
            Spid = input.Spid,
            EndUserName = input.EndUserName,
            ServiceAddress = input.ServiceAddress,
            SupportKey = "po_" + Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.Next()))[..6],
            RequestedFocDate = input.RequestedFocDate,
            FocDate = input.RequestedFocDate,
            PhoneNumbersJson = JsonSerializer.Serialize(numbers.Select(n => E164Number.FromValue(n).ToString())),
            CreatedAt = now,
            UpdatedAt = now,
        };

        var holder = await SingleAccountHolderAsync(db, numbers, ct);
        if (holder is not { } accountId)
            Reject(portout, PortoutRejections.NotOneAccount, PortoutRejections.NotOneAccount.Description);
        else
        {
            portout.AccountId = accountId;
            var blocks = await BlocksHeldAsync(db, accountId, numbers, ct);
            var partial = PortoutRules.PartlyNamed(numbers, blocks.Select(b => new HeldBlock(b.Id, b.Start, b.End)));
            if (partial is [var first, ..])
                Reject(portout, PortoutRejections.PartialBlock,
                    $"The request names part of the phone number block {first.Id} ({E164Number.FromValue(first.Start)}..{E164Number.FromValue(first.End)}); " +
                    "a block held as a block ports out whole (seed 001).");
            else if (!await PinMatchesAsync(db, accountId, numbers, input.Pin, ct))
                Reject(portout, PortoutRejections.WrongPin, PortoutRejections.WrongPin.Description);
            portout.BlocksJson = JsonSerializer.Serialize(blocks.Where(b => numbers.LongCount(n => n >= b.Start && n <= b.End) == b.End - b.Start + 1).ToList());
        }

        db.Portouts.Add(portout);
        db.PortoutNumbers.AddRange(numbers.Select(n => new PortoutNumber { PortoutId = portout.Id, PhoneNumber = n }));
        await RecordStatusChangedAsync(db, portout, now, ct);
        return portout;
    }

    private static void Reject(Portout portout, PortoutRejection rejection, string reason)
    {
        portout.Status = PortoutStatus.Rejected;
        portout.RejectionCode = rejection.Code;
        portout.Reason = reason;
    }

    /// <summary>The account whose claims hold every number, or null when any number is unheld or held by anyone else.</summary>
    private static async Task<Guid?> SingleAccountHolderAsync(NumberBlocksDbContext db, List<long> numbers, CancellationToken ct)
    {
        Guid? account = null;
        foreach (var (start, end) in Runs(numbers))
        {
            var claims = await NumberLedger.OverlapsAsync(db, start, end, ct);
            long covered = 0;
            foreach (var c in claims)
            {
                if (c.Kind != HolderKind.Account || (account is { } a && a != c.HolderId)) return null;
                account = c.HolderId;
                covered += Math.Min(end, c.End) - Math.Max(start, c.Start) + 1;
            }
            if (covered != end - start + 1) return null;
        }
        return account;
    }

    /// <summary>Consecutive numbers as runs [start, end].</summary>
    internal static IEnumerable<(long Start, long End)> Runs(IReadOnlyList<long> sorted)
    {
        for (var i = 0; i < sorted.Count;)
        {
            var j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1) j++;
            yield return (sorted[i], sorted[j]);
            i = j + 1;
        }
    }

    /// <summary>
    /// The blocks the account holds as blocks and that share a number with the request: ported-in blocks (their id is the
    /// numbers' block_reference_id) and bought blocks (their id is the block order's), each only while the account
    /// still holds its whole range.
    /// </summary>
    private static async Task<List<PortoutBlockSnapshot>> BlocksHeldAsync(NumberBlocksDbContext db, Guid accountId, List<long> numbers, CancellationToken ct)
    {
        long low = numbers[0], high = numbers[^1];
        var found = new List<PortoutBlockSnapshot>();
        var ported = await db.PortingBlocks.AsNoTracking()
            .Where(b => b.AccountId == accountId && b.RangeStart <= high && b.RangeEnd >= low
                && db.PortingOrders.Any(o => o.Id == b.PortingOrderId && o.Status == PortingOrderStatus.Ported))
            .ToListAsync(ct);
        found.AddRange(ported.Select(b => new PortoutBlockSnapshot(b.Id, b.RangeStart, b.RangeEnd, JsonSerializer.Deserialize<long[][]>(b.ActivationRangesJson)!)));
        var success = OrderStatus.Success.ToWire();
        var bought = await db.NumberOrders.AsNoTracking()
            .Where(o => o.AccountId == accountId && o.Kind == NumberOrder.Block && o.Status == success && o.RangeStart != null && o.RangeStart <= high)
            .ToListAsync(ct);
        found.AddRange(bought.Where(o => o.RangeStart!.Value + o.RangeSize!.Value - 1 >= low)
            .Select(o => new PortoutBlockSnapshot(o.Id, o.RangeStart!.Value, o.RangeStart!.Value + o.RangeSize!.Value - 1,
                [[o.RangeStart!.Value, o.RangeStart!.Value + o.RangeSize!.Value - 1]])));
        var held = new List<PortoutBlockSnapshot>();
        foreach (var b in found.Where(b => numbers.Any(n => n >= b.Start && n <= b.End)))
        {
            var claims = await NumberLedger.OverlapsAsync(db, b.Start, b.End, ct);
            var covered = claims.Where(c => c.Kind == HolderKind.Account && c.HolderId == accountId)
                .Sum(c => Math.Min(b.End, c.End) - Math.Max(b.Start, c.Start) + 1);
            if (covered == b.End - b.Start + 1) held.Add(b);
        }
        return held;
    }

    /// <summary>
    /// Each number's PIN is its own, else the account's; a number with neither needs none. The request passes when the
    /// PIN it gives matches every PIN its numbers need.
    /// </summary>
    private static async Task<bool> PinMatchesAsync(NumberBlocksDbContext db, Guid accountId, List<long> numbers, string? pin, CancellationToken ct)
    {
        var pins = await db.PortoutPins.AsNoTracking()
            .Where(p => p.AccountId == accountId && (p.PhoneNumber == AccountPin || numbers.Contains(p.PhoneNumber))).ToListAsync(ct);
        if (pins.Count == 0) return true;
        var own = pins.Where(p => p.PhoneNumber != AccountPin).ToDictionary(p => p.PhoneNumber, p => p.PinHash);
        var accountPin = pins.FirstOrDefault(p => p.PhoneNumber == AccountPin)?.PinHash;
        var needed = numbers.Select(n => own.GetValueOrDefault(n) ?? accountPin).OfType<string>().Distinct().ToList();
        return needed.All(hash => PortoutPin.Verify(pin, hash));
    }

    /// <summary>The portout_pins row of an account's own PIN (no number is 0).</summary>
    public const long AccountPin = 0;

    /// <summary>Sets (or replaces) the port-out PIN of an account, or of one of its numbers; the PIN is stored hashed only.</summary>
    public static async Task<Result<PortoutPinRow>> SetPinAsync(NumberBlocksDbContext db, Guid accountId, long? phoneNumber, string pin, DateTimeOffset now,
        CancellationToken ct)
    {
        if (!await db.Accounts.AnyAsync(a => a.Id == accountId, ct)) return DomainError.NotFound("Account");
        var key = phoneNumber ?? AccountPin;
        var row = await db.PortoutPins.FirstOrDefaultAsync(p => p.AccountId == accountId && p.PhoneNumber == key, ct);
        if (row is null)
        {
            row = new PortoutPinRow { AccountId = accountId, PhoneNumber = key, PinHash = PortoutPin.Hash(pin), UpdatedAt = now };
            db.PortoutPins.Add(row);
        }
        else
        {
            row.PinHash = PortoutPin.Hash(pin);
            row.UpdatedAt = now;
        }
        return row;
    }

    /// <summary>The account's port-outs (tenant isolation: another account's are never found).</summary>
    public static IQueryable<Portout> OfAccount(NumberBlocksDbContext db, Guid accountId) => db.Portouts.Where(p => p.AccountId == accountId);

    /// <summary>
    /// The account's decision (Telnyx PATCH /portouts/{id}/authorized or /rejected-pending): through the one transition
    /// table; a rejection needs a reason.
    /// </summary>
    public static async Task<Result<Portout>> DecideAsync(NumberBlocksDbContext db, Guid accountId, Guid portoutId, PortoutStatus target, string? reason,
        bool? hostMessaging, DateTimeOffset now, CancellationToken ct)
    {
        var portout = await OfAccount(db, accountId).FirstOrDefaultAsync(p => p.Id == portoutId, ct);
        if (portout is null) return DomainError.NotFound("Portout");
        if (PortoutStatuses.CheckMove(portout.Status, target, PortoutActor.Account, null) is { } refused) return refused;
        if (target == PortoutStatus.RejectedPending && string.IsNullOrWhiteSpace(reason))
            return new DomainError(ErrorCodes.Required, "A rejection needs a reason.", "/reason");
        portout.Status = target;
        portout.Reason = target == PortoutStatus.RejectedPending ? reason!.Trim() : null;
        if (hostMessaging is { } host) portout.HostMessaging = host;
        portout.UpdatedAt = now;
        await RecordStatusChangedAsync(db, portout, now, ct);
        return portout;
    }

    /// <summary>The gaining carrier's report through the operator: ported (the numbers leave now) or canceled.</summary>
    public static async Task<Result<Portout>> CarrierReportsAsync(NumberBlocksDbContext db, Guid portoutId, PortoutStatus target, DateTimeOffset now,
        CancellationToken ct)
    {
        var portout = await db.Portouts.FirstOrDefaultAsync(p => p.Id == portoutId, ct);
        if (portout is null) return DomainError.NotFound("Portout");
        if (PortoutStatuses.CheckMove(portout.Status, target, PortoutActor.Carrier) is { } refused) return refused;
        if (target == PortoutStatus.Ported) return await CompleteAsync(db, portout, now, now, ct);
        portout.Status = target;
        portout.UpdatedAt = now;
        await RecordStatusChangedAsync(db, portout, now, ct);
        return portout;
    }

    /// <summary>Authorized port-outs whose FOC date has come, oldest first; read outside any transaction.</summary>
    public static Task<List<Guid>> DueAsync(NumberBlocksDbContext db, DateTimeOffset now, int max, CancellationToken ct) =>
        db.Portouts.AsNoTracking().Where(p => p.Status == PortoutStatus.Authorized && p.FocDate <= now)
            .OrderBy(p => p.FocDate).Select(p => p.Id).Take(max).ToListAsync(ct);

    /// <summary>
    /// The FOC worker's step: an authorized port-out whose FOC date has passed completes at its FOC date. False when it
    /// is no longer due (another process took it, or the account withdrew).
    /// </summary>
    public static async Task<Result<bool>> CompleteDueAsync(NumberBlocksDbContext db, Guid portoutId, DateTimeOffset now, CancellationToken ct)
    {
        // Lock the row while it is still due (a no-op UPDATE): a second worker waits, then finds it ported and leaves.
        var locked = await db.Portouts.Where(p => p.Id == portoutId && p.Status == PortoutStatus.Authorized && p.FocDate <= now)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.UpdatedAt, p => p.UpdatedAt), ct);
        if (locked == 0) return false;
        var portout = await db.Portouts.FirstAsync(p => p.Id == portoutId, ct);
        if (PortoutStatuses.CheckMove(portout.Status, PortoutStatus.Ported, PortoutActor.FocWorker) is not null) return false;
        // Every number was held when the request was recorded, so the claim ends no earlier than that (the ledger's
        // history refuses an end before the holding began).
        var at = portout.FocDate > portout.CreatedAt ? portout.FocDate : portout.CreatedAt;
        var done = await CompleteAsync(db, portout, at, now, ct);
        return done.IsSuccess ? true : Result<bool>.Fail(done.Errors);
    }

    /// <summary>
    /// The numbers leave at <paramref name="at"/>: the account's claim on them ends in the ledger (its history keeps
    /// who held them until then), so they no longer list as the account's; their porting rows stop being active
    /// (Telnyx activation status "Old"), and the extension ranges of a leaving main number leave with it (seed 002).
    /// Whole blocks leave with their whole range and activation ranges (the port-out keeps the snapshot).
    /// </summary>
    private static async Task<Result<Portout>> CompleteAsync(NumberBlocksDbContext db, Portout portout, DateTimeOffset at, DateTimeOffset now,
        CancellationToken ct)
    {
        var accountId = portout.AccountId ?? throw new InvalidOperationException("Only a port-out of one account can be authorized.");
        var numbers = await db.PortoutNumbers.Where(n => n.PortoutId == portout.Id).Select(n => n.PhoneNumber).OrderBy(n => n).ToListAsync(ct);
        var holder = LedgerHolder.Account(accountId);
        var runs = Runs(numbers).ToList();
        await NumberLedger.LockNeighbourhoodsAsync(db, runs.Select(r => NumberRange.Of(E164Number.FromValue(r.Start), E164Number.FromValue(r.End))), ct);
        foreach (var (start, end) in runs)
        {
            var ended = await NumberLedger.EndClaimAsync(db, holder, NumberRange.Of(E164Number.FromValue(start), E164Number.FromValue(end)), at,
                LedgerEndReasons.PortedOut, ct);
            if (ended is not null) return ended.ToError("/phone_numbers");
        }
        var rows = await db.PortingPhoneNumbers.Where(n => n.AccountId == accountId && numbers.Contains(n.PhoneNumber)).ToListAsync(ct);
        foreach (var row in rows)
        {
            row.ActivationStatus = ActivationStatus.Old;
            row.Activate = false;
            row.UpdatedAt = now;
        }
        var rowIds = rows.Select(r => r.Id).ToList();
        foreach (var extension in await db.PortingExtensions.Where(e => rowIds.Contains(e.PortingPhoneNumberId)).ToListAsync(ct))
        {
            extension.ActivationRangesJson = "[]";
            extension.UpdatedAt = now;
        }
        portout.Status = PortoutStatus.Ported;
        portout.PortedOutAt = at;
        portout.UpdatedAt = now;
        await RecordStatusChangedAsync(db, portout, now, ct);
        return portout;
    }

    // Comments and supporting documents.

    public static async Task<Result<PortoutComment>> AddCommentAsync(NumberBlocksDbContext db, Guid accountId, Guid portoutId, string body, DateTimeOffset now,
        CancellationToken ct)
    {
        var portout = await OfAccount(db, accountId).FirstOrDefaultAsync(p => p.Id == portoutId, ct);
        if (portout is null) return DomainError.NotFound("Portout");
        var comment = new PortoutComment { Id = Guid.CreateVersion7(now), PortoutId = portoutId, AccountId = accountId, Body = body, UserId = accountId, CreatedAt = now };
        db.PortoutComments.Add(comment);
        await RecordEventAsync(db, portout, NewComment, new JsonObject
        {
            ["id"] = comment.Id.ToString(),
            ["comment"] = body,
            ["portout_id"] = portoutId.ToString(),
            ["user_id"] = accountId.ToString(),
        }, now, ct);
        return comment;
    }

    public static async Task<Result<List<PortoutSupportingDocument>>> AddDocumentsAsync(NumberBlocksDbContext db, Guid accountId, Guid portoutId,
        IReadOnlyList<(string DocumentId, string Type)> documents, DateTimeOffset now, CancellationToken ct)
    {
        if (!await OfAccount(db, accountId).AnyAsync(p => p.Id == portoutId, ct)) return DomainError.NotFound("Portout");
        // Ids of one instant sort randomly; sorted, they keep the documents in the order they were given.
        var ids = documents.Select(_ => Guid.CreateVersion7(now)).Order().ToList();
        var rows = documents.Select((d, i) => new PortoutSupportingDocument
        {
            Id = ids[i], PortoutId = portoutId, AccountId = accountId, DocumentId = d.DocumentId, Type = d.Type, CreatedAt = now, UpdatedAt = now,
        }).ToList();
        db.PortoutSupportingDocuments.AddRange(rows);
        return rows;
    }

    // Events.

    /// <summary>Telnyx's portout.status_changed payload.</summary>
    private static Task RecordStatusChangedAsync(NumberBlocksDbContext db, Portout p, DateTimeOffset now, CancellationToken ct) =>
        RecordEventAsync(db, p, StatusChanged, new JsonObject
        {
            ["id"] = p.Id.ToString(),
            ["carrier_name"] = p.CarrierName,
            ["phone_numbers"] = JsonNode.Parse(p.PhoneNumbersJson),
            ["rejection_reason"] = p.Reason,
            ["spid"] = p.Spid,
            ["status"] = p.Status.ToWire(),
            ["subscriber_name"] = p.EndUserName,
            ["user_id"] = p.AccountId?.ToString(),
        }, now, ct);

    /// <summary>Records one port-out event for the port-out's account, sent to the account's webhook_url when it has one.</summary>
    private static async Task RecordEventAsync(NumberBlocksDbContext db, Portout portout, string eventType, JsonObject payload, DateTimeOffset now,
        CancellationToken ct)
    {
        // A request no single account holds belongs to no tenant: nobody is told.
        if (portout.AccountId is not { } accountId) return;
        var url = await db.Accounts.Where(a => a.Id == accountId).Select(a => a.WebhookUrl).FirstOrDefaultAsync(ct);
        var e = new PortoutEvent
        {
            Id = Guid.CreateVersion7(now),
            AccountId = accountId,
            PortoutId = portout.Id,
            EventType = eventType,
            PayloadJson = payload.ToJsonString(),
            PayloadStatus = "completed",
            WebhookUrl = url,
            PublishCount = url is null ? 0 : 1,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.PortoutEvents.Add(e);
        if (url is not null) Publish(db, e, url);
    }

    /// <summary>Telnyx: republishing re-delivers the event's webhook, to where the account points now.</summary>
    public static async Task<Result<PortoutEvent>> RepublishAsync(NumberBlocksDbContext db, Guid accountId, Guid eventId, DateTimeOffset now, CancellationToken ct)
    {
        var e = await db.PortoutEvents.FirstOrDefaultAsync(x => x.Id == eventId && x.AccountId == accountId, ct);
        if (e is null) return DomainError.NotFound("Portout event");
        var url = await db.Accounts.Where(a => a.Id == accountId).Select(a => a.WebhookUrl).FirstOrDefaultAsync(ct);
        if (url is null)
            return new DomainError(ErrorCodes.InvalidValue, "The account has no webhook_url; the operator sets one (PUT /admin/v1/accounts/{id}/webhook_url).", null);
        e.WebhookUrl = url;
        e.PublishCount++;
        e.UpdatedAt = now;
        Publish(db, e, url);
        return e;
    }

    /// <summary>Queues the event's webhook in the outbox (signed and retried by its worker), in Telnyx's webhook envelope.</summary>
    private static void Publish(NumberBlocksDbContext db, PortoutEvent e, string url)
    {
        var body = new JsonObject
        {
            ["data"] = new JsonObject
            {
                ["event_type"] = e.EventType,
                ["id"] = e.Id.ToString(),
                ["occurred_at"] = Domain.Rfc3339.Format(e.CreatedAt),
                ["payload"] = JsonNode.Parse(e.PayloadJson),
                ["portout_id"] = e.PortoutId.ToString(),
                ["record_type"] = "event",
            },
            ["meta"] = new JsonObject { ["attempt"] = e.PublishCount, ["delivered_to"] = url },
        };
        Outbox.Outbox.EnqueueWebhook(db, e.AccountId, url, e.EventType, body.ToJsonString(), e.UpdatedAt);
    }

    // Reports.

    public const string ExportCsv = "export_portouts_csv";

    public static PortoutReport CreateReport(NumberBlocksDbContext db, Guid accountId, string paramsJson, DateTimeOffset now)
    {
        var report = new PortoutReport
        {
            Id = Guid.CreateVersion7(now), AccountId = accountId, ReportType = ExportCsv, Status = "pending", ParamsJson = paramsJson, CreatedAt = now, UpdatedAt = now,
        };
        db.PortoutReports.Add(report);
        return report;
    }

    public static Task<List<Guid>> PendingReportsAsync(NumberBlocksDbContext db, int max, CancellationToken ct) =>
        db.PortoutReports.AsNoTracking().Where(r => r.Status == "pending").OrderBy(r => r.CreatedAt).Select(r => r.Id).Take(max).ToListAsync(ct);

    /// <summary>The filters of an export_portouts_csv report (Telnyx ExportPortoutsCsvReport.filters).</summary>
    public sealed record ReportFilters(
        DateTimeOffset? CreatedAtGt, DateTimeOffset? CreatedAtLt, string? EndUserName, IReadOnlyList<long>? PhoneNumbersOverlap,
        IReadOnlyList<PortoutStatus>? Statuses);

    /// <summary>Makes the CSV of a pending report (one line per port-out of the account that passes its filters) and completes it.</summary>
    public static async Task<Result<bool>> RunReportAsync(NumberBlocksDbContext db, Guid reportId, DateTimeOffset now, CancellationToken ct)
    {
        var locked = await db.PortoutReports.Where(r => r.Id == reportId && r.Status == "pending")
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.UpdatedAt, r => r.UpdatedAt), ct);
        if (locked == 0) return false;
        var report = await db.PortoutReports.FirstAsync(r => r.Id == reportId, ct);
        var f = ReadFilters(report.ParamsJson);
        var query = OfAccount(db, report.AccountId).AsNoTracking();
        if (f.CreatedAtGt is { } gt) query = query.Where(p => p.CreatedAt > gt);
        if (f.CreatedAtLt is { } lt) query = query.Where(p => p.CreatedAt < lt);
        if (f.EndUserName is { } name) query = query.Where(p => p.EndUserName == name);
        if (f.Statuses is { } statuses) query = query.Where(p => statuses.Contains(p.Status));
        if (f.PhoneNumbersOverlap is { } overlap) query = query.Where(p => db.PortoutNumbers.Any(n => n.PortoutId == p.Id && overlap.Contains(n.PhoneNumber)));
        var rows = await query.OrderBy(p => p.CreatedAt).ThenBy(p => p.Id).ToListAsync(ct);
        var csv = new System.Text.StringBuilder("id,status,phone_numbers,carrier_name,spid,end_user_name,foc_date,rejection_code,reason,created_at,ported_out_at\n");
        foreach (var p in rows)
            csv.AppendJoin(',', new[]
            {
                p.Id.ToString(), p.Status.ToWire(), string.Join(' ', JsonSerializer.Deserialize<string[]>(p.PhoneNumbersJson)!), p.CarrierName, p.Spid,
                p.EndUserName, Domain.Rfc3339.Format(p.FocDate), p.RejectionCode?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                p.Reason, Domain.Rfc3339.Format(p.CreatedAt), Domain.Rfc3339.Format(p.PortedOutAt),
            }.Select(Csv)).Append('\n');
        report.Csv = csv.ToString();
        report.DocumentId = Guid.CreateVersion7(now);
        report.Status = "completed";
        report.UpdatedAt = now;
        return true;
    }

    /// <summary>The stored params ({"filters": {…}} in Telnyx's names, checked when the report was requested) as filters.</summary>
    public static ReportFilters ReadFilters(string paramsJson)
    {
        var filters = JsonNode.Parse(paramsJson)!["filters"]!.AsObject();
        DateTimeOffset? Instant(string name) => filters[name] is { } v && Domain.Rfc3339.TryParse(v.GetValue<string>(), out var t) ? t : null;
        List<string>? Texts(string name) => filters[name] is JsonArray a ? a.Select(x => x!.GetValue<string>()).ToList() : null;
        return new ReportFilters(Instant("created_at__gt"), Instant("created_at__lt"), filters["end_user_name"]?.GetValue<string>(),
            Texts("phone_numbers__overlaps")?.Select(n => E164Number.Parse(n, "").Value.Value).ToList(),
            Texts("status__in")?.Select(s => PortoutStatuses.TryParseWire(s, out var st) ? st : throw new InvalidOperationException(s)).ToList());
    }

    /// <summary>RFC 4180 field: quoted when it holds a comma, quote or line break; a leading = + - @ is prefixed with ' (CSV injection).</summary>
    private static string Csv(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@' && !(value[0] == '+' && value.Skip(1).All(c => char.IsAsciiDigit(c) || c == ' ' || c == '+')))
            value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}

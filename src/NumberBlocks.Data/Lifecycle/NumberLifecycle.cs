using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Data.Allocation;
using NumberBlocks.Data.Ledger;
using NumberBlocks.Data.Ordering;
using NumberBlocks.Data.Porting;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Ledger;
using NumberBlocks.Domain.Numbering;

namespace NumberBlocks.Data.Lifecycle;

/// <summary>A Telnyx phone number block job (phone_number_block_jobs); operations are JSON arrays of <see cref="BlockJobOperation"/>.</summary>
public sealed class PhoneNumberBlockJob
{
    public const string DeleteBlock = "delete_phone_number_block";

    public Guid Id { get; set; }
    public Guid AccountId { get; set; }
    public required string JobType { get; set; }
    public required string Status { get; set; }
    public Guid PhoneNumberBlockId { get; set; }
    public required string SuccessfulOperations { get; set; }
    public required string FailedOperations { get; set; }
    public DateTimeOffset? Etc { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public IReadOnlyList<BlockJobOperation> Successes => BlockJobOperation.Read(SuccessfulOperations);
    public IReadOnlyList<BlockJobOperation> Failures => BlockJobOperation.Read(FailedOperations);
}

/// <summary>Telnyx's job statuses (PhoneNumberBlocksJob.status).</summary>
public static class BlockJobStatuses
{
    public const string Pending = "pending";
    public const string InProgress = "in_progress";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public static readonly IReadOnlyList<string> All = [Pending, InProgress, Completed, Failed];
}

/// <summary>One number's outcome in a block job: the phone number's id and number, and why it failed (null when it succeeded).</summary>
public sealed record BlockJobOperation(Guid Id, long PhoneNumber, string? ErrorCode, string? ErrorDetail)
{
    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
    public static IReadOnlyList<BlockJobOperation> Read(string json) => JsonSerializer.Deserialize<List<BlockJobOperation>>(json, Json) ?? [];
    public static string Write(IEnumerable<BlockJobOperation> operations) => JsonSerializer.Serialize(operations.ToList(), Json);
}

/// <summary>A row of number_quarantines: released numbers of our own stock, held by <see cref="LedgerHolder.Quarantine"/> until returns_at.</summary>
public sealed class NumberQuarantine
{
    public Guid Id { get; set; }
    public long RangeStart { get; set; }
    public long RangeEnd { get; set; }
    public Guid ReleasedByAccountId { get; set; }
    public DateTimeOffset ReleasedAt { get; set; }
    public DateTimeOffset ReturnsAt { get; set; }
    public DateTimeOffset? ReturnedAt { get; set; }
}

/// <summary>Where one of an account's numbers came from, which decides where it goes when deleted (docs/lifecycle.md).</summary>
public enum NumberOrigin
{
    /// <summary>Ported in: another carrier holds its range; deleted, it returns there and never enters our stock.</summary>
    PortedIn,
    /// <summary>Bought with a Telnyx number order or block order: from our own stock or a catalogue block; deleted, it ages in quarantine.</summary>
    Bought,
}

/// <summary>One number the account holds now, with its phone number id and the block it belongs to, if any.</summary>
public sealed record AccountNumber(Guid Id, long PhoneNumber, NumberOrigin Origin, Guid? BlockId);

/// <summary>
/// After a number is the account's: deleting one number or a whole block, and aging (docs/lifecycle.md). Seed 001: a
/// block is "processed differently than individual phone numbers ... unique rules when it comes to port outs and
/// deletions": a number of a block is only deleted with its block, by a block deletion job.
/// </summary>
public static class NumberLifecycle
{
    /// <summary>Aging's default wait between a release and the return to stock.</summary>
    public static readonly TimeSpan DefaultQuarantine = TimeSpan.FromDays(90);

    /// <summary>The account's number with this phone number id (ported or bought), or null.</summary>
    public static async Task<AccountNumber?> FindNumberAsync(NumberBlocksDbContext db, Guid accountId, Guid numberId, CancellationToken ct)
    {
        var ported = await PortingCompletionOperations.AccountNumbers(db, accountId).AsNoTracking().Where(n => n.Id == numberId)
            .Select(n => new { n.Id, n.PhoneNumber, n.BlockId }).FirstOrDefaultAsync(ct);
        if (ported is not null) return new AccountNumber(ported.Id, ported.PhoneNumber, NumberOrigin.PortedIn, ported.BlockId);
        var bought = await OrderingOperations.AccountNumbers(db, accountId).AsNoTracking().Where(n => n.Id == numberId)
            .Select(n => new { n.Id, n.PhoneNumber, n.OrderId }).FirstOrDefaultAsync(ct);
        if (bought is null) return null;
        var isBlock = await db.NumberOrders.AnyAsync(o => o.Id == bought.OrderId && o.Kind == NumberOrder.Block, ct);
        return new AccountNumber(bought.Id, bought.PhoneNumber, NumberOrigin.Bought, isBlock ? bought.OrderId : null);
    }

    /// <summary>
    /// The numbers of the account's block <paramref name="blockId"/> that the account still holds, by number: a ported
    /// block's id is its porting_blocks id (the numbers' block_reference_id); a bought block's is its block order's id.
    /// </summary>
    public static async Task<List<AccountNumber>> BlockNumbersAsync(NumberBlocksDbContext db, Guid accountId, Guid blockId, CancellationToken ct)
    {
        var ported = await PortingCompletionOperations.AccountNumbers(db, accountId).AsNoTracking().Where(n => n.BlockId == blockId)
            .Select(n => new { n.Id, n.PhoneNumber }).ToListAsync(ct);
        var numbers = ported.Select(n => new AccountNumber(n.Id, n.PhoneNumber, NumberOrigin.PortedIn, blockId)).ToList();
        if (numbers.Count == 0 && await db.NumberOrders.AnyAsync(o => o.Id == blockId && o.AccountId == accountId && o.Kind == NumberOrder.Block, ct))
        {
            var bought = await OrderingOperations.AccountNumbers(db, accountId).AsNoTracking().Where(n => n.OrderId == blockId)
                .Select(n => new { n.Id, n.PhoneNumber }).ToListAsync(ct);
            numbers = bought.Select(n => new AccountNumber(n.Id, n.PhoneNumber, NumberOrigin.Bought, blockId)).ToList();
        }
        return numbers.OrderBy(n => n.PhoneNumber).ToList();
    }

    /// <summary>
    /// Deletes one single number (DELETE /v2/phone_numbers/{id}): refused, naming the block and the job endpoint, when the
    /// number belongs to a block; otherwise as <see cref="RemoveAsync"/>.
    /// </summary>
    public static async Task<Result<AccountNumber>> DeleteSingleAsync(NumberBlocksDbContext db, Guid accountId, Guid numberId, DateTimeOffset now,
        TimeSpan quarantine, CancellationToken ct)
    {
        var number = await FindNumberAsync(db, accountId, numberId, ct);
        if (number is null) return DomainError.NotFound("Phone number");
        if (number.BlockId is { } block)
            return new DomainError(ErrorCodes.NumberInBlock,
                $"{E164Number.FromValue(number.PhoneNumber)} belongs to the phone number block {block}; a number of a block is deleted only with its whole " +
                $"block: POST /v2/phone_number_blocks/jobs/delete_phone_number_block with {{\"phone_number_block_id\": \"{block}\"}}.", null);
        var removed = await RemoveAsync(db, accountId, number, now, quarantine, ct);
        return removed is { } error ? error : number;
    }

    /// <summary>
    /// Takes one number away from the account at <paramref name="now"/>, through the ledger (the numbers then no longer
    /// list as the account's). Ported in: the account's claim ends with "returned_to_range_holder" and nobody holds it
    /// here. Bought: it moves to a quarantine that returns it to stock after <paramref name="quarantine"/>. Null when done.
    /// </summary>
    public static async Task<DomainError?> RemoveAsync(NumberBlocksDbContext db, Guid accountId, AccountNumber number, DateTimeOffset now,
        TimeSpan quarantine, CancellationToken ct)
    {
        var account = LedgerHolder.Account(accountId);
        var range = NumberRange.Single(E164Number.FromValue(number.PhoneNumber));
        if (number.Origin == NumberOrigin.PortedIn)
        {
            var conflict = await NumberLedger.EndClaimAsync(db, account, range, now, LedgerEndReasons.ReturnedToRangeHolder, ct);
            return conflict?.ToError(null);
        }
        var id = Guid.CreateVersion7(now);
        if (!await NumberLedger.TransferPartAsync(db, account, number.PhoneNumber, number.PhoneNumber, LedgerHolder.Quarantine(id), account, now, ct,
                LedgerEndReasons.Quarantined))
            return new DomainError(ErrorCodes.NumberHeldElsewhere, $"{range.Start} is no longer held by your account.", null, ErrorKind.Conflict);
        db.NumberQuarantines.Add(new NumberQuarantine
        {
            Id = id, RangeStart = number.PhoneNumber, RangeEnd = number.PhoneNumber, ReleasedByAccountId = accountId, ReleasedAt = now,
            ReturnsAt = now + quarantine,
        });
        // The bought row stays as the record of the sale; marked deleted so it never lists again, even if the account buys the number anew.
        await db.OrderedPhoneNumbers.Where(n => n.Id == number.Id).ExecuteUpdateAsync(u => u.SetProperty(n => n.Status, "deleted").SetProperty(n => n.UpdatedAt, now), ct);
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>
    /// Runs a block deletion job inline and records it (Telnyx's job resource): every number of the block the account
    /// still holds is removed as <see cref="RemoveAsync"/> says; each outcome is a successful or failed operation. The
    /// job is completed when none failed, failed otherwise (Telnyx: run it again for the rest). Not found: no block of
    /// the account by that id with numbers left.
    /// </summary>
    public static async Task<Result<PhoneNumberBlockJob>> DeleteBlockAsync(NumberBlocksDbContext db, Guid accountId, Guid blockId, DateTimeOffset now,
        TimeSpan quarantine, CancellationToken ct)
    {
        var numbers = await BlockNumbersAsync(db, accountId, blockId, ct);
        if (numbers.Count == 0) return DomainError.NotFound("Phone number block");
        var done = new List<BlockJobOperation>();
        var failed = new List<BlockJobOperation>();
        foreach (var n in numbers)
        {
            if (await RemoveAsync(db, accountId, n, now, quarantine, ct) is { } error) failed.Add(new BlockJobOperation(n.Id, n.PhoneNumber, error.Code, error.Detail));
            else done.Add(new BlockJobOperation(n.Id, n.PhoneNumber, null, null));
        }
        var job = new PhoneNumberBlockJob
        {
            Id = Guid.CreateVersion7(now), AccountId = accountId, JobType = PhoneNumberBlockJob.DeleteBlock,
            Status = failed.Count == 0 ? BlockJobStatuses.Completed : BlockJobStatuses.Failed, PhoneNumberBlockId = blockId,
            SuccessfulOperations = BlockJobOperation.Write(done), FailedOperations = BlockJobOperation.Write(failed), Etc = now, CreatedAt = now, UpdatedAt = now,
        };
        db.PhoneNumberBlockJobs.Add(job);
        await db.SaveChangesAsync(ct);
        return job;
    }

    /// <summary>Quarantines whose time is up, oldest first; read outside any transaction.</summary>
    public static Task<List<Guid>> DueQuarantinesAsync(NumberBlocksDbContext db, DateTimeOffset now, int max, CancellationToken ct) =>
        db.NumberQuarantines.AsNoTracking().Where(q => q.ReturnedAt == null && q.ReturnsAt <= now).OrderBy(q => q.ReturnsAt).ThenBy(q => q.Id)
            .Select(q => q.Id).Take(max).ToListAsync(ct);

    /// <summary>
    /// Ends one quarantine at <paramref name="now"/>: numbers that came out of our stock go back to stock as they were
    /// taken (<see cref="NumberAllocation.ReturnToStockAsync"/>: a stock row with the logged attributes, the claim moved
    /// to it in place, so no instant without a holder and none with two); numbers without a stock log (a sold catalogue
    /// block) are released. False when another worker ended it first.
    /// </summary>
    public static async Task<Result<bool>> EndQuarantineAsync(NumberBlocksDbContext db, Guid quarantineId, DateTimeOffset now, CancellationToken ct)
    {
        var row = await db.NumberQuarantines.FirstOrDefaultAsync(q => q.Id == quarantineId && q.ReturnedAt == null, ct);
        if (row is null) return false;
        var holder = LedgerHolder.Quarantine(row.Id);
        var range = NumberRange.Of(E164Number.FromValue(row.RangeStart), E164Number.FromValue(row.RangeEnd));
        await NumberAllocation.ReturnToStockAsync(db, holder, range, now, ct);
        await NumberLedger.ReleaseAllAsync(db, holder, now, ct);
        // The change names the open row: of two workers ending the same quarantine, one does.
        var ended = await db.NumberQuarantines.Where(q => q.Id == row.Id && q.ReturnedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(q => q.ReturnedAt, now), ct);
        return ended == 1;
    }
}

/// <summary>NumberBlocks:Aging: how long a released number of our own stock waits before it returns to stock.</summary>
public sealed class AgingOptions
{
    public const string Section = "NumberBlocks:Aging";

    /// <summary>NumberBlocks:Aging:Quarantine, a TimeSpan ("90.00:00:00"); default 90 days.</summary>
    public TimeSpan Quarantine { get; set; } = NumberLifecycle.DefaultQuarantine;
}

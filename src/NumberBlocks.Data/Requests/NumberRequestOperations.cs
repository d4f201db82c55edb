using Microsoft.EntityFrameworkCore;
using NumberBlocks.Data.Allocation;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Ledger;
using NumberBlocks.Domain.Numbering;
using NumberBlocks.Domain.Requests;

namespace NumberBlocks.Data.Requests;

/// <summary>
/// Called inside the transaction of every status change of a request (and once at creation), after the request and
/// its ranges are saved: writes the notifications to the outbox. Supplied by the wire surface, which owns the body.
/// </summary>
public delegate Task RequestStatusChanged(NumberBlocksDbContext db, NumberRequest request, DateTimeOffset now, CancellationToken ct);

/// <summary>What a request carries besides its rules: bookkeeping and where to report.</summary>
public sealed record NumberRequestExtras(string? Comment, string? CallbackUrl, string? Email, Guid? CompanyProfileId);

/// <summary>Matching criteria for stock: what a request or an availability query asks for.</summary>
public sealed record StockCriteria(string CountryCode, string NumberType, string? AreaCode, string? City, string? Region);

/// <summary>
/// The number request operations (seed 003 / issue 4), each inside the caller's <see cref="WriteTransaction"/>:
/// create (assigning what stock can serve at once), fulfil later from new stock, and move through
/// <see cref="NumberRequestLifecycle"/>. Assigning splits stock rows and moves their ledger claims to the account.
/// </summary>
public static class NumberRequestOperations
{
    private const int StockPage = 500;

    public static async Task<Result<NumberRequest>> CreateAsync(NumberBlocksDbContext db, Guid accountId, NumberRequestSpec spec, NumberRequestExtras extras,
        DateTimeOffset now, RequestStatusChanged notify, CancellationToken ct, string origin = NumberRequestOrigins.Cm)
    {
        var request = new NumberRequest
        {
            Origin = origin,
            Id = Guid.CreateVersion7(now),
            AccountId = accountId,
            Status = NumberRequestStatus.Pending.ToWire(),
            CountryCode = spec.CountryCode,
            NumberType = spec.NumberType.ToWire(),
            Quantity = spec.Quantity,
            RangeSize = spec.RangeSize,
            AreaCode = spec.AreaCode,
            City = spec.City,
            Region = spec.Region,
            Comment = extras.Comment,
            CallbackUrl = extras.CallbackUrl,
            Email = extras.Email,
            CompanyProfileId = extras.CompanyProfileId,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.NumberRequests.Add(request);
        // What stock can serve is assigned at once (seed 003); the creation is reported once, in its resulting status.
        // The request row is inserted with its ranges in one batch: nothing before it refers to the row, and no other
        // transaction can see it, so it needs neither a lock nor a reload.
        await FulfilAsync(db, request, now, notify: null, ct, justCreated: true);
        // A failed save fails the whole write transaction here, so EF's savepoint around it would only cost round trips.
        var savepoints = db.Database.AutoSavepointsEnabled;
        db.Database.AutoSavepointsEnabled = false;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        finally
        {
            db.Database.AutoSavepointsEnabled = savepoints;
        }
        await notify(db, request, now, ct);
        return request;
    }

    /// <summary>
    /// Assigns what matching stock can serve to an open request, then moves it to accepted (some assigned) or
    /// completed (all assigned), reporting each move through <paramref name="notify"/>. Returns the numbers assigned now.
    /// </summary>
    public static async Task<long> FulfilAsync(NumberBlocksDbContext db, NumberRequest request, DateTimeOffset now, RequestStatusChanged? notify, CancellationToken ct,
        bool justCreated = false)
    {
        if (!db.IsSqlite && !justCreated)
        {
            // PostgreSQL: two workers serve one request in turn; the second reads it again after the first's commit.
            // (SQLite's single writer already serialises them.)
            await db.EnsureOpenAsync(ct);
            await using (var turn = db.Command("SELECT 1 FROM number_requests WHERE id = @id FOR UPDATE").With(db, "@id", request.Id))
                await turn.ExecuteScalarAsync(ct);
            await db.Entry(request).ReloadAsync(ct);
        }
        var status = NumberRequestStatuses.ParseStored(request.Status);
        if (status.IsFinal()) return 0;
        var wanted = (long)request.Quantity - request.AssignedCount;
        long assigned = 0;
        var criteria = new StockCriteria(request.CountryCode, request.NumberType, request.AreaCode, request.City, request.Region);
        // PostgreSQL: the first sweep locks the matching stock rows it reads and skips rows other takers hold, so
        // concurrent requests of the same criteria split different rows at once; a second sweep, only when the first
        // left the request short, waits for the rows held by others and takes what their commits left.
        foreach (var rowLock in db.IsSqlite ? [StockRowLock.None] : new[] { StockRowLock.SkipLocked, StockRowLock.Wait })
        {
            long after = long.MinValue;
            for (var page = 0; wanted > 0 && page < 100_000; page++)
            {
                // A locking sweep locks only as many rows as the request could still use (each gives at least one number).
                var limit = rowLock == StockRowLock.None ? StockPage : (int)Math.Min(StockPage, Math.Max(wanted, 1));
                var spans = await MatchingStockAsync(db, criteria, after, limit, ct, rowLock);
                if (spans.Count == 0) break;
                after = spans[^1].Start;
                var picks = StockAllocation.Pick(spans, wanted, request.RangeSize);
                foreach (var group in picks.GroupBy(p => p.StockRangeId))
                    await AssignFromSpanAsync(db, request, group.ToList(), now, ct);
                var got = picks.Sum(p => p.Count);
                assigned += got;
                wanted -= got;
                if (spans.Count < limit) break;
            }
            if (wanted <= 0) break;
        }
        if (assigned == 0) return 0;

        request.AssignedCount += (int)assigned;
        request.UpdatedAt = now;
        var target = request.AssignedCount >= request.Quantity ? NumberRequestStatus.Completed : NumberRequestStatus.Accepted;
        if (target != status)
        {
            var moved = NumberRequestLifecycle.Move(status, target);
            if (moved.IsFailure) throw new InvalidOperationException(moved.FirstError.Detail);
            request.Status = target.ToWire();
            request.StatusReason = target == NumberRequestStatus.Completed ? "All requested numbers are assigned." : "Part of the request is assigned; the rest follows when stock arrives.";
        }
        if (justCreated) return assigned;
        await db.SaveChangesAsync(ct);
        if (target != status && notify is not null) await notify(db, request, now, ct);
        return assigned;
    }

    /// <summary>
    /// Assigns the picks of one stock span (ascending, inside the span) to the request's account through the one
    /// allocation operation; each becomes a range of the request.
    /// </summary>
    private static async Task AssignFromSpanAsync(NumberBlocksDbContext db, NumberRequest request, List<StockPick> picks, DateTimeOffset now, CancellationToken ct)
    {
        var taker = new Taker(LedgerHolder.Account(request.AccountId), Taker.NumberRequest, request.Id);
        foreach (var pick in picks.OrderBy(p => p.Start))
        {
            var range = NumberRange.Of(E164Number.FromValue(pick.Start), E164Number.FromValue(pick.End));
            var taken = await NumberAllocation.AllocateAsync(db, range, taker, SaleSources.Stock, now, "/quantity", ct);
            if (taken.IsFailure)
                throw new InvalidOperationException($"Stock {range} was matched under the stock turn but could not be allocated: {taken.FirstError.Detail}");
            db.NumberRequestRanges.Add(new NumberRequestRange
            {
                Id = Guid.CreateVersion7(now),
                NumberRequestId = request.Id,
                AccountId = request.AccountId,
                RangeStart = pick.Start,
                RangeEnd = pick.End,
                ValidFrom = now,
            });
        }
    }

    /// <summary>How a read of matching stock locks the rows it returns (PostgreSQL).</summary>
    public enum StockRowLock { None, SkipLocked, Wait }

    /// <summary>Stock rows matching the criteria that start after <paramref name="after"/>, ascending: one index range scan.</summary>
    public static async Task<List<StockSpan>> MatchingStockAsync(NumberBlocksDbContext db, StockCriteria c, long after, int limit, CancellationToken ct,
        StockRowLock rowLock = StockRowLock.None)
    {
        await db.EnsureOpenAsync(ct);
        var sql = "SELECT id, range_start, range_end FROM stock_ranges WHERE country_code = @c AND number_type = @t AND range_start > @after";
        if (c.AreaCode is not null) sql += " AND area_code = @a";
        if (c.City is not null) sql += " AND city_key = @ck";
        if (c.Region is not null) sql += " AND region_key = @rk";
        sql += " ORDER BY range_start LIMIT @limit";
        if (!db.IsSqlite) sql += rowLock switch { StockRowLock.SkipLocked => " FOR UPDATE SKIP LOCKED", StockRowLock.Wait => " FOR UPDATE", _ => "" };
        await using var cmd = db.Command(sql)
            .With(db, "@c", c.CountryCode).With(db, "@t", c.NumberType).With(db, "@after", after).With(db, "@a", c.AreaCode)
            .With(db, "@ck", NumberRequestSpec.Key(c.City)).With(db, "@rk", NumberRequestSpec.Key(c.Region)).With(db, "@limit", limit);
        var spans = new List<StockSpan>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) spans.Add(new StockSpan(reader.ReadGuid(0), reader.GetInt64(1), reader.GetInt64(2)));
        return spans;
    }

    /// <summary>How many numbers of the criteria stock could give a request now: all of them, or whole aligned ranges.</summary>
    public static async Task<long> AvailableAsync(NumberBlocksDbContext db, StockCriteria c, int? rangeSize, long cap, CancellationToken ct)
    {
        long total = 0, after = long.MinValue;
        for (var page = 0; total < cap && page < 100_000; page++)
        {
            var spans = await MatchingStockAsync(db, c, after, StockPage, ct);
            if (spans.Count == 0) break;
            after = spans[^1].Start;
            total += StockAllocation.Pick(spans, cap - total, rangeSize).Sum(p => p.Count);
            if (spans.Count < StockPage) break;
        }
        return total;
    }

    /// <summary>Moves a request by an operator's or customer's action (accept, reject, cancel), with a reason.</summary>
    public static async Task<Result<NumberRequest>> MoveAsync(NumberBlocksDbContext db, NumberRequest request, NumberRequestStatus target, string? reason,
        DateTimeOffset now, RequestStatusChanged notify, CancellationToken ct)
    {
        var moved = NumberRequestLifecycle.Move(NumberRequestStatuses.ParseStored(request.Status), target);
        if (moved.IsFailure) return Result<NumberRequest>.Fail(moved.Errors);
        request.Status = target.ToWire();
        request.StatusReason = reason;
        request.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        await notify(db, request, now, ct);
        return request;
    }

    /// <summary>The countries (at most 5) whose stock has the number type and the area code / city; the caller wants exactly one.</summary>
    public static async Task<List<string>> CountriesWithStockAsync(NumberBlocksDbContext db, string numberType, string? areaCode, string? city, CancellationToken ct)
    {
        var cityKey = NumberRequestSpec.Key(city);
        var q = db.StockRanges.AsNoTracking().Where(r => r.NumberType == numberType);
        if (areaCode is not null) q = q.Where(r => r.AreaCode == areaCode);
        if (cityKey is not null) q = q.Where(r => r.CityKey == cityKey);
        return await q.Select(r => r.CountryCode).Distinct().OrderBy(c => c).Take(5).ToListAsync(ct);
    }
}

using Microsoft.EntityFrameworkCore;
using NumberBlocks.Data.Allocation;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Ledger;
using NumberBlocks.Domain.Numbering;
using NumberBlocks.Domain.Requests;

namespace NumberBlocks.Data.Requests;

/// <summary>
/// Called inside the transaction of every status change of requests (and once at creation), after the requests and
/// their ranges are saved: writes the notifications to the outbox. Supplied by the wire surface, which owns the body.
/// Requests whose status changed together (one fulfilment pass) are reported in one call, oldest first.
/// </summary>
public delegate Task RequestStatusChanged(NumberBlocksDbContext db, IReadOnlyList<NumberRequest> requests, DateTimeOffset now, CancellationToken ct);

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
        await AssignFromStockAsync(db, [request], now, ct);
        await db.SaveWholeAsync(ct);
        await notify(db, [request], now, ct);
        return request;
    }

    /// <summary>
    /// Fulfils open requests later, from stock that arrived: the requests <paramref name="ids"/> are read and locked
    /// (PostgreSQL: FOR UPDATE, so two workers serve one request in turn and the second sees the first's commit),
    /// served oldest first from matching stock, and moved to accepted (some assigned) or completed (all assigned); the
    /// moves are reported through <paramref name="notifyFor"/>, one call per origin. Returns the numbers assigned.
    /// </summary>
    public static async Task<long> FulfilOpenAsync(NumberBlocksDbContext db, IReadOnlyCollection<Guid> ids, DateTimeOffset now,
        Func<NumberRequest, RequestStatusChanged> notifyFor, CancellationToken ct)
    {
        var requests = db.IsSqlite
            ? await db.NumberRequests.Where(r => ids.Contains(r.Id)).ToListAsync(ct)
            : await db.NumberRequests.FromSqlRaw("SELECT * FROM number_requests WHERE id = ANY({0}) ORDER BY created_at, id FOR UPDATE", ids.ToArray()).ToListAsync(ct);
        requests = requests.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).ToList();
        var before = requests.Select(r => r.Status).ToList();
        var assigned = await AssignFromStockAsync(db, requests, now, ct);
        if (assigned == 0) return 0;
        await db.SaveWholeAsync(ct);
        var moved = requests.Where((r, i) => r.Status != before[i]).ToList();
        foreach (var origin in moved.GroupBy(r => r.Origin, StringComparer.Ordinal))
            await notifyFor(origin.First())(db, origin.ToList(), now, ct);
        return assigned;
    }

    /// <summary>
    /// Assigns what matching stock can serve to open requests (the others are left alone) and sets their status:
    /// accepted when some of a request is assigned, completed when all is. Requests asking for the same stock are served
    /// together, in request order, from one sweep of it (<see cref="StockAllocation.Share"/>). Saves nothing; returns the
    /// numbers assigned.
    /// </summary>
    private static async Task<long> AssignFromStockAsync(NumberBlocksDbContext db, IReadOnlyList<NumberRequest> requests, DateTimeOffset now, CancellationToken ct)
    {
        long total = 0;
        var open = requests.Where(r => !NumberRequestStatuses.ParseStored(r.Status).IsFinal() && r.AssignedCount < r.Quantity);
        foreach (var group in open.GroupBy(r => (r.CountryCode, r.NumberType, r.AreaCode, City: NumberRequestSpec.Key(r.City), Region: NumberRequestSpec.Key(r.Region), r.RangeSize)))
        {
            var members = group.ToList();
            var assigned = await AssignGroupAsync(db, members, now, ct);
            for (var i = 0; i < members.Count; i++)
            {
                if (assigned[i] == 0) continue;
                Settle(members[i], assigned[i], now);
                total += assigned[i];
            }
        }
        return total;
    }

    /// <summary>Serves requests of one criteria from stock, oldest first; returns what each got.</summary>
    private static async Task<long[]> AssignGroupAsync(NumberBlocksDbContext db, List<NumberRequest> requests, DateTimeOffset now, CancellationToken ct)
    {
        var first = requests[0];
        var criteria = new StockCriteria(first.CountryCode, first.NumberType, first.AreaCode, first.City, first.Region);
        var wanted = requests.Select(r => (long)r.Quantity - r.AssignedCount).ToArray();
        var assigned = new long[requests.Count];
        var stillWanted = wanted.Sum();
        // PostgreSQL: the first sweep locks the matching stock rows it reads and skips rows other takers hold, so
        // concurrent requests of the same criteria split different rows at once; a second sweep, only when the first
        // left the requests short, waits for the rows held by others and takes what their commits left. Each page is
        // assigned before the next is read, so a later sweep reads the rows as this one cut them.
        foreach (var rowLock in db.IsSqlite ? [StockRowLock.None] : new[] { StockRowLock.SkipLocked, StockRowLock.Wait })
        {
            long after = long.MinValue;
            for (var page = 0; stillWanted > 0 && page < 100_000; page++)
            {
                // A locking sweep locks only as many rows as the requests could still use (each gives at least one number).
                var limit = rowLock == StockRowLock.None ? StockPage : (int)Math.Min(StockPage, Math.Max(stillWanted, 1));
                var rows = await MatchingStockAsync(db, criteria, after, limit, ct, rowLock);
                if (rows.Count == 0) break;
                after = rows[^1].RangeStart;
                var shares = StockAllocation.Share(rows.Select(Span).ToList(), wanted, first.RangeSize);
                // The rows were read under their lock (PostgreSQL) or the single writer (SQLite): the allocation needs not
                // lock and read them again.
                await AllocateSharesAsync(db, requests, shares, rows.ToDictionary(r => r.Id), now, ct);
                foreach (var (request, pick) in shares)
                {
                    wanted[request] -= pick.Count;
                    assigned[request] += pick.Count;
                    stillWanted -= pick.Count;
                }
                if (rows.Count < limit) break;
            }
            if (stillWanted <= 0) break;
        }
        return assigned;
    }

    /// <summary>Parts of one allocation run at most: bounds the statement's parameters.</summary>
    private const int MaxRunParts = 500;

    /// <summary>
    /// Allocates the picks to their requests' accounts through the one allocation operation, consecutive picks of a
    /// stock row as one run (the row is cut once); each pick becomes a range of its request.
    /// </summary>
    private static async Task AllocateSharesAsync(NumberBlocksDbContext db, List<NumberRequest> requests, List<(int Request, StockPick Pick)> shares,
        IReadOnlyDictionary<Guid, StockRange> lockedRows, DateTimeOffset now, CancellationToken ct)
    {
        var ordered = shares.OrderBy(s => s.Pick.Start).ToList();
        for (var from = 0; from < ordered.Count;)
        {
            var to = from + 1;
            while (to < ordered.Count && to - from < MaxRunParts && ordered[to].Pick.StockRangeId == ordered[from].Pick.StockRangeId
                   && ordered[to].Pick.Start == ordered[to - 1].Pick.End + 1)
                to++;
            var run = ordered.GetRange(from, to - from);
            var parts = run.Select(s => new AllocationPart(NumberRange.Of(E164Number.FromValue(s.Pick.Start), E164Number.FromValue(s.Pick.End)),
                new Taker(LedgerHolder.Account(requests[s.Request].AccountId), Taker.NumberRequest, requests[s.Request].Id))).ToList();
            var taken = await NumberAllocation.AllocateRunAsync(db, parts, SaleSources.Stock, now, "/quantity", ct, lockedRows);
            if (taken.IsFailure)
                throw new InvalidOperationException($"Stock {parts[0].Range.Start}-{parts[^1].Range.End} was matched and locked but could not be allocated: {taken.FirstError.Detail}");
            foreach (var (request, pick) in run)
                db.NumberRequestRanges.Add(new NumberRequestRange
                {
                    Id = Guid.CreateVersion7(now),
                    NumberRequestId = requests[request].Id,
                    AccountId = requests[request].AccountId,
                    RangeStart = pick.Start,
                    RangeEnd = pick.End,
                    ValidFrom = now,
                });
            from = to;
        }
    }

    /// <summary>Records <paramref name="assigned"/> more numbers on the request and moves it to accepted or completed.</summary>
    private static void Settle(NumberRequest request, long assigned, DateTimeOffset now)
    {
        var status = NumberRequestStatuses.ParseStored(request.Status);
        request.AssignedCount += (int)assigned;
        request.UpdatedAt = now;
        var target = request.AssignedCount >= request.Quantity ? NumberRequestStatus.Completed : NumberRequestStatus.Accepted;
        if (target == status) return;
        var moved = NumberRequestLifecycle.Move(status, target);
        if (moved.IsFailure) throw new InvalidOperationException(moved.FirstError.Detail);
        request.Status = target.ToWire();
        request.StatusReason = target == NumberRequestStatus.Completed ? "All requested numbers are assigned." : "Part of the request is assigned; the rest follows when stock arrives.";
    }

    /// <summary>How a read of matching stock locks the rows it returns (PostgreSQL).</summary>
    public enum StockRowLock { None, SkipLocked, Wait }

    /// <summary>Stock rows matching the criteria that start after <paramref name="after"/>, ascending: one index range scan.</summary>
    public static async Task<List<StockRange>> MatchingStockAsync(NumberBlocksDbContext db, StockCriteria c, long after, int limit, CancellationToken ct,
        StockRowLock rowLock = StockRowLock.None)
    {
        var args = new List<object> { c.CountryCode, c.NumberType, after };
        var sql = new System.Text.StringBuilder("SELECT * FROM stock_ranges WHERE country_code = {0} AND number_type = {1} AND range_start > {2}");
        void And(string column, object? value)
        {
            if (value is null) return;
            sql.Append(System.Globalization.CultureInfo.InvariantCulture, $" AND {column} = {{{args.Count}}}");
            args.Add(value);
        }
        And("area_code", c.AreaCode);
        And("city_key", NumberRequestSpec.Key(c.City));
        And("region_key", NumberRequestSpec.Key(c.Region));
        sql.Append(System.Globalization.CultureInfo.InvariantCulture, $" ORDER BY range_start LIMIT {{{args.Count}}}");
        args.Add(limit);
        if (!db.IsSqlite) sql.Append(rowLock switch { StockRowLock.SkipLocked => " FOR UPDATE SKIP LOCKED", StockRowLock.Wait => " FOR UPDATE", _ => "" });
        return await db.StockRanges.FromSqlRaw(sql.ToString(), args.ToArray()).AsNoTracking().ToListAsync(ct);
    }

    private static StockSpan Span(StockRange row) => new(row.Id, row.RangeStart, row.RangeEnd);

    /// <summary>How many numbers of the criteria stock could give a request now: all of them, or whole aligned ranges.</summary>
    public static async Task<long> AvailableAsync(NumberBlocksDbContext db, StockCriteria c, int? rangeSize, long cap, CancellationToken ct)
    {
        long total = 0, after = long.MinValue;
        for (var page = 0; total < cap && page < 100_000; page++)
        {
            var spans = (await MatchingStockAsync(db, c, after, StockPage, ct)).Select(Span).ToList();
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
        await notify(db, [request], now, ct);
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

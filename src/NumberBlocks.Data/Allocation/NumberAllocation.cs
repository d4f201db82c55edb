using Microsoft.EntityFrameworkCore;
using NumberBlocks.Data.Entities;
using NumberBlocks.Data.Ledger;
using NumberBlocks.Data.Ordering;
using NumberBlocks.Data.Requests;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Ledger;
using NumberBlocks.Domain.Numbering;
using NumberBlocks.Domain.Ordering;

namespace NumberBlocks.Data.Allocation;

/// <summary>Who takes numbers: the ledger holder they go to, and the record that took them (for the allocation log).</summary>
public sealed record Taker(LedgerHolder Holder, string TakenBy, Guid TakenById)
{
    public const string NumberRequest = "number_request";
    public const string NumberOrder = "number_order";
    public const string Reservation = "number_reservation";
    public const string CataloguePurchase = "catalogue_purchase";
}

/// <summary>One range of a run allocated together, and the taker it goes to.</summary>
public sealed record AllocationPart(NumberRange Range, Taker Taker);

/// <summary>Where allocated numbers came from.</summary>
public enum SaleSource
{
    /// <summary>The operator's stock (stock_ranges): split, the part logged in stock_allocations.</summary>
    Stock,
    /// <summary>A catalogue block sold whole (catalogue_blocks, seed 004).</summary>
    CatalogueBlock,
    /// <summary>The taker's own reservation (Telnyx: reserve, then order).</summary>
    OwnReservation,
}

/// <summary>What an allocation took: the source, and the country and number type of the numbers.</summary>
public sealed record Allocated(NumberRange Range, SaleSource Source, string CountryCode, string NumberType, long? CatalogueBlockId);

/// <summary>Which sources a taker may draw from.</summary>
[Flags]
public enum SaleSources
{
    Stock = 1,
    CatalogueBlock = 2,
    OwnReservation = 4,
}

/// <summary>
/// The one way numbers for sale become someone's: a CM.com number request, a Fone Dynamics purchase, a Telnyx number
/// order, block order or reservation all call <see cref="AllocateAsync"/>, inside the caller's
/// <see cref="WriteTransaction"/>. It finds what holds the numbers now in the ledger (a stock row, a catalogue block for
/// sale, the taker's own reservation), keeps that source's rows in step (splits the stock row, marks the block sold,
/// marks the reserved numbers ordered) and moves the ledger claim with <see cref="NumberLedger.TransferPartAsync"/>, so
/// the numbers change holder in place and the database's guarantees (EXCLUDE on PostgreSQL, BEGIN IMMEDIATE on SQLite)
/// hold for every path. <see cref="ReturnToStockAsync"/> is the way back for numbers a reservation or an order gives up.
/// </summary>
public static class NumberAllocation
{
    /// <summary>
    /// PostgreSQL: numbers going back to stock take turns on this transaction-scoped advisory lock, because two returns
    /// may cut the same allocation log row (a reservation's log outlives the order that took part of it). Allocations do
    /// not take it: they lock the stock rows they split (<see cref="LockStockRowsAsync"/>), so takers of different rows
    /// run at once. SQLite's single writer already serialises both.
    /// </summary>
    private const long StockReturnLock = 0x4E_42_52_45_54;

    /// <summary>How often the claims may change under an allocation between reading them and locking their stock rows.</summary>
    private const int MaxLockAttempts = 20;

    /// <summary>
    /// Moves <paramref name="range"/> from what sells it to <paramref name="taker"/>. All or nothing: a number that is
    /// not for sale, held by anyone else, or only part of a catalogue block refuses the whole range with an error at
    /// <paramref name="pointer"/> naming the first such number.
    /// </summary>
    public static Task<Result<Allocated>> AllocateAsync(NumberBlocksDbContext db, NumberRange range, Taker taker, SaleSources allowed,
        DateTimeOffset now, string pointer, CancellationToken ct) =>
        AllocateRunAsync(db, [new AllocationPart(range, taker)], allowed, now, pointer, ct);

    /// <summary>
    /// <see cref="AllocateAsync"/> for a run of consecutive ranges, each to its own taker (stock shared out among many
    /// requests in one fulfilment pass): the same checks over the whole run, all or nothing, and each stock row of the
    /// run is cut once. A run of more than one part is taken from stock only.
    /// </summary>
    /// <param name="lockedStockRows">Stock rows this transaction read under their lock (FOR UPDATE) before the call: a row
    /// whose range still equals its claim's stands still, so it is not locked and read again.</param>
    public static async Task<Result<Allocated>> AllocateRunAsync(NumberBlocksDbContext db, IReadOnlyList<AllocationPart> parts, SaleSources allowed,
        DateTimeOffset now, string pointer, CancellationToken ct, IReadOnlyDictionary<Guid, StockRange>? lockedStockRows = null)
    {
        if (parts.Count == 0) throw new ArgumentException("No range to allocate.", nameof(parts));
        for (var i = 1; i < parts.Count; i++)
            if (parts[i].Range.Start.Value != parts[i - 1].Range.End.Value + 1)
                throw new ArgumentException("The ranges are not one run of consecutive numbers.", nameof(parts));
        var range = NumberRange.Of(parts[0].Range.Start, parts[^1].Range.End);
        var taker = parts[0].Taker;
        long s = range.Start.Value, e = range.End.Value;
        for (var attempt = 1; ; attempt++)
        {
            var claims = await NumberLedger.OverlapsAsync(db, s, e, ct);
            if (claims.Count == 0 || claims[0].Start > s) return NotForSale(E164Number.FromValue(s), pointer);
            // The claims must cover the range without a gap, all of one kind of source.
            for (var i = 1; i < claims.Count; i++)
                if (claims[i].Start != claims[i - 1].End + 1) return NotForSale(E164Number.FromValue(claims[i - 1].End + 1), pointer);
            if (claims[^1].End < e) return NotForSale(E164Number.FromValue(claims[^1].End + 1), pointer);

            var kind = claims[0].Kind;
            if (claims.FirstOrDefault(c => c.Kind != kind || parts.Any(p => !MayTakeFrom(c, p.Taker, allowed))) is { Id: not 0 } other)
                return Held(range, other, taker, pointer);
            if (kind == HolderKind.Stock)
            {
                // Only the holder of a stock row's lock splits it, so once the rows are locked their claims stand still.
                // A claim read before the lock may already be gone (another taker split the row meanwhile): read again.
                if (lockedStockRows is not null && claims.All(c => lockedStockRows.TryGetValue(c.HolderId, out var row) && row.RangeStart == c.Start && row.RangeEnd == c.End))
                    return await FromStockAsync(db, range, parts, claims, claims.Select(c => lockedStockRows[c.HolderId]).ToList(), now, ct);
                var rows = await LockStockRowsAsync(db, claims.Select(c => c.HolderId).Distinct().ToArray(), ct);
                if (!db.IsSqlite && !(rows.Count == claims.Select(c => c.HolderId).Distinct().Count()
                                      && (await NumberLedger.OverlapsAsync(db, s, e, ct)).SequenceEqual(claims)))
                {
                    if (attempt < MaxLockAttempts) continue;
                    return Held(range, claims[0], taker, pointer);
                }
                return await FromStockAsync(db, range, parts, claims, rows, now, ct);
            }
            if (parts.Count > 1) throw new InvalidOperationException($"Only stock is shared out in runs; {range} is held by a {kind}.");
            return kind switch
            {
                HolderKind.CatalogueBlock => await FromCatalogueAsync(db, range, claims, taker, now, pointer, ct),
                HolderKind.Reservation => await FromReservationAsync(db, range, claims, taker, now, pointer, ct),
                _ => Held(range, claims[0], taker, pointer),
            };
        }
    }

    /// <summary>
    /// Locks stock rows for splitting (PostgreSQL: FOR UPDATE, in id order so two lockers of the same rows cannot
    /// deadlock) and returns them as they are now, after any other locker's commit. SQLite's writer holds the database.
    /// </summary>
    public static async Task<List<StockRange>> LockStockRowsAsync(NumberBlocksDbContext db, Guid[] ids, CancellationToken ct)
    {
        if (db.IsSqlite)
        {
            var rows = new List<StockRange>(ids.Length);
            foreach (var id in ids)
                if (await db.StockRanges.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct) is { } row) rows.Add(row);
            return rows;
        }
        return await db.StockRanges.FromSqlRaw("SELECT * FROM stock_ranges WHERE id = ANY({0}) ORDER BY id FOR UPDATE", ids).AsNoTracking().ToListAsync(ct);
    }

    private static bool MayTakeFrom(ClaimRow claim, Taker taker, SaleSources allowed) => claim.Kind switch
    {
        HolderKind.Stock => allowed.HasFlag(SaleSources.Stock),
        HolderKind.CatalogueBlock => allowed.HasFlag(SaleSources.CatalogueBlock),
        // Telnyx: "During this period, you have exclusive rights to search for and order the reserved phone number."
        HolderKind.Reservation => allowed.HasFlag(SaleSources.OwnReservation) && claim.AccountId is { } a && a == taker.Holder.AccountId,
        _ => false,
    };

    private static async Task<Result<Allocated>> FromStockAsync(NumberBlocksDbContext db, NumberRange range, IReadOnlyList<AllocationPart> parts,
        List<ClaimRow> claims, List<StockRange> rows, DateTimeOffset now, CancellationToken ct)
    {
        string? country = null, type = null;
        foreach (var claim in claims)
        {
            var row = rows.FirstOrDefault(r => r.Id == claim.HolderId)
                ?? throw new InvalidOperationException($"The ledger's stock claim {claim.Id} has no stock row {claim.HolderId}; the audit would fail.");
            // The parts inside this row, cut to it: one claim per stock row (a split gives the rest a row of its own), so
            // each row is cut once here.
            var pieces = new List<(long Start, long End, Taker Taker)>();
            foreach (var part in parts)
            {
                long ps = Math.Max(row.RangeStart, part.Range.Start.Value), pe = Math.Min(row.RangeEnd, part.Range.End.Value);
                if (ps <= pe) pieces.Add((ps, pe, part.Taker));
            }
            await TakeFromStockRowAsync(db, row, pieces, now, ct);
            country ??= row.CountryCode;
            type ??= row.NumberType;
        }
        return new Allocated(range, SaleSource.Stock, country!, type!, null);
    }

    /// <summary>
    /// Takes a run of consecutive pieces out of one stock row, each to its taker: the claims move to the takers; what lies
    /// before the run stays in the row, what lies after continues as a new row (or the row itself when nothing lies
    /// before); each piece is logged.
    /// </summary>
    private static async Task TakeFromStockRowAsync(NumberBlocksDbContext db, StockRange row, List<(long Start, long End, Taker Taker)> pieces,
        DateTimeOffset now, CancellationToken ct)
    {
        long start = pieces[0].Start, end = pieces[^1].End;
        var keepsLeft = start > row.RangeStart;
        var keepsRight = end < row.RangeEnd;
        var restId = keepsLeft ? Guid.CreateVersion7(now) : row.Id;
        var moves = pieces.Select(p => new NumberLedger.TransferPart(p.Start, p.End, p.Taker.Holder)).ToList();
        if (!await NumberLedger.TransferPartsAsync(db, LedgerHolder.Stock(row.Id), moves, LedgerHolder.Stock(restId), now, ct))
            throw new InvalidOperationException($"Stock row {row.Id} has no ledger claim covering {start}-{end}; the audit would fail.");
        if (keepsLeft)
        {
            await ExecAsync(db, "UPDATE stock_ranges SET range_end = @e WHERE id = @id", ct, ("@e", start - 1), ("@id", row.Id));
            if (keepsRight) await StockOperations.InsertRowAsync(db, Copy(row, restId, end + 1, row.RangeEnd, now), ct);
        }
        else if (keepsRight)
            await ExecAsync(db, "UPDATE stock_ranges SET range_start = @s WHERE id = @id", ct, ("@s", end + 1), ("@id", row.Id));
        else
            await ExecAsync(db, "DELETE FROM stock_ranges WHERE id = @id", ct, ("@id", row.Id));
        await LogAllocationsAsync(db, row, pieces, now, ct);
    }

    private const string AllocationColumns =
        "id, range_start, range_end, taken_by, taken_by_id, account_id, country_code, number_type, area_code, city, city_key, region, region_key, allocated_at";

    private const string InsertAllocationSql =
        $"INSERT INTO stock_allocations ({AllocationColumns}) VALUES (@id, @s, @e, @by, @byid, @a, @c, @t, @ac, @city, @ck, @r, @rk, @at)";

    /// <summary>One allocation log row per piece, with the stock row's attributes (PostgreSQL: one statement over arrays).</summary>
    private static async Task LogAllocationsAsync(NumberBlocksDbContext db, StockRange row, List<(long Start, long End, Taker Taker)> pieces,
        DateTimeOffset now, CancellationToken ct)
    {
        if (db.IsSqlite || pieces.Count == 1)
        {
            foreach (var (start, end, taker) in pieces)
                await ExecAsync(db, InsertAllocationSql, ct,
                    ("@id", Guid.CreateVersion7(now)), ("@s", start), ("@e", end), ("@by", taker.TakenBy), ("@byid", taker.TakenById),
                    ("@a", taker.Holder.AccountId), ("@c", row.CountryCode), ("@t", row.NumberType), ("@ac", row.AreaCode), ("@city", row.City),
                    ("@ck", row.CityKey), ("@r", row.Region), ("@rk", row.RegionKey), ("@at", now));
            return;
        }
        await db.EnsureOpenAsync(ct);
        await using var cmd = db.Command(
            $"INSERT INTO stock_allocations ({AllocationColumns}) SELECT id, s, e, by, byid, a, @c, @t, @ac, @city, @ck, @r, @rk, @at " +
            "FROM unnest(@id, @s, @e, @by, @byid, @a) AS u(id, s, e, by, byid, a)")
            .With(db, "@id", pieces.Select(_ => Guid.CreateVersion7(now)).ToArray())
            .With(db, "@s", pieces.Select(p => p.Start).ToArray()).With(db, "@e", pieces.Select(p => p.End).ToArray())
            .With(db, "@by", pieces.Select(p => p.Taker.TakenBy).ToArray()).With(db, "@byid", pieces.Select(p => p.Taker.TakenById).ToArray())
            .With(db, "@c", row.CountryCode).With(db, "@t", row.NumberType).With(db, "@ac", row.AreaCode).With(db, "@city", row.City)
            .With(db, "@ck", row.CityKey).With(db, "@r", row.Region).With(db, "@rk", row.RegionKey).With(db, "@at", now);
        cmd.Parameters.Add(new Npgsql.NpgsqlParameter("@a", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Uuid)
        {
            Value = pieces.Select(p => p.Taker.Holder.AccountId).ToArray(),
        });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task<Result<Allocated>> FromCatalogueAsync(NumberBlocksDbContext db, NumberRange range, List<ClaimRow> claims, Taker taker,
        DateTimeOffset now, string pointer, CancellationToken ct)
    {
        var claim = claims[0];
        // Seed 004 sells a number block as one thing: a catalogue block is taken whole or not at all.
        if (claims.Count != 1 || claim.Start != range.Start.Value || claim.End != range.End.Value)
            return new DomainError(ErrorCodes.BlockNotForSale,
                $"{range} is not a block for sale: the block for sale there is {NumberRange.Of(E164Number.FromValue(claim.Start), E164Number.FromValue(claim.End))}, sold whole.",
                pointer, ErrorKind.Conflict);
        var block = await db.CatalogueBlocks.AsNoTracking().FirstOrDefaultAsync(b => b.Sid == claim.HolderId, ct)
            ?? throw new InvalidOperationException($"The ledger's catalogue claim {claim.Id} has no catalogue block {claim.HolderId}.");
        // The status change names the old status, so of two concurrent buyers exactly one finds the block available.
        await using (var flip = db.Command(
            "UPDATE catalogue_blocks SET status = @sold, account_id = @a, purchased_at = @t, updated_at = @t WHERE id = @id AND status = @available")
            .With(db, "@sold", CatalogueBlock.Sold).With(db, "@a", taker.Holder.AccountId).With(db, "@t", now)
            .With(db, "@id", block.Id).With(db, "@available", CatalogueBlock.Available))
        {
            if (await flip.ExecuteNonQueryAsync(ct) != 1)
                return new DomainError(ErrorCodes.CatalogueBlockSold, $"The number block {range} is no longer available; it has been sold.", pointer, ErrorKind.Conflict);
        }
        if (!await NumberLedger.TransferPartAsync(db, LedgerHolder.CatalogueBlock(block.Sid), claim.Start, claim.End, taker.Holder,
                LedgerHolder.CatalogueBlock(block.Sid), now, ct))
            return new DomainError(ErrorCodes.CatalogueBlockSold, $"The number block {range} is no longer available; it has been sold.", pointer, ErrorKind.Conflict);
        return new Allocated(range, SaleSource.CatalogueBlock, block.CountryCode, block.PhoneNumberType, block.Id);
    }

    private static async Task<Result<Allocated>> FromReservationAsync(NumberBlocksDbContext db, NumberRange range, List<ClaimRow> claims, Taker taker,
        DateTimeOffset now, string pointer, CancellationToken ct)
    {
        foreach (var claim in claims)
        {
            long start = Math.Max(claim.Start, range.Start.Value), end = Math.Min(claim.End, range.End.Value);
            var from = new LedgerHolder(HolderKind.Reservation, claim.HolderId, claim.AccountId);
            if (!await NumberLedger.TransferPartAsync(db, from, start, end, taker.Holder, from, now, ct))
                return new DomainError(ErrorCodes.NumberHeldElsewhere,
                    $"{E164Number.FromValue(start)} is no longer held by your reservation; it expired or was ordered meanwhile.", pointer, ErrorKind.Conflict);
            var ordered = ReservedNumberState.Ordered.ToStored();
            var held = ReservedNumberState.Held.ToStored();
            await db.ReservedPhoneNumbers.Where(n => n.ReservationId == claim.HolderId && n.State == held && n.PhoneNumber >= start && n.PhoneNumber <= end)
                .ExecuteUpdateAsync(u => u.SetProperty(n => n.State, ordered).SetProperty(n => n.UpdatedAt, now), ct);
        }
        // The allocation log already has these numbers: the reservation took them out of stock.
        var logged = await db.StockAllocations.AsNoTracking().Where(a => a.RangeStart <= range.Start.Value && a.RangeEnd >= range.Start.Value)
            .Select(a => new { a.CountryCode, a.NumberType }).FirstOrDefaultAsync(ct);
        return new Allocated(range, SaleSource.OwnReservation, logged?.CountryCode ?? "", logged?.NumberType ?? "", null);
    }

    /// <summary>
    /// Puts numbers <paramref name="from"/> holds back into stock as they were taken out (an expired reservation, a
    /// failed order): each part becomes a stock row with the attributes logged when it was allocated, and its claim
    /// moves to that row. Numbers that never came from stock (a catalogue block) are released instead. Returns how many
    /// numbers went back; 0 when <paramref name="from"/> no longer holds the range.
    /// </summary>
    public static async Task<long> ReturnToStockAsync(NumberBlocksDbContext db, LedgerHolder from, NumberRange range, DateTimeOffset now, CancellationToken ct)
    {
        if (!db.IsSqlite)
        {
            await db.EnsureOpenAsync(ct);
            await using var turn = db.Command("SELECT pg_advisory_xact_lock(@k)").With(db, "@k", StockReturnLock);
            await turn.ExecuteScalarAsync(ct);
        }
        long returned = 0;
        var logs = await db.StockAllocations.AsNoTracking()
            .Where(a => a.RangeEnd >= range.Start.Value && a.RangeStart <= range.End.Value).OrderBy(a => a.RangeStart).ToListAsync(ct);
        foreach (var log in logs)
        {
            long start = Math.Max(log.RangeStart, range.Start.Value), end = Math.Min(log.RangeEnd, range.End.Value);
            var rowId = Guid.CreateVersion7(now);
            if (!await NumberLedger.TransferPartAsync(db, from, start, end, LedgerHolder.Stock(rowId), from, now, ct)) continue;
            await StockOperations.InsertRowAsync(db, new StockRange
            {
                Id = rowId, RangeStart = start, RangeEnd = end, CountryCode = log.CountryCode, NumberType = log.NumberType, AreaCode = log.AreaCode,
                City = log.City, CityKey = log.CityKey, Region = log.Region, RegionKey = log.RegionKey, CreatedAt = now,
            }, ct);
            await ExecAsync(db, "DELETE FROM stock_allocations WHERE id = @id", ct, ("@id", log.Id));
            if (log.RangeStart < start) await InsertLogAsync(db, log, log.RangeStart, start - 1, now, ct);
            if (end < log.RangeEnd) await InsertLogAsync(db, log, end + 1, log.RangeEnd, now, ct);
            returned += end - start + 1;
        }
        return returned;
    }

    private static Task InsertLogAsync(NumberBlocksDbContext db, StockAllocation log, long start, long end, DateTimeOffset now, CancellationToken ct) =>
        ExecAsync(db, InsertAllocationSql, ct,
            ("@id", Guid.CreateVersion7(now)), ("@s", start), ("@e", end), ("@by", log.TakenBy), ("@byid", log.TakenById), ("@a", log.AccountId),
            ("@c", log.CountryCode), ("@t", log.NumberType), ("@ac", log.AreaCode), ("@city", log.City), ("@ck", log.CityKey), ("@r", log.Region),
            ("@rk", log.RegionKey), ("@at", log.AllocatedAt));

    private static DomainError NotForSale(E164Number number, string pointer) =>
        new(ErrorCodes.NumberNotForSale, $"{number} is not for sale: it is in no stock and no number block offered for sale.", pointer, ErrorKind.Conflict);

    private static DomainError Held(NumberRange range, ClaimRow held, Taker taker, string pointer)
    {
        var first = E164Number.FromValue(Math.Max(range.Start.Value, held.Start));
        // Another tenant's objects are never named.
        var where = held.AccountId is { } a && a == taker.Holder.AccountId ? "by your account already" : "by another holder";
        return new DomainError(ErrorCodes.NumberHeldElsewhere, $"{first} is already held {where}; a number can be held by one live holder at a time.",
            pointer, ErrorKind.Conflict);
    }

    private static StockRange Copy(StockRange a, Guid id, long start, long end, DateTimeOffset now) => new()
    {
        Id = id, RangeStart = start, RangeEnd = end, CountryCode = a.CountryCode, NumberType = a.NumberType, AreaCode = a.AreaCode,
        City = a.City, CityKey = a.CityKey, Region = a.Region, RegionKey = a.RegionKey, CreatedAt = now,
    };

    private static async Task ExecAsync(NumberBlocksDbContext db, string sql, CancellationToken ct, params (string Name, object? Value)[] args)
    {
        await db.EnsureOpenAsync(ct);
        await using var cmd = db.Command(sql);
        foreach (var (name, value) in args) cmd.With(db, name, value);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}

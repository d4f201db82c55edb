using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Ledger;
using NumberBlocks.Domain.Numbering;
using Npgsql;

namespace NumberBlocks.Data.Ledger;

/// <summary>A refused claim: the first number of the wanted range that someone else holds, and why.</summary>
public sealed record LedgerConflict(E164Number Number, string Detail)
{
    public DomainError ToError(string? pointer) => new(ErrorCodes.NumberHeldElsewhere, Detail, pointer, ErrorKind.Conflict);
}

/// <summary>A live claim as read from the ledger.</summary>
public readonly record struct ClaimRow(long Id, long Start, long End, HolderKind Kind, Guid HolderId, Guid? AccountId);

/// <summary>
/// The ledger of claimed number ranges: the one place any number becomes someone's. Called only inside a
/// <see cref="WriteTransaction"/>. Live claims never overlap: on PostgreSQL the EXCLUDE constraint refuses it whatever
/// this code does; on SQLite the check below runs inside BEGIN IMMEDIATE, so nothing can slip between check and insert.
/// </summary>
public static class NumberLedger
{
    /// <summary>
    /// Claims <paramref name="range"/> for <paramref name="holder"/>. Numbers the same holder already has are merged into
    /// the new claim; a number held by anyone else refuses the whole claim with an error naming the first such number.
    /// </summary>
    public static async Task<LedgerConflict?> ClaimAsync(NumberBlocksDbContext db, LedgerHolder holder, NumberRange range,
        DateTimeOffset now, CancellationToken ct)
    {
        await db.EnsureOpenAsync(ct);
        await LockNeighbourhoodsAsync(db, [range], ct);
        var overlaps = await OverlapsAsync(db, range.Start.Value, range.End.Value, ct);
        if (FirstForeign(overlaps, holder) is { } foreign) return Conflict(range, foreign, holder);

        long start = range.Start.Value, end = range.End.Value;
        foreach (var own in overlaps)
        {
            start = Math.Min(start, own.Start);
            end = Math.Max(end, own.End);
        }
        if (overlaps.Count > 0)
            await DeleteAsync(db, overlaps.Select(o => o.Id), ct);

        if (db.IsSqlite)
        {
            await InsertAsync(db, start, end, holder, now, ct);
            return null;
        }

        // PostgreSQL: a concurrent transaction may have claimed an overlapping range since the check; the exclusion
        // constraint (23P01) then refuses the insert, and the savepoint keeps the surrounding transaction usable.
        await using (var save = db.Command("SAVEPOINT ledger_claim")) await save.ExecuteNonQueryAsync(ct);
        try
        {
            await InsertAsync(db, start, end, holder, now, ct);
            await using var release = db.Command("RELEASE SAVEPOINT ledger_claim");
            await release.ExecuteNonQueryAsync(ct);
            return null;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.ExclusionViolation)
        {
            await using (var rollback = db.Command("ROLLBACK TO SAVEPOINT ledger_claim")) await rollback.ExecuteNonQueryAsync(ct);
            var now2 = await OverlapsAsync(db, range.Start.Value, range.End.Value, ct);
            var winner = FirstForeign(now2, holder) ?? now2.FirstOrDefault();
            return winner.Id != 0
                ? Conflict(range, winner, holder)
                : new LedgerConflict(range.Start, $"A number of {range} was claimed by a concurrent request; try again.");
        }
    }

    /// <summary>Numbers per neighbourhood: two ranges that overlap always share the neighbourhood of a common number.</summary>
    private const long NeighbourhoodSize = 1000;

    /// <summary>At most this many neighbourhood locks per transaction (PostgreSQL's lock table is finite).</summary>
    private const int MaxNeighbourhoodLocks = 64;

    /// <summary>The neighbourhoods each open transaction has locked; null once it needed more than the maximum.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, SortedSet<long>?> LockedBy = new();

    /// <summary>
    /// PostgreSQL: takes a transaction-scoped advisory lock on every neighbourhood (1000 numbers) the ranges touch,
    /// in ascending order. Claims that could overlap then queue here instead of inside the EXCLUDE constraint, where
    /// two inserters that each see the other's uncommitted row wait on each other until the deadlock detector aborts
    /// one (after deadlock_timeout, 1 s by default). Correctness never depends on these locks: the constraint still
    /// refuses any overlap; they only make contention cheap. <see cref="ClaimAsync"/> locks its own range; an operation
    /// that claims several ranges calls this once with all of them first, so its locks come in one ascending pass and
    /// cannot wait in a cycle (a cycle among other callers is a deadlock PostgreSQL detects and WriteTransaction retries).
    /// A transaction that would need more than 64 neighbourhoods (thousands of scattered single numbers) takes no more
    /// and is left to the constraint alone. No-op on SQLite, whose writers are serialized anyway.
    /// </summary>
    public static async Task LockNeighbourhoodsAsync(NumberBlocksDbContext db, IEnumerable<NumberRange> ranges, CancellationToken ct)
    {
        if (db.IsSqlite || db.Database.CurrentTransaction is not { } tx) return;
        if (!LockedBy.TryGetValue(tx, out var locked)) LockedBy.Add(tx, locked = []);
        if (locked is null) return;
        var wanted = new SortedSet<long>();
        foreach (var r in ranges)
        {
            for (var n = r.Start.Value / NeighbourhoodSize; n <= r.End.Value / NeighbourhoodSize; n++)
            {
                if (!locked.Contains(n)) wanted.Add(n);
                if (locked.Count + wanted.Count > MaxNeighbourhoodLocks)
                {
                    LockedBy.AddOrUpdate(tx, null);
                    return;
                }
            }
        }
        if (wanted.Count == 0) return;
        await db.EnsureOpenAsync(ct);
        // Two-int advisory keys (a key space apart from the migrator's bigint key): "NBL" and the neighbourhood's high
        // byte, then its low 32 bits. Neighbourhoods of 15-digit numbers stay below 2^40, so the mapping is exact.
        var sql = new System.Text.StringBuilder();
        foreach (var n in wanted)
            sql.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"SELECT pg_advisory_xact_lock({0x4E424C00 | (int)(n >> 32)}, {unchecked((int)(uint)n)});");
        await using var cmd = db.Command(sql.ToString());
        await cmd.ExecuteNonQueryAsync(ct);
        locked.UnionWith(wanted);
    }

    /// <summary>Releases every claim of <paramref name="holder"/> (a cancelled or deleted order); returns how many numbers were freed.</summary>
    public static async Task<long> ReleaseAllAsync(NumberBlocksDbContext db, LedgerHolder holder, CancellationToken ct)
    {
        await db.EnsureOpenAsync(ct);
        await using var cmd = db.Command(
            "DELETE FROM ledger_claims WHERE holder_kind = @k AND holder_id = @h RETURNING range_end - range_start + 1")
            .With(db, "@k", holder.KindName).With(db, "@h", holder.Id);
        long freed = 0;
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) freed += reader.GetInt64(0);
        return freed;
    }

    /// <summary>Moves every claim of <paramref name="from"/> to <paramref name="to"/> in place (e.g. a ported order's numbers become the account's).</summary>
    public static async Task<int> TransferAllAsync(NumberBlocksDbContext db, LedgerHolder from, LedgerHolder to, DateTimeOffset now, CancellationToken ct)
    {
        await db.EnsureOpenAsync(ct);
        await using var cmd = db.Command(
            "UPDATE ledger_claims SET holder_kind = @tk, holder_id = @th, account_id = @ta, claimed_at = @now WHERE holder_kind = @fk AND holder_id = @fh")
            .With(db, "@tk", to.KindName).With(db, "@th", to.Id).With(db, "@ta", to.AccountId).With(db, "@now", now)
            .With(db, "@fk", from.KindName).With(db, "@fh", from.Id);
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Moves the claim of exactly <paramref name="range"/> from <paramref name="from"/> to <paramref name="to"/> in place
    /// (issue 5: a catalogue block sold to an account). The update names the old holder, so of two transactions moving
    /// the same claim only the first finds it; the other gets a conflict, and nothing changes unless the whole range
    /// was held by <paramref name="from"/> as one claim.
    /// </summary>
    public static async Task<LedgerConflict?> TransferRangeAsync(NumberBlocksDbContext db, LedgerHolder from, LedgerHolder to, NumberRange range,
        DateTimeOffset now, CancellationToken ct)
    {
        await db.EnsureOpenAsync(ct);
        await using var cmd = db.Command(
            "UPDATE ledger_claims SET holder_kind = @tk, holder_id = @th, account_id = @ta, claimed_at = @now " +
            "WHERE holder_kind = @fk AND holder_id = @fh AND range_start = @s AND range_end = @e")
            .With(db, "@tk", to.KindName).With(db, "@th", to.Id).With(db, "@ta", to.AccountId).With(db, "@now", now)
            .With(db, "@fk", from.KindName).With(db, "@fh", from.Id).With(db, "@s", range.Start.Value).With(db, "@e", range.End.Value);
        var moved = await cmd.ExecuteNonQueryAsync(ct);
        return moved == 1
            ? null
            : new LedgerConflict(range.Start, $"The numbers {range} are no longer held by the {from.KindName.Replace('_', ' ')} {from.Id}; nothing was moved.");
    }

    /// <summary>
    /// Live claims that share a number with [start, end]. Because live claims are disjoint, they are the claims that
    /// start inside the range plus at most one that starts before it: two index seeks, O(log n + k).
    /// </summary>
    public static async Task<List<ClaimRow>> OverlapsAsync(NumberBlocksDbContext db, long start, long end, CancellationToken ct)
    {
        await db.EnsureOpenAsync(ct);
        const string columns = "id, range_start, range_end, holder_kind, holder_id, account_id";
        await using var cmd = db.Command(
            $"SELECT {columns} FROM ledger_claims WHERE range_start >= @s AND range_start <= @e " +
            $"UNION ALL SELECT {columns} FROM (SELECT {columns} FROM ledger_claims WHERE range_start < @s ORDER BY range_start DESC LIMIT 1) p WHERE p.range_end >= @s")
            .With(db, "@s", start).With(db, "@e", end);
        var rows = new List<ClaimRow>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            rows.Add(new ClaimRow(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), LedgerHolder.ParseKind(reader.GetString(3)),
                reader.ReadGuid(4), reader.IsDBNull(5) ? null : reader.ReadGuid(5)));
        rows.Sort((a, b) => a.Start.CompareTo(b.Start));
        return rows;
    }

    private static ClaimRow? FirstForeign(List<ClaimRow> overlaps, LedgerHolder holder)
    {
        foreach (var o in overlaps)
            if (o.Kind != holder.Kind || o.HolderId != holder.Id) return o;
        return null;
    }

    private static LedgerConflict Conflict(NumberRange wanted, ClaimRow held, LedgerHolder claimant)
    {
        var first = E164Number.FromValue(Math.Max(wanted.Start.Value, held.Start));
        // Another tenant's objects are never named; the caller's own are, to help it find the clash.
        var where = held.AccountId is { } a && a == claimant.AccountId && held.Kind == HolderKind.PortingOrder
            ? $"on your porting order {held.HolderId}"
            : held.AccountId is { } b && b == claimant.AccountId && held.Kind == HolderKind.Account
                ? "by your account already"
                : "by another holder";
        return new LedgerConflict(first, $"{first} is already held {where}; a number can be held by one live holder at a time.");
    }

    private static async Task InsertAsync(NumberBlocksDbContext db, long start, long end, LedgerHolder holder, DateTimeOffset now, CancellationToken ct)
    {
        await using var cmd = db.Command(
            "INSERT INTO ledger_claims (range_start, range_end, holder_kind, holder_id, account_id, claimed_at) VALUES (@s, @e, @k, @h, @a, @t)")
            .With(db, "@s", start).With(db, "@e", end).With(db, "@k", holder.KindName).With(db, "@h", holder.Id)
            .With(db, "@a", holder.AccountId).With(db, "@t", now);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task DeleteAsync(NumberBlocksDbContext db, IEnumerable<long> ids, CancellationToken ct)
    {
        foreach (var id in ids)
        {
            await using var cmd = db.Command("DELETE FROM ledger_claims WHERE id = @id").With(db, "@id", id);
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>Audit: pairs of live claims that overlap. Always zero unless the invariant was broken.</summary>
    public static async Task<long> CountOverlapsAsync(NumberBlocksDbContext db, CancellationToken ct)
    {
        await db.EnsureOpenAsync(ct);
        await using var cmd = db.Command(
            // A claim overlaps an earlier one exactly when it starts at or before the largest end seen so far.
            "SELECT COUNT(*) FROM (SELECT range_start, MAX(range_end) OVER (ORDER BY range_start, id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prior_end FROM ledger_claims) c WHERE c.prior_end >= c.range_start");
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }
}

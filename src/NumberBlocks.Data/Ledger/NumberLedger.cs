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
        using var span = StartSpan("ledger.claim", holder, range);
        var conflict = await ClaimOnceAsync(db, holder, range, now, ct);
        Telemetry.CountClaims("claim", 1, conflict is null ? 0 : 1, span);
        return conflict;
    }

    /// <summary>A span for one ledger operation (OpenTelemetry), with the holder and the range.</summary>
    private static System.Diagnostics.Activity? StartSpan(string name, LedgerHolder holder, NumberRange? range)
    {
        var span = Telemetry.Source.StartActivity(name);
        if (span is null) return null;
        span.SetTag("numberblocks.ledger.holder_kind", holder.KindName);
        if (range is { } r) span.SetTag("numberblocks.ledger.range", r.ToString());
        return span;
    }

    private static async Task<LedgerConflict?> ClaimOnceAsync(NumberBlocksDbContext db, LedgerHolder holder, NumberRange range,
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

        // History: only the numbers this claim adds are newly held; the ones merged in stay held since they were.
        var added = Gaps(range.Start.Value, range.End.Value, overlaps);
        var historyInSameStatement = overlaps.Count == 0;
        if (db.IsSqlite)
        {
            await InsertAsync(db, start, end, holder, now, ct, historyInSameStatement ? InsertClaimSql + "; " + InsertHistorySql : InsertClaimSql);
            if (!historyInSameStatement) await OpenHistoryAsync(db, holder, added, now, ct);
            return null;
        }

        // PostgreSQL: a concurrent transaction may have claimed an overlapping range since the check; the exclusion
        // constraint (23P01) then refuses the insert, and the savepoint keeps the surrounding transaction usable.
        // Savepoint, insert and release go in one round trip (issue 7: the claim cost five round trips against one for a
        // raw insert). If the insert fails, PostgreSQL skips the release and the savepoint is still there to roll back to.
        try
        {
            // A fresh claim (nothing merged) writes its history row in the same round trip, with the same values.
            await InsertAsync(db, start, end, holder, now, ct,
                "SAVEPOINT ledger_claim; " + InsertClaimSql + (historyInSameStatement ? "; " + InsertHistorySql : "") + "; RELEASE SAVEPOINT ledger_claim");
            if (!historyInSameStatement) await OpenHistoryAsync(db, holder, added, now, ct);
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

    /// <summary>
    /// Claims many ranges, each for a holder that holds nothing yet (the new rows of one stock import batch), with a
    /// few statements instead of a round trip per range. Returns, per input, null when claimed or the conflict that
    /// refused it: a range is refused when it overlaps a live claim or an earlier range of the same call, exactly as
    /// calling <see cref="ClaimAsync"/> for each in order would refuse it. The database stays the source of truth: on
    /// PostgreSQL the inserts run under a savepoint, and if the EXCLUDE constraint refuses them (a concurrent
    /// transaction claimed an overlapping range after the lookup) the call falls back to <see cref="ClaimAsync"/> per
    /// range; on SQLite the lookup and the inserts run inside the same BEGIN IMMEDIATE.
    /// </summary>
    public static async Task<LedgerConflict?[]> TryClaimNewAsync(NumberBlocksDbContext db, IReadOnlyList<(LedgerHolder Holder, NumberRange Range)> claims,
        DateTimeOffset now, CancellationToken ct)
    {
        using var span = claims.Count == 0 ? null : StartSpan("ledger.claim_batch", claims[0].Holder, null);
        var conflicts = await TryClaimNewOnceAsync(db, claims, now, ct);
        Telemetry.CountClaims("claim_batch", claims.Count, conflicts.Count(c => c is not null), span);
        return conflicts;
    }

    private static async Task<LedgerConflict?[]> TryClaimNewOnceAsync(NumberBlocksDbContext db, IReadOnlyList<(LedgerHolder Holder, NumberRange Range)> claims,
        DateTimeOffset now, CancellationToken ct)
    {
        var result = new LedgerConflict?[claims.Count];
        if (claims.Count == 0) return result;
        await db.EnsureOpenAsync(ct);
        await LockNeighbourhoodsAsync(db, claims.Select(c => c.Range), ct);
        var held = await FirstOverlapsAsync(db, claims, ct);

        // Ranges accepted so far in this call, by start; they are disjoint, so only the last one starting at or before
        // a range's end can overlap it.
        var acceptedStarts = new List<long>();
        var acceptedIndex = new List<int>();
        var accepted = new List<int>();
        for (var i = 0; i < claims.Count; i++)
        {
            var (holder, range) = claims[i];
            if (held[i] is { } h) { result[i] = Conflict(range, h, holder); continue; }
            var at = acceptedStarts.BinarySearch(range.End.Value);
            var before = at >= 0 ? at : ~at - 1;
            if (before >= 0 && claims[acceptedIndex[before]].Range.End.Value >= range.Start.Value)
            {
                var (otherHolder, otherRange) = claims[acceptedIndex[before]];
                result[i] = Conflict(range, new ClaimRow(0, otherRange.Start.Value, otherRange.End.Value, otherHolder.Kind, otherHolder.Id, otherHolder.AccountId), holder);
                continue;
            }
            var insertAt = ~acceptedStarts.BinarySearch(range.Start.Value);
            acceptedStarts.Insert(insertAt, range.Start.Value);
            acceptedIndex.Insert(insertAt, i);
            accepted.Add(i);
        }
        if (accepted.Count == 0) return result;

        // Each accepted range is a new claim whose holder's history opens with it.
        var pieces = accepted.Select(i => (claims[i].Range.Start.Value, claims[i].Range.End.Value, claims[i].Holder, Opens: true)).ToList();
        if (db.IsSqlite)
        {
            await InsertPiecesAsync(db, pieces, now, ct);
            return result;
        }

        await using (var save = db.Command("SAVEPOINT ledger_claim_many")) await save.ExecuteNonQueryAsync(ct);
        try
        {
            // One statement writes the claims and their history rows, so a stock import batch costs no extra round
            // trip; if the constraint refuses a claim, neither table keeps anything of it.
            await InsertPiecesAsync(db, pieces, now, ct);
            await using var release = db.Command("RELEASE SAVEPOINT ledger_claim_many");
            await release.ExecuteNonQueryAsync(ct);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.ExclusionViolation)
        {
            // Lost a race with a concurrent claim: redo this call's accepted ranges one by one, each refused or claimed
            // on its own by the constraint.
            await using (var rollback = db.Command("ROLLBACK TO SAVEPOINT ledger_claim_many")) await rollback.ExecuteNonQueryAsync(ct);
            foreach (var i in accepted) result[i] = await ClaimAsync(db, claims[i].Holder, claims[i].Range, now, ct);
        }
        return result;
    }

    /// <summary>Per range, the live claim with the lowest start that shares a number with it, or null; one statement on PostgreSQL.</summary>
    private static async Task<ClaimRow?[]> FirstOverlapsAsync(NumberBlocksDbContext db, IReadOnlyList<(LedgerHolder Holder, NumberRange Range)> claims, CancellationToken ct)
    {
        var first = new ClaimRow?[claims.Count];
        if (db.IsSqlite)
        {
            // In-process: a statement per range costs microseconds, not a network round trip.
            for (var i = 0; i < claims.Count; i++)
                if (await OverlapsAsync(db, claims[i].Range.Start.Value, claims[i].Range.End.Value, ct) is [var row, ..]) first[i] = row;
            return first;
        }
        const string columns = "id, range_start, range_end, holder_kind, holder_id, account_id";
        await using var cmd = db.Command(
            $"SELECT w.i, c.{columns.Replace(", ", ", c.", StringComparison.Ordinal)} FROM unnest(@s, @e) WITH ORDINALITY AS w(s, e, i) " +
            $"CROSS JOIN LATERAL ((SELECT {columns} FROM ledger_claims WHERE range_start < w.s ORDER BY range_start DESC LIMIT 1) " +
            $"UNION ALL (SELECT {columns} FROM ledger_claims WHERE range_start >= w.s AND range_start <= w.e ORDER BY range_start LIMIT 1)) c " +
            "WHERE c.range_end >= w.s AND c.range_start <= w.e")
            .With(db, "@s", claims.Select(c => c.Range.Start.Value).ToArray())
            .With(db, "@e", claims.Select(c => c.Range.End.Value).ToArray());
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var i = (int)reader.GetInt64(0) - 1;
            var row = new ClaimRow(reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), LedgerHolder.ParseKind(reader.GetString(4)),
                reader.ReadGuid(5), reader.IsDBNull(6) ? null : reader.ReadGuid(6));
            if (first[i] is not { } seen || row.Start < seen.Start) first[i] = row;
        }
        return first;
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

    /// <summary>
    /// Releases every claim of <paramref name="holder"/> (a cancelled or deleted order) at <paramref name="now"/>; its
    /// history rows end then with <paramref name="reason"/>. Returns how many numbers were freed.
    /// </summary>
    public static async Task<long> ReleaseAllAsync(NumberBlocksDbContext db, LedgerHolder holder, DateTimeOffset now, CancellationToken ct,
        string reason = LedgerEndReasons.Released)
    {
        await db.EnsureOpenAsync(ct);
        await CloseAllHistoryAsync(db, holder, now, reason, ct);
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
        // History first, while the claims still name the old holder: its rows end now, the new holder's start now.
        await CloseAllHistoryAsync(db, from, now, LedgerEndReasons.Transferred, ct);
        await using (var open = db.Command(
            "INSERT INTO ledger_claim_history (range_start, range_end, holder_kind, holder_id, account_id, held_from) " +
            "SELECT range_start, range_end, @tk, @th, @ta, @now FROM ledger_claims WHERE holder_kind = @fk AND holder_id = @fh")
            .With(db, "@tk", to.KindName).With(db, "@th", to.Id).With(db, "@ta", to.AccountId).With(db, "@now", HistoryInstant(now))
            .With(db, "@fk", from.KindName).With(db, "@fh", from.Id))
            await open.ExecuteNonQueryAsync(ct);
        await using var cmd = db.Command(
            "UPDATE ledger_claims SET holder_kind = @tk, holder_id = @th, account_id = @ta, claimed_at = @now WHERE holder_kind = @fk AND holder_id = @fh")
            .With(db, "@tk", to.KindName).With(db, "@th", to.Id).With(db, "@ta", to.AccountId).With(db, "@now", now)
            .With(db, "@fk", from.KindName).With(db, "@fh", from.Id);
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Moves the part [<paramref name="start"/>, <paramref name="end"/>] of one claim of <paramref name="from"/> to
    /// <paramref name="to"/>, splitting the claim (issue 4: assigning stock). Numbers before the part stay with
    /// <paramref name="from"/>; numbers after it go to <paramref name="rest"/> (pass <paramref name="from"/> to keep them).
    /// The numbers change holder in place, so the ledger never has a gap or an overlap. False when no single claim of
    /// <paramref name="from"/> covers the part.
    /// </summary>
    /// <remarks><paramref name="reason"/> is what the old holder's history records (default "transferred").</remarks>
    public static Task<bool> TransferPartAsync(NumberBlocksDbContext db, LedgerHolder from, long start, long end, LedgerHolder to,
        LedgerHolder rest, DateTimeOffset now, CancellationToken ct, string reason = LedgerEndReasons.Transferred) =>
        TransferPartsAsync(db, from, [new TransferPart(start, end, to)], rest, now, ct, reason);

    /// <summary>One part of a run moved by <see cref="TransferPartsAsync"/>, and who it goes to.</summary>
    public readonly record struct TransferPart(long Start, long End, LedgerHolder To);

    /// <summary>
    /// <see cref="TransferPartAsync"/> for a run of consecutive parts of one claim, each to its own holder (stock
    /// shared out among many requests): the claim is split once, in as many statements as one part takes.
    /// </summary>
    public static async Task<bool> TransferPartsAsync(NumberBlocksDbContext db, LedgerHolder from, IReadOnlyList<TransferPart> parts, LedgerHolder rest,
        DateTimeOffset now, CancellationToken ct, string reason = LedgerEndReasons.Transferred)
    {
        if (parts.Count == 0) throw new ArgumentException("No part to move.", nameof(parts));
        for (var i = 0; i < parts.Count; i++)
        {
            if (parts[i].Start > parts[i].End) throw new ArgumentException("A part is reversed.", nameof(parts));
            if (i > 0 && parts[i].Start != parts[i - 1].End + 1) throw new ArgumentException("The parts are not one run of consecutive numbers.", nameof(parts));
        }
        using var span = StartSpan("ledger.transfer", parts[0].To, null);
        span?.SetTag("numberblocks.ledger.from_kind", from.KindName);
        var moved = await TransferPartsOnceAsync(db, from, parts, rest, now, reason, ct);
        Telemetry.CountClaims("transfer", parts.Count, moved ? 0 : parts.Count, span);
        return moved;
    }

    private static async Task<bool> TransferPartsOnceAsync(NumberBlocksDbContext db, LedgerHolder from, IReadOnlyList<TransferPart> parts,
        LedgerHolder rest, DateTimeOffset now, string reason, CancellationToken ct)
    {
        long start = parts[0].Start, end = parts[^1].End;
        await db.EnsureOpenAsync(ct);
        // The claim covering the run goes, in one statement that finds it: of two transactions moving numbers of the
        // same claim, the second finds it gone once the first commits (PostgreSQL, read committed), and moves nothing
        // instead of inserting an overlap. Live claims are disjoint, so at most one covers the run.
        long claimStart, claimEnd;
        await using (var take = db.Command(
            "DELETE FROM ledger_claims WHERE holder_kind = @k AND holder_id = @h AND range_start <= @s AND range_end >= @e RETURNING range_start, range_end")
            .With(db, "@k", from.KindName).With(db, "@h", from.Id).With(db, "@s", start).With(db, "@e", end))
        await using (var reader = await take.ExecuteReaderAsync(ct))
        {
            if (!await reader.ReadAsync(ct)) return false;
            (claimStart, claimEnd) = (reader.GetInt64(0), reader.GetInt64(1));
        }

        // History: the run (and the rest, when it changes holder) ends for the old holder now and starts for the new
        // ones; the numbers before the run keep their open row, split off with its original held_from.
        var leaving = rest == from || end == claimEnd ? (start, end) : (start, claimEnd);
        await CloseHistoryAsync(db, from, leaving.Item1, leaving.Item2, now, reason, ct);

        // The new claims, and whether each opens a history row (the numbers before the run stay with their holder).
        var pieces = new List<(long Start, long End, LedgerHolder Holder, bool Opens)>(parts.Count + 2);
        if (claimStart < start) pieces.Add((claimStart, start - 1, from, false));
        foreach (var part in parts) pieces.Add((part.Start, part.End, part.To, true));
        if (end < claimEnd) pieces.Add((end + 1, claimEnd, rest, rest != from));
        await InsertPiecesAsync(db, pieces, now, ct);
        return true;
    }

    /// <summary>
    /// Inserts claim rows, with a history row from <paramref name="now"/> for those that open one. PostgreSQL: one
    /// statement (a data-modifying CTE over arrays); SQLite, in process: one re-bound command per row.
    /// </summary>
    private static async Task InsertPiecesAsync(NumberBlocksDbContext db, List<(long Start, long End, LedgerHolder Holder, bool Opens)> pieces,
        DateTimeOffset now, CancellationToken ct)
    {
        if (db.IsSqlite)
        {
            await using var claim = db.Command(InsertClaimSql)
                .With(db, "@s", 0L).With(db, "@e", 0L).With(db, "@k", "").With(db, "@h", "").With(db, "@a", null).With(db, "@t", now);
            await using var history = db.Command(InsertHistorySql)
                .With(db, "@s", 0L).With(db, "@e", 0L).With(db, "@k", "").With(db, "@h", "").With(db, "@a", null).With(db, "@ht", HistoryInstant(now));
            foreach (var (s, e, holder, opens) in pieces)
            {
                foreach (var cmd in opens ? new[] { claim, history } : [claim])
                {
                    cmd.Parameters["@s"].Value = s;
                    cmd.Parameters["@e"].Value = e;
                    cmd.Parameters["@k"].Value = holder.KindName;
                    cmd.Parameters["@h"].Value = holder.Id.ToString();
                    cmd.Parameters["@a"].Value = holder.AccountId is { } a ? a.ToString() : DBNull.Value;
                    await cmd.ExecuteNonQueryAsync(ct);
                }
            }
            return;
        }
        await using var insert = db.Command(
            "WITH u AS (SELECT * FROM unnest(@s, @e, @k, @h, @a, @o) AS u(s, e, k, h, a, o)), " +
            "c AS (INSERT INTO ledger_claims (range_start, range_end, holder_kind, holder_id, account_id, claimed_at) SELECT s, e, k, h, a, @t FROM u) " +
            "INSERT INTO ledger_claim_history (range_start, range_end, holder_kind, holder_id, account_id, held_from) SELECT s, e, k, h, a, @ht FROM u WHERE o")
            .With(db, "@t", now).With(db, "@ht", HistoryInstant(now))
            .With(db, "@s", pieces.Select(p => p.Start).ToArray())
            .With(db, "@e", pieces.Select(p => p.End).ToArray())
            .With(db, "@k", pieces.Select(p => p.Holder.KindName).ToArray())
            .With(db, "@h", pieces.Select(p => p.Holder.Id).ToArray())
            .With(db, "@o", pieces.Select(p => p.Opens).ToArray());
        insert.Parameters.Add(new NpgsqlParameter("@a", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Uuid)
        {
            Value = pieces.Select(p => p.Holder.AccountId).ToArray(),
        });
        await insert.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Audit: how many numbers the live claims of one kind of holder cover.</summary>
    public static async Task<long> CountNumbersAsync(NumberBlocksDbContext db, HolderKind kind, CancellationToken ct)
    {
        await db.EnsureOpenAsync(ct);
        await using var cmd = db.Command("SELECT COALESCE(SUM(range_end - range_start + 1), 0) FROM ledger_claims WHERE holder_kind = @k")
            .With(db, "@k", new LedgerHolder(kind, Guid.Empty, null).KindName);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
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
        using var span = StartSpan("ledger.transfer", to, range);
        var moved = await cmd.ExecuteNonQueryAsync(ct);
        Telemetry.CountClaims("transfer", 1, moved == 1 ? 0 : 1, span);
        if (moved == 1)
        {
            await CloseHistoryAsync(db, from, range.Start.Value, range.End.Value, now, LedgerEndReasons.Transferred, ct);
            await OpenHistoryAsync(db, to, [(range.Start.Value, range.End.Value)], now, ct);
        }
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

    /// <summary>The history row of a claim just inserted with <see cref="InsertClaimSql"/>: the same parameters.</summary>
    private const string InsertHistorySql =
        "INSERT INTO ledger_claim_history (range_start, range_end, holder_kind, holder_id, account_id, held_from) VALUES (@s, @e, @k, @h, @a, @ht)";

    /// <summary>
    /// History instants are kept to the millisecond, the precision the operator API writes them in (Domain.Rfc3339), so an
    /// instant read from an answer and sent back as ?at= names exactly the period it was read from. Truncation keeps order,
    /// so periods stay disjoint; two changes within one millisecond leave an empty period between them.
    /// </summary>
    private static DateTimeOffset HistoryInstant(DateTimeOffset t) => new(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);

    private const string InsertClaimSql =
        "INSERT INTO ledger_claims (range_start, range_end, holder_kind, holder_id, account_id, claimed_at) VALUES (@s, @e, @k, @h, @a, @t)";

    /// <summary>Inserts one claim row; <paramref name="sql"/> may wrap <see cref="InsertClaimSql"/> (a savepoint around it).</summary>
    private static async Task InsertAsync(NumberBlocksDbContext db, long start, long end, LedgerHolder holder, DateTimeOffset now, CancellationToken ct,
        string sql = InsertClaimSql)
    {
        await using var cmd = db.Command(sql)
            .With(db, "@s", start).With(db, "@e", end).With(db, "@k", holder.KindName).With(db, "@h", holder.Id)
            .With(db, "@a", holder.AccountId).With(db, "@t", now);
        if (sql.Contains("@ht", StringComparison.Ordinal)) cmd.With(db, "@ht", HistoryInstant(now));
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

    /// <summary>
    /// Ends <paramref name="holder"/>'s claim on exactly the numbers of <paramref name="range"/> at the instant
    /// <paramref name="at"/>, recording <paramref name="reason"/> (e.g. <see cref="LedgerEndReasons.PortedOut"/> at a
    /// port-out's FOC date). The holder's claims around the range keep their other numbers; nobody holds the range
    /// afterwards. <paramref name="at"/> may lie in the past (a worker that runs after the FOC date) but not before the
    /// holding began, and not in the future: the numbers are free as soon as the transaction commits, so a later claim
    /// starts at its own "now", which must not precede <paramref name="at"/> for history intervals to stay disjoint.
    /// Refused, changing nothing, when any number of the range is not held by <paramref name="holder"/>.
    /// </summary>
    public static async Task<LedgerConflict?> EndClaimAsync(NumberBlocksDbContext db, LedgerHolder holder, NumberRange range, DateTimeOffset at,
        string reason, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        at = HistoryInstant(at);
        using var span = StartSpan("ledger.end", holder, range);
        await db.EnsureOpenAsync(ct);
        await LockNeighbourhoodsAsync(db, [range], ct);
        long s = range.Start.Value, e = range.End.Value;
        var overlaps = await OverlapsAsync(db, s, e, ct);
        var who = $"the {holder.KindName.Replace('_', ' ')} {holder.Id}";
        if (FirstForeign(overlaps, holder) is { } foreign)
        {
            var first = E164Number.FromValue(Math.Max(s, foreign.Start));
            return new LedgerConflict(first, $"{first} is not held by {who}; nothing was ended.");
        }
        if (Gaps(s, e, overlaps) is [var gap, ..])
        {
            var first = E164Number.FromValue(gap.Start);
            return new LedgerConflict(first, $"{first} is not held by {who}; nothing was ended.");
        }
        await using (var early = db.Command(
            "SELECT MIN(range_start) FROM ledger_claim_history WHERE holder_kind = @k AND holder_id = @h AND held_to IS NULL " +
            "AND range_start <= @e AND range_end >= @s AND held_from > @at")
            .With(db, "@k", holder.KindName).With(db, "@h", holder.Id).With(db, "@s", s).With(db, "@e", e).With(db, "@at", at))
        {
            if (await early.ExecuteScalarAsync(ct) is long number)
            {
                var first = E164Number.FromValue(Math.Max(s, number));
                return new LedgerConflict(first, $"{first} was claimed by {who} after {at:O}; a claim cannot end before it began.");
            }
        }

        // Live claims: the ones inside the range go; the edge claims shrink in place (never an overlap), and a claim
        // that surrounds the range on both sides keeps its tail as a new row with the same claimed_at.
        foreach (var o in overlaps)
        {
            if (o.Start >= s && o.End <= e)
            {
                await DeleteAsync(db, [o.Id], ct);
                continue;
            }
            object claimedAt;
            await using (var read = db.Command("SELECT claimed_at FROM ledger_claims WHERE id = @id").With(db, "@id", o.Id))
                claimedAt = (await read.ExecuteScalarAsync(ct))!;
            var (keepStart, keepEnd) = o.Start < s ? (o.Start, s - 1) : (e + 1, o.End);
            await using (var shrink = db.Command("UPDATE ledger_claims SET range_start = @s, range_end = @e WHERE id = @id")
                .With(db, "@s", keepStart).With(db, "@e", keepEnd).With(db, "@id", o.Id))
                await shrink.ExecuteNonQueryAsync(ct);
            if (o.Start < s && o.End > e)
            {
                await using var tail = db.Command(InsertClaimSql)
                    .With(db, "@s", e + 1).With(db, "@e", o.End).With(db, "@k", holder.KindName).With(db, "@h", holder.Id)
                    .With(db, "@a", holder.AccountId).With(db, "@t", claimedAt);
                await tail.ExecuteNonQueryAsync(ct);
            }
        }
        await CloseHistoryAsync(db, holder, s, e, at, reason, ct);
        Telemetry.CountClaims("end", 1, 0, span);
        return null;
    }

    /// <summary>One period of one holder over a range, from the ledger's history; <see cref="To"/> is null while held.</summary>
    public readonly record struct HistoryRow(long Start, long End, HolderKind Kind, Guid HolderId, Guid? AccountId, DateTimeOffset From,
        DateTimeOffset? To, string? EndReason);

    /// <summary>
    /// Who held <paramref name="number"/> when, oldest first. With <paramref name="at"/>, only the period that contains
    /// that instant (half-open: a period ending at the instant is over, one starting at it has begun), so at most one row.
    /// </summary>
    public static async Task<List<HistoryRow>> HistoryAsync(NumberBlocksDbContext db, long number, DateTimeOffset? at, CancellationToken ct)
    {
        await db.EnsureOpenAsync(ct);
        var where = db.IsSqlite
            ? "range_start <= @n AND range_end >= @n"
            // The GiST index on the range (Migrations/Postgres/0014_ledger_history.sql) answers containment.
            : "int8range(range_start, range_end, '[]') @> @n::bigint";
        if (at is not null) where += " AND held_from <= @at AND (held_to IS NULL OR held_to > @at)";
        await using var cmd = db.Command(
            "SELECT range_start, range_end, holder_kind, holder_id, account_id, held_from, held_to, end_reason FROM ledger_claim_history " +
            $"WHERE {where} ORDER BY held_from, id")
            .With(db, "@n", number);
        if (at is not null) cmd.With(db, "@at", at);
        var rows = new List<HistoryRow>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            rows.Add(new HistoryRow(reader.GetInt64(0), reader.GetInt64(1), LedgerHolder.ParseKind(reader.GetString(2)), reader.ReadGuid(3),
                reader.IsDBNull(4) ? null : reader.ReadGuid(4), ReadInstant(reader, 5), reader.IsDBNull(6) ? null : ReadInstant(reader, 6),
                reader.IsDBNull(7) ? null : reader.GetString(7)));
        return rows;
    }

    private static DateTimeOffset ReadInstant(System.Data.Common.DbDataReader reader, int ordinal) =>
        reader.GetValue(ordinal) switch
        {
            long ticks => new DateTimeOffset(ticks, TimeSpan.Zero),
            DateTime t => new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)),
            DateTimeOffset t => t,
            var other => throw new InvalidCastException($"Column {ordinal} is {other.GetType()}, not an instant."),
        };

    /// <summary>The parts of [start, end] that none of <paramref name="held"/> (sorted by start, disjoint) covers.</summary>
    private static List<(long Start, long End)> Gaps(long start, long end, List<ClaimRow> held)
    {
        var gaps = new List<(long, long)>();
        var next = start;
        foreach (var h in held)
        {
            if (h.End < next) continue;
            if (h.Start > end) break;
            if (h.Start > next) gaps.Add((next, h.Start - 1));
            if (h.End >= end) return gaps;
            next = h.End + 1;
        }
        if (next <= end) gaps.Add((next, end));
        return gaps;
    }

    /// <summary>Opens a history row per range: <paramref name="holder"/> holds it from <paramref name="now"/>.</summary>
    private static async Task OpenHistoryAsync(NumberBlocksDbContext db, LedgerHolder holder, IEnumerable<(long Start, long End)> ranges,
        DateTimeOffset now, CancellationToken ct)
    {
        await using var cmd = db.Command(InsertHistorySql)
            .With(db, "@s", 0L).With(db, "@e", 0L).With(db, "@k", holder.KindName).With(db, "@h", holder.Id)
            .With(db, "@a", holder.AccountId).With(db, "@ht", HistoryInstant(now));
        foreach (var (start, end) in ranges)
        {
            cmd.Parameters["@s"].Value = start;
            cmd.Parameters["@e"].Value = end;
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>
    /// Ends <paramref name="holder"/>'s open history on the numbers [start, end] at <paramref name="at"/>: each open row
    /// that overlaps is cut to its part inside, which ends; its parts outside stay open as new rows with the same
    /// held_from, because those numbers are still held since then. An end before a row's start (a clock that went
    /// back between two processes) is recorded as an empty period at its start rather than refused.
    /// </summary>
    private static async Task CloseHistoryAsync(NumberBlocksDbContext db, LedgerHolder holder, long start, long end, DateTimeOffset at,
        string reason, CancellationToken ct)
    {
        at = HistoryInstant(at);
        if (!db.IsSqlite)
        {
            // The same in one statement: the open rows that overlap, the parts of them outside kept open, the rest ended.
            await using var closeAll = db.Command(
                "WITH closing AS (SELECT id, range_start, range_end, holder_kind, holder_id, account_id, held_from FROM ledger_claim_history " +
                "WHERE holder_kind = @k AND holder_id = @h AND held_to IS NULL AND range_start <= @e AND range_end >= @s), " +
                "kept AS (INSERT INTO ledger_claim_history (range_start, range_end, holder_kind, holder_id, account_id, held_from) " +
                "SELECT v.ps, v.pe, c.holder_kind, c.holder_id, c.account_id, c.held_from FROM closing c " +
                "CROSS JOIN LATERAL (VALUES (c.range_start, @s - 1), (@e + 1, c.range_end)) AS v(ps, pe) WHERE v.ps <= v.pe) " +
                "UPDATE ledger_claim_history h SET range_start = GREATEST(h.range_start, @s), range_end = LEAST(h.range_end, @e), " +
                "held_to = CASE WHEN h.held_from > @at THEN h.held_from ELSE @at END, end_reason = @r FROM closing c WHERE h.id = c.id")
                .With(db, "@k", holder.KindName).With(db, "@h", holder.Id).With(db, "@s", start).With(db, "@e", end).With(db, "@at", at).With(db, "@r", reason);
            await closeAll.ExecuteNonQueryAsync(ct);
            return;
        }
        var rows = new List<(long Id, long Start, long End)>();
        await using (var find = db.Command(
            "SELECT id, range_start, range_end FROM ledger_claim_history WHERE holder_kind = @k AND holder_id = @h AND held_to IS NULL " +
            "AND range_start <= @e AND range_end >= @s")
            .With(db, "@k", holder.KindName).With(db, "@h", holder.Id).With(db, "@s", start).With(db, "@e", end))
        await using (var reader = await find.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) rows.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)));
        foreach (var row in rows)
        {
            foreach (var (ps, pe) in new[] { (row.Start, start - 1), (end + 1, row.End) })
            {
                if (ps > pe) continue;
                await using var keep = db.Command(
                    "INSERT INTO ledger_claim_history (range_start, range_end, holder_kind, holder_id, account_id, held_from) " +
                    "SELECT @ps, @pe, holder_kind, holder_id, account_id, held_from FROM ledger_claim_history WHERE id = @id")
                    .With(db, "@ps", ps).With(db, "@pe", pe).With(db, "@id", row.Id);
                await keep.ExecuteNonQueryAsync(ct);
            }
            await using var close = db.Command(
                "UPDATE ledger_claim_history SET range_start = @s, range_end = @e, held_to = CASE WHEN held_from > @at THEN held_from ELSE @at END, " +
                "end_reason = @r WHERE id = @id")
                .With(db, "@s", Math.Max(row.Start, start)).With(db, "@e", Math.Min(row.End, end)).With(db, "@at", at).With(db, "@r", reason)
                .With(db, "@id", row.Id);
            await close.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>Ends every open history row of <paramref name="holder"/> at <paramref name="at"/> (it lets go of everything).</summary>
    private static async Task CloseAllHistoryAsync(NumberBlocksDbContext db, LedgerHolder holder, DateTimeOffset at, string reason, CancellationToken ct)
    {
        at = HistoryInstant(at);
        await using var cmd = db.Command(
            "UPDATE ledger_claim_history SET held_to = CASE WHEN held_from > @at THEN held_from ELSE @at END, end_reason = @r " +
            "WHERE holder_kind = @k AND holder_id = @h AND held_to IS NULL")
            .With(db, "@at", at).With(db, "@r", reason).With(db, "@k", holder.KindName).With(db, "@h", holder.Id);
        await cmd.ExecuteNonQueryAsync(ct);
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

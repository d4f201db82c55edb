using CsCheck;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Tests.Infrastructure;
using NumberBlocks.Data;
using NumberBlocks.Data.Ledger;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Ledger;
using NumberBlocks.Domain.Numbering;

namespace NumberBlocks.Api.Tests.Ledger;

/// <summary>
/// The ledger's history (Migrations/*/0014_ledger_history.sql): every way ledger_claims changes leaves history rows in
/// the same transaction, at the caller's instant; one number's periods never overlap; its open periods are exactly its
/// live claim.
/// </summary>
public abstract class LedgerHistoryTests(TestDatabase database) : IAsyncLifetime
{
    private const long Base = 4920123456000; // +49 201 23456000, Essen
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
    private string _connection = null!;
    private NumberBlocksDbContext _db = null!;

    public async ValueTask InitializeAsync()
    {
        // Copies of the run's migrated templates; the migrator below then finds the schema current.
        _connection = database == TestDatabase.Postgres
            ? await TestPostgres.CreateMigratedDatabaseAsync()
            : TestSqlite.CreateMigratedDatabase();
        var options = new DbContextOptionsBuilder<NumberBlocksDbContext>();
        DatabaseSetup.Configure(options, database == TestDatabase.Postgres ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite, _connection);
        _db = new NumberBlocksDbContext(options.Options);
        await SchemaMigrator.MigrateAsync(_db, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _db.DisposeAsync();
        if (database == TestDatabase.Postgres) await TestPostgres.DropDatabaseAsync(_connection);
        else
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            var path = _connection["Data Source=".Length..];
            foreach (var f in new[] { path, path + "-wal", path + "-shm" })
                if (File.Exists(f)) File.Delete(f);
        }
    }

    private static NumberRange Range(long from, long to) => NumberRange.Of(E164Number.FromValue(Base + from), E164Number.FromValue(Base + to));
    private static DateTimeOffset At(int hours) => T0.AddHours(hours);
    private static LedgerHolder Holder(string name) => LedgerHolder.PortingOrder(new Guid($"00000000-0000-0000-0000-{name.PadLeft(12, '0')}"), Guid.Empty);

    private async Task<T> Tx<T>(Func<CancellationToken, Task<T>> work)
    {
        T value = default!;
        var done = await _db.RunAsync(async c => { value = await work(c); return Result<bool>.Ok(true); }, TestContext.Current.CancellationToken);
        Assert.True(done.IsSuccess);
        return value;
    }

    private Task<List<NumberLedger.HistoryRow>> HistoryOf(long offset, DateTimeOffset? at = null) =>
        NumberLedger.HistoryAsync(_db, Base + offset, at, TestContext.Current.CancellationToken);

    [Fact]
    public async Task EveryMutationPath_LeavesHistoryAtTheCallersInstants_SplittingPartialTransfers()
    {
        var (a, b, c, d, e, f, g) = (Holder("a"), Holder("b"), Holder("c"), Holder("d"), Holder("e"), Holder("f"), Holder("ab"));
        Assert.Null(await Tx(ct => NumberLedger.ClaimAsync(_db, a, Range(100, 199), At(0), ct)));
        Assert.Null(await Tx(ct => NumberLedger.ClaimAsync(_db, a, Range(150, 249), At(1), ct))); // merged: only 200-249 are new
        Assert.True(await Tx(ct => NumberLedger.TransferPartAsync(_db, a, Base + 120, Base + 129, b, c, At(2), ct)));
        Assert.Null(await Tx(ct => NumberLedger.TransferRangeAsync(_db, b, d, Range(120, 129), At(3), ct)));
        Assert.Equal(1, await Tx(ct => NumberLedger.TransferAllAsync(_db, c, e, At(4), ct)));
        Assert.Null(await Tx(ct => NumberLedger.EndClaimAsync(_db, e, Range(140, 149), At(5), LedgerEndReasons.PortedOut, ct)));
        Assert.Equal(20, await Tx(ct => NumberLedger.ReleaseAllAsync(_db, a, At(6), ct)));
        var batch = await Tx(ct => NumberLedger.TryClaimNewAsync(_db, [(f, Range(100, 109)), (g, Range(300, 309))], At(7), ct));
        Assert.All(batch, Assert.Null);

        // 105: a from 0 (released at 6), then f from 7.
        Assert.Equal([(a.Id, At(0), (DateTimeOffset?)At(6), (string?)"released"), (f.Id, At(7), null, null)],
            (await HistoryOf(105)).Select(h => (h.HolderId, h.From, h.To, h.EndReason)));
        // 125: a until the part moved to b at 2, b until 3, then d.
        Assert.Equal([(a.Id, At(0), (DateTimeOffset?)At(2), (string?)"transferred"), (b.Id, At(2), At(3), "transferred"), (d.Id, At(3), null, null)],
            (await HistoryOf(125)).Select(h => (h.HolderId, h.From, h.To, h.EndReason)));
        // 145: a, then the rest's holder c, then e by the transfer of all, ported out at 5; nobody since.
        Assert.Equal([(a.Id, At(0), (DateTimeOffset?)At(2), (string?)"transferred"), (c.Id, At(2), At(4), "transferred"), (e.Id, At(4), At(5), "ported_out")],
            (await HistoryOf(145)).Select(h => (h.HolderId, h.From, h.To, h.EndReason)));
        // 230: claimed by the merge at 1, not at 0.
        Assert.Equal([(a.Id, At(1)), (c.Id, At(2)), (e.Id, At(4))], (await HistoryOf(230)).Select(h => (h.HolderId, h.From)));
        // Who held 125 at an instant: half-open periods, so at 3 it is d's, just before 3 it was b's.
        Assert.Equal([d.Id], (await HistoryOf(125, At(3))).Select(h => h.HolderId));
        Assert.Equal([b.Id], (await HistoryOf(125, At(3).AddTicks(-1))).Select(h => h.HolderId));
        Assert.Empty(await HistoryOf(145, At(5)));
        Assert.Empty(await HistoryOf(125, At(-1)));

        await AssertConsistentAsync(0, 320);
    }

    [Fact]
    public async Task EndClaim_NotHeldWhollyByTheHolderOrBeforeItBegan_IsRefusedAndChangesNothing()
    {
        var (a, b) = (Holder("a"), Holder("b"));
        Assert.Null(await Tx(ct => NumberLedger.ClaimAsync(_db, a, Range(0, 9), At(0), ct)));
        Assert.Null(await Tx(ct => NumberLedger.ClaimAsync(_db, b, Range(10, 19), At(0), ct)));
        Assert.Equal(Base + 10, (await Tx(ct => NumberLedger.EndClaimAsync(_db, a, Range(5, 12), At(1), LedgerEndReasons.PortedOut, ct)))!.Number.Value);
        Assert.Equal(Base + 20, (await Tx(ct => NumberLedger.EndClaimAsync(_db, b, Range(15, 25), At(1), LedgerEndReasons.PortedOut, ct)))!.Number.Value);
        Assert.Equal(Base + 5, (await Tx(ct => NumberLedger.EndClaimAsync(_db, a, Range(5, 9), At(-1), LedgerEndReasons.PortedOut, ct)))!.Number.Value);
        // The middle of a claim: the claim keeps both sides.
        Assert.Null(await Tx(ct => NumberLedger.EndClaimAsync(_db, a, Range(3, 6), At(1), LedgerEndReasons.PortedOut, ct)));
        var claims = await _db.LedgerClaims.AsNoTracking().Where(x => x.HolderId == a.Id).OrderBy(x => x.RangeStart)
            .Select(x => new { x.RangeStart, x.RangeEnd }).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal([new { RangeStart = Base, RangeEnd = Base + 2 }, new { RangeStart = Base + 7, RangeEnd = Base + 9 }], claims);
        await AssertConsistentAsync(0, 30);
    }

    /// <summary>One random step of the property test: an operation on a small domain of numbers and holders.</summary>
    private sealed record Step(int Op, int Holder, int Other, int Start, int Length);

    [Fact(Timeout = 240_000)]
    public async Task RandomMutations_HistoryPeriodsOfANumberNeverOverlap_AndOpenPeriodsAreTheLiveClaims()
    {
        const int domain = 24;
        var step = Gen.Select(Gen.Int[0, 6], Gen.Int[0, 3], Gen.Int[0, 3], Gen.Int[0, domain - 1], Gen.Int[1, 8],
            (op, h, o, s, l) => new Step(op, h, o, s, Math.Min(domain - 1, s + l - 1) - s + 1));
        var region = 0;
        await step.Array[1, 14].SampleAsync(async steps =>
        {
            var offset = 1000L * region++;
            var holders = Enumerable.Range(0, 4).Select(i => Holder($"{region:D4}{i:D4}")).ToArray();
            var hour = 0;
            foreach (var s in steps)
            {
                var now = At(++hour);
                var (holder, other) = (holders[s.Holder], holders[s.Other]);
                var range = Range(offset + s.Start, offset + s.Start + s.Length - 1);
                await Tx<object?>(async ct =>
                {
                    switch (s.Op)
                    {
                        case 0: await NumberLedger.ClaimAsync(_db, holder, range, now, ct); break;
                        case 1: await NumberLedger.ReleaseAllAsync(_db, holder, now, ct); break;
                        case 2 when holder != other: await NumberLedger.TransferAllAsync(_db, holder, other, now, ct); break;
                        case 3 when holder != other:
                            await NumberLedger.TransferPartAsync(_db, holder, range.Start.Value, range.End.Value, other, s.Length % 2 == 0 ? holder : holders[(s.Other + 1) % 4], now, ct);
                            break;
                        case 4 when holder != other: await NumberLedger.TransferRangeAsync(_db, holder, other, range, now, ct); break;
                        case 5: await NumberLedger.EndClaimAsync(_db, holder, range, now, LedgerEndReasons.PortedOut, ct); break;
                        case 6: await NumberLedger.TryClaimNewAsync(_db, [(holder, range)], now, ct); break;
                    }
                    return null;
                });
            }
            await AssertConsistentAsync(offset, offset + domain - 1);
        }, iter: 40, threads: 1);
    }

    /// <summary>Per number in [from, to]: periods pairwise disjoint; the one open period, if any, is its live claim's holder.</summary>
    private async Task AssertConsistentAsync(long from, long to)
    {
        var ct = TestContext.Current.CancellationToken;
        for (var n = from; n <= to; n++)
        {
            var history = await HistoryOf(n);
            for (var i = 0; i < history.Count; i++)
                for (var j = i + 1; j < history.Count; j++)
                {
                    var (x, y) = (history[i], history[j]);
                    var xEnd = x.To ?? DateTimeOffset.MaxValue;
                    var yEnd = y.To ?? DateTimeOffset.MaxValue;
                    var empty = x.From == xEnd || y.From == yEnd;
                    Assert.True(empty || xEnd <= y.From || yEnd <= x.From, $"{Base + n}: {x} overlaps {y}");
                }
            var open = history.Where(h => h.To is null).Select(h => h.HolderId).ToList();
            var live = await NumberLedger.OverlapsAsync(_db, Base + n, Base + n, ct);
            Assert.Equal(live.Select(l => l.HolderId).ToList(), open);
        }
    }
}

public sealed class LedgerHistorySqliteTests() : LedgerHistoryTests(TestDatabase.Sqlite);

public sealed class LedgerHistoryPostgresTests() : LedgerHistoryTests(TestDatabase.Postgres);

using Microsoft.EntityFrameworkCore;
using NumberBlocks.Data;
using NumberBlocks.Data.Ledger;

namespace NumberBlocks.Api.Tests.Hardening;

/// <summary>
/// The invariants no request may break (issue 8's "database audit"): live ledger claims never overlap, and every porting
/// block has exactly its numbers on its order, each one referencing the block.
/// </summary>
public static class DatabaseAudit
{
    public sealed record Report(long LedgerOverlaps, int Blocks, IReadOnlyList<string> BrokenBlocks)
    {
        public bool Clean => LedgerOverlaps == 0 && BrokenBlocks.Count == 0;
        public override string ToString() =>
            $"{Blocks} blocks, {LedgerOverlaps} ledger overlaps, {BrokenBlocks.Count} broken blocks: {string.Join("; ", BrokenBlocks.Take(5))}";
    }

    public static async Task<Report> RunAsync(NumberBlocksDbContext db)
    {
        var overlaps = await NumberLedger.CountOverlapsAsync(db, CancellationToken.None);
        var blocks = await db.PortingBlocks.AsNoTracking().Select(b => new { b.Id, b.PortingOrderId, b.RangeStart, b.RangeEnd }).ToListAsync();
        var broken = new List<string>();
        foreach (var b in blocks)
        {
            var numbers = await db.PortingPhoneNumbers.AsNoTracking()
                .Where(n => n.BlockId == b.Id).Select(n => new { n.PortingOrderId, n.PhoneNumber }).ToListAsync();
            var expected = b.RangeEnd - b.RangeStart + 1;
            var inside = numbers.Where(n => n.PortingOrderId == b.PortingOrderId && n.PhoneNumber >= b.RangeStart && n.PhoneNumber <= b.RangeEnd)
                .Select(n => n.PhoneNumber).Distinct().LongCount();
            if (inside != expected || numbers.Count != expected)
                broken.Add($"block {b.Id} [{b.RangeStart}..{b.RangeEnd}] has {inside} of its {expected} numbers ({numbers.Count} reference it)");
        }
        return new Report(overlaps, blocks.Count, broken);
    }

    /// <summary>A context on a SQLite file, without a running service (after a crash, for the audit).</summary>
    public static NumberBlocksDbContext OpenSqlite(string connectionString)
    {
        var options = new DbContextOptionsBuilder<NumberBlocksDbContext>();
        DatabaseSetup.Configure(options, DatabaseProvider.Sqlite, connectionString);
        return new NumberBlocksDbContext(options.Options);
    }
}

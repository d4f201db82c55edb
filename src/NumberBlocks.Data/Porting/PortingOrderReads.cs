using Microsoft.EntityFrameworkCore;
using NumberBlocks.Data.Entities;

namespace NumberBlocks.Data.Porting;

/// <summary>
/// The reads behind GET /v2/porting_orders/{id}: the order, and its first numbers in number order. Compiled queries
/// (<see cref="CompiledQueries{TQueries}"/>): building and looking up the LINQ tree on every call was a third of the
/// handler's CPU in the profile of docs/benchmarks.md, figure 3.
/// </summary>
public static class PortingOrderReads
{
    /// <summary>The compiled queries for one model.</summary>
    private sealed class Queries
    {
        public readonly Func<NumberBlocksDbContext, Guid, Guid, CancellationToken, Task<PortingOrder?>> Order =
            EF.CompileAsyncQuery((NumberBlocksDbContext db, Guid accountId, Guid orderId, CancellationToken ct) =>
                db.PortingOrders.AsNoTracking().FirstOrDefault(o => o.Id == orderId && o.AccountId == accountId));

        public readonly Func<NumberBlocksDbContext, Guid, int, IAsyncEnumerable<PortingPhoneNumber>> FirstNumbers =
            EF.CompileAsyncQuery((NumberBlocksDbContext db, Guid orderId, int count) =>
                db.PortingPhoneNumbers.AsNoTracking().Where(n => n.PortingOrderId == orderId).OrderBy(n => n.PhoneNumber).Take(count));
    }

    private static Queries For(NumberBlocksDbContext db) => CompiledQueries<Queries>.For(db);

    /// <summary>The account's order <paramref name="orderId"/>, or null when there is none (another account's is none too).</summary>
    public static Task<PortingOrder?> FindAsync(NumberBlocksDbContext db, Guid accountId, Guid orderId, CancellationToken ct) =>
        For(db).Order(db, accountId, orderId, ct);

    /// <summary>The first <paramref name="count"/> numbers of the order, in number order.</summary>
    public static async Task<List<PortingPhoneNumber>> FirstNumbersAsync(NumberBlocksDbContext db, Guid orderId, int count, CancellationToken ct)
    {
        var numbers = new List<PortingPhoneNumber>(Math.Min(count, 64));
        await foreach (var n in For(db).FirstNumbers(db, orderId, count).WithCancellation(ct)) numbers.Add(n);
        return numbers;
    }

    /// <summary>
    /// The order and, when <paramref name="numbers"/> is above zero, its first numbers: both queries on one connection,
    /// taken from the pool once (each query opening its own costs a pool round trip, and on PostgreSQL a reset, twice).
    /// </summary>
    public static Task<(PortingOrder? Order, List<PortingPhoneNumber>? Numbers)> OrderWithNumbersAsync(NumberBlocksDbContext db,
        Guid accountId, Guid orderId, int numbers, CancellationToken ct) =>
        db.OnOneConnectionAsync<(PortingOrder?, List<PortingPhoneNumber>?)>(async c =>
        {
            var order = await FindAsync(db, accountId, orderId, c);
            if (order is null || numbers <= 0) return (order, null);
            return (order, await FirstNumbersAsync(db, orderId, numbers, c));
        }, ct);
}

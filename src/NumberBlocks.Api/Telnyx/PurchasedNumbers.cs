using Microsoft.EntityFrameworkCore;
using NumberBlocks.Data;
using NumberBlocks.Data.Ordering;
using NumberBlocks.Domain.Numbering;

namespace NumberBlocks.Api.Telnyx;

/// <summary>The account's bought numbers beside its ported ones in GET /v2/phone_numbers (the ledger says they are the account's).</summary>
public static class PurchasedNumbers
{
    /// <summary>The bought numbers matching the list's filters: they are active, and belong to no porting order or porting block.</summary>
    public static IQueryable<OrderedPhoneNumber> Query(NumberBlocksDbContext db, Guid accountId, IReadOnlyList<string>? statuses,
        IReadOnlyList<Guid>? portingOrderIds, IReadOnlyList<Guid>? blockIds, List<long>? numbers, string? containing)
    {
        var query = OrderingOperations.AccountNumbers(db, accountId).AsNoTracking();
        if (statuses is not null && !statuses.Contains("active") || portingOrderIds is not null || blockIds is not null) query = query.Where(_ => false);
        if (numbers is not null) query = query.Where(n => numbers.Contains(n.PhoneNumber));
        if (containing is not null)
        {
            var part = containing.TrimStart('+');
            query = query.Where(n => n.PhoneNumber.ToString().Contains(part));
        }
        return query;
    }

    public static async Task<List<PhoneNumberRecord>> PageAsync(IQueryable<OrderedPhoneNumber> query, long skip, int take, CancellationToken ct) =>
        (await query.OrderBy(n => n.PhoneNumber).ThenBy(n => n.Id).Skip((int)Math.Min(skip, int.MaxValue)).Take(take).ToListAsync(ct)).Select(View).ToList();

    public static async Task<PhoneNumberRecord?> FindAsync(NumberBlocksDbContext db, Guid accountId, Guid id, CancellationToken ct) =>
        await OrderingOperations.AccountNumbers(db, accountId).AsNoTracking().FirstOrDefaultAsync(n => n.Id == id, ct) is { } n ? View(n) : null;

    /// <summary>A bought number: active from its order's success, in no porting order or block, with no extensions.</summary>
    private static PhoneNumberRecord View(OrderedPhoneNumber n) => new(
        n.Id, "phone_number", E164Number.FromValue(n.PhoneNumber).ToString(), "active", TelnyxActivationStatus.Active,
        TelnyxWire.PhoneNumberType(n.PhoneNumberType), n.CountryCode, "number_order", null, null, null, [], n.CreatedAt, n.UpdatedAt, n.OrderId);
}

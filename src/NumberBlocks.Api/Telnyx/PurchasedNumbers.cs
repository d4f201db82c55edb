using Microsoft.EntityFrameworkCore;
using NumberBlocks.Data;
using NumberBlocks.Data.Ordering;
using NumberBlocks.Domain.Numbering;

namespace NumberBlocks.Api.Telnyx;

/// <summary>A number the account bought with a Telnyx number order or block order, as GET /v2/phone_numbers shows it.</summary>
public sealed record PurchasedPhoneNumberRecord(
    Guid Id,
    string RecordType,
    string PhoneNumber,
    string Status,
    string PhoneNumberType,
    string CountryIsoAlpha2,
    string SourceType,
    Guid NumberOrderId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>The account's bought numbers beside its ported ones in GET /v2/phone_numbers (the ledger says they are the account's).</summary>
public static class PurchasedNumbers
{
    /// <summary>The bought numbers matching the list's filters: they are active, and belong to no porting order or porting block.</summary>
    public static IQueryable<OrderedPhoneNumber> Query(NumberBlocksDbContext db, Guid accountId, IReadOnlyList<string>? statuses,
        IReadOnlyList<Guid>? portingOrderIds, IReadOnlyList<Guid>? blockIds, List<long>? numbers)
    {
        var query = OrderingOperations.AccountNumbers(db, accountId).AsNoTracking();
        if (statuses is { Count: 1 } s && s[0] != "active" || portingOrderIds is not null || blockIds is not null) query = query.Where(_ => false);
        if (numbers is not null) query = query.Where(n => numbers.Contains(n.PhoneNumber));
        return query;
    }

    // The list around them still writes with TelnyxJson's declared names; the record is written with the wire naming
    // first, so it reads snake_case like its neighbours.
    public static async Task<List<System.Text.Json.Nodes.JsonNode>> PageAsync(IQueryable<OrderedPhoneNumber> query, long skip, int take, CancellationToken ct) =>
        (await query.OrderBy(n => n.PhoneNumber).ThenBy(n => n.Id).Skip((int)Math.Min(skip, int.MaxValue)).Take(take).ToListAsync(ct)).Select(Node).ToList();

    public static async Task<System.Text.Json.Nodes.JsonNode?> FindAsync(NumberBlocksDbContext db, Guid accountId, Guid id, CancellationToken ct) =>
        await OrderingOperations.AccountNumbers(db, accountId).AsNoTracking().FirstOrDefaultAsync(n => n.Id == id, ct) is { } n ? Node(n) : null;

    private static System.Text.Json.Nodes.JsonNode Node(OrderedPhoneNumber n) =>
        System.Text.Json.JsonSerializer.SerializeToNode(View(n), Http.WireJson.Options)!;

    private static PurchasedPhoneNumberRecord View(OrderedPhoneNumber n) => new(
        n.Id, "phone_number", E164Number.FromValue(n.PhoneNumber).ToString(), "active", n.PhoneNumberType, n.CountryCode, "number_order", n.OrderId,
        n.CreatedAt, n.UpdatedAt);
}

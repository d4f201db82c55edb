using System.Text.Json;
using NumberBlocks.Data.Requests;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Numbering;
using NumberBlocks.Domain.Ordering;
using NumberBlocks.Domain.Requests;

namespace NumberBlocks.Data.Ordering;

/// <summary>One checked ordering group of an inexplicit order.</summary>
public sealed record OrderingGroupSpec(NumberRequestSpec Request, OrderingStrategy Strategy, bool? Quickship, bool? ExcludeHeldNumbers);

/// <summary>One checked advanced order (spec3.yml AdvancedOrderRequest).</summary>
public sealed record AdvancedOrderSpec(NumberRequestSpec Request, string? Comments, string? CustomerReference, IReadOnlyList<string> Features, Guid? RequirementGroupId);

/// <summary>
/// Telnyx's orders by criteria — inexplicit number orders and advanced orders — served by the same fulfilment engine
/// as CM.com's number requests (seed 003): each becomes a number request of origin telnyx, which
/// <see cref="NumberRequestOperations"/> fulfils at once from stock and later as stock arrives.
/// </summary>
public static class CriteriaOrderOperations
{
    public static async Task<InexplicitNumberOrder> CreateInexplicitAsync(NumberBlocksDbContext db, Guid accountId, IReadOnlyList<OrderingGroupSpec> groups,
        OrderExtras extras, DateTimeOffset now, RequestStatusChanged notify, CancellationToken ct)
    {
        var order = new InexplicitNumberOrder
        {
            Id = Guid.CreateVersion7(now), AccountId = accountId, CustomerReference = extras.CustomerReference, ConnectionId = extras.ConnectionId,
            MessagingProfileId = extras.MessagingProfileId, BillingGroupId = extras.BillingGroupId, CreatedAt = now, UpdatedAt = now,
        };
        db.InexplicitNumberOrders.Add(order);
        await db.SaveChangesAsync(ct);
        for (var i = 0; i < groups.Count; i++)
        {
            var g = groups[i];
            var spec = g.Request;
            var row = new InexplicitOrderingGroup
            {
                Id = Guid.CreateVersion7(now), OrderId = order.Id, Position = i, CountryIso = spec.CountryCode, PhoneNumberType = spec.NumberType.ToWire(),
                CountRequested = spec.Quantity, AdministrativeArea = spec.Region, Locality = spec.City, NationalDestinationCode = spec.AreaCode,
                Strategy = g.Strategy == OrderingStrategy.Never ? "never" : "always", Quickship = g.Quickship, ExcludeHeldNumbers = g.ExcludeHeldNumbers,
                CreatedAt = now, UpdatedAt = now,
            };
            // Telnyx: "never = do not place any orders unless there are enough phone numbers to satisfy the request".
            if (g.Strategy == OrderingStrategy.Never)
            {
                var criteria = new StockCriteria(spec.CountryCode, spec.NumberType.ToWire(), spec.AreaCode, spec.City, spec.Region);
                var available = await NumberRequestOperations.AvailableAsync(db, criteria, null, spec.Quantity, ct);
                if (available < spec.Quantity)
                {
                    row.ErrorReason = $"Only {available} of the {spec.Quantity} numbers requested are available now, and the strategy is 'never': nothing was ordered.";
                    db.InexplicitOrderingGroups.Add(row);
                    continue;
                }
            }
            var request = await NumberRequestOperations.CreateAsync(db, accountId, spec, new NumberRequestExtras(extras.CustomerReference, null, null, null), now,
                notify, ct, NumberRequestOrigins.Telnyx);
            row.NumberRequestId = request.Value.Id;
            db.InexplicitOrderingGroups.Add(row);
        }
        await db.SaveChangesAsync(ct);
        return order;
    }

    public static async Task<AdvancedOrder> CreateAdvancedAsync(NumberBlocksDbContext db, Guid accountId, AdvancedOrderSpec spec, DateTimeOffset now,
        RequestStatusChanged notify, CancellationToken ct)
    {
        var request = await NumberRequestOperations.CreateAsync(db, accountId, spec.Request, new NumberRequestExtras(spec.Comments, null, null, null), now,
            notify, ct, NumberRequestOrigins.Telnyx);
        var order = new AdvancedOrder
        {
            Id = Guid.CreateVersion7(now), AccountId = accountId, NumberRequestId = request.Value.Id, AreaCode = spec.Request.AreaCode, Comments = spec.Comments,
            CountryCode = spec.Request.CountryCode, CustomerReference = spec.CustomerReference, FeaturesJson = JsonSerializer.Serialize(spec.Features),
            PhoneNumberType = spec.Request.NumberType.ToWire(), Quantity = spec.Request.Quantity, RequirementGroupId = spec.RequirementGroupId,
            CreatedAt = now, UpdatedAt = now,
        };
        db.AdvancedOrders.Add(order);
        await db.SaveChangesAsync(ct);
        return order;
    }

    /// <summary>
    /// Telnyx update_advanced_order_v2 (PATCH …/requirement_group): the requirement group, comments and customer
    /// reference may change; the criteria of an order the engine is already serving do not.
    /// </summary>
    public static async Task<Result<AdvancedOrder>> UpdateAdvancedAsync(NumberBlocksDbContext db, Guid accountId, Guid orderId, Guid? requirementGroupId,
        string? comments, string? customerReference, DateTimeOffset now, CancellationToken ct)
    {
        var order = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstOrDefaultAsync(
            db.AdvancedOrders, o => o.Id == orderId && o.AccountId == accountId, ct);
        if (order is null) return DomainError.NotFound("Advanced order");
        if (requirementGroupId is not null) order.RequirementGroupId = requirementGroupId;
        if (comments is not null) order.Comments = comments;
        if (customerReference is not null) order.CustomerReference = customerReference;
        order.UpdatedAt = now;
        return order;
    }
}

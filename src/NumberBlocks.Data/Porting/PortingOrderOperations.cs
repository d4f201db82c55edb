using Microsoft.EntityFrameworkCore;
using NumberBlocks.Data.Entities;
using NumberBlocks.Data.Ledger;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Ledger;
using NumberBlocks.Domain.Numbering;
using NumberBlocks.Domain.Porting;

namespace NumberBlocks.Data.Porting;

/// <summary>Fields of a create or update body that are stored as given (bookkeeping, not rules).</summary>
public sealed record OrderBookkeeping(string? CustomerReference, string? CustomerGroupReference);

/// <summary>
/// The porting operations: each runs domain rules against stored state inside the caller's
/// <see cref="WriteTransaction"/> and claims numbers through the <see cref="NumberLedger"/>.
/// </summary>
public static class PortingOrderOperations
{
    /// <summary>Telnyx: porting numbers start "requirement-info-pending".</summary>
    public const RequirementsStatus InitialRequirementsStatus = RequirementsStatus.InfoPending;

    /// <summary>Telnyx PortabilityStatus: confirmed for the United States and Canada once checked; "International phone numbers are provisional by default".</summary>
    public static PortabilityStatus PortabilityFor(string countryCode) => NumberingPlan.IsNanp(countryCode) ? PortabilityStatus.Pending : PortabilityStatus.Provisional;

    /// <summary>Creates one draft order per country and number type, claiming every number, all or nothing.</summary>
    public static async Task<Result<IReadOnlyList<PortingOrder>>> CreateOrdersAsync(NumberBlocksDbContext db, Guid accountId,
        IReadOnlyList<PortingOrderGroup> groups, OrderBookkeeping bookkeeping, DateTimeOffset now, CancellationToken ct)
    {
        var orders = new List<PortingOrder>();
        // Every range this request will claim, locked in one ascending pass before the first claim (see NumberLedger).
        await NumberLedger.LockNeighbourhoodsAsync(db, groups.SelectMany(g => g.Blocks.Select(b => b.Value.Range)
            .Concat(g.SingleNumbers.Select(s => NumberRange.Of(s.Value, s.Value)))), ct);
        foreach (var group in groups)
        {
            var order = new PortingOrder
            {
                Id = Guid.CreateVersion7(now),
                AccountId = accountId,
                Status = PortingOrderStatus.Draft,
                CountryCode = group.Plan.CountryCode,
                PhoneNumberType = group.Plan.Type.ToWire(),
                CustomerReference = bookkeeping.CustomerReference,
                CustomerGroupReference = bookkeeping.CustomerGroupReference,
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.PortingOrders.Add(order);
            await db.SaveChangesAsync(ct);
            var holder = LedgerHolder.PortingOrder(order.Id, accountId);

            var rows = new List<PortingPhoneNumber>();
            var inBlocks = new HashSet<long>();
            foreach (var block in group.Blocks)
            {
                if (await NumberLedger.ClaimAsync(db, holder, block.Value.Range, now, ct) is { } conflict)
                    return conflict.ToError(block.Pointer + "/phone_number_range/start_at");
                var entity = NewBlock(order, block.Value, now);
                db.PortingBlocks.Add(entity);
                foreach (var n in block.Value.Range.Numbers())
                {
                    inBlocks.Add(n.Value);
                    rows.Add(NewNumber(order, n, entity.Id, block.Value.IsActivated(n)));
                }
            }

            // Single numbers are claimed as runs of consecutive numbers: one ledger row per run, not per number.
            var singles = group.SingleNumbers.Where(s => !inBlocks.Contains(s.Value.Value)).OrderBy(s => s.Value.Value).ToList();
            for (var i = 0; i < singles.Count;)
            {
                var j = i;
                while (j + 1 < singles.Count && singles[j + 1].Value.Value == singles[j].Value.Value + 1) j++;
                var run = NumberRange.Of(singles[i].Value, singles[j].Value);
                if (await NumberLedger.ClaimAsync(db, holder, run, now, ct) is { } conflict)
                    return conflict.ToError(singles.First(s => s.Value == conflict.Number).Pointer);
                for (var k = i; k <= j; k++) rows.Add(NewNumber(order, singles[k].Value, null, activate: true));
                i = j + 1;
            }

            await PortingNumberWriter.InsertAsync(db, rows, ct);
            order.PhoneNumberCount = rows.Count;
            orders.Add(order);
        }
        return orders;
    }

    /// <summary>Seeds 000 and 001: adds a block to an existing order; numbers not yet on it are added, numbers already there join the block.</summary>
    public static async Task<Result<PortingBlock>> AddBlockAsync(NumberBlocksDbContext db, Guid accountId, Guid orderId,
        PortingBlockSpec spec, DateTimeOffset now, CancellationToken ct)
    {
        var order = await FindOrderAsync(db, accountId, orderId, ct);
        if (order is null) return DomainError.NotFound("Porting order");
        var status = order.Status;
        if (PortingOrderRules.EnsureEditable(status, "Blocks can be added") is { } notEditable) return notEditable;
        var orderPlan = new OrderPlan(order.CountryCode, ParseType(order));
        if (PortingOrderRules.EnsureSamePlan(orderPlan, spec.Placement, spec.Range) is { } mismatch) return mismatch;

        var existing = await db.PortingBlocks.Where(b => b.PortingOrderId == orderId).Select(b => new { b.RangeStart, b.RangeEnd }).ToListAsync(ct);
        if (PortingOrderRules.EnsureNoOverlapWithBlocks(spec.Range,
                existing.Select(b => NumberRange.Of(E164Number.FromValue(b.RangeStart), E164Number.FromValue(b.RangeEnd)))) is { } overlap)
            return overlap;

        if (await NumberLedger.ClaimAsync(db, LedgerHolder.PortingOrder(order.Id, accountId), spec.Range, now, ct) is { } conflict)
            return conflict.ToError("/phone_number_range/start_at");

        var block = NewBlock(order, spec, now);
        db.PortingBlocks.Add(block);

        long start = spec.Range.Start.Value, end = spec.Range.End.Value;
        var present = await db.PortingPhoneNumbers
            .Where(n => n.PortingOrderId == orderId && n.PhoneNumber >= start && n.PhoneNumber <= end)
            .ToListAsync(ct);
        var presentNumbers = new HashSet<long>();
        foreach (var n in present)
        {
            presentNumbers.Add(n.PhoneNumber);
            n.BlockId = block.Id;
            n.Activate = spec.IsActivated(E164Number.FromValue(n.PhoneNumber));
        }
        var added = spec.Range.Numbers().Where(n => !presentNumbers.Contains(n.Value))
            .Select(n => NewNumber(order, n, block.Id, spec.IsActivated(n))).ToList();
        await db.SaveChangesAsync(ct);
        await PortingNumberWriter.InsertAsync(db, added, ct);
        order.PhoneNumberCount += added.Count;
        order.UpdatedAt = now;
        return block;
    }

    /// <summary>Seed 001: deleting a block leaves its numbers on the order; they no longer reference the block.</summary>
    public static async Task<Result<PortingBlock>> DeleteBlockAsync(NumberBlocksDbContext db, Guid accountId, Guid orderId, Guid blockId,
        DateTimeOffset now, CancellationToken ct)
    {
        var order = await FindOrderAsync(db, accountId, orderId, ct);
        if (order is null) return DomainError.NotFound("Porting order");
        var block = await db.PortingBlocks.FirstOrDefaultAsync(b => b.Id == blockId && b.PortingOrderId == orderId, ct);
        if (block is null) return DomainError.NotFound("Phone number block");
        if (PortingOrderRules.EnsureEditable(order.Status, "Blocks can be deleted") is { } notEditable) return notEditable;
        await db.PortingPhoneNumbers.Where(n => n.BlockId == blockId).ExecuteUpdateAsync(s => s.SetProperty(n => n.BlockId, (Guid?)null), ct);
        db.PortingBlocks.Remove(block);
        order.UpdatedAt = now;
        return block;
    }

    /// <summary>Seed 002: an extension range on a porting phone number of this order.</summary>
    public static async Task<Result<PortingExtension>> AddExtensionAsync(NumberBlocksDbContext db, Guid accountId, Guid orderId,
        Guid portingPhoneNumberId, PortingExtensionSpec spec, DateTimeOffset now, CancellationToken ct)
    {
        var order = await FindOrderAsync(db, accountId, orderId, ct);
        if (order is null) return DomainError.NotFound("Porting order");
        if (PortingOrderRules.EnsureEditable(order.Status, "Extensions can be added") is { } notEditable) return notEditable;
        var mainNumber = await db.PortingPhoneNumbers.Where(n => n.Id == portingPhoneNumberId && n.PortingOrderId == orderId)
            .Select(n => (long?)n.PhoneNumber).FirstOrDefaultAsync(ct);
        if (mainNumber is null)
            return new DomainError(ErrorCodes.InvalidValue,
                $"{portingPhoneNumberId} is not a porting phone number of porting order {orderId}.", "/porting_phone_number_id");
        if (PortingOrderRules.EnsureExtensionsInPlan(E164Number.FromValue(mainNumber.Value), spec.Range) is { } outsidePlan) return outsidePlan;
        var existing = await db.PortingExtensions.Where(e => e.PortingPhoneNumberId == portingPhoneNumberId)
            .Select(e => new { e.ExtensionStart, e.ExtensionEnd }).ToListAsync(ct);
        if (PortingOrderRules.EnsureNoOverlapWithExtensions(spec.Range,
                existing.Select(e => ExtensionRange.Of(e.ExtensionStart, e.ExtensionEnd))) is { } overlap)
            return overlap;
        var extension = new PortingExtension
        {
            Id = Guid.CreateVersion7(now),
            PortingOrderId = orderId,
            AccountId = accountId,
            PortingPhoneNumberId = portingPhoneNumberId,
            ExtensionStart = spec.Range.Start,
            ExtensionEnd = spec.Range.End,
            ActivationRangesJson = ActivationRangesJson.Write(spec.ActivationRanges),
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.PortingExtensions.Add(extension);
        order.UpdatedAt = now;
        return extension;
    }

    public static async Task<Result<PortingExtension>> DeleteExtensionAsync(NumberBlocksDbContext db, Guid accountId, Guid orderId, Guid extensionId,
        DateTimeOffset now, CancellationToken ct)
    {
        var order = await FindOrderAsync(db, accountId, orderId, ct);
        if (order is null) return DomainError.NotFound("Porting order");
        var extension = await db.PortingExtensions.FirstOrDefaultAsync(e => e.Id == extensionId && e.PortingOrderId == orderId, ct);
        if (extension is null) return DomainError.NotFound("Phone number extension");
        if (PortingOrderRules.EnsureEditable(order.Status, "Extensions can be deleted") is { } notEditable) return notEditable;
        db.PortingExtensions.Remove(extension);
        order.UpdatedAt = now;
        return extension;
    }

    /// <summary>Telnyx: "This operation is restrict to porting orders in draft state." The order's numbers are released.</summary>
    public static async Task<Result<PortingOrder>> DeleteDraftAsync(NumberBlocksDbContext db, Guid accountId, Guid orderId, DateTimeOffset now, CancellationToken ct)
    {
        var order = await FindOrderAsync(db, accountId, orderId, ct);
        if (order is null) return DomainError.NotFound("Porting order");
        if (order.Status != PortingOrderStatus.Draft)
            return new DomainError(ErrorCodes.OrderNotEditable, $"Only draft porting orders can be deleted; this one is {order.Status.ToWire()}. Cancel it instead.", null);
        await NumberLedger.ReleaseAllAsync(db, LedgerHolder.PortingOrder(order.Id, accountId), now, ct);
        await db.PortingExtensions.Where(e => e.PortingOrderId == orderId).ExecuteDeleteAsync(ct);
        await db.PortingPhoneNumbers.Where(n => n.PortingOrderId == orderId).ExecuteDeleteAsync(ct);
        await db.PortingBlocks.Where(b => b.PortingOrderId == orderId).ExecuteDeleteAsync(ct);
        // Its sharing tokens end with it (they read this order and nothing else).
        await db.PortingOrderSharingTokens.Where(t => t.PortingOrderId == orderId).ExecuteDeleteAsync(ct);
        db.PortingOrders.Remove(order);
        return order;
    }

    /// <summary>Moves an order through the one transition table, with every consequence (<see cref="PortingStatusMoves.MoveAsync"/>).</summary>
    public static Task<Result<PortingOrder>> MoveStatusAsync(NumberBlocksDbContext db, PortingOrder order, PortingOrderStatus target,
        DateTimeOffset now, CancellationToken ct, string pointer = "/status", string? statusDetailsJson = null, DateTimeOffset? focDatetimeActual = null) =>
        PortingStatusMoves.MoveAsync(db, order, target, now, ct, pointer, statusDetailsJson, focDatetimeActual);

    /// <summary>
    /// Telnyx PATCH /v2/porting_orders/{id}: the fields the patch names replace the stored ones, every other field is
    /// kept, and the order's updated_at moves; all in the caller's transaction, so a refused patch changes nothing.
    /// </summary>
    public static async Task<Result<PortingOrder>> UpdateDetailsAsync(NumberBlocksDbContext db, Guid accountId, Guid orderId,
        PortingOrderPatch patch, DateTimeOffset now, CancellationToken ct)
    {
        var order = await FindOrderAsync(db, accountId, orderId, ct);
        if (order is null) return DomainError.NotFound("Porting order");
        if (PortingOrderRules.EnsureEditable(order.Status, "A porting order can be edited") is { } notEditable) return notEditable;
        var details = PortingOrderDetailsColumns.Read(order).Apply(patch);
        var broken = details.Check();
        if (broken.Count > 0) return Result<PortingOrder>.Fail(broken);
        PortingOrderDetailsColumns.Write(order, details);
        order.UpdatedAt = now;
        return order;
    }

    public static Task<PortingOrder?> FindOrderAsync(NumberBlocksDbContext db, Guid accountId, Guid orderId, CancellationToken ct) =>
        db.PortingOrders.FirstOrDefaultAsync(o => o.Id == orderId && o.AccountId == accountId, ct);

    private static PhoneNumberType ParseType(PortingOrder order) =>
        PhoneNumberTypes.TryParseWire(order.PhoneNumberType, out var t) ? t : throw new InvalidOperationException($"Stored type '{order.PhoneNumberType}' is unknown.");

    private static PortingBlock NewBlock(PortingOrder order, PortingBlockSpec spec, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        PortingOrderId = order.Id,
        AccountId = order.AccountId,
        RangeStart = spec.Range.Start.Value,
        RangeEnd = spec.Range.End.Value,
        CountryCode = spec.Placement.CountryCode,
        PhoneNumberType = spec.Placement.Type.ToWire(),
        ActivationRangesJson = ActivationRangesJson.Write(spec.ActivationRanges),
        CreatedAt = now,
        UpdatedAt = now,
    };

    private static PortingPhoneNumber NewNumber(PortingOrder order, E164Number number, Guid? blockId, bool activate) => new()
    {
        Id = Guid.CreateVersion7(),
        PortingOrderId = order.Id,
        AccountId = order.AccountId,
        PhoneNumber = number.Value,
        BlockId = blockId,
        Activate = activate,
        PhoneNumberType = order.PhoneNumberType,
        CountryCode = order.CountryCode,
        PortabilityStatus = PortabilityFor(order.CountryCode),
        RequirementsStatus = InitialRequirementsStatus,
    };
}

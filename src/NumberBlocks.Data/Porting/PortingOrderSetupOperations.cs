using Microsoft.EntityFrameworkCore;
using NumberBlocks.Domain.Numbering;
using NumberBlocks.Data.Entities;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Porting;

namespace NumberBlocks.Data.Porting;

/// <summary>Associated phone numbers of an order (rules in <see cref="AssociatedNumbers"/>).</summary>
public static class AssociatedNumberOperations
{
    public static async Task<Result<PortingAssociatedNumber>> AddAsync(NumberBlocksDbContext db, Guid accountId, Guid orderId, AssociatedNumbersSpec spec,
        DateTimeOffset now, CancellationToken ct)
    {
        var order = await PortingOrderOperations.FindOrderAsync(db, accountId, orderId, ct);
        if (order is null) return DomainError.NotFound("Porting order");
        if (PortingOrderRules.EnsureEditable(order.Status, "Associated phone numbers can be added") is { } notEditable) return notEditable;
        if (AssociatedNumbers.EnsureSameCountry(order.CountryCode, spec) is { } otherCountry) return otherCountry;
        long start = spec.Range.Start.Value, end = spec.Range.End.Value;
        var porting = await db.PortingPhoneNumbers.Where(n => n.PortingOrderId == orderId && n.PhoneNumber >= start && n.PhoneNumber <= end)
            .OrderBy(n => n.PhoneNumber).Select(n => (long?)n.PhoneNumber).FirstOrDefaultAsync(ct);
        if (porting is { } ported)
            return new DomainError(ErrorCodes.InvalidValue,
                $"{Domain.Numbering.E164Number.FromValue(ported)} ports with this order; associated numbers are the ones that stay behind.", "/phone_number_range/start_at");
        var clash = await db.PortingAssociatedNumbers.Where(a => a.PortingOrderId == orderId && a.RangeStart <= end && a.RangeEnd >= start)
            .FirstOrDefaultAsync(ct);
        if (clash is not null)
            return new DomainError(ErrorCodes.BlockOverlapsBlock,
                $"The range {spec.Range} overlaps the order's associated range {Domain.Numbering.E164Number.FromValue(clash.RangeStart)}-{Domain.Numbering.E164Number.FromValue(clash.RangeEnd)}.",
                "/phone_number_range/start_at");
        var row = new PortingAssociatedNumber
        {
            Id = Guid.CreateVersion7(now), PortingOrderId = orderId, AccountId = accountId, Action = spec.Action, RangeStart = start, RangeEnd = end,
            CountryCode = spec.Placement.CountryCode, PhoneNumberType = spec.Placement.Type.ToWire(), CreatedAt = now, UpdatedAt = now,
        };
        db.PortingAssociatedNumbers.Add(row);
        order.UpdatedAt = now;
        return row;
    }

    public static async Task<Result<PortingAssociatedNumber>> DeleteAsync(NumberBlocksDbContext db, Guid accountId, Guid orderId, Guid id, DateTimeOffset now,
        CancellationToken ct)
    {
        var order = await PortingOrderOperations.FindOrderAsync(db, accountId, orderId, ct);
        if (order is null) return DomainError.NotFound("Porting order");
        var row = await db.PortingAssociatedNumbers.FirstOrDefaultAsync(a => a.Id == id && a.PortingOrderId == orderId, ct);
        if (row is null) return DomainError.NotFound("Associated phone number");
        if (PortingOrderRules.EnsureEditable(order.Status, "Associated phone numbers can be deleted") is { } notEditable) return notEditable;
        db.PortingAssociatedNumbers.Remove(row);
        order.UpdatedAt = now;
        return row;
    }
}

/// <summary>One configuration to create, as the body gave it.</summary>
public sealed record NumberConfigurationInput(Guid PortingPhoneNumberId, Guid UserBundleId, string Pointer);

/// <summary>
/// Phone number configurations (Telnyx /porting_orders/phone_number_configurations): the user bundle a porting
/// phone number gets when its order ports. Applied by <see cref="ApplyAsync"/> in the transaction of the move to ported.
/// </summary>
public static class NumberConfigurationOperations
{
    /// <summary>Creates (or replaces) each number's configuration, all or nothing; the numbers must be the account's and their orders not final.</summary>
    public static async Task<Result<List<PortingNumberConfiguration>>> CreateAsync(NumberBlocksDbContext db, Guid accountId,
        IReadOnlyList<NumberConfigurationInput> inputs, DateTimeOffset now, CancellationToken ct)
    {
        var ids = inputs.Select(i => i.PortingPhoneNumberId).Distinct().ToList();
        var numbers = await db.PortingPhoneNumbers.Where(n => n.AccountId == accountId && ids.Contains(n.Id))
            .Select(n => new { n.Id, n.PortingOrderId, n.Order!.Status }).ToDictionaryAsync(n => n.Id, ct);
        var errors = new List<DomainError>();
        var seen = new HashSet<Guid>();
        foreach (var input in inputs)
        {
            // Another account's number is "not found", exactly like an unknown id.
            if (!numbers.TryGetValue(input.PortingPhoneNumberId, out var number))
                errors.Add(new DomainError(ErrorCodes.InvalidValue, $"No porting phone number {input.PortingPhoneNumberId}.", input.Pointer + "/porting_phone_number_id"));
            else if (number.Status.IsFinal())
                errors.Add(new DomainError(ErrorCodes.OrderNotEditable,
                    $"The porting order of {input.PortingPhoneNumberId} is {number.Status.ToWire()}; configurations apply when an order ports.",
                    input.Pointer + "/porting_phone_number_id"));
            else if (!seen.Add(input.PortingPhoneNumberId))
                errors.Add(new DomainError(ErrorCodes.DuplicateNumber, $"{input.PortingPhoneNumberId} appears more than once.", input.Pointer + "/porting_phone_number_id"));
        }
        if (errors.Count > 0) return Result<List<PortingNumberConfiguration>>.Fail(errors);

        var existing = await db.PortingNumberConfigurations.Where(c => ids.Contains(c.PortingPhoneNumberId)).ToDictionaryAsync(c => c.PortingPhoneNumberId, ct);
        var rows = new List<PortingNumberConfiguration>();
        foreach (var input in inputs)
        {
            if (!existing.TryGetValue(input.PortingPhoneNumberId, out var row))
            {
                row = new PortingNumberConfiguration
                {
                    Id = Guid.CreateVersion7(now), AccountId = accountId, PortingOrderId = numbers[input.PortingPhoneNumberId].PortingOrderId,
                    PortingPhoneNumberId = input.PortingPhoneNumberId, CreatedAt = now,
                };
                db.PortingNumberConfigurations.Add(row);
            }
            row.UserBundleId = input.UserBundleId;
            row.UpdatedAt = now;
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>At port: each configured number of the order gets its user bundle, and the configuration is marked applied.</summary>
    public static async Task ApplyAsync(NumberBlocksDbContext db, Guid orderId, DateTimeOffset now, CancellationToken ct)
    {
        var configurations = await db.PortingNumberConfigurations.Where(c => c.PortingOrderId == orderId && c.AppliedAt == null).ToListAsync(ct);
        foreach (var c in configurations)
        {
            var bundle = c.UserBundleId;
            await db.PortingPhoneNumbers.Where(n => n.Id == c.PortingPhoneNumberId)
                .ExecuteUpdateAsync(s => s.SetProperty(n => n.UserBundleId, bundle).SetProperty(n => n.UpdatedAt, now), ct);
            c.AppliedAt = now;
            c.UpdatedAt = now;
        }
    }
}

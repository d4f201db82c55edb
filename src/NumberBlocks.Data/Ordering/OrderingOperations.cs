using Microsoft.EntityFrameworkCore;
using NumberBlocks.Data.Allocation;
using NumberBlocks.Data.Entities;
using NumberBlocks.Data.Ledger;
using NumberBlocks.Data.Requests;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Ledger;
using NumberBlocks.Domain.Numbering;
using NumberBlocks.Domain.Ordering;
using NumberBlocks.Domain.Requests;

namespace NumberBlocks.Data.Ordering;

/// <summary>
/// Called inside the transaction of an order's status change (success or failure, and the success of an order the
/// fulfilment engine placed): writes the notification to the outbox. Supplied by the surface, which owns the body.
/// </summary>
public delegate Task OrderStatusChanged(NumberBlocksDbContext db, NumberOrder order, DateTimeOffset now, CancellationToken ct);

/// <summary>The bookkeeping fields a Telnyx order carries (stored and echoed; NumberBlocks has no connections or profiles).</summary>
public sealed record OrderExtras(string? CustomerReference, string? ConnectionId, string? MessagingProfileId, string? BillingGroupId);

/// <summary>What the search for blocks asks (spec3.yml ListAvailablePhoneNumberBlocks filters).</summary>
public sealed record BlockSearch(string? CountryCode, string? Locality, string? NationalDestinationCode, string? NumberType, int MinimumBlockSize, int Limit);

/// <summary>One block offered for sale: a catalogue block (sold whole) or an aligned block of stock.</summary>
public sealed record OfferedBlock(long Start, int Size, string CountryCode, string NumberType, string? AreaCode, string? City, string? Region,
    bool Sms, bool Voice);

/// <summary>
/// Buying numbers and blocks the Telnyx way, each operation inside the caller's <see cref="WriteTransaction"/>. Every
/// number is taken through <see cref="NumberAllocation.AllocateAsync"/>: a pending order or a reservation holds its
/// numbers in the ledger under its own holder; a completed order's numbers move to the account; a failed order's and an
/// expired reservation's go back to stock.
/// </summary>
public static class OrderingOperations
{
    /// <summary>
    /// Decision: an order whose numbers still lack their regulatory requirements this long after it was placed fails,
    /// and its numbers go back to stock (the same 30 days a porting draft may wait for its confirmation).
    /// </summary>
    public static readonly TimeSpan RequirementsDeadline = TimeSpan.FromDays(30);

    // ---- available blocks ----

    /// <summary>
    /// The blocks for sale that match, ascending by first number, at most <see cref="BlockSearch.Limit"/>, and how many
    /// match in all: available catalogue blocks, and the aligned blocks of 10, 100 and 1000 the matching stock rows hold.
    /// </summary>
    public static async Task<(List<OfferedBlock> Blocks, long Total)> AvailableBlocksAsync(NumberBlocksDbContext db, BlockSearch search, CancellationToken ct)
    {
        var offered = new List<OfferedBlock>();
        long total = 0;

        var catalogue = db.CatalogueBlocks.AsNoTracking().Where(b => b.Status == CatalogueBlock.Available);
        if (search.CountryCode is { } c) catalogue = catalogue.Where(b => b.CountryCode == c);
        if (search.NumberType is { } t) catalogue = catalogue.Where(b => b.PhoneNumberType == t);
        if (search.NationalDestinationCode is { } ndc) catalogue = catalogue.Where(b => b.AreaCode == ndc);
        // Catalogue blocks name no city: a search by locality finds stock only.
        if (search.Locality is null)
            foreach (var b in await catalogue.OrderBy(b => b.RangeStart).ToListAsync(ct))
            {
                var size = (int)(b.RangeEnd - b.RangeStart + 1);
                if (size < search.MinimumBlockSize) continue;
                total++;
                offered.Add(new OfferedBlock(b.RangeStart, size, b.CountryCode, b.PhoneNumberType, b.AreaCode, null, null, b.Sms, b.Voice));
            }

        var stock = db.StockRanges.AsNoTracking().AsQueryable();
        if (search.CountryCode is { } sc) stock = stock.Where(r => r.CountryCode == sc);
        if (search.NumberType is { } st) stock = stock.Where(r => r.NumberType == st);
        if (search.NationalDestinationCode is { } sndc) stock = stock.Where(r => r.AreaCode == sndc);
        if (NumberRequestSpec.Key(search.Locality) is { } city) stock = stock.Where(r => r.CityKey == city);
        long after = long.MinValue;
        for (var page = 0; page < 10_000; page++)
        {
            var rows = await stock.Where(r => r.RangeStart > after).OrderBy(r => r.RangeStart).Take(500).ToListAsync(ct);
            if (rows.Count == 0) break;
            after = rows[^1].RangeStart;
            foreach (var r in rows)
                foreach (var (start, size) in StockBlocks.Decompose(r.RangeStart, r.RangeEnd, search.MinimumBlockSize))
                {
                    total++;
                    if (offered.Count < search.Limit * 2 + 1)
                        offered.Add(new OfferedBlock(start, size, r.CountryCode, r.NumberType, r.AreaCode, r.City, r.Region, Sms: false, Voice: true));
                }
            if (rows.Count < 500) break;
        }
        return (offered.OrderBy(b => b.Start).Take(search.Limit).ToList(), total);
    }

    // ---- block orders ----

    /// <summary>
    /// Orders exactly one block for sale: an available catalogue block, or an aligned block of 10, 100 or 1000 stock
    /// numbers. The block is claimed for the order at once (pending); <see cref="CompleteAsync"/> makes it the account's.
    /// </summary>
    public static async Task<Result<NumberOrder>> CreateBlockOrderAsync(NumberBlocksDbContext db, Guid accountId, NumberRange range, OrderExtras extras,
        DateTimeOffset now, CancellationToken ct)
    {
        var orderId = Guid.CreateVersion7(now);
        var holders = await NumberLedger.OverlapsAsync(db, range.Start.Value, range.End.Value, ct);
        if (holders.Any(h => h.Kind == HolderKind.Stock) && !StockBlocks.IsAlignedBlock(range))
            return new DomainError(ErrorCodes.BlockNotForSale,
                $"{range} is not a block for sale: stock is sold in aligned blocks of {string.Join(", ", StockBlocks.Sizes)} numbers (see GET /v2/available_phone_number_blocks).",
                "/starting_number", ErrorKind.Conflict);
        var taken = await NumberAllocation.AllocateAsync(db, range, new Taker(LedgerHolder.NumberOrder(orderId, accountId), Taker.NumberOrder, orderId),
            SaleSources.Stock | SaleSources.CatalogueBlock, now, "/starting_number", ct);
        if (taken.IsFailure) return Result<NumberOrder>.Fail(taken.Errors);

        var order = NewOrder(orderId, accountId, NumberOrder.Block, extras, now);
        order.RangeStart = range.Start.Value;
        order.RangeSize = (int)range.Count;
        db.NumberOrders.Add(order);
        for (var n = range.Start.Value; n <= range.End.Value; n++)
            db.OrderedPhoneNumbers.Add(NewNumber(order, n, taken.Value.CountryCode, taken.Value.NumberType, null, null, requirementsMet: true, OrderStatus.Pending, now));
        return order;
    }

    // ---- number orders ----

    /// <summary>
    /// Orders single numbers, all or nothing: each must be in stock or in the account's own reservation. The numbers are
    /// claimed for the order at once; the order completes when every number's requirements are met.
    /// </summary>
    public static async Task<Result<NumberOrder>> CreateNumberOrderAsync(NumberBlocksDbContext db, Guid accountId, IReadOnlyList<OrderedNumberSpec> numbers,
        OrderExtras extras, DateTimeOffset now, CancellationToken ct)
    {
        var orderId = Guid.CreateVersion7(now);
        var order = NewOrder(orderId, accountId, NumberOrder.Number, extras, now);
        db.NumberOrders.Add(order);
        var taker = new Taker(LedgerHolder.NumberOrder(orderId, accountId), Taker.NumberOrder, orderId);
        var errors = new List<DomainError>();
        for (var i = 0; i < numbers.Count; i++)
        {
            var spec = numbers[i];
            var taken = await NumberAllocation.AllocateAsync(db, NumberRange.Single(spec.Number), taker, SaleSources.Stock | SaleSources.OwnReservation, now,
                $"/phone_numbers/{i}/phone_number", ct);
            if (taken.IsFailure) { errors.AddRange(taken.Errors); continue; }
            db.OrderedPhoneNumbers.Add(NewNumber(order, spec.Number.Value, spec.Placement.CountryCode, spec.Placement.Type.ToWire(), spec.BundleId,
                spec.RequirementGroupId, spec.RequirementsMet, OrderStatus.Pending, now));
        }
        // All or nothing: the write transaction undoes the numbers already claimed.
        return errors.Count > 0 ? Result<NumberOrder>.Fail(errors) : order;
    }

    /// <summary>
    /// Telnyx UpdateNumberOrderRequest: customer_reference, and regulatory_requirements that satisfy what the order's
    /// numbers need (a requirement_id the numbers ask for, with a value). Only a pending order's requirements change.
    /// </summary>
    public static async Task<Result<NumberOrder>> UpdateNumberOrderAsync(NumberBlocksDbContext db, Guid accountId, Guid orderId, string? customerReference,
        IReadOnlyList<(Guid RequirementId, string? Value)>? requirements, DateTimeOffset now, CancellationToken ct)
    {
        var order = await db.NumberOrders.FirstOrDefaultAsync(o => o.Id == orderId && o.AccountId == accountId && o.Kind == NumberOrder.Number, ct);
        if (order is null) return DomainError.NotFound("Number order");
        if (customerReference is not null) order.CustomerReference = customerReference;
        if (requirements is { Count: > 0 })
        {
            if (OrderStatuses.ParseStored(order.Status) != OrderStatus.Pending)
                return new DomainError(ErrorCodes.OrderNotEditable, $"The number order is '{order.Status}'; only a pending order's requirements can change.",
                    "/regulatory_requirements", ErrorKind.Conflict);
            var numbers = await db.OrderedPhoneNumbers.Where(n => n.OrderId == orderId).ToListAsync(ct);
            for (var i = 0; i < requirements.Count; i++)
            {
                var (id, value) = requirements[i];
                var needing = numbers.Where(n => Needs(n, id)).ToList();
                if (needing.Count == 0)
                    return new DomainError(ErrorCodes.InvalidValue, $"No number of this order needs the requirement {id}.", $"/regulatory_requirements/{i}/requirement_id");
                if (string.IsNullOrWhiteSpace(value))
                    return DomainError.Required($"/regulatory_requirements/{i}/field_value");
                foreach (var n in needing)
                {
                    n.RequirementValue = value.Trim();
                    n.RequirementsMet = true;
                    n.UpdatedAt = now;
                }
            }
        }
        order.UpdatedAt = now;
        return order;
    }

    private static bool Needs(OrderedPhoneNumber n, Guid requirementId) =>
        PhoneNumberTypes.TryParseWire(n.PhoneNumberType, out var type)
        && OrderingRequirements.For(new NumberPlacement(n.CountryCode, 0, type)).Any(r => r.Id == requirementId);

    /// <summary>The requirements a stored number asks for.</summary>
    public static IReadOnlyList<OrderingRequirement> RequirementsOf(OrderedPhoneNumber n) =>
        PhoneNumberTypes.TryParseWire(n.PhoneNumberType, out var type) ? OrderingRequirements.For(new NumberPlacement(n.CountryCode, 0, type)) : [];

    /// <summary>Pending orders placed by a customer (not by the fulfilment engine), oldest first; read outside any transaction.</summary>
    public static Task<List<Guid>> PendingOrdersAsync(NumberBlocksDbContext db, int max, CancellationToken ct)
    {
        var pending = OrderStatus.Pending.ToWire();
        return db.NumberOrders.AsNoTracking().Where(o => o.Status == pending && o.NumberRequestId == null)
            .OrderBy(o => o.CreatedAt).ThenBy(o => o.Id).Select(o => o.Id).Take(max).ToListAsync(ct);
    }

    /// <summary>
    /// Completes one pending order: when every number's requirements are met, the order's claims move to the account
    /// (success); when they are still unmet after <see cref="RequirementsDeadline"/>, its numbers go back to stock
    /// (failure). Reports the change through <paramref name="notify"/>. False when nothing changed.
    /// </summary>
    public static async Task<Result<bool>> CompleteAsync(NumberBlocksDbContext db, Guid orderId, DateTimeOffset now, OrderStatusChanged notify, CancellationToken ct)
    {
        var order = await db.NumberOrders.FirstOrDefaultAsync(o => o.Id == orderId, ct);
        if (order is null || OrderStatuses.ParseStored(order.Status) != OrderStatus.Pending) return false;
        var numbers = await db.OrderedPhoneNumbers.Where(n => n.OrderId == orderId).ToListAsync(ct);
        OrderStatus target;
        if (numbers.All(n => n.RequirementsMet)) target = OrderStatus.Success;
        else if (now - order.CreatedAt >= RequirementsDeadline) target = OrderStatus.Failure;
        else return false;

        // The status change names the old status: of two workers completing the same order, one does.
        await db.EnsureOpenAsync(ct);
        await using (var flip = db.Command("UPDATE number_orders SET status = @to, updated_at = @t WHERE id = @id AND status = @pending")
            .With(db, "@to", target.ToWire()).With(db, "@t", now).With(db, "@id", orderId).With(db, "@pending", OrderStatus.Pending.ToWire()))
            if (await flip.ExecuteNonQueryAsync(ct) != 1) return false;
        var moved = OrderLifecycle.Move(OrderStatus.Pending, target);
        if (moved.IsFailure) return Result<bool>.Fail(moved.Errors);

        var holder = LedgerHolder.NumberOrder(order.Id, order.AccountId);
        if (target == OrderStatus.Success)
            await NumberLedger.TransferAllAsync(db, holder, LedgerHolder.Account(order.AccountId), now, ct);
        else
        {
            foreach (var n in numbers)
                await NumberAllocation.ReturnToStockAsync(db, holder, NumberRange.Single(E164Number.FromValue(n.PhoneNumber)), now, ct);
            // Whatever did not come from stock has no stock to go back to: it is released.
            await NumberLedger.ReleaseAllAsync(db, holder, now, ct);
            order.Errors = $"The regulatory requirements were not met within {RequirementsDeadline.TotalDays:0} days; the numbers were released.";
        }
        order.Status = target.ToWire();
        order.UpdatedAt = now;
        foreach (var n in numbers)
        {
            n.Status = target.ToWire();
            n.UpdatedAt = now;
        }
        await db.SaveChangesAsync(ct);
        await notify(db, order, now, ct);
        return true;
    }

    // ---- reservations ----

    /// <summary>
    /// Reserves each number on its own (Telnyx: "each phone number will be individually attempted for reservation"):
    /// a number in stock is held for the account for 30 minutes; one that is not for sale or is held is refused, with the
    /// reason, and holds nothing.
    /// </summary>
    public static async Task<NumberReservation> CreateReservationAsync(NumberBlocksDbContext db, Guid accountId, IReadOnlyList<E164Number> numbers,
        string? customerReference, DateTimeOffset now, CancellationToken ct)
    {
        var reservation = new NumberReservation { Id = Guid.CreateVersion7(now), AccountId = accountId, CustomerReference = customerReference, CreatedAt = now, UpdatedAt = now };
        db.NumberReservations.Add(reservation);
        var taker = new Taker(LedgerHolder.Reservation(reservation.Id, accountId), Taker.Reservation, reservation.Id);
        foreach (var number in numbers)
        {
            var taken = await NumberAllocation.AllocateAsync(db, NumberRange.Single(number), taker, SaleSources.Stock, now, "/phone_numbers", ct);
            db.ReservedPhoneNumbers.Add(new ReservedPhoneNumber
            {
                Id = Guid.CreateVersion7(now),
                ReservationId = reservation.Id,
                AccountId = accountId,
                PhoneNumber = number.Value,
                State = (taken.IsSuccess ? ReservedNumberState.Held : ReservedNumberState.Refused).ToStored(),
                Errors = taken.IsSuccess ? null : taken.FirstError.Detail,
                ExpiredAt = taken.IsSuccess ? now + ReservationRules.Lifetime : now,
                CreatedAt = now,
                UpdatedAt = now,
            });
        }
        return reservation;
    }

    /// <summary>Extends every number the reservation still holds to 30 minutes from now; refused when it holds none.</summary>
    public static async Task<Result<NumberReservation>> ExtendReservationAsync(NumberBlocksDbContext db, Guid accountId, Guid reservationId, DateTimeOffset now,
        CancellationToken ct)
    {
        var reservation = await db.NumberReservations.FirstOrDefaultAsync(r => r.Id == reservationId && r.AccountId == accountId, ct);
        if (reservation is null) return DomainError.NotFound("Number reservation");
        var held = ReservedNumberState.Held.ToStored();
        var numbers = await db.ReservedPhoneNumbers.Where(n => n.ReservationId == reservationId && n.State == held && n.ExpiredAt > now).ToListAsync(ct);
        if (numbers.Count == 0)
            return new DomainError(ErrorCodes.ReservationNotExtendable,
                "This reservation holds no number any more (each expired, was refused or was ordered); reserve the numbers again.", null, ErrorKind.Conflict);
        foreach (var n in numbers)
        {
            n.ExpiredAt = ReservationRules.ExtendedExpiry(now);
            n.UpdatedAt = now;
        }
        reservation.UpdatedAt = now;
        return reservation;
    }

    /// <summary>Held reservation numbers whose time is up, oldest first; read outside any transaction.</summary>
    public static Task<List<Guid>> ExpiredReservedNumbersAsync(NumberBlocksDbContext db, DateTimeOffset now, int max, CancellationToken ct)
    {
        var held = ReservedNumberState.Held.ToStored();
        return db.ReservedPhoneNumbers.AsNoTracking().Where(n => n.State == held && n.ExpiredAt <= now)
            .OrderBy(n => n.ExpiredAt).Select(n => n.Id).Take(max).ToListAsync(ct);
    }

    /// <summary>Expires one reserved number: back to stock, for everyone. False when it is no longer held or not yet due.</summary>
    public static async Task<Result<bool>> ExpireReservedNumberAsync(NumberBlocksDbContext db, Guid reservedNumberId, DateTimeOffset now, CancellationToken ct)
    {
        var n = await db.ReservedPhoneNumbers.FirstOrDefaultAsync(x => x.Id == reservedNumberId, ct);
        if (n is null || ReservedNumberStates.ParseStored(n.State) != ReservedNumberState.Held || n.ExpiredAt > now) return false;
        var holder = LedgerHolder.Reservation(n.ReservationId, n.AccountId);
        await NumberAllocation.ReturnToStockAsync(db, holder, NumberRange.Single(E164Number.FromValue(n.PhoneNumber)), now, ct);
        n.State = ReservedNumberState.Expired.ToStored();
        n.Errors = $"The reservation expired at {Domain.Rfc3339.Format(n.ExpiredAt)}; the number is available to everyone again.";
        n.UpdatedAt = now;
        return true;
    }

    // ---- orders by criteria (inexplicit and advanced), served by the number request engine ----

    /// <summary>
    /// Records an order the fulfilment engine placed for a Telnyx request: every number assigned to the request that no
    /// such order lists yet becomes a number of a new order in status success (its numbers are already the account's).
    /// Null when nothing new was assigned.
    /// </summary>
    public static async Task<NumberOrder?> RecordEngineOrderAsync(NumberBlocksDbContext db, NumberRequest request, DateTimeOffset now, CancellationToken ct)
    {
        var ordered = db.NumberOrders.Where(o => o.NumberRequestId == request.Id).Select(o => o.Id);
        var recorded = await db.OrderedPhoneNumbers.AsNoTracking().Where(n => ordered.Contains(n.OrderId)).Select(n => n.PhoneNumber).ToListAsync(ct);
        var known = recorded.ToHashSet();
        var ranges = await db.NumberRequestRanges.AsNoTracking().Where(r => r.NumberRequestId == request.Id).OrderBy(r => r.RangeStart).ToListAsync(ct);
        var order = NewOrder(Guid.CreateVersion7(now), request.AccountId, NumberOrder.Number, new OrderExtras(null, null, null, null), now);
        order.Status = OrderStatus.Success.ToWire();
        order.NumberRequestId = request.Id;
        var any = false;
        foreach (var r in ranges)
            for (var n = r.RangeStart; n <= r.RangeEnd; n++)
            {
                if (known.Contains(n)) continue;
                db.OrderedPhoneNumbers.Add(NewNumber(order, n, request.CountryCode, request.NumberType, null, null, requirementsMet: true, OrderStatus.Success, now));
                any = true;
            }
        if (!any) return null;
        db.NumberOrders.Add(order);
        await db.SaveChangesAsync(ct);
        return order;
    }

    private static NumberOrder NewOrder(Guid id, Guid accountId, string kind, OrderExtras extras, DateTimeOffset now) => new()
    {
        Id = id,
        AccountId = accountId,
        Kind = kind,
        Status = OrderStatus.Pending.ToWire(),
        CustomerReference = extras.CustomerReference,
        ConnectionId = extras.ConnectionId,
        MessagingProfileId = extras.MessagingProfileId,
        BillingGroupId = extras.BillingGroupId,
        CreatedAt = now,
        UpdatedAt = now,
    };

    private static OrderedPhoneNumber NewNumber(NumberOrder order, long number, string country, string type, string? bundle, string? group, bool requirementsMet,
        OrderStatus status, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        OrderId = order.Id,
        AccountId = order.AccountId,
        PhoneNumber = number,
        CountryCode = country,
        PhoneNumberType = type,
        BundleId = bundle,
        RequirementGroupId = group,
        RequirementsMet = requirementsMet,
        Status = status.ToWire(),
        CreatedAt = now,
        UpdatedAt = now,
    };

    /// <summary>
    /// The numbers an account bought with Telnyx orders: numbers of its successful orders that the ledger gives the
    /// account (the ledger says whose a number is; the order row says how it was bought).
    /// </summary>
    public static IQueryable<OrderedPhoneNumber> AccountNumbers(NumberBlocksDbContext db, Guid accountId)
    {
        var success = OrderStatus.Success.ToWire();
        var account = LedgerHolder.Account(accountId).KindName;
        return db.OrderedPhoneNumbers.Where(n => n.AccountId == accountId && n.Status == success
            && db.LedgerClaims.Any(c => c.HolderKind == account && c.HolderId == accountId && c.RangeStart <= n.PhoneNumber && c.RangeEnd >= n.PhoneNumber));
    }
}

using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Http;
using NumberBlocks.Data;
using NumberBlocks.Data.Ordering;
using NumberBlocks.Data.Requests;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Numbering;
using NumberBlocks.Domain.Ordering;
using NumberBlocks.Domain.Requests;

namespace NumberBlocks.Api.Telnyx.Ordering;

/// <summary>Stored orders as Telnyx's records.</summary>
public static class OrderingViews
{
    public static WireOrderStatus Wire(OrderStatus status) => status switch
    {
        OrderStatus.Pending => WireOrderStatus.Pending,
        OrderStatus.Success => WireOrderStatus.Success,
        _ => WireOrderStatus.Failure,
    };

    private static WireOrderStatus Wire(string stored) => Wire(OrderStatuses.ParseStored(stored));

    private static string Number(long n) => E164Number.FromValue(n).ToString();

    public static NumberBlockOrderRecord BlockOrder(NumberOrder o) => new(
        o.Id, "number_block_order", Number(o.RangeStart!.Value), o.RangeSize!.Value, o.RangeSize.Value, Wire(o.Status), RequirementsMet: true,
        o.ConnectionId, o.CustomerReference, o.MessagingProfileId, o.CreatedAt, o.UpdatedAt);

    public static NumberOrderRecord NumberOrder(NumberOrder o, IReadOnlyList<OrderedPhoneNumber> numbers) => new(
        o.Id, "number_order", numbers.Select(PhoneNumber).ToArray(), numbers.Count, Wire(o.Status), numbers.All(n => n.RequirementsMet), [],
        o.BillingGroupId, o.ConnectionId, o.CustomerReference, o.MessagingProfileId, o.CreatedAt, o.UpdatedAt);

    public static NumberOrderListRecord NumberOrderItem(NumberOrder o, IReadOnlyList<OrderedPhoneNumber> numbers) => new(
        o.Id, "number_order", numbers.Select(n => new OrderedPhoneNumberRef(n.Id, Number(n.PhoneNumber))).ToArray(), numbers.Count, Wire(o.Status),
        numbers.All(n => n.RequirementsMet), [], o.BillingGroupId, o.ConnectionId, o.CustomerReference, o.MessagingProfileId, o.CreatedAt, o.UpdatedAt);

    public static OrderedPhoneNumberRecord PhoneNumber(OrderedPhoneNumber n)
    {
        var requirements = OrderingOperations.RequirementsOf(n);
        return new OrderedPhoneNumberRecord(
            n.Id, "number_order_phone_number", Number(n.PhoneNumber), Wire(n.Status), n.RequirementsMet,
            // spec3.yml PhoneNumber.requirements_status: approved once met, requirement-info-pending while not.
            n.RequirementsMet ? "approved" : "requirement-info-pending",
            requirements.Select(r => new RegulatoryRequirementRecord("phone_number_regulatory_requirement", r.Id, r.FieldType, n.RequirementValue)).ToArray(),
            n.CountryCode, n.CountryCode, n.PhoneNumberType, Guid.TryParse(n.BundleId, out var bundle) ? bundle : null);
    }

    public static NumberReservationRecord Reservation(NumberReservation r, IReadOnlyList<ReservedPhoneNumber> numbers)
    {
        var states = numbers.Select(n => ReservedNumberStates.ParseStored(n.State)).ToList();
        // The reservation succeeded when it holds (or held until ordered) at least one number.
        var status = states.Any(s => s.ToStatus() == OrderStatus.Success) ? OrderStatus.Success : OrderStatus.Failure;
        var errors = numbers.Where(n => n.Errors is not null).Select(n => $"{Number(n.PhoneNumber)}: {n.Errors}").ToList();
        return new NumberReservationRecord(r.Id, "number_reservation", Wire(status),
            numbers.Select(n => new ReservedPhoneNumberRecord(n.Id, "reserved_phone_number", Number(n.PhoneNumber),
                Wire(ReservedNumberStates.ParseStored(n.State).ToStatus()), n.Errors, n.ExpiredAt, n.CreatedAt, n.UpdatedAt)).ToArray(),
            r.CustomerReference, errors.Count == 0 ? null : string.Join("; ", errors), r.CreatedAt, r.UpdatedAt);
    }

    public static PhoneNumberBlockRecord Block(NumberOrder o) => new(
        o.Id, "phone_number_block", Number(o.RangeStart!.Value), Number(o.RangeStart.Value + o.RangeSize!.Value - 1), o.RangeSize.Value, o.Id, o.UpdatedAt);

    /// <summary>
    /// An ordering group's status from its number request: pending (nothing assigned yet), processing (some), success
    /// (all); a request the operator rejected or the customer cancelled ends partial_success or failed; a group refused
    /// at once (strategy never) is failed.
    /// </summary>
    public static string GroupStatus(InexplicitOrderingGroup g, NumberRequest? r)
    {
        if (r is null) return "failed";
        return NumberRequestStatuses.ParseStored(r.Status) switch
        {
            NumberRequestStatus.Pending => "pending",
            NumberRequestStatus.Accepted => "processing",
            NumberRequestStatus.Completed => "success",
            _ => r.AssignedCount > 0 ? "partial_success" : "failed",
        };
    }

    /// <summary>
    /// An advanced order's status from its number request (spec3.yml: pending, processing, ordered): ordered once the
    /// request is final (complete, or ended by the operator or customer with what it had).
    /// </summary>
    public static string AdvancedStatus(NumberRequest r) => NumberRequestStatuses.ParseStored(r.Status) switch
    {
        NumberRequestStatus.Pending => "pending",
        NumberRequestStatus.Accepted => "processing",
        _ => "ordered",
    };

    /// <summary>Loads what the views of inexplicit orders need, for many orders at once.</summary>
    public static async Task<List<InexplicitNumberOrderRecord>> InexplicitAsync(NumberBlocksDbContext db, IReadOnlyList<InexplicitNumberOrder> orders,
        CancellationToken ct)
    {
        var ids = orders.Select(o => o.Id).ToList();
        var groups = await db.InexplicitOrderingGroups.AsNoTracking().Where(g => ids.Contains(g.OrderId)).OrderBy(g => g.Position).ToListAsync(ct);
        var requestIds = groups.Where(g => g.NumberRequestId != null).Select(g => g.NumberRequestId!.Value).ToList();
        var requests = await db.NumberRequests.AsNoTracking().Where(r => requestIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, ct);
        var engineOrders = (await db.NumberOrders.AsNoTracking().Where(o => o.NumberRequestId != null && requestIds.Contains(o.NumberRequestId.Value))
            .OrderBy(o => o.CreatedAt).Select(o => new { o.Id, RequestId = o.NumberRequestId!.Value }).ToListAsync(ct)).ToLookup(o => o.RequestId, o => o.Id);
        return orders.Select(o => new InexplicitNumberOrderRecord(o.Id.ToString(),
            groups.Where(g => g.OrderId == o.Id).Select(g =>
            {
                var r = g.NumberRequestId is { } rid ? requests.GetValueOrDefault(rid) : null;
                var placed = r is null ? [] : engineOrders[r.Id].Select(id => new GroupOrderRecord(id, [])).ToArray();
                return new OrderingGroupRecord(g.CountryIso, g.PhoneNumberType, g.CountRequested, r?.AssignedCount ?? 0, GroupStatus(g, r), g.Strategy,
                    placed, g.AdministrativeArea, g.Locality, g.NationalDestinationCode, g.ExcludeHeldNumbers, g.Quickship,
                    g.ErrorReason ?? (r is not null && GroupStatus(g, r) is "failed" or "partial_success" ? r.StatusReason : null), g.CreatedAt,
                    r?.UpdatedAt > g.UpdatedAt ? r.UpdatedAt : g.UpdatedAt);
            }).ToArray(),
            o.BillingGroupId, o.ConnectionId, o.CustomerReference, o.MessagingProfileId, o.CreatedAt, o.UpdatedAt)).ToList();
    }

    public static async Task<List<AdvancedOrderRecord>> AdvancedAsync(NumberBlocksDbContext db, IReadOnlyList<AdvancedOrder> orders, CancellationToken ct)
    {
        var requestIds = orders.Select(o => o.NumberRequestId).ToList();
        var requests = await db.NumberRequests.AsNoTracking().Where(r => requestIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, ct);
        var placed = (await db.NumberOrders.AsNoTracking().Where(o => o.NumberRequestId != null && requestIds.Contains(o.NumberRequestId.Value))
            .OrderBy(o => o.CreatedAt).Select(o => new { o.Id, RequestId = o.NumberRequestId!.Value }).ToListAsync(ct)).ToLookup(o => o.RequestId, o => o.Id);
        return orders.Select(o => new AdvancedOrderRecord(o.Id, o.AreaCode ?? "", o.Comments ?? "", o.CountryCode, o.CustomerReference ?? "",
            System.Text.Json.JsonSerializer.Deserialize<string[]>(o.FeaturesJson) ?? [], placed[o.NumberRequestId].ToArray(), [o.PhoneNumberType], o.Quantity,
            o.RequirementGroupId, [AdvancedStatus(requests[o.NumberRequestId])])).ToList();
    }
}

/// <summary>Paging and filters of the ordering lists, read through the kernel's <see cref="QueryReader"/> (unknown ones refused).</summary>
public static class OrderingQuery
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 250;

    /// <summary>page[number] from 1, page[size] 1..250 (spec3.yml numbers_PageConsolidated).</summary>
    public static (int Number, int Size) Page(QueryReader q, string numberName = "page[number]", string sizeName = "page[size]") =>
        (q.Integer(numberName, 1, int.MaxValue / MaxPageSize) ?? 1, q.Integer(sizeName, 1, MaxPageSize) ?? DefaultPageSize);

    public static PaginationMeta Meta((int Number, int Size) page, long total) =>
        new(page.Number, page.Size, total == 0 ? 0 : (int)((total + page.Size - 1) / page.Size), total);

    /// <summary>filter[field] or filter[field][eq]: one value.</summary>
    public static string? Filter(QueryReader q, string field)
    {
        var plain = q.String($"filter[{field}]", 200);
        var eq = q.String($"filter[{field}][eq]", 200);
        return plain ?? eq;
    }

    /// <summary>filter[created_at][gt|lt]: an RFC 3339 instant.</summary>
    public static DateTimeOffset? Instant(QueryReader q, string name)
    {
        var text = q.String(name, 64);
        if (text is null) return null;
        if (Domain.Rfc3339.TryParse(text, out var instant)) return instant;
        q.Refuse(name, $"'{name}' must be an RFC 3339 date-time such as 2018-01-01T00:00:00.000000Z.");
        return null;
    }

    public static OrderStatus? Status(QueryReader q)
    {
        var text = Filter(q, "status");
        if (text is null) return null;
        if (OrderStatuses.TryParseWire(text, out var s)) return s;
        q.Refuse("filter[status]", $"filter[status] must be one of: {string.Join(", ", OrderStatuses.WireNames)}.");
        return null;
    }

    public static long? PhoneNumber(QueryReader q, string field)
    {
        var text = Filter(q, field);
        if (text is null) return null;
        var parsed = E164Number.Parse(text, "");
        if (parsed.IsSuccess) return parsed.Value.Value;
        q.Refuse($"filter[{field}]", parsed.FirstError.Detail);
        return null;
    }

    public static Guid? Id(string text) => Guid.TryParseExact(text, "D", out var id) ? id : null;
}

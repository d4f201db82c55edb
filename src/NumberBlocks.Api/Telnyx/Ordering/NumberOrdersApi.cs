using NumberBlocks.Api.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Http;
using NumberBlocks.Data;
using NumberBlocks.Data.Ordering;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Ordering;
using static NumberBlocks.Api.Telnyx.Ordering.OrderingDocs;

namespace NumberBlocks.Api.Telnyx.Ordering;

/// <summary>
/// Telnyx number orders (spec3.yml CreateNumberOrder, ListNumberOrders; RetrieveNumberOrder and UpdateNumberOrder from
/// the full spec): buy single numbers from stock or from the account's own reservation, with the regulatory
/// requirements their country asks for.
/// </summary>
public static class NumberOrdersApi
{
    public static RouteGroupBuilder MapNumberOrders(this RouteGroupBuilder v2)
    {
        var orders = v2.MapGroup("/number_orders").WithTags("Telnyx: number orders");
        orders.MapPost("", Create).WithName("CreateNumberOrder").WithSummary("Create a number order")
            .WithDescription("Orders single numbers, all or nothing: each must be in stock or in one of the account's reservations. The numbers are held " +
                "for the order at once (status pending). A number whose country asks for regulatory requirements (German local numbers: an address " +
                "in the area) needs a bundle_id or requirement_group_id, or the requirement given later with PATCH; once every number's requirements are " +
                "met the order becomes success and a signed number_order.complete webhook goes to the account's webhook_url. Requirements unmet for " +
                "30 days fail the order and release its numbers.")
            .WithRequestExample(new CreateNumberOrderRequest(CustomerReference: "MY REF 001",
                PhoneNumbers: [new OrderPhoneNumberInput("+4920123457005"), new OrderPhoneNumberInput("+4920123457006", RequirementGroupId: "dbbd94ee-9079-488f-80ba-f566b247fd79")]));
        orders.MapGet("", List).WithName("ListNumberOrders").WithSummary("List number orders")
            .WithDescription("The account's number orders, newest first, filtered by filter[status], filter[created_at][gt|lt], " +
                "filter[phone_numbers_count], filter[customer_reference] and filter[requirements_met].")
            .WithQueryParameters([.. Page, Text("filter[status]", "pending, success or failure."), .. CreatedAt("orders"),
                Text("filter[phone_numbers_count]", "Only orders of this many numbers."),
                Text("filter[customer_reference]", "Only orders with this customer reference."),
                Flag("filter[requirements_met]", "Only orders whose requirements are (true) or are not (false) all met.")]);
        orders.MapGet("/{number_order_id}", Get).WithName("RetrieveNumberOrder").WithSummary("Retrieve a number order")
            .WithDescription("One number order of the account, with its numbers; another account's is not found.");
        orders.MapPatch("/{number_order_id}", Update).WithName("UpdateNumberOrder").WithSummary("Update a number order")
            .WithDescription("Changes customer_reference, and meets the numbers' regulatory requirements: each entry names a requirement_id the " +
                "numbers ask for (as their regulatory_requirements list it) and its field_value.")
            .WithRequestExample(new UpdateNumberOrderRequest("MY REF 002",
                [new RegulatoryRequirementInput(OrderingRequirements.GermanLocalAddress.Id.ToString(), "Kettwiger Str. 1, 45127 Essen")]));
        return v2;
    }

    public static async Task<Results<Ok<OrderingData<NumberOrderRecord>>, TelnyxProblem>> Create(JsonBody<CreateNumberOrderRequest> body, HttpContext http,
        NumberBlocksDbContext db, TimeProvider clock, OrderingSignal signal, CancellationToken ct)
    {
        if (body.Result.IsFailure) return new TelnyxProblem(body.Result.Errors);
        var request = body.Result.Value;
        var errors = new List<DomainError>();
        var extras = OrderingInput.Extras(request.CustomerReference, request.ConnectionId, request.MessagingProfileId, request.BillingGroupId);
        errors.AddRange(extras.Errors);
        var numbers = OrderedNumbers.Parse(request.PhoneNumbers?.Select(p => p is null ? null : new RawOrderedNumber(p.PhoneNumber, p.BundleId, p.RequirementGroupId)).ToList());
        errors.AddRange(numbers.Errors);
        // bundle_id is a uuid in the answer (spec3.yml PhoneNumber.bundle_id: format uuid), so it must be one here.
        for (var i = 0; i < (request.PhoneNumbers?.Count ?? 0); i++)
            if (request.PhoneNumbers![i]?.BundleId is { } bundle && !Guid.TryParse(bundle, out _))
                errors.Add(new DomainError(ErrorCodes.InvalidValue, "bundle_id must be a UUID.", $"/phone_numbers/{i}/bundle_id"));
        if (errors.Count > 0) return new TelnyxProblem(errors);

        var now = clock.GetUtcNow();
        var accountId = http.AccountId();
        var order = await db.RunAsync(c => OrderingOperations.CreateNumberOrderAsync(db, accountId, numbers.Value, extras.Value, now, c), ct);
        if (order.IsFailure) return new TelnyxProblem(order.Errors);
        signal.Notify();
        return TypedResults.Ok(new OrderingData<NumberOrderRecord>(await ViewAsync(db, order.Value, ct)));
    }

    public static async Task<Results<Ok<OrderingList<NumberOrderListRecord>>, TelnyxProblem>> List(HttpContext http, NumberBlocksDbContext db, CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query);
        var page = OrderingQuery.Page(q);
        var status = OrderingQuery.Status(q);
        var after = OrderingQuery.Instant(q, "filter[created_at][gt]");
        var before = OrderingQuery.Instant(q, "filter[created_at][lt]");
        var countText = OrderingQuery.Filter(q, "phone_numbers_count");
        int? count = null;
        if (countText is not null)
        {
            if (int.TryParse(countText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var c) && c >= 0) count = c;
            else q.Refuse("filter[phone_numbers_count]", "filter[phone_numbers_count] must be a whole number.");
        }
        var reference = OrderingQuery.Filter(q, "customer_reference");
        var met = q.Boolean("filter[requirements_met]");
        if (q.Finish() is { Count: > 0 } refused) return new TelnyxProblem(refused);

        var accountId = http.AccountId();
        var query = db.NumberOrders.AsNoTracking().Where(o => o.AccountId == accountId && o.Kind == NumberOrder.Number);
        if (status is { } s) { var wire = s.ToWire(); query = query.Where(o => o.Status == wire); }
        if (after is { } a) query = query.Where(o => o.CreatedAt > a);
        if (before is { } b) query = query.Where(o => o.CreatedAt < b);
        if (reference is not null) query = query.Where(o => o.CustomerReference == reference);
        if (count is { } n) query = query.Where(o => db.OrderedPhoneNumbers.Count(p => p.OrderId == o.Id) == n);
        if (met is true) query = query.Where(o => !db.OrderedPhoneNumbers.Any(p => p.OrderId == o.Id && !p.RequirementsMet));
        if (met is false) query = query.Where(o => db.OrderedPhoneNumbers.Any(p => p.OrderId == o.Id && !p.RequirementsMet));
        var total = await query.LongCountAsync(ct);
        var rows = await query.OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id).Skip((page.Number - 1) * page.Size).Take(page.Size).ToListAsync(ct);
        var ids = rows.Select(o => o.Id).ToList();
        var numbers = (await db.OrderedPhoneNumbers.AsNoTracking().Where(p => ids.Contains(p.OrderId)).OrderBy(p => p.PhoneNumber).ToListAsync(ct))
            .ToLookup(p => p.OrderId);
        return TypedResults.Ok(new OrderingList<NumberOrderListRecord>(
            rows.Select(o => OrderingViews.NumberOrderItem(o, numbers[o.Id].ToList())).ToArray(), OrderingQuery.Meta(page, total)));
    }

    public static async Task<Results<Ok<OrderingData<NumberOrderRecord>>, TelnyxProblem>> Get(string number_order_id, HttpContext http,
        NumberBlocksDbContext db, CancellationToken ct)
    {
        var accountId = http.AccountId();
        var order = OrderingQuery.Id(number_order_id) is { } id
            ? await db.NumberOrders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id && o.AccountId == accountId && o.Kind == NumberOrder.Number, ct)
            : null;
        if (order is null) return (TelnyxProblem)DomainError.NotFound("Number order");
        return TypedResults.Ok(new OrderingData<NumberOrderRecord>(await ViewAsync(db, order, ct)));
    }

    public static async Task<Results<Ok<OrderingData<NumberOrderRecord>>, TelnyxProblem>> Update(string number_order_id, JsonBody<UpdateNumberOrderRequest> body,
        HttpContext http, NumberBlocksDbContext db, TimeProvider clock, OrderingSignal signal, CancellationToken ct)
    {
        if (OrderingQuery.Id(number_order_id) is not { } orderId) return (TelnyxProblem)DomainError.NotFound("Number order");
        if (body.Result.IsFailure) return new TelnyxProblem(body.Result.Errors);
        var request = body.Result.Value;
        var errors = new List<DomainError>();
        if (request.CustomerReference is { Length: > 255 })
            errors.Add(new DomainError(ErrorCodes.InvalidValue, "customer_reference is longer than 255 characters.", "/customer_reference"));
        var requirements = new List<(Guid, string?)>();
        for (var i = 0; i < (request.RegulatoryRequirements?.Count ?? 0); i++)
        {
            var r = request.RegulatoryRequirements![i];
            if (r?.RequirementId is null) errors.Add(DomainError.Required($"/regulatory_requirements/{i}/requirement_id"));
            else if (!Guid.TryParse(r.RequirementId, out var rid))
                errors.Add(new DomainError(ErrorCodes.InvalidValue, "requirement_id must be a UUID.", $"/regulatory_requirements/{i}/requirement_id"));
            else requirements.Add((rid, r.FieldValue));
        }
        if (errors.Count > 0) return new TelnyxProblem(errors);
        var now = clock.GetUtcNow();
        var accountId = http.AccountId();
        var order = await db.RunAsync(c => OrderingOperations.UpdateNumberOrderAsync(db, accountId, orderId, request.CustomerReference, requirements, now, c), ct);
        if (order.IsFailure) return new TelnyxProblem(order.Errors);
        signal.Notify();
        return TypedResults.Ok(new OrderingData<NumberOrderRecord>(await ViewAsync(db, order.Value, ct)));
    }

    private static async Task<NumberOrderRecord> ViewAsync(NumberBlocksDbContext db, NumberOrder order, CancellationToken ct)
    {
        var numbers = await db.OrderedPhoneNumbers.AsNoTracking().Where(p => p.OrderId == order.Id).OrderBy(p => p.PhoneNumber).ToListAsync(ct);
        return OrderingViews.NumberOrder(order, numbers);
    }
}

using NumberBlocks.Api.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Http;
using NumberBlocks.Data;
using NumberBlocks.Data.Entities;
using NumberBlocks.Data.Ordering;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Ordering;
using static NumberBlocks.Api.Telnyx.Ordering.OrderingDocs;

namespace NumberBlocks.Api.Telnyx.Ordering;

/// <summary>
/// Telnyx's available phone number blocks and number block orders (spec3.yml, ordering extract): search the blocks for
/// sale — the operator's catalogue blocks and aligned blocks of stock, the same stock CM.com requests draw from — and
/// order one; plus the account's bought blocks.
/// </summary>
public static class NumberBlockOrdersApi
{
    public static RouteGroupBuilder MapNumberBlockOrdering(this RouteGroupBuilder v2)
    {
        v2.MapGet("/available_phone_number_blocks", ListAvailable).WithName("ListAvailablePhoneNumberBlocks").WithTags("Telnyx: phone number search")
            .WithSummary("List available phone number blocks")
            .WithDescription("Blocks for sale: the operator's catalogue blocks (sold whole) and the aligned blocks of 10, 100 and 1000 numbers in stock. " +
                "Filters as Telnyx names them (filter[country_code], filter[locality], filter[national_destination_code], filter[phone_number_type]), " +
                "plus filter[minimum_block_size] and filter[limit] from Telnyx's full spec; any other parameter is refused.")
            .WithQueryParameters(
                Text("filter[country_code]", "ISO 3166-1 alpha-2 country of the numbers."),
                Text("filter[locality]", "City of the numbers (stock only: catalogue blocks name no city)."),
                Text("filter[national_destination_code]", "National destination (area) code, without trunk prefix."),
                Text("filter[phone_number_type]", "local, toll_free, mobile, national or shared_cost."),
                Integer("filter[minimum_block_size]", "Only blocks of at least this many numbers."),
                Integer("filter[limit]", "At most this many blocks (1 to 250, default 20)."));

        var orders = v2.MapGroup("/number_block_orders").WithTags("Telnyx: number block orders");
        orders.MapPost("", Create).WithName("CreateNumberBlockOrder").WithSummary("Create a number block order")
            .WithDescription("Orders one block for sale (starting_number and range as GET /v2/available_phone_number_blocks lists it). The block is held " +
                "for the order at once (status pending); the order then becomes success and the numbers the account's, reported by a signed " +
                "number_block_order.complete webhook to the account's webhook_url. A block that is not for sale is refused with 422.")
            .WithRequestExample(new CreateNumberBlockOrderRequest("+4920123457000", 10, CustomerReference: "MY REF 001"));
        orders.MapGet("", List).WithName("ListNumberBlockOrders").WithSummary("List number block orders")
            .WithDescription("The account's block orders, newest first, filtered by filter[status], filter[created_at][gt|lt] and " +
                "filter[phone_numbers.starting_number].")
            .WithQueryParameters([.. Page, Text("filter[status]", "pending, success or failure."), .. CreatedAt("orders"),
                Text("filter[phone_numbers.starting_number]", "Only the order of the block starting with this number.")]);
        orders.MapGet("/{number_block_order_id}", Get).WithName("RetrieveNumberBlockOrder").WithSummary("Retrieve a number block order")
            .WithDescription("One block order of the account; another account's is not found.");

        var blocks = v2.MapGroup("/phone_number_blocks").WithTags("Telnyx: phone number blocks");
        blocks.MapGet("", ListBlocks).WithName("ListPhoneNumberBlocks").WithSummary("List the account's bought blocks")
            .WithDescription("NumberBlocks' view (Telnyx publishes only the block deletion jobs): every block the account bought with a successful " +
                "number block order, by first number. The id is the block order's.")
            .WithQueryParameters(Page);
        blocks.MapGet("/{phone_number_block_id}", GetBlock).WithName("RetrievePhoneNumberBlock").WithSummary("Retrieve a bought block")
            .WithDescription("One block the account bought; the id is the block order's.");
        return v2;
    }

    public static async Task<Results<Ok<AvailableBlocksResponse>, TelnyxProblem>> ListAvailable(HttpContext http, NumberBlocksDbContext db, CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query);
        var country = q.String("filter[country_code]", 2)?.ToUpperInvariant();
        if (country is not null && !Domain.Requests.NumberRequestSpec.IsCountryCode(country))
            q.Refuse("filter[country_code]", "filter[country_code] must be an ISO 3166-1 alpha-2 code (US, DE, …).");
        var locality = q.String("filter[locality]", 100);
        var ndc = q.String("filter[national_destination_code]", 8);
        var type = q.String("filter[phone_number_type]", 20);
        if (type is not null && !(Domain.Numbering.PhoneNumberTypes.TryParseWire(type, out var parsed) && parsed != Domain.Numbering.PhoneNumberType.Landline))
            q.Refuse("filter[phone_number_type]", "filter[phone_number_type] must be one of: local, toll_free, mobile, national, shared_cost.");
        var minimum = q.Integer("filter[minimum_block_size]", 1, 1000) ?? 1;
        var limit = q.Integer("filter[limit]", 1, OrderingQuery.MaxPageSize) ?? OrderingQuery.DefaultPageSize;
        if (q.Finish() is { Count: > 0 } refused) return new TelnyxProblem(refused);

        var (found, total) = await OrderingOperations.AvailableBlocksAsync(db, new BlockSearch(country, locality, ndc, type, minimum, limit), ct);
        return TypedResults.Ok(new AvailableBlocksResponse(found.Select(View).ToArray(), new AvailablePhoneNumbersMeta(total, 0)));
    }

    private static AvailablePhoneNumberBlockRecord View(OfferedBlock b)
    {
        var features = new List<FeatureRecord>();
        if (b.Sms) features.Add(new FeatureRecord("sms"));
        if (b.Voice) features.Add(new FeatureRecord("voice"));
        var regions = new List<RegionInformationRecord> { new(b.CountryCode, "country_code") };
        if (b.Region is not null) regions.Add(new RegionInformationRecord(b.Region, "state"));
        if (b.City is not null) regions.Add(new RegionInformationRecord(b.City, "location"));
        return new AvailablePhoneNumberBlockRecord(Domain.Numbering.E164Number.FromValue(b.Start).ToString(), b.Size, "available_phone_number_block",
            features, regions);
    }

    public static async Task<Results<Ok<OrderingData<NumberBlockOrderRecord>>, TelnyxProblem>> Create(JsonBody<CreateNumberBlockOrderRequest> body,
        HttpContext http, NumberBlocksDbContext db, TimeProvider clock, OrderingSignal signal, CancellationToken ct)
    {
        if (body.Result.IsFailure) return new TelnyxProblem(body.Result.Errors);
        var request = body.Result.Value;
        var range = BlockOrderSpec.Parse(request.StartingNumber, request.Range);
        if (range.IsFailure) return new TelnyxProblem(range.Errors);
        var extras = OrderingInput.Extras(request.CustomerReference, request.ConnectionId, request.MessagingProfileId, null);
        if (extras.IsFailure) return new TelnyxProblem(extras.Errors);
        var now = clock.GetUtcNow();
        var accountId = http.AccountId();
        var order = await db.RunAsync(c => OrderingOperations.CreateBlockOrderAsync(db, accountId, range.Value, extras.Value, now, c), ct);
        if (order.IsFailure) return new TelnyxProblem(order.Errors);
        signal.Notify();
        return TypedResults.Ok(new OrderingData<NumberBlockOrderRecord>(OrderingViews.BlockOrder(order.Value)));
    }

    public static async Task<Results<Ok<OrderingList<NumberBlockOrderRecord>>, TelnyxProblem>> List(HttpContext http, NumberBlocksDbContext db, CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query);
        var page = OrderingQuery.Page(q);
        var status = OrderingQuery.Status(q);
        var after = OrderingQuery.Instant(q, "filter[created_at][gt]");
        var before = OrderingQuery.Instant(q, "filter[created_at][lt]");
        var starting = OrderingQuery.PhoneNumber(q, "phone_numbers.starting_number");
        if (q.Finish() is { Count: > 0 } refused) return new TelnyxProblem(refused);

        var accountId = http.AccountId();
        var query = db.NumberOrders.AsNoTracking().Where(o => o.AccountId == accountId && o.Kind == NumberOrder.Block);
        if (status is { } s) { var wire = s.ToWire(); query = query.Where(o => o.Status == wire); }
        if (after is { } a) query = query.Where(o => o.CreatedAt > a);
        if (before is { } b) query = query.Where(o => o.CreatedAt < b);
        if (starting is { } n) query = query.Where(o => o.RangeStart == n);
        var total = await query.LongCountAsync(ct);
        var rows = await query.OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id).Skip((page.Number - 1) * page.Size).Take(page.Size).ToListAsync(ct);
        return TypedResults.Ok(new OrderingList<NumberBlockOrderRecord>(rows.Select(OrderingViews.BlockOrder).ToArray(), OrderingQuery.Meta(page, total)));
    }

    public static async Task<Results<Ok<OrderingData<NumberBlockOrderRecord>>, TelnyxProblem>> Get(string number_block_order_id, HttpContext http,
        NumberBlocksDbContext db, CancellationToken ct)
    {
        var accountId = http.AccountId();
        var order = OrderingQuery.Id(number_block_order_id) is { } id
            ? await db.NumberOrders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id && o.AccountId == accountId && o.Kind == NumberOrder.Block, ct)
            : null;
        if (order is null) return (TelnyxProblem)DomainError.NotFound("Number block order");
        return TypedResults.Ok(new OrderingData<NumberBlockOrderRecord>(OrderingViews.BlockOrder(order)));
    }

    public static async Task<Results<Ok<OrderingList<PhoneNumberBlockRecord>>, TelnyxProblem>> ListBlocks(HttpContext http, NumberBlocksDbContext db, CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query);
        var page = OrderingQuery.Page(q);
        if (q.Finish() is { Count: > 0 } refused) return new TelnyxProblem(refused);
        var query = BoughtBlocks(db, http.AccountId());
        var total = await query.LongCountAsync(ct);
        var rows = await query.OrderBy(o => o.RangeStart).Skip((page.Number - 1) * page.Size).Take(page.Size).ToListAsync(ct);
        return TypedResults.Ok(new OrderingList<PhoneNumberBlockRecord>(rows.Select(OrderingViews.Block).ToArray(), OrderingQuery.Meta(page, total)));
    }

    public static async Task<Results<Ok<OrderingData<PhoneNumberBlockRecord>>, TelnyxProblem>> GetBlock(string phone_number_block_id, HttpContext http,
        NumberBlocksDbContext db, CancellationToken ct)
    {
        var block = OrderingQuery.Id(phone_number_block_id) is { } id
            ? await BoughtBlocks(db, http.AccountId()).FirstOrDefaultAsync(o => o.Id == id, ct)
            : null;
        if (block is null) return (TelnyxProblem)DomainError.NotFound("Phone number block");
        return TypedResults.Ok(new OrderingData<PhoneNumberBlockRecord>(OrderingViews.Block(block)));
    }

    private static IQueryable<NumberOrder> BoughtBlocks(NumberBlocksDbContext db, Guid accountId)
    {
        var success = OrderStatus.Success.ToWire();
        return db.NumberOrders.AsNoTracking().Where(o => o.AccountId == accountId && o.Kind == NumberOrder.Block && o.Status == success);
    }
}

/// <summary>Checks of the bookkeeping fields every order carries.</summary>
public static class OrderingInput
{
    public static Result<OrderExtras> Extras(string? customerReference, string? connectionId, string? messagingProfileId, string? billingGroupId)
    {
        var errors = new List<DomainError>();
        foreach (var (value, field) in new[] { (customerReference, "customer_reference"), (connectionId, "connection_id"),
                     (messagingProfileId, "messaging_profile_id"), (billingGroupId, "billing_group_id") })
            if (value is { Length: > 255 })
                errors.Add(new DomainError(ErrorCodes.InvalidValue, $"{field} is longer than 255 characters.", "/" + field));
        return errors.Count > 0 ? Result<OrderExtras>.Fail(errors) : new OrderExtras(customerReference, connectionId, messagingProfileId, billingGroupId);
    }
}
